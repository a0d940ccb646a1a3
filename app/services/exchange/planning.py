"""Import, first half: open a package and say what it would do, record by record; the store is only read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy.orm import Session

from app.domain.formats import shorten
from app.progress import Progress
from app.services.exchange.admission import admit
from app.services.exchange.common import STATUS_LABELS, given_hash, parse_time, record_hash
from app.storage import exchange_repository as repo
from app.storage.models import ExchangePeer
from app.storage.store import Store
from app.sync.package_format import CATALOGUE, PackageError
from app.sync.package_reader import PackageRecord, ReceivedPackage, read_package
from app.travelling import KINDS, TravellingKind


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
    def kind_label(self) -> str:
        return KINDS[self.kind].label

    @property
    def changed_labels(self) -> list[str]:
        """The changed fields as the user knows them (French, untranslated source strings)."""
        labels = KINDS[self.kind].field_labels
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
            return parse_time(str(self.package.manifest["created_at"]))
        except PackageError:
            return None

    @property
    def is_catalogue(self) -> bool:
        """The sender wrote a catalogue package (schemes of its funding catalogue), not its work."""
        return self.package.manifest.get("content") == CATALOGUE

    @property
    def conflicts(self) -> list[PlannedRecord]:
        return [entry for entry in self.entries if entry.status == "conflict"]

    def close(self) -> None:
        """Remove the package's staged files (after the import, or when it is given up)."""
        self.package.cleanup()

    def __enter__(self) -> ImportPlan:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def open_package(store: Store, path: Path, password: str | None = None,
                 progress: Progress | None = None) -> ImportPlan:
    """Read and check the whole package, then plan its import; the caller closes the plan. Nothing is
    left staged when this fails (PasswordRequired / WrongPassword / PackageError)."""
    package = read_package(path, progress=progress and (lambda done: progress(0.8 * done)), password=password)
    try:
        plan = plan_import(store, package)
    except BaseException:
        package.cleanup()
        raise
    if progress:
        progress(1.0)
    return plan


def _changed_fields(local: dict[str, Any] | None, incoming: dict[str, Any] | None) -> list[str]:
    if local is None or incoming is None:
        return []
    return sorted(key for key in set(local) | set(incoming) if local.get(key) != incoming.get(key))


def find_peer(session: Session, package: ReceivedPackage) -> ExchangePeer | None:
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


def _check_parent(session: Session, kind: TravellingKind, data: dict[str, Any], record_id: str,
                  incoming_live: dict[str, set[str]]) -> None:
    """A record that belongs to another must find it in the package or on this station."""
    if kind.parent is None:
        return
    parent_id = str(data.get(str(kind.parent_field)) or "")
    if parent_id in incoming_live[kind.parent]:
        return
    parent = repo.row(session, KINDS[kind.parent], parent_id)
    if parent is None or parent.deleted_at is not None:
        raise PackageError(f"Le {kind.label} « {shorten(kind.title(data, record_id))} » renvoie à une "
                           f"{KINDS[kind.parent].label} absente du paquet et de ce poste : le paquet est refusé.")


@dataclass(frozen=True)
class _Versions:
    """The hashes of one record's versions that decide what its import does."""

    incoming: str
    local: str | None
    """None: nothing stored here."""
    agreed: str | None
    """The version last agreed with the correspondent, here."""
    base: str | None
    """The version the sender last agreed with us, as it says."""
    theirs_given: str | None = None
    """The version the sender's origin gave it (its shipped catalogue), as it says."""
    mine_given: str | None = None
    """The version this station's origin gave it."""


def _status(versions: _Versions, deletion: bool) -> str:
    if versions.local is None:
        return "unchanged" if deletion else "new"
    if versions.incoming == versions.local:
        return "unchanged"
    if versions.agreed is not None and versions.incoming == versions.agreed:
        return "unchanged"  # only this side changed since; theirs is the older version
    if versions.local in {versions.agreed, versions.base} - {None}:
        return "deleted" if deletion else "updated"  # theirs derives from what we have
    if versions.agreed is None and versions.base is None and not deletion:
        # never agreed on: what each side's origin gave it (the catalogue shipped with Essaim) stands for the version
        # the two stations share
        if versions.incoming == versions.theirs_given:
            return "unchanged"  # they have not edited it: ours stays
        if versions.local == versions.mine_given:
            return "updated"  # we have not: theirs replaces it
    return "conflict"


def plan_import(store: Store, package: ReceivedPackage) -> ImportPlan:
    """What the package would do, record by record, once `admission` has let every record in; the store is only
    read."""
    manifest = package.manifest
    keeps_personal = bool(manifest["scope"].get("personal_data", True))
    entries: list[PlannedRecord] = []
    with store.read() as session:
        contents = admit(session, package, store.workstation_id)
        peer = find_peer(session, package)
        base = repo.agreed(session, peer.id) if peer else {}
        incoming_live = {kind.name: {r.id for r in package.records if r.kind == kind.name and r.deleted_at is None}
                         for kind in KINDS}
        for kind in KINDS:
            received = [record for record in package.records if record.kind == kind.name]
            loaded = repo.rows(session, kind, [record.id for record in received])
            for record in received:
                data = contents[record.id]
                stored = loaded.get(record.id)
                local = repo.data_of(kind, stored) if stored is not None else None
                if data is not None and not keeps_personal and local is not None:
                    data = kind.with_local_personal_data(data, local)
                if data is not None:
                    _check_parent(session, kind, data, record.id, incoming_live)
                incoming_hash = record_hash(kind.hashed(data))
                local_hash = record_hash(kind.hashed(local)) if stored is not None else None
                versions = _Versions(incoming_hash, local_hash, base.get(record.id, (None,))[0], record.base_hash,
                                     record.origin_hash, given_hash(kind, stored) if stored is not None else None)
                status = _status(versions, data is None)
                entries.append(PlannedRecord(kind.name, record.id, kind.title(data or local, record.id), status,
                                             record, data, incoming_hash, local, stored is not None,
                                             _changed_fields(local, data),
                                             stored.revision if stored is not None else None))
    correspondent = peer.name if peer else str(manifest["workstation"]["label"]) or "Correspondant"
    return ImportPlan(package, correspondent, entries)
