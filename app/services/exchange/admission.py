"""Import, before the plan: what a package may bring in, checked before anything is written.

A package written by this very station is refused. Each record must be what Essaim itself would write: its
content passes the rules of the editor (the kind's `validate` hook, bounds of sizes and counts included), its
travelling metadata those `essaim check` applies (canonical lowercase ids, times with their zone between 2000
and 2100, created before updated, a revision from 1 to 2⁶³ − 1), and its id is no other kind's, in the package
or on this station. One refused record refuses the whole package, and the message names the refused records
(at most `SHOWN_RECORDS`) and why.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.domain.codec import DecodeError
from app.domain.formats import format_count, shorten
from app.services.exchange.common import time_problem
from app.storage import exchange_repository as repo
from app.sync.package_format import PackageError
from app.sync.package_reader import PackageRecord, ReceivedPackage
from app.travelling import KINDS, InvalidRecord, TravellingKind

MAX_REVISION = 2**63 - 1
"""The largest revision SQLite stores."""
SHOWN_RECORDS = 10
SHOWN_REASONS = 3


def canonical_uuid(value: object) -> bool:
    """A UUID written as Essaim writes them: lower case, with its hyphens."""
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def check_sender(package: ReceivedPackage, workstation_id: str) -> None:
    """Refuse a package whose sender is not a workstation, or is this one."""
    sender = package.manifest["workstation"]["id"]
    if not canonical_uuid(sender):
        raise PackageError(f"L'identifiant du poste qui a écrit le paquet est invalide (« {shorten(str(sender))} ») : "
                           "le paquet est refusé.")
    if sender == workstation_id.lower():
        raise PackageError("Ce paquet a été écrit par ce poste-ci : il ne peut pas y être importé. Seuls les paquets "
                           "reçus d'un autre poste s'importent.")


def _time(what: str, text: str, problems: list[str]) -> datetime | None:
    """The time `text` when it is one a package may carry; else its problem is noted."""
    problem = time_problem(text)
    if problem:
        problems.append(f"{what} {problem}.")
        return None
    return datetime.fromisoformat(text)


def metadata_problems(record: PackageRecord) -> list[str]:
    """What in a record's travelling metadata Essaim would not have written (French sentences)."""
    problems = []
    if not canonical_uuid(record.id):
        problems.append(f"Identifiant « {shorten(str(record.id))} » invalide (attendu : un UUID en minuscules).")
    if not canonical_uuid(record.workstation_id):
        problems.append(f"Identifiant du poste d'origine « {shorten(str(record.workstation_id))} » invalide.")
    if not 1 <= record.revision <= MAX_REVISION:
        problems.append(f"Numéro de révision hors limites (« {shorten(str(record.revision))} »).")
    updated = _time("Date de modification", record.updated_at, problems)
    created = _time("Date de création", record.created_at, problems) if record.created_at else updated
    if record.deleted_at is not None:
        _time("Date de suppression", record.deleted_at, problems)
    if created is not None and updated is not None and created > updated:
        problems.append("Date de création postérieure à la date de dernière modification.")
    return problems


def _content(kind: TravellingKind, record: PackageRecord) -> tuple[dict[str, Any] | None, list[str]]:
    """The record's content normalised through the domain classes (None for a tombstone), and its problems."""
    if record.deleted_at is not None or record.data is None:
        return None, []
    try:
        return kind.encode(kind.decode(record.data, record.id)), []
    except InvalidRecord as error:
        return None, error.problems
    except DecodeError as error:
        return None, [str(error)]
    except (TypeError, ValueError):
        return None, ["Contenu illisible."]


def _shared_ids(session: Session, records: list[PackageRecord]) -> dict[tuple[str, str], list[str]]:
    """(kind, id) → why the id of a received record is another kind's, in the package or on this station."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    kinds_of: dict[str, list[str]] = defaultdict(list)
    for record in records:
        kinds_of[record.id].append(record.kind)
    for record_id, names in kinds_of.items():
        for name in names if len(names) > 1 else []:
            found[(name, record_id)].append("Le paquet contient un autre enregistrement de même identifiant.")
    for kind in KINDS:
        ids = [record.id for record in records if record.kind == kind.name]
        for other in KINDS:
            if other.name != kind.name and ids:
                for record_id in repo.versions(session, other, ids):
                    found[(kind.name, record_id)].append(
                        f"Son identifiant est déjà celui d'un enregistrement de type « {other.label} » sur ce poste.")
    return found


def _refused_line(kind: TravellingKind, record: PackageRecord, problems: list[str]) -> str:
    title = shorten(kind.title(record.data, record.id).strip() or record.id)
    reasons = " ".join(problems[:SHOWN_REASONS])
    if len(problems) > SHOWN_REASONS:
        reasons += f" Et {format_count(len(problems) - SHOWN_REASONS, 'autre problème', 'autres problèmes')}."
    return f"– {kind.label} « {title} » : {reasons}"


def refusal(refused: list[str]) -> str:
    """The French message of a package refused for its records: their lines, at most `SHOWN_RECORDS`."""
    count = format_count(len(refused), "enregistrement invalide", "enregistrements invalides")
    lines = [f"Le paquet est refusé : {count} ; rien n'a été importé.", *refused[:SHOWN_RECORDS]]
    if len(refused) > SHOWN_RECORDS:
        lines.append(f"… et {format_count(len(refused) - SHOWN_RECORDS, 'autre')}.")
    return "\n".join(lines)


def admit(session: Session, package: ReceivedPackage, workstation_id: str) -> dict[str, dict[str, Any] | None]:
    """Record id → its content normalised through the domain classes (None for a tombstone); PackageError
    (French) when the package or one of its records is refused. The store is only read."""
    check_sender(package, workstation_id)
    shared = _shared_ids(session, package.records)
    contents: dict[str, dict[str, Any] | None] = {}
    refused: list[str] = []
    for record in package.records:
        kind = KINDS[record.kind]
        data, content_problems = _content(kind, record)
        problems = metadata_problems(record) + content_problems + shared.get((record.kind, record.id), [])
        if problems:
            refused.append(_refused_line(kind, record, problems))
        contents[record.id] = data
    if refused:
        raise PackageError(refusal(refused))
    return contents
