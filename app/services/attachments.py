"""Attachments: files copied into the store's folder under their SHA-256, kept once."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from app.domain.fiche import Attachment
from app.storage.errors import StoreError, explain_failure
from app.storage.streams import copy_hashed

ATTACHMENTS_DIR_NAME = "pieces-jointes"
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


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
