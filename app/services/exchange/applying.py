"""Import, second half: apply a plan in one transaction after a backup, as a sequence of named steps.

1. `_resolve` — every conflict has a choice, or nothing happens;
2. a backup of the store is taken first (the import's undo);
3. `_copy_attachments` — received files stored under their hash;
4. `_write_in_one_transaction`: `_check_still_as_planned`, `_bind_correspondent`, then per kind
   `_write_received` (bulk) and `_write_decided` (deletions and conflicts, record by record),
   `_refresh_derived`, and `_remember` (agreed versions, the last import and the store's fingerprint for its
   undo);
5. should anything fail or be cancelled after the backup, `_take_back` removes the backup and the received
   files nothing refers to.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.domain.formats import format_count
from app.progress import Progress, part
from app.services.attachments import blob_path, remove_unreferenced_attachments
from app.services.exchange.common import RESOLUTIONS, ConflictError, StalePlan, iso, parse_time
from app.services.exchange.planning import ImportPlan, PlannedRecord, find_peer
from app.storage import exchange_repository as repo
from app.storage.backup import BackupKind, forget_backup
from app.storage.changes import Change, note_change
from app.storage.exchange_repository import TravellingColumns
from app.storage.models import ExchangePeer, utcnow
from app.storage.session import KEEP_METADATA_KEY, WORKSTATION_KEY
from app.storage.store import Store
from app.sync.package_reader import PackageRecord, ReceivedPackage
from app.travelling import KINDS, TravellingKind

log = logging.getLogger(__name__)


@dataclass
class ImportOutcome:
    counts: dict[str, int]
    backup: Path | None
    """None when the import wrote nothing at all."""
    copies: list[str] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        """No record changed (the import may still have recorded what the two stations now share)."""
        return all(count == 0 for status, count in self.counts.items() if status != "unchanged")


@dataclass
class _Run:
    """What the steps of one import share."""

    plan: ImportPlan
    resolutions: dict[str, str]
    progress: Progress
    peer: ExchangePeer | None = None
    handled: int = 0
    new_ids: dict[str, str] = field(default_factory=dict)
    """Id of a record kept twice (« garder les deux ») → id of its copy, for the copies of its children."""
    written: dict[str, list[Any]] = field(default_factory=dict)
    copies: list[str] = field(default_factory=list)

    def advance(self, count: int) -> None:
        self.handled += count
        self.progress(self.handled / max(len(self.plan.entries), 1))

    def takes_theirs_in_bulk(self, entry: PlannedRecord) -> bool:
        """Received content that simply becomes the stored version (new, updated, or « theirs » in a
        conflict); deletions and the other choices of a conflict go record by record."""
        choice = self.resolutions.get(entry.id)
        takes_theirs = entry.status in ("new", "updated") or (entry.status == "conflict" and choice == "theirs")
        return takes_theirs and entry.incoming_data is not None


def _resolve(plan: ImportPlan, resolutions: dict[str, str] | None, on_conflict: str | None) -> dict[str, str]:
    chosen = dict(resolutions or {})
    for entry in plan.conflicts:
        choice = chosen.get(entry.id) or on_conflict
        if choice not in RESOLUTIONS:
            raise ConflictError(f"{format_count(len(plan.conflicts), 'enregistrement')} en conflit, sans choix : « "
                                + " », « ".join(e.title for e in plan.conflicts[:10])
                                + " ». Rien n'a été importé.")
        chosen[entry.id] = str(choice)
    return chosen


def _moves_agreement(store: Store, plan: ImportPlan) -> bool:
    """Whether importing would teach the store something about its correspondent: who it is, or which
    versions the two now share (two stations that made the same changes, or loaded the same examples)."""
    with store.read() as session:
        peer = find_peer(session, plan.package)
        manifest = plan.package.manifest
        if peer is None or peer.workstation_id != manifest["workstation"]["id"] or \
                manifest["scope"].get("correspondent_ref", peer.their_ref) != peer.their_ref:
            return True
        agreed = repo.agreed(session, peer.id)
    return any(agreed.get(entry.id, (None,))[0] != entry.incoming_hash for entry in plan.entries)


def _copy_attachments(data_dir: Path, package: ReceivedPackage, progress: Progress) -> None:
    """Store the received files under their hash (a cancelled import leaves them unreferenced, which is harmless)."""
    for n, (sha, staged) in enumerate(package.attachments.items()):
        target = blob_path(data_dir, sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partiel")
            shutil.copyfile(staged, partial)
            partial.replace(target)
        progress(n / len(package.attachments))


def _check_still_as_planned(session: Session, plan: ImportPlan) -> None:
    """Refuse to apply a plan made against versions that have changed since (an edit saved meanwhile)."""
    moved = []
    for kind in KINDS:
        entries = [entry for entry in plan.entries if entry.kind == kind.name]
        now = repo.versions(session, kind, [entry.id for entry in entries])
        moved += [entry.title for entry in entries if now.get(entry.id, (None,))[0] != entry.local_revision]
    if moved:
        changed = "a changé" if len(moved) < 2 else "ont changé"
        raise StalePlan(f"{format_count(len(moved), 'enregistrement')} {changed} depuis l'aperçu de l'import (« "
                        + " », « ".join(moved[:5]) + " ») : rien n'a été importé. Relancez l'import.")


def _bind_correspondent(session: Session, run: _Run) -> ExchangePeer:
    """The correspondent the package comes from, created if unknown, tied to the sender's workstation."""
    manifest = run.plan.package.manifest
    peer = find_peer(session, run.plan.package)
    if peer is None:
        name = run.plan.correspondent
        while repo.peer_by_name(session, name) is not None:
            name += " (2)"
        peer = repo.add_peer(session, name, manifest["workstation"]["id"])
    peer.workstation_id = manifest["workstation"]["id"]
    peer.their_ref = manifest["scope"].get("correspondent_ref") or peer.their_ref
    run.peer = peer
    return peer


def _metadata(incoming: PackageRecord) -> TravellingColumns:
    """The travelling columns a record arrives with."""
    updated_at = parse_time(incoming.updated_at) or utcnow()
    return {"revision": incoming.revision, "updated_at": updated_at, "workstation_id": incoming.workstation_id,
            "created_at": parse_time(incoming.created_at) or updated_at}


def _replaced_reason(peer: ExchangePeer) -> str:
    return "remplacée par une version reçue de " + peer.name


def _write_received(session: Session, run: _Run, kind: TravellingKind, entries: list[PlannedRecord],
                    peer: ExchangePeer) -> None:
    """Received versions that become the stored ones, written in bulk; the versions they replace are kept."""
    bulk = [entry for entry in entries if run.takes_theirs_in_bulk(entry)]
    stored = repo.versions(session, kind, [entry.id for entry in bulk if entry.local_exists])
    for entry in bulk:
        if entry.id in stored and entry.local_data is not None:
            revision, workstation = stored[entry.id]
            repo.keep_in_history(session, kind.name, entry.id, revision, workstation, entry.local_data,
                                 _replaced_reason(peer))
    for replacing in (False, True):
        part = [entry for entry in bulk if (entry.id in stored) == replacing]
        run.written[kind.name] += repo.write_many(
            session, kind, [(entry.incoming_data or {}, _metadata(entry.incoming)) for entry in part], stored=replacing)
        run.advance(len(part))


def _write_copy(session: Session, run: _Run, kind: TravellingKind, entry: PlannedRecord, correspondent: str) -> Any:
    """« Garder les deux »: their version becomes a new record of this station, named after the correspondent."""
    data = dict(entry.incoming_data or {})
    if kind.as_copy is not None:
        data = kind.as_copy(data)
    copy_id = str(uuid.uuid4())
    run.new_ids[entry.id] = copy_id
    data["id"] = copy_id
    data[kind.title_field] = f"{data.get(kind.title_field, '')} (version de {correspondent})"
    if kind.parent_field is not None:
        data[kind.parent_field] = run.new_ids.get(str(data.get(kind.parent_field)), data.get(kind.parent_field))
    now = utcnow()
    columns: TravellingColumns = {"revision": 1, "created_at": now, "updated_at": now,
                                  "workstation_id": session.info[WORKSTATION_KEY]}
    written = repo.write(session, kind, data, columns, deleted_at=None, record_id=copy_id, existing=None)
    run.copies.append(str(data[kind.title_field]))
    return written


def _write_decided(session: Session, run: _Run, kind: TravellingKind, entries: list[PlannedRecord],
                   peer: ExchangePeer) -> None:
    """Deletions and conflicts decided otherwise than « theirs », record by record."""
    others = [entry for entry in entries if not run.takes_theirs_in_bulk(entry)]
    loaded = repo.rows(session, kind, [entry.id for entry in others if entry.local_exists])
    for n, entry in enumerate(others):
        choice = run.resolutions.get(entry.id)
        written = None
        if entry.status == "deleted" or choice == "theirs":
            stored_row = loaded.get(entry.id)
            if stored_row is not None and entry.local_data is not None:
                repo.keep_in_history(session, kind.name, entry.id, stored_row.revision, stored_row.workstation_id,
                                     entry.local_data, _replaced_reason(peer))
            written = repo.write(session, kind, entry.incoming_data, _metadata(entry.incoming),
                                 deleted_at=parse_time(entry.incoming.deleted_at), record_id=entry.id,
                                 existing=stored_row)
        elif choice == "mine":
            repo.keep_in_history(session, kind.name, entry.id, entry.incoming.revision, entry.incoming.workstation_id,
                                 entry.incoming_data, "version reçue de " + peer.name + " écartée (conflit)")
        elif choice == "both" and entry.incoming_data is not None:
            written = _write_copy(session, run, kind, entry, peer.name)
        if written is not None:
            run.written[kind.name].append(written)
        if n % 200 == 199:
            session.flush()
            run.advance(0)
    run.advance(len(others))
    session.flush()


def _refresh_derived(session: Session, run: _Run) -> None:
    """Derived data (the search index) for every record written."""
    for kind in KINDS:
        kind.storage.after_write(session, run.written[kind.name])


def _remember(session: Session, run: _Run, peer: ExchangePeer, backup: Path) -> None:
    """The versions both stations now share, and this import with the store's fingerprint, for its undo."""
    entries = run.plan.entries
    repo.set_agreed(session, peer.id, [(e.kind, e.id, e.incoming_hash, e.incoming.revision) for e in entries])
    peer.last_received_at = utcnow()
    repo.set_last_import(session, {"backup": backup.name, "correspondent": peer.name, "at": iso(utcnow()) or "",
                                   "fingerprint": repo.fingerprint(session)})


def _write_in_one_transaction(store: Store, run: _Run, backup: Path) -> ExchangePeer:
    """Steps 4 to 7, committed whole or not at all; returns the correspondent the package came from."""
    plan = run.plan
    with store.transaction() as session:
        _check_still_as_planned(session, plan)
        session.info[KEEP_METADATA_KEY] = True  # this session only: imported records keep their metadata
        note_change(session, Change.RECEIVED)
        peer = _bind_correspondent(session, run)
        for kind in KINDS:
            entries = [entry for entry in plan.entries if entry.kind == kind.name]
            _write_received(session, run, kind, entries, peer)
            _write_decided(session, run, kind, entries, peer)
        _refresh_derived(session, run)
        run.progress(1.0)  # a last chance to cancel, before anything is committed
        _remember(session, run, peer, backup)
    return peer


def _take_back(store: Store, data_dir: Path, plan: ImportPlan, backup: Path) -> None:
    """An import refused or cancelled after its backup leaves nothing: the backup taken for nothing, and the
    received files nothing refers to, are removed (a failure to remove them is logged, never raised)."""
    try:
        forget_backup(backup)
        remove_unreferenced_attachments(data_dir, store, only=plan.package.attachments)
    except Exception:
        log.exception("could not remove what a refused import wrote (backup %s)", backup)


def apply_import(store: Store, data_dir: Path, plan: ImportPlan, resolutions: dict[str, str] | None = None,
                 on_conflict: str | None = None, progress: Progress | None = None) -> ImportOutcome:
    """Apply the whole plan in one transaction, after a backup; unresolved conflicts → ConflictError.

    `progress` may raise PackageCancelled: the transaction is rolled back and nothing has changed.
    """
    chosen = _resolve(plan, resolutions, on_conflict)
    if all(entry.status == "unchanged" for entry in plan.entries) and not _moves_agreement(store, plan):
        return ImportOutcome(plan.counts(), None)
    backup = store.backup(BackupKind.IMPORT)
    run = _Run(plan, chosen, part(progress, 0.3, 0.65), written={kind.name: [] for kind in KINDS})
    try:
        _copy_attachments(data_dir, plan.package, part(progress, 0.0, 0.3))
        peer = _write_in_one_transaction(store, run, backup)
    except BaseException:
        _take_back(store, data_dir, plan, backup)
        raise
    log.info("package from %r imported (%s; backup %s, %d copies)", peer.name, plan.counts(), backup.name,
             len(run.copies))
    return ImportOutcome(plan.counts(), backup, run.copies)
