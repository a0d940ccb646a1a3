"""Export: the records chosen (with what belongs to them) written as a package, and what was sent remembered."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from app.domain.formats import format_count
from app.progress import Progress
from app.services.attachments import blob_path
from app.services.errors import NotFoundError
from app.services.exchange.common import NothingToSend, given_hash, iso, record_hash
from app.storage import exchange_repository as repo
from app.storage.errors import StoreError
from app.storage.models import new_uuid, utcnow
from app.storage.store import Store
from app.sync.package_format import CATALOGUE
from app.sync.package_reader import PackageRecord
from app.sync.package_writer import OutgoingPackage, write_package
from app.travelling import KINDS

log = logging.getLogger(__name__)

Sent = tuple[str, str, str, int]
"""(kind, record id, hash of the full local version, revision) of a record sent."""


@dataclass(frozen=True)
class PackageRequest:
    scope: str
    """"selection", "all" or "since_last_exchange"."""
    fiche_ids: tuple[str, ...] = ()
    """With "selection": the records chosen (fiches, or records of any kind that belongs to nothing)."""
    correspondent: str = ""
    personal_data: bool = True
    password: str = field(default="", repr=False)
    """When set, the package is encrypted (to be given to the recipient by another channel)."""
    content: str = ""
    """What the package is, for its reader: "" (work) or `CATALOGUE` (schemes of a funding catalogue)."""


@dataclass
class ExportOutcome:
    path: Path
    counts: dict[str, int]
    """Per kind's count key (« fiches », « scenarios »…), and « attachments »."""
    first_exchange: bool = False
    """« Since the last exchange » with a correspondent never exchanged with: everything was sent."""
    content: str = ""

    def summary(self) -> str:
        """« 2 fiches, 1 scénario et 3 pièces jointes » (a kind sent only when chosen is named when sent);
        « un catalogue de 12 dispositifs » for a catalogue package."""
        catalogue = self.content == CATALOGUE
        parts = [format_count(self.counts.get(kind.count_key, 0), kind.label, kind.plural_label) for kind in KINDS
                 if self.counts.get(kind.count_key) or not (kind.chosen_only or kind.quiet_when_empty or catalogue)]
        if self.counts.get("attachments") or not catalogue:
            parts.append(format_count(self.counts.get("attachments", 0), "pièce jointe", "pièces jointes"))
        listed = ", ".join(parts[:-1]) + " et " + parts[-1] if len(parts) > 1 else "".join(parts)
        return "un catalogue de " + listed if catalogue else listed


def _chosen_roots(session: Session, request: PackageRequest) -> dict[str, list[str]]:
    """Per kind that belongs to nothing, the ids to consider sending."""
    if request.scope != "selection":
        return {kind.name: [] if kind.chosen_only else repo.ids(session, kind) for kind in KINDS.roots()}
    chosen = list(dict.fromkeys(request.fiche_ids))
    if not chosen:
        raise NotFoundError("Aucune fiche choisie.")
    found = {kind.name: repo.live_ids(session, kind, chosen) for kind in KINDS.roots()}
    missing = [record_id for record_id in chosen if not any(record_id in ids for ids in found.values())]
    if missing:
        raise NotFoundError("Fiche introuvable ou à la corbeille : " + ", ".join(missing))
    return {name: [record_id for record_id in chosen if record_id in ids] for name, ids in found.items()}


def _outgoing(store: Store, data_dir: Path, request: PackageRequest) -> tuple[OutgoingPackage, list[Sent], bool]:
    """The package to write; the records sent; whether this is a first exchange with the correspondent."""
    records: list[PackageRecord] = []
    sent: list[Sent] = []
    attachments: dict[str, Path] = {}
    with store.read() as session:
        wanted = _chosen_roots(session, request)
        peer = repo.peer_by_name(session, request.correspondent) if request.correspondent else None
        base = repo.agreed(session, peer.id) if peer else {}
        correspondent_ref = peer.id if peer else new_uuid() if request.correspondent else None
        reply_to = peer.their_ref if peer else None
        first_exchange = request.scope == "since_last_exchange" and not base
        for kind in KINDS:
            if kind.parent is not None:
                wanted[kind.name] = repo.children_ids(session, kind, wanted[kind.parent])
            loaded = repo.rows(session, kind, wanted[kind.name])
            for record_id in wanted[kind.name]:
                stored = loaded.get(record_id)
                if stored is None:
                    continue
                data = repo.data_of(kind, stored)
                digest = record_hash(kind.hashed(data))
                never_agreed = record_id not in base and request.scope != "all"
                if data is None and (request.scope == "selection" or never_agreed):
                    continue
                if request.scope == "since_last_exchange" and base.get(record_id, ("",))[0] == digest:
                    continue
                if data is not None:
                    if not request.personal_data:
                        data = kind.without_personal_data(data)
                    for sha in kind.attachments(data):
                        attachments[str(sha)] = blob_path(data_dir, str(sha))
                records.append(PackageRecord(kind.name, record_id, stored.revision, iso(stored.updated_at) or "",
                                             stored.workstation_id, iso(stored.deleted_at), data,
                                             iso(stored.created_at) or "", base.get(record_id, (None,))[0],
                                             given_hash(kind, stored) if data is not None else None))
                sent.append((kind.name, record_id, digest, stored.revision))
        if not records:
            raise NothingToSend(
                f"Rien n'a changé depuis le dernier échange avec « {request.correspondent} » : "
                "aucun paquet n'a été écrit."
                if request.scope == "since_last_exchange" else "Aucune fiche à envoyer : aucun paquet n'a été écrit.")
        lost = [sha for sha, path in attachments.items() if not path.is_file()]
        if lost:
            missing = format_count(len(lost), "pièce jointe manque", "pièces jointes manquent")
            raise StoreError(f"{missing} dans le dossier de données (lancez Aide › Vérifier l'intégrité) : "
                             "le paquet n'a pas été écrit.")
    package = OutgoingPackage(store.workstation_id, store.workstation_label, request.scope, request.personal_data,
                              records, attachments, request.correspondent, correspondent_ref, reply_to,
                              request.content)
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
    outcome = ExportOutcome(path, {**{kind.count_key: counts[kind.name] for kind in KINDS},
                                   "attachments": len(package.attachments)}, first_exchange, request.content)
    log.info("package written to %s (%s; scope %s, correspondent %r, personal data %s, password %s)", path,
             outcome.summary(), request.scope, request.correspondent, request.personal_data, bool(request.password))
    return outcome
