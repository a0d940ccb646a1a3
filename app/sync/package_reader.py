"""Check a received .essaim package completely before anything touches the store.

Member names, kinds, compression methods, sizes and ratios are checked from the ZIP directory, and the
members' bytes must not overlap (a « better zip bomb »). The manifest and the records are then streamed
into a staging folder while their bytes are counted (header sizes are never trusted), their SHA-256
compared with the manifest, parsed within bounds (`package_json`) and checked against the JSON Schema
(stopping at the first error), dates, duplicate identities and references; only then are the attachments
the records name copied, and a package carrying any other attachment is refused. Any failure raises
PackageError in French, saying that nothing was imported, and leaves nothing in the staging folder.
"""

from __future__ import annotations

import errno
import itertools
import shutil
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain.formats import format_count
from app.progress import Progress
from app.storage.leftovers import make_staging_dir
from app.storage.streams import copy_hashed
from app.sync.package_crypto import decrypt_file, is_encrypted
from app.sync.package_format import (
    ATTACHMENT_NAME,
    ATTACHMENTS,
    EARLIEST,
    FORMAT_NAME,
    FORMAT_VERSION,
    LATEST,
    MANIFEST,
    MAX_ATTACHMENTS,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TEXT,
    MAX_TOTAL_BYTES,
    METHODS,
    RATIO_FLOOR,
    PackageError,
    check_member_name,
    format_version_text,
    parse_format_version,
    quoted,
    records_schema,
    refusal,
    schema,
)
from app.sync.package_json import load_json
from app.travelling import KINDS

MANIFEST_LIMIT = 16 * 1024 * 1024
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
"""A ZIP local file header before its name and extra field (APPNOTE.TXT 4.3.7)."""
DATA_DESCRIPTOR = 12
"""The smallest data descriptor that may follow a member's data (bit 3 of its flags)."""


@dataclass
class PackageRecord:
    kind: str
    """The code of a kind registered in `app.travelling` ("fiche", "scenario"…)."""
    id: str
    revision: int
    updated_at: str
    workstation_id: str
    deleted_at: str | None
    data: dict[str, Any] | None
    created_at: str = ""
    base_hash: str | None = None
    """For a named correspondent: the hash of the version the sender last agreed on with it."""
    origin_hash: str | None = None
    """The hash of the record as its origin gave the sender (a shipped scheme), when the sender keeps one."""


@dataclass
class ReceivedPackage:
    manifest: dict[str, Any]
    records: list[PackageRecord]
    attachments: dict[str, Path]
    """SHA-256 → the staged file."""
    staging: Path

    def cleanup(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _check_ranges(path: Path, infos: list[zipfile.ZipInfo], directory_start: int) -> None:
    """Every member's local header and data lie in their own bytes, before the central directory.

    A « better zip bomb » (David Fifield, 2019) makes members overlap, each one's data quoting the next
    one's header and data, so that each stays under the ratio limit while the whole expands enormously.
    The real length of each local header is read from the file (its name and extra field).
    """
    ranges = []
    with path.open("rb") as stream:
        for info in infos:
            stream.seek(info.header_offset)
            header = stream.read(LOCAL_HEADER.size)
            if len(header) != LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
                raise refusal("L'archive du paquet est abîmée (en-tête d'élément introuvable)")
            name_length, extra_length = struct.unpack("<2H", header[26:30])
            end = info.header_offset + LOCAL_HEADER.size + name_length + extra_length + info.compress_size
            if info.flag_bits & 0x08:
                end += DATA_DESCRIPTOR
            ranges.append((info.header_offset, end))
    ranges.sort()
    for (_, previous_end), (start, _) in itertools.pairwise(ranges):
        if start < previous_end:
            raise refusal("Les éléments du paquet se chevauchent dans l'archive (une bombe de compression)")
    if ranges and ranges[-1][1] > directory_start:
        raise refusal("Les éléments du paquet se chevauchent dans l'archive (une bombe de compression)")


def _check_directory(archive: zipfile.ZipFile, path: Path) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise refusal(f"Le paquet contient trop d'éléments ({len(infos)} ; au plus {MAX_MEMBERS})")
    members: dict[str, zipfile.ZipInfo] = {}
    total, attachments = 0, 0
    for info in infos:
        name = info.filename
        if info.is_dir():
            if name.rstrip("/") + "/" in ("records/", ATTACHMENTS):
                continue
            raise refusal(f"Le paquet contient un dossier inattendu (« {quoted(name)} »)")
        check_member_name(name)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise refusal(f"Le paquet contient un lien symbolique (« {quoted(name)} »)")
        if info.flag_bits & 0x41:
            raise refusal("Le paquet est chiffré d'une manière qu'Essaim ne lit pas")
        if info.compress_type not in METHODS or info.flag_bits & 0x20:
            raise refusal(f"« {quoted(name)} » est compressé par une méthode de compression qu'Essaim ne lit pas "
                          f"(n° {info.compress_type})")
        if name in members:
            raise refusal(f"Le paquet contient deux fois « {quoted(name)} »")
        if info.file_size > MAX_MEMBER_BYTES:
            raise refusal(f"« {quoted(name)} » est trop volumineux ({info.file_size} octets)")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refusal(f"« {quoted(name)} » se décompresse de façon anormale (bombe de compression)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise refusal("Le paquet est trop volumineux une fois décompressé")
        attachments += name.startswith(ATTACHMENTS)
        members[name] = info
    if attachments > MAX_ATTACHMENTS:
        raise refusal(f"Le paquet contient trop de pièces jointes ({attachments} ; au plus {MAX_ATTACHMENTS})")
    if MANIFEST not in members:
        raise PackageError("Ce fichier n'a pas de manifeste (manifest.json) : ce n'est pas un paquet Essaim.")
    _check_ranges(path, infos, archive.start_dir)
    if total > RATIO_FLOOR and total > MAX_RATIO * max(path.stat().st_size, 1):
        raise refusal("Le paquet se décompresse de façon anormale (bombe de compression)")
    return members


class _Staging:
    """Streams members into the staging folder, counting every byte produced against the package's bounds."""

    def __init__(self, archive: zipfile.ZipFile, folder: Path, declared: int, progress: Progress | None) -> None:
        self.archive, self.folder, self.progress = archive, folder, progress
        self.declared, self.produced = max(declared, 1), 0

    def copy(self, info: zipfile.ZipInfo, limit: int) -> tuple[str, int, Path]:
        """Stream a member to its place, counting bytes; returns (sha256, size, path)."""
        target = self.folder / info.filename
        with self.archive.open(info) as source, target.open("wb") as out:
            sha, size = copy_hashed(source, out, limit, lambda: refusal(
                f"« {quoted(info.filename)} » dépasse la taille annoncée"))
        self.produced += size
        if self.produced > MAX_TOTAL_BYTES:
            raise refusal("Le paquet est trop volumineux une fois décompressé")
        if self.progress:
            self.progress(min(1.0, self.produced / self.declared))
        return sha, size, target


def _json(path: Path, what: str) -> Any:
    return load_json(path.read_bytes(), what, MAX_TEXT)


def _validate(document: Any, against: dict[str, Any], what: str) -> None:
    """Refuse at the first error jsonschema finds: collecting them all costs without bound."""
    import jsonschema  # loaded when a package is read, not when the application starts

    validator = jsonschema.Draft202012Validator(against, format_checker=jsonschema.FormatChecker())
    error = next(validator.iter_errors(document), None)
    if error is not None:
        where = "/".join(quoted(part) for part in error.absolute_path) or "racine"
        raise refusal(f"{what} ne respecte pas le format des paquets Essaim (à « {quoted(where)} »)")


def _check_version(manifest: Any) -> tuple[int, int]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise PackageError("Ce fichier n'est pas un paquet Essaim (format inconnu).")
    try:
        version = parse_format_version(str(manifest.get("format_version", "")))
    except ValueError as error:
        raise refusal("La version du format du paquet est illisible") from error
    if version[0] > FORMAT_VERSION[0]:
        raise PackageError("Ce paquet a été créé par une version plus récente d'Essaim "
                           f"(format {version[0]}.{version[1]}) ; "
                      f"cette version lit le format {format_version_text()}. Mettez Essaim à jour pour l'importer.")
    if version[0] < 1:
        raise refusal("La version du format du paquet est inconnue")
    return version


def _check_date(text: str | None, what: str) -> None:
    """An empty or absent date is allowed (it takes a default); any other one is read and kept in range."""
    if not text:
        return
    try:
        value = datetime.fromisoformat(text)
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except ValueError as error:
        raise refusal(f"{what} contient une date illisible (« {quoted(text)} »)") from error
    except OverflowError as error:
        raise refusal(f"{what} contient une date hors limites (« {quoted(text)} »)") from error
    if not EARLIEST <= value <= LATEST:
        raise refusal(f"{what} contient une date hors limites (« {quoted(text)} » ; Essaim lit les dates de "
                      f"{EARLIEST.year} à {LATEST.year})")


def _records(staging: Path, present: set[str], version: tuple[int, int]) -> list[PackageRecord]:
    """The records of every kind's member; content written by an older format is read into today's codes."""
    records: list[PackageRecord] = []
    seen: set[str] = set()
    for kind in KINDS:
        name = kind.member
        if name not in present:
            continue
        document = _json(staging / name, f"« {name} »")
        _validate(document, records_schema(kind), f"« {name} »")
        for raw in document:
            if raw["id"] in seen:
                raise refusal(f"L'identifiant {raw['id']} apparaît deux fois dans le paquet")
            seen.add(raw["id"])
            for field in ("created_at", "updated_at", "deleted_at"):
                _check_date(raw.get(field), f"« {name} »")
            data = raw["data"]
            if kind.upgrade is not None and isinstance(data, dict) and version < FORMAT_VERSION:
                data = kind.upgrade(data, version)
            records.append(PackageRecord(kind.name, raw["id"], raw["revision"], raw["updated_at"],
                                         raw["workstation_id"],
                                         raw["deleted_at"], data, raw.get("created_at", ""),
                                         raw.get("base_hash"), raw.get("origin_hash")))
    return records


def _references(records: list[PackageRecord]) -> dict[str, PackageRecord]:
    """Every attachment the records name (SHA-256 → the first record naming it); checks the parents too."""
    named: dict[str, PackageRecord] = {}
    for record in records:
        if record.data is None:
            if record.deleted_at is None:
                raise refusal(f"L'enregistrement {record.id} n'a pas de contenu")
            continue
        kind = KINDS[record.kind]
        for sha in kind.attachments(record.data):
            if not isinstance(sha, str) or not ATTACHMENT_NAME.match(ATTACHMENTS + sha):
                raise refusal(f"Une pièce jointe mal désignée dans l'enregistrement {record.id} ({kind.label})")
            named.setdefault(sha, record)
        if kind.parent_field is not None and record.data.get(kind.parent_field) in (None, ""):
            raise refusal(f"Le {kind.label} {record.id} n'indique pas sa {KINDS[str(kind.parent)].label}")
    return named


def _check_attachments(named: dict[str, PackageRecord], present: set[str]) -> None:
    """The package carries exactly the attachments its records name.

    An attachment no record names is refused rather than skipped: Essaim never writes one, so the package
    was made or altered elsewhere, and what it carries would otherwise be kept for good in the data
    folder's pieces-jointes/ with nothing to show or remove it.
    """
    for sha, record in named.items():
        if sha not in present:
            kind = KINDS[record.kind]
            raise refusal(f"Une pièce jointe de l'enregistrement {record.id} ({kind.label}) manque dans le paquet")
    orphans = len(present - set(named))
    if orphans:
        raise refusal(f"Le paquet contient {format_count(orphans, 'pièce jointe', 'pièces jointes')} "
                      "qu'aucun enregistrement ne cite")


def _system_reason(error: OSError) -> str:
    """What the system refused, in French (its own message is in English)."""
    reasons = {errno.ENOSPC: "le disque est plein", errno.EACCES: "accès refusé", errno.EPERM: "accès refusé",
               errno.ENOENT: "fichier introuvable", errno.EISDIR: "c'est un dossier", errno.EROFS: "disque protégé"}
    return reasons.get(error.errno or 0, f"erreur du système n° {error.errno}" if error.errno else "erreur du système")


def read_package(path: Path, staging_parent: Path | None = None, progress: Progress | None = None,
                 password: str | None = None) -> ReceivedPackage:
    """Check the whole package and stage its members; the caller calls `cleanup()` when done.

    `progress` hears the share of the declared bytes staged so far. A password-protected package is first
    decrypted to a temporary file (PasswordRequired / WrongPassword when it cannot be).
    """
    try:
        encrypted = is_encrypted(path)
    except OSError as error:
        raise PackageError(f"Le paquet ne peut pas être lu ({_system_reason(error)}) : rien n'a été importé.") \
            from error
    if not encrypted:
        return _read_archive(path, staging_parent, progress)
    opened = make_staging_dir("essaim-dechiffre-", staging_parent)
    try:
        decrypt_file(path, opened / "paquet.zip", password, progress and (lambda done: progress(0.2 * done)))
        rest = progress and (lambda done: progress(0.2 + 0.8 * done))
        return _read_archive(opened / "paquet.zip", staging_parent, rest)
    except OSError as error:
        raise PackageError(f"Le paquet n'a pas pu être déchiffré ({_system_reason(error)}) : "
                           "rien n'a été importé.") from error
    finally:
        shutil.rmtree(opened, ignore_errors=True)


def _read_archive(path: Path, staging_parent: Path | None, progress: Progress | None) -> ReceivedPackage:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise PackageError("Ce fichier n'est pas un paquet Essaim lisible (archive abîmée ou tronquée).") from error
    staging = make_staging_dir("essaim-paquet-", staging_parent)
    try:
        with archive:
            manifest, records, attachments = _stage(archive, path, staging, progress)
    except zipfile.BadZipFile as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise refusal("L'archive du paquet est abîmée (contrôle d'intégrité en échec)") from error
    except (EOFError, zlib.error) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise refusal("L'archive du paquet est abîmée ou tronquée (données compressées illisibles)") from error
    except NotImplementedError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise refusal("Le paquet utilise une fonction des archives ZIP qu'Essaim ne lit pas") from error
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PackageError(f"Le paquet n'a pas pu être lu jusqu'au bout ({_system_reason(error)}) : "
                           "rien n'a été importé.") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ReceivedPackage(manifest, records, attachments, staging)


def _stage(archive: zipfile.ZipFile, path: Path, staging: Path,
           progress: Progress | None) -> tuple[dict[str, Any], list[PackageRecord], dict[str, Path]]:
    """Check the directory, then the manifest, then the records, and only then copy the attachments they name."""
    members = _check_directory(archive, path)
    with archive.open(members[MANIFEST]) as source, (staging / MANIFEST).open("wb") as out:
        copy_hashed(source, out, MANIFEST_LIMIT, lambda: refusal("Le manifeste est trop volumineux"))
    manifest = _json(staging / MANIFEST, "Le manifeste")
    version = _check_version(manifest)
    _validate(manifest, schema("manifest"), "Le manifeste")
    _check_date(manifest["created_at"], "Le manifeste")
    declared = manifest["members"]
    if set(declared) != set(members) - {MANIFEST}:
        raise refusal("La liste des éléments du manifeste ne correspond pas au contenu du paquet")
    (staging / "records").mkdir()
    (staging / "attachments").mkdir()
    copier = _Staging(archive, staging, sum(member["size"] for member in declared.values()), progress)

    def stage(name: str) -> tuple[str, Path]:
        sha, size, target = copier.copy(members[name], min(declared[name]["size"], MAX_MEMBER_BYTES))
        if sha != declared[name]["sha256"] or size != declared[name]["size"]:
            raise refusal(f"« {quoted(name)} » ne correspond pas à son empreinte (fichier altéré ou abîmé)")
        return sha, target

    for name in members:
        if KINDS.by_member(name) is not None:
            stage(name)
    records = _records(staging, set(members), version)
    present = {name.removeprefix(ATTACHMENTS) for name in members if name.startswith(ATTACHMENTS)}
    _check_attachments(_references(records), present)
    attachments: dict[str, Path] = {}
    for sha in sorted(present):
        staged_sha, target = stage(ATTACHMENTS + sha)
        if staged_sha != sha:
            raise refusal(f"La pièce jointe « {quoted(sha)} » ne correspond pas à son nom")
        attachments[sha] = target
    return manifest, records, attachments
