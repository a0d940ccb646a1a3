"""Attachments: files copied into the store's folder under their SHA-256, kept once."""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePath

from app.domain.fiche import MAX_ATTACHMENT_BYTES, Attachment
from app.exports.dossier_files import safe_file_name
from app.storage.backup import backup_dir
from app.storage.errors import StoreError, explain_failure
from app.storage.leftovers import referenced_attachments, remove_logged
from app.storage.store import Store
from app.storage.streams import copy_hashed

ATTACHMENTS_DIR_NAME = "pieces-jointes"
_BLOB_NAME = re.compile(r"[0-9a-f]{64}")

log = logging.getLogger(__name__)


class AttachmentError(StoreError):
    pass


def attachments_dir(data_dir: Path) -> Path:
    return data_dir / ATTACHMENTS_DIR_NAME


def blob_path(data_dir: Path, sha256: str) -> Path:
    return attachments_dir(data_dir) / sha256[:2] / sha256


def _human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def import_file(data_dir: Path, source: Path, max_bytes: int = MAX_ATTACHMENT_BYTES) -> Attachment:
    """Copy `source` into the store (once per content) and describe it; refuses files over `max_bytes`."""
    if not source.is_file():
        raise AttachmentError(f"« {source} » n'est pas un fichier lisible.")
    size = source.stat().st_size
    if size > max_bytes:
        raise AttachmentError(
            f"« {source.name} » pèse {_human_size(size)} : une pièce jointe ne peut dépasser {_human_size(max_bytes)}."
        )
    folder = attachments_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    handle, partial_name = tempfile.mkstemp(dir=folder, prefix=".ajout-")
    partial = Path(partial_name)
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as src:
            sha, copied = copy_hashed(src, out, max_bytes, lambda: AttachmentError(
                f"« {source.name} » dépasse {_human_size(max_bytes)}."))
            out.flush()
            os.fsync(out.fileno())
        target = blob_path(data_dir, sha)
        if target.exists():
            partial.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise AttachmentError(f"« {source.name} » n'a pas pu être copié. {explain_failure(error, folder)}") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Attachment(sha256=sha, file_name=source.name, size=copied, label="")


def export_copy(data_dir: Path, attachment: Attachment, destination: Path) -> Path:
    shutil.copyfile(blob_path(data_dir, attachment.sha256), destination)
    return destination


def copy_to_open(data_dir: Path, attachment: Attachment, parent: Path | None = None) -> Path:
    """A copy of the file under its own name (made safe for every system), in a new folder of the temporary folder
    (or `parent`), for the usual program to open: the stored file has no extension, and must never be changed."""
    name = PurePath(attachment.file_name.replace("\\", "/")).name
    suffix = re.sub(r"[^0-9A-Za-z.]", "", PurePath(name).suffix)[:16]
    stem = safe_file_name(name.removesuffix(PurePath(name).suffix) or name)
    folder = Path(tempfile.mkdtemp(prefix="essaim-ouvert-", dir=parent))
    try:
        return export_copy(data_dir, attachment, folder / (stem + suffix))
    except OSError as error:
        raise AttachmentError(f"« {attachment.file_name} » n'a pas pu être ouvert. "
                              f"{explain_failure(error, blob_path(data_dir, attachment.sha256))}") from error


def remove_unreferenced_attachments(data_dir: Path, store: Store, only: Iterable[str] | None = None) -> list[Path]:
    """Delete the stored files that neither the store nor any backup of its backups folder refers to (kept
    versions included) — among `only` (SHA-256) when given, e.g. the files a refused import copied. Returns
    what was deleted; when the store cannot be read, nothing is."""
    wanted = None if only is None else set(only)
    candidates = [path for path in attachments_dir(data_dir).glob("??/*")
                  if _BLOB_NAME.fullmatch(path.name) and path.parent.name == path.name[:2]
                  and (wanted is None or path.name in wanted)]
    if not candidates:
        return []
    try:
        referenced = referenced_attachments(store.path)
    except sqlite3.Error:
        log.exception("attachments not cleaned: the store %s could not be read", store.path)
        return []
    for backup in sorted(backup_dir(data_dir).glob("*.sqlite3")):
        try:
            referenced |= referenced_attachments(backup)
        except sqlite3.Error:  # an unreadable backup cannot be restored: what only it refers to is not needed
            log.warning("backup %s unreadable while looking for the attachments it refers to", backup)
    return [path for path in candidates
            if path.name not in referenced and remove_logged(path, "Attachment nothing refers to")]
