"""Check a received .essaim package completely before anything touches the store.

Member names, kinds, sizes and compression ratios are checked from the ZIP directory, then every member
is streamed into a staging folder while its bytes are counted (header sizes are never trusted) and its
SHA-256 compared with the manifest; the records are then parsed and checked against the JSON Schema,
field sizes, duplicate identities and references. Any failure raises PackageError in French.
"""

from __future__ import annotations

import json
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.storage.streams import copy_hashed
from app.sync.package_crypto import decrypt_file, is_encrypted
from app.sync.package_format import (
    ATTACHMENTS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TEXT,
    MAX_TOTAL_BYTES,
    RATIO_FLOOR,
    PackageError,
    Progress,
    check_member_name,
    format_version_text,
    parse_format_version,
    records_schema,
    schema,
)
from app.travelling import KINDS

MANIFEST_LIMIT = 16 * 1024 * 1024


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


@dataclass
class ReceivedPackage:
    manifest: dict[str, Any]
    records: list[PackageRecord]
    attachments: dict[str, Path]
    """SHA-256 → the staged file."""
    staging: Path

    def cleanup(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _check_directory(infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    if len(infos) > MAX_MEMBERS:
        raise PackageError(f"Le paquet contient trop d'éléments ({len(infos)} ; au plus {MAX_MEMBERS}).")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if info.is_dir():
            if name.rstrip("/") + "/" in ("records/", ATTACHMENTS):
                continue
            raise PackageError(f"Le paquet contient un dossier inattendu (« {name[:200]} ») : il est refusé.")
        check_member_name(name)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackageError(f"Le paquet contient un lien symbolique (« {name} ») : il est refusé.")
        if info.flag_bits & 0x1:
            raise PackageError("Le paquet est chiffré d'une manière qu'Essaim ne lit pas.")
        if name in members:
            raise PackageError(f"Le paquet contient deux fois « {name} » : il est refusé.")
        if info.file_size > MAX_MEMBER_BYTES:
            raise PackageError(f"« {name} » est trop volumineux ({info.file_size} octets) : le paquet est refusé.")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageError(f"« {name} » se décompresse de façon anormale (bombe de compression) : "
                               "le paquet est refusé.")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageError("Le paquet est trop volumineux une fois décompressé : il est refusé.")
        members[name] = info
    if MANIFEST not in members:
        raise PackageError("Ce fichier n'a pas de manifeste (manifest.json) : ce n'est pas un paquet Essaim.")
    return members


def _copy_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int) -> tuple[str, int]:
    """Stream a member to `target`, counting bytes; returns (sha256, size)."""
    with archive.open(info) as source, target.open("wb") as out:
        return copy_hashed(source, out, limit, lambda: PackageError(
            f"« {info.filename} » dépasse la taille annoncée : le paquet est refusé."))


def _json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PackageError(f"{what} est illisible (JSON abîmé ligne {error.lineno}, colonne {error.colno}) : "
                           "le paquet est refusé.") from error
    except UnicodeDecodeError as error:
        raise PackageError(f"{what} est illisible (texte qui n'est pas en UTF-8) : le paquet est refusé.") from error
    except RecursionError as error:
        raise PackageError(f"{what} est illisible (JSON trop imbriqué) : le paquet est refusé.") from error


def _validate(document: Any, against: dict[str, Any], what: str) -> None:
    import jsonschema  # loaded when a package is read, not when the application starts

    validator = jsonschema.Draft202012Validator(against, format_checker=jsonschema.FormatChecker())
    error = next(iter(sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "racine"
        raise PackageError(f"{what} ne respecte pas le format des paquets Essaim (à « {where} ») : "
                           "le paquet est refusé.")


def _check_version(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise PackageError("Ce fichier n'est pas un paquet Essaim (format inconnu).")
    try:
        version = parse_format_version(str(manifest.get("format_version", "")))
    except ValueError as error:
        raise PackageError("La version du format du paquet est illisible : le paquet est refusé.") from error
    if version[0] > FORMAT_VERSION[0]:
        raise PackageError("Ce paquet a été créé par une version plus récente d'Essaim "
                           f"(format {version[0]}.{version[1]}) ; "
                      f"cette version lit le format {format_version_text()}. Mettez Essaim à jour pour l'importer.")
    if version[0] < 1:
        raise PackageError("La version du format du paquet est inconnue : le paquet est refusé.")


def _longest_text(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return max((_longest_text(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return max((_longest_text(item) for item in value), default=0)
    return 0


def _records(staging: Path, present: set[str]) -> list[PackageRecord]:
    records: list[PackageRecord] = []
    seen: set[str] = set()
    for kind in KINDS:
        name = kind.member
        if name not in present:
            continue
        document = _json(staging / name, f"« {name} »")
        _validate(document, records_schema(kind), f"« {name} »")
        for raw in document:
            if _longest_text(raw) > MAX_TEXT:
                raise PackageError(f"Un enregistrement de « {name} » a un champ de plus de {MAX_TEXT:,} caractères : "
                              "le paquet est refusé.".replace(",", "\u202f"))
            if raw["id"] in seen:
                raise PackageError(f"L'identifiant {raw['id']} apparaît deux fois dans le paquet : il est refusé.")
            seen.add(raw["id"])
            records.append(PackageRecord(kind.name, raw["id"], raw["revision"], raw["updated_at"],
                                         raw["workstation_id"],
                                         raw["deleted_at"], raw["data"], raw.get("created_at", ""),
                                         raw.get("base_hash")))
    return records


def _check_references(records: list[PackageRecord], attachments: set[str]) -> None:
    for record in records:
        if record.data is None:
            if record.deleted_at is None:
                raise PackageError(f"L'enregistrement {record.id} n'a pas de contenu : le paquet est refusé.")
            continue
        kind = KINDS[record.kind]
        if any(sha not in attachments for sha in kind.attachments(record.data)):
            raise PackageError(f"Une pièce jointe de la {kind.label} {record.id} manque dans le paquet : "
                               "il est refusé.")
        if kind.parent_field is not None and record.data.get(kind.parent_field) in (None, ""):
            raise PackageError(f"Le {kind.label} {record.id} n'indique pas sa {KINDS[str(kind.parent)].label} : "
                               "le paquet est refusé.")


def read_package(path: Path, staging_parent: Path | None = None, progress: Progress | None = None,
                 password: str | None = None) -> ReceivedPackage:
    """Check the whole package and stage its members; the caller calls `cleanup()` when done.

    `progress` hears the share of the declared bytes staged so far. A password-protected package is first
    decrypted to a temporary file (PasswordRequired / WrongPassword when it cannot be).
    """
    try:
        encrypted = is_encrypted(path)
    except OSError as error:
        raise PackageError(f"Le paquet ne peut pas être lu ({error}).") from error
    if not encrypted:
        return _read_archive(path, staging_parent, progress)
    opened = Path(tempfile.mkdtemp(prefix="essaim-dechiffre-", dir=staging_parent))
    try:
        decrypt_file(path, opened / "paquet.zip", password, progress and (lambda done: progress(0.2 * done)))
        rest = progress and (lambda done: progress(0.2 + 0.8 * done))
        return _read_archive(opened / "paquet.zip", staging_parent, rest)
    except OSError as error:
        raise PackageError(f"Le paquet n'a pas pu être déchiffré ({error}) : rien n'a été importé.") from error
    finally:
        shutil.rmtree(opened, ignore_errors=True)


def _read_archive(path: Path, staging_parent: Path | None, progress: Progress | None) -> ReceivedPackage:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise PackageError("Ce fichier n'est pas un paquet Essaim lisible (archive abîmée ou tronquée).") from error
    staging = Path(tempfile.mkdtemp(prefix="essaim-paquet-", dir=staging_parent))
    try:
        with archive:
            members = _check_directory(archive.infolist())
            _copy_member(archive, members[MANIFEST], staging / "manifest.json", MANIFEST_LIMIT)
            manifest = _json(staging / "manifest.json", "Le manifeste")
            _check_version(manifest)
            _validate(manifest, schema("manifest"), "Le manifeste")
            declared = manifest["members"]
            if set(declared) != set(members) - {MANIFEST}:
                raise PackageError("La liste des éléments du manifeste ne correspond pas au contenu du paquet : "
                                   "il est refusé.")
            (staging / "records").mkdir()
            (staging / "attachments").mkdir()
            attachments: dict[str, Path] = {}
            total, done = sum(member["size"] for member in declared.values()) or 1, 0
            for name, info in members.items():
                if name == MANIFEST:
                    continue
                target = staging / name
                sha, size = _copy_member(archive, info, target, min(declared[name]["size"], MAX_MEMBER_BYTES))
                if sha != declared[name]["sha256"] or size != declared[name]["size"]:
                    raise PackageError(f"« {name} » ne correspond pas à son empreinte (fichier altéré ou abîmé) : "
                                  "le paquet est refusé.")
                if name.startswith(ATTACHMENTS):
                    if sha != name.removeprefix(ATTACHMENTS):
                        raise PackageError(f"La pièce jointe « {name} » ne correspond pas à son nom : "
                                           "le paquet est refusé.")
                    attachments[sha] = target
                done += size
                if progress:
                    progress(done / total)
            records = _records(staging, set(members))
            _check_references(records, set(attachments))
    except zipfile.BadZipFile as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PackageError("L'archive du paquet est abîmée (contrôle CRC) : il est refusé.") from error
    except (OSError, EOFError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PackageError(f"Le paquet n'a pas pu être lu jusqu'au bout ({error}) : rien n'a été importé.") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ReceivedPackage(manifest, records, attachments, staging)
