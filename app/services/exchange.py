"""Use cases of workspace 5: export work as a package, preview an import, apply it without losing anything.

Each record carries its UUID everywhere. For each correspondent the store remembers the version of each
record it last agreed on (sent or received), as a hash of its content. On import, a record changed on
both sides since that version — deleted on one side and edited on the other included — is a conflict
the user resolves: « mine », « theirs » or « both » (their version kept as a copy). Versions replaced or
set aside are kept in the record history.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain.codec import DecodeError, from_dict, to_dict
from app.domain.economics import SCENARIO_FIELD_LABELS, Scenario
from app.domain.fiche import FIELD_LABELS, FicheData
from app.services.attachments import blob_path
from app.services.errors import NotFoundError
from app.storage import exchange_repository as repo
from app.storage import fiche_repository
from app.storage.backup import BackupKind, backup_dir
from app.storage.errors import StoreError
from app.storage.models import new_uuid, utcnow
from app.storage.session import KEEP_METADATA_KEY
from app.storage.store import Store
from app.sync.package_format import PackageError, Progress
from app.sync.package_reader import PackageRecord, ReceivedPackage
from app.sync.package_writer import OutgoingPackage, write_package

KINDS = ("fiche", "scenario")
RESOLUTIONS = ("mine", "theirs", "both")
FIELD_LABELS_OF = {"fiche": FIELD_LABELS, "scenario": SCENARIO_FIELD_LABELS}
STATUS_LABELS = {"new": "nouveau", "updated": "modifié", "unchanged": "inchangé", "deleted": "supprimé",
                 "conflict": "en conflit"}


class ConflictError(StoreError):
    """An import with unresolved conflicts: nothing was applied."""


class NothingToSend(StoreError):
    """The package would hold no record: nothing was written."""


class StalePlan(StoreError):
    """Records changed between the preview of an import and its application: nothing was applied."""


class InvalidName(StoreError):
    """A workstation or correspondent name that cannot be used."""


def record_hash(data: dict[str, Any] | None) -> str:
    """The identity of a record's content (a tombstone has one too)."""
    text = "tombstone" if data is None else json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as error:
        raise PackageError(f"Date illisible dans le paquet : « {text[:40]} ».") from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# -- export ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PackageRequest:
    scope: str
    """"selection", "all" or "since_last_exchange"."""
    fiche_ids: tuple[str, ...] = ()
    correspondent: str = ""
    personal_data: bool = True
    password: str = field(default="", repr=False)
    """When set, the package is encrypted (to be given to the recipient by another channel)."""


@dataclass
class ExportOutcome:
    path: Path
    counts: dict[str, int]
    first_exchange: bool = False
    """« Since the last exchange » with a correspondent never exchanged with: everything was sent."""


def _outgoing(store: Store, data_dir: Path, request: PackageRequest) -> tuple[OutgoingPackage, list[tuple[str, str, str, int]], bool]:
    """The package to write; per record, (kind, id, hash of the full local version, revision); whether
    this is a first exchange with the correspondent."""
    records: list[PackageRecord] = []
    sent: list[tuple[str, str, str, int]] = []
    attachments: dict[str, Path] = {}
    with store.read() as session:
        if request.scope == "selection":
            fiche_ids = list(dict.fromkeys(request.fiche_ids))
            live = repo.live_ids(session, "fiche", fiche_ids)
            missing = [fiche_id for fiche_id in fiche_ids if fiche_id not in live]
            if missing:
                raise NotFoundError("Fiche introuvable ou à la corbeille : " + ", ".join(missing))
            if not fiche_ids:
                raise NotFoundError("Aucune fiche choisie.")
        else:
            fiche_ids = repo.ids(session, "fiche")
        peer = repo.peer_by_name(session, request.correspondent) if request.correspondent else None
        base = repo.agreed(session, peer.id) if peer else {}
        correspondent_ref = peer.id if peer else new_uuid() if request.correspondent else None
        reply_to = peer.their_ref if peer else None
        first_exchange = request.scope == "since_last_exchange" and not base
        for kind, wanted in (("fiche", fiche_ids), ("scenario", repo.scenario_ids_of(session, fiche_ids))):
            loaded = repo.rows(session, kind, wanted)
            for record_id in wanted:
                stored = loaded.get(record_id)
                if stored is None:
                    continue
                data = repo.data_of(session, kind, stored)
                digest = record_hash(data)
                if data is None and (request.scope == "selection" or record_id not in base and request.scope != "all"):
                    continue
                if request.scope == "since_last_exchange" and base.get(record_id, ("",))[0] == digest:
                    continue
                if kind == "fiche" and data is not None:
                    if not request.personal_data:
                        data["contacts"] = []
                    for attachment in data["attachments"]:
                        attachments[attachment["sha256"]] = blob_path(data_dir, attachment["sha256"])
                records.append(PackageRecord(kind, record_id, stored.revision, _iso(stored.updated_at) or "",
                                             stored.workstation_id, _iso(stored.deleted_at), data,
                                             _iso(stored.created_at) or "", base.get(record_id, (None,))[0]))
                sent.append((kind, record_id, digest, stored.revision))
        if not records:
            raise NothingToSend(
                f"Rien n'a changé depuis le dernier échange avec « {request.correspondent} » : aucun paquet n'a été écrit."
                if request.scope == "since_last_exchange" else "Aucune fiche à envoyer : aucun paquet n'a été écrit.")
        lost = [sha for sha, path in attachments.items() if not path.is_file()]
        if lost:
            raise StoreError(f"{len(lost)} pièce(s) jointe(s) manquent dans le dossier de données "
                             "(lancez Aide › Vérifier l'intégrité) : le paquet n'a pas été écrit.")
    package = OutgoingPackage(store.workstation_id, store.workstation_label, request.scope, request.personal_data,
                              records, attachments, request.correspondent, correspondent_ref, reply_to)
    return package, sent, first_exchange


def export_package(store: Store, data_dir: Path, request: PackageRequest, path: Path,
                   progress: Progress | None = None) -> ExportOutcome:
    """Write the package; then, for a named correspondent, remember what was sent to it.

    A version sent becomes the agreed one only for records never exchanged with this correspondent: later
    sends may never be imported, so only what is received moves the agreement on.
    """
    package, sent, first_exchange = _outgoing(store, data_dir, request)
    write_package(package, path, progress, request.password or None)
    if request.correspondent:
        with store.transaction() as session:
            peer = repo.peer_by_name(session, request.correspondent) or repo.add_peer(
                session, request.correspondent, peer_id=package.correspondent_ref)
            known = repo.agreed(session, peer.id)
            repo.set_agreed(session, peer.id, [sent_record for sent_record in sent if sent_record[1] not in known])
            peer.last_sent_at = utcnow()
    counts = Counter(record.kind for record in package.records)
    return ExportOutcome(path, {"fiches": counts["fiche"], "scenarios": counts["scenario"],
                               "attachments": len(package.attachments)}, first_exchange)


# -- import: the plan --------------------------------------------------------------------------------

@dataclass
class PlannedRecord:
    kind: str
    id: str
    title: str
    status: str
    """new, updated, unchanged, deleted or conflict."""
    incoming: PackageRecord
    incoming_data: dict[str, Any] | None
    incoming_hash: str
    local_data: dict[str, Any] | None = None
    local_exists: bool = False
    changed_fields: list[str] = field(default_factory=list)
    local_revision: int | None = None
    """The stored revision the plan was made against: the import is refused if it has moved since."""

    @property
    def changed_labels(self) -> list[str]:
        """The changed fields as the user knows them (French, untranslated source strings)."""
        labels = FIELD_LABELS_OF[self.kind]
        return [labels.get(name, name) for name in self.changed_fields]


@dataclass
class ImportPlan:
    package: ReceivedPackage
    correspondent: str
    entries: list[PlannedRecord]

    def counts(self) -> dict[str, int]:
        found = Counter(entry.status for entry in self.entries)
        return {status: found[status] for status in STATUS_LABELS}

    @property
    def created_at(self) -> datetime | None:
        """When the sender wrote the package; None when its date cannot be read."""
        try:
            return _parse_time(str(self.package.manifest["created_at"]))
        except PackageError:
            return None

    @property
    def conflicts(self) -> list[PlannedRecord]:
        return [entry for entry in self.entries if entry.status == "conflict"]


def _title(kind: str, data: dict[str, Any] | None, fallback: str) -> str:
    if data is None:
        return fallback
    return str(data.get("title") if kind == "fiche" else data.get("name")) or fallback


def _changed_fields(local: dict[str, Any] | None, incoming: dict[str, Any] | None) -> list[str]:
    if local is None or incoming is None:
        return []
    return sorted(key for key in set(local) | set(incoming) if local.get(key) != incoming.get(key))


def _decode(record: PackageRecord) -> dict[str, Any] | None:
    """Incoming content normalised through the domain classes (unknown fields dropped, defaults filled)."""
    if record.deleted_at is not None or record.data is None:
        return None
    try:
        decoded = from_dict(FicheData if record.kind == "fiche" else Scenario, record.data)
    except (DecodeError, TypeError, ValueError) as error:
        raise PackageError(f"L'enregistrement {record.id} du paquet est invalide : {error}") from error
    decoded.id = record.id
    return to_dict(decoded)


def _find_peer(session, package: ReceivedPackage):  # type: ignore[no-untyped-def]
    """The correspondent a package comes from: by its workstation; else by the id we gave it, which it sends
    back (`reply_to`); else a correspondent not yet tied to a workstation, named like the sender or sharing
    records with the package (we exported to it first)."""
    sender = package.manifest["workstation"]
    peer = repo.peer_by_workstation(session, sender["id"])
    if peer is not None:
        return peer
    reply_to = package.manifest["scope"].get("reply_to")
    answered = repo.peer_by_id(session, reply_to) if reply_to else None
    if answered is not None and answered.workstation_id is None:
        return answered
    unlinked = [p for p in repo.peers(session) if p.workstation_id is None]
    named = [p for p in unlinked if p.name == sender["label"]]
    if named:
        return named[0]
    ids = {record.id for record in package.records}
    sharing = [p for p in unlinked if ids & set(repo.agreed(session, p.id))]
    return sharing[0] if len(sharing) == 1 else None


def plan_import(store: Store, package: ReceivedPackage) -> ImportPlan:
    """What the package would do, record by record; the store is only read."""
    manifest = package.manifest
    keeps_personal = bool(manifest["scope"].get("personal_data", True))
    entries: list[PlannedRecord] = []
    with store.read() as session:
        peer = _find_peer(session, package)
        base = repo.agreed(session, peer.id) if peer else {}
        incoming_fiches = {r.id for r in package.records if r.kind == "fiche" and r.deleted_at is None}
        loaded = {kind: repo.rows(session, kind, [r.id for r in package.records if r.kind == kind]) for kind in KINDS}
        for record in sorted(package.records, key=lambda r: KINDS.index(r.kind)):
            data = _decode(record)
            stored = loaded[record.kind].get(record.id)
            local = repo.data_of(session, record.kind, stored) if stored is not None else None
            if record.kind == "fiche" and data is not None and not keeps_personal and local is not None:
                data["contacts"] = local["contacts"]
            if record.kind == "scenario" and data is not None and data["fiche_id"] not in incoming_fiches:
                fiche = repo.row(session, "fiche", data["fiche_id"])
                if fiche is None or fiche.deleted_at is not None:
                    raise PackageError(f"Le scénario « {_title('scenario', data, record.id)} » renvoie à une fiche "
                                       "absente du paquet et de ce poste : le paquet est refusé.")
            incoming_hash = record_hash(data)
            local_hash = record_hash(local) if stored is not None else None
            agreed_hash = base.get(record.id, (None,))[0]
            if stored is None:
                status = "unchanged" if data is None else "new"
            elif incoming_hash == local_hash:
                status = "unchanged"
            elif agreed_hash is not None and incoming_hash == agreed_hash:
                status = "unchanged"  # only this side changed since; theirs is the older version
            elif local_hash in {agreed_hash, record.base_hash} - {None}:
                status = "deleted" if data is None else "updated"  # theirs derives from what we have
            else:
                status = "conflict"
            entries.append(PlannedRecord(record.kind, record.id, _title(record.kind, data or local, record.id), status,
                                         record, data, incoming_hash, local, stored is not None,
                                         _changed_fields(local, data), stored.revision if stored is not None else None))
    correspondent = peer.name if peer else str(manifest["workstation"]["label"]) or "Correspondant"
    return ImportPlan(package, correspondent, entries)


# -- import: applying it ---------------------------------------------------------------------------

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


def _metadata(incoming: PackageRecord) -> dict[str, object]:
    """The travelling columns a record arrives with."""
    updated_at = _parse_time(incoming.updated_at) or utcnow()
    return {"revision": incoming.revision, "updated_at": updated_at, "workstation_id": incoming.workstation_id,
            "created_at": _parse_time(incoming.created_at) or updated_at}


def _written_in_bulk(entry: PlannedRecord, choice: str | None) -> bool:
    """Received content that simply becomes the stored version (new, updated, or « theirs » in a conflict);
    deletions and the other choices of a conflict go record by record."""
    takes_theirs = entry.status in ("new", "updated") or (entry.status == "conflict" and choice == "theirs")
    return takes_theirs and entry.incoming_data is not None


def _write_theirs(session, entry: PlannedRecord, existing) -> FicheData | None:  # type: ignore[no-untyped-def]
    return repo.write(session, entry.kind, entry.incoming_data, **_metadata(entry.incoming),  # type: ignore[arg-type]
                      deleted_at=_parse_time(entry.incoming.deleted_at), record_id=entry.id, existing=existing)


def _write_copy(session, entry: PlannedRecord, correspondent: str,  # type: ignore[no-untyped-def]
                new_ids: dict[str, str]) -> tuple[str, FicheData | None]:
    data = dict(entry.incoming_data or {})
    copy_id = str(uuid.uuid4())
    new_ids[entry.id] = copy_id
    data["id"] = copy_id
    if entry.kind == "fiche":
        data["title"] = f"{data.get('title', '')} (version de {correspondent})"
    else:
        data["name"] = f"{data.get('name', '')} (version de {correspondent})"
        data["fiche_id"] = new_ids.get(str(data.get("fiche_id")), data.get("fiche_id"))
    to_index = repo.write(session, entry.kind, data, revision=1, created_at=utcnow(), updated_at=utcnow(),
                          workstation_id=session.info["workstation_id"], deleted_at=None, record_id=copy_id,
                          existing=None)
    return str(data.get("title") or data.get("name")), to_index


def _part(progress: Progress | None, start: float, share: float) -> Progress:
    """A progress callback for one part of the work, `share` of the whole starting at `start`."""
    return (lambda done: progress(start + share * done)) if progress else (lambda _done: None)


def _check_still_as_planned(session, plan: ImportPlan) -> None:  # type: ignore[no-untyped-def]
    """Refuse to apply a plan made against versions that have changed since (an edit saved meanwhile)."""
    moved = []
    for kind in KINDS:
        entries = [entry for entry in plan.entries if entry.kind == kind]
        now = repo.versions(session, kind, [entry.id for entry in entries])
        moved += [entry.title for entry in entries if now.get(entry.id, (None,))[0] != entry.local_revision]
    if moved:
        raise StalePlan(f"{len(moved)} enregistrement(s) ont changé depuis l'aperçu de l'import (« "
                        + " », « ".join(moved[:5]) + " ») : rien n'a été importé. Relancez l'import.")


def _moves_agreement(store: Store, plan: ImportPlan) -> bool:
    """Whether importing would teach the store something about its correspondent: who it is, or which
    versions the two now share (two stations that made the same changes, or loaded the same examples)."""
    with store.read() as session:
        peer = _find_peer(session, plan.package)
        manifest = plan.package.manifest
        if peer is None or peer.workstation_id != manifest["workstation"]["id"] or \
                manifest["scope"].get("correspondent_ref", peer.their_ref) != peer.their_ref:
            return True
        agreed = repo.agreed(session, peer.id)
    return any(agreed.get(entry.id, (None,))[0] != entry.incoming_hash for entry in plan.entries)


def apply_import(store: Store, data_dir: Path, plan: ImportPlan, resolutions: dict[str, str] | None = None,
                 on_conflict: str | None = None, progress: Progress | None = None) -> ImportOutcome:
    """Apply the whole plan in one transaction, after a backup; unresolved conflicts → ConflictError.

    `progress` may raise PackageCancelled: the transaction is rolled back and nothing has changed.
    """
    resolutions = dict(resolutions or {})
    for entry in plan.conflicts:
        choice = resolutions.get(entry.id) or on_conflict
        if choice not in RESOLUTIONS:
            raise ConflictError(f"{len(plan.conflicts)} enregistrement(s) en conflit, sans choix : « "
                                + "», « ".join(e.title for e in plan.conflicts[:10])
                                + " ». Rien n'a été importé.")
        resolutions[entry.id] = choice
    if all(entry.status == "unchanged" for entry in plan.entries) and not _moves_agreement(store, plan):
        return ImportOutcome(plan.counts(), None)
    backup = store.backup(BackupKind.IMPORT)
    _copy_attachments(data_dir, plan.package, _part(progress, 0.0, 0.3))
    records_progress = _part(progress, 0.3, 0.65)
    copies: list[str] = []
    with store.transaction() as session:
        _check_still_as_planned(session, plan)
        session.info[KEEP_METADATA_KEY] = True  # this session only: imported records keep their metadata
        manifest = plan.package.manifest
        peer = _find_peer(session, plan.package)
        if peer is None:
            name = plan.correspondent
            while repo.peer_by_name(session, name) is not None:
                name += " (2)"
            peer = repo.add_peer(session, name, manifest["workstation"]["id"])
        peer.workstation_id = manifest["workstation"]["id"]
        peer.their_ref = manifest["scope"].get("correspondent_ref") or peer.their_ref
        new_ids: dict[str, str] = {}
        to_index: list[FicheData] = []
        handled = 0
        for kind in KINDS:
            entries = [entry for entry in plan.entries if entry.kind == kind]
            bulk = [entry for entry in entries if _written_in_bulk(entry, resolutions.get(entry.id))]
            stored = repo.versions(session, kind, [entry.id for entry in bulk if entry.local_exists])
            for entry in bulk:
                if entry.id in stored and entry.local_data is not None:
                    revision, workstation = stored[entry.id]
                    repo.keep_in_history(session, kind, entry.id, revision, workstation, entry.local_data,
                                         "remplacée par une version reçue de " + peer.name)
            for replacing in (False, True):
                part = [entry for entry in bulk if (entry.id in stored) == replacing]
                to_index += repo.write_many(session, kind, [(entry.incoming_data or {}, _metadata(entry.incoming))
                                                            for entry in part], stored=replacing)
                handled += len(part)
                records_progress(handled / len(plan.entries))
            others = [entry for entry in entries if not _written_in_bulk(entry, resolutions.get(entry.id))]
            loaded = repo.rows(session, kind, [entry.id for entry in others if entry.local_exists])
            for n, entry in enumerate(others):
                choice = resolutions.get(entry.id)
                written = None
                if entry.status == "deleted" or choice == "theirs":
                    stored_row = loaded.get(entry.id)
                    if stored_row is not None and entry.local_data is not None:
                        repo.keep_in_history(session, kind, entry.id, stored_row.revision, stored_row.workstation_id,
                                             entry.local_data, "remplacée par une version reçue de " + peer.name)
                    written = _write_theirs(session, entry, stored_row)
                elif choice == "mine":
                    repo.keep_in_history(session, kind, entry.id, entry.incoming.revision,
                                         entry.incoming.workstation_id, entry.incoming_data,
                                         "version reçue de " + peer.name + " écartée (conflit)")
                elif choice == "both" and entry.incoming_data is not None:
                    title, written = _write_copy(session, entry, peer.name, new_ids)
                    copies.append(title)
                if written is not None:
                    to_index.append(written)
                if n % 200 == 199:
                    session.flush()
                    records_progress((handled + n) / len(plan.entries))
            handled += len(others)
            session.flush()
        fiche_repository.reindex_many(session, to_index)
        records_progress(1.0)  # a last chance to cancel, before anything is committed
        repo.set_agreed(session, peer.id, [(e.kind, e.id, e.incoming_hash, e.incoming.revision) for e in plan.entries])
        peer.last_received_at = utcnow()
        repo.set_last_import(session, {"backup": backup.name, "correspondent": peer.name, "at": _iso(utcnow()) or "",
                                       "fingerprint": repo.fingerprint(session)})
    return ImportOutcome(plan.counts(), backup, copies)


# -- undoing the last import -------------------------------------------------------------------------

@dataclass(frozen=True)
class LastImport:
    backup: Path
    """Taken just before the import: restoring it undoes the import."""
    correspondent: str
    imported_at: datetime | None
    undoable: bool
    """Nothing has changed since the import (and its backup is still there)."""


def last_import(store: Store, data_dir: Path) -> LastImport | None:
    """The last import, if any; restoring its backup is the import's undo while nothing else has changed."""
    with store.read() as session:
        facts = repo.last_import(session)
        if facts is None:
            return None
        unchanged = repo.fingerprint(session) == facts["fingerprint"]
    backup = backup_dir(data_dir) / Path(facts["backup"]).name
    return LastImport(backup, facts["correspondent"], _parse_time(facts["at"]), unchanged and backup.is_file())


# -- correspondents and the outbox ------------------------------------------------------------------

@dataclass(frozen=True)
class Correspondent:
    name: str
    last_sent_at: datetime | None
    last_received_at: datetime | None


def correspondents(store: Store) -> list[Correspondent]:
    with store.read() as session:
        return [Correspondent(p.name, p.last_sent_at, p.last_received_at) for p in repo.peers(session)]


NAME_LIMIT = 100


def _clean_name(text: str, what: str) -> str:
    """One line of printable text, spaces collapsed; refused in French when empty or too long."""
    name = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if not name:
        raise InvalidName(f"{what} ne peut pas être vide.")
    if len(name) > NAME_LIMIT:
        raise InvalidName(f"{what} ne doit pas dépasser {NAME_LIMIT} caractères.")
    return name


def rename_workstation(store: Store, label: str) -> str:
    """Name this station as its correspondents will see it on its packages (« CCAS de Grenoble — accueil »)."""
    name = _clean_name(label, "Le nom de ce poste")
    store.rename_workstation(name)
    return name


def rename_correspondent(store: Store, name: str, new_name: str) -> str:
    """Give a correspondent another name; what was exchanged with it is kept."""
    cleaned = _clean_name(new_name, "Le nom du correspondant")
    with store.transaction() as session:
        if cleaned != name and repo.peer_by_name(session, cleaned) is not None:
            raise InvalidName(f"Un correspondant s'appelle déjà « {cleaned} ».")
        if not repo.rename_peer(session, name, cleaned):
            raise NotFoundError(f"Aucun correspondant ne s'appelle « {name} ».")
    return cleaned


def outbox_dir(data_dir: Path) -> Path:
    """Where « Envoyer par e-mail » leaves packages, for the user to attach them."""
    return data_dir / "envois"
