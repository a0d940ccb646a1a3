"""Writing dossier files: the formats, their file names, and atomic writes that a cancel leaves clean."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.domain.dossier import Dossier
from app.services.dossier import DossierOptions, build_dossier
from app.storage.errors import StoreError
from app.storage.store import Store

Progress = Callable[[float], None]
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


class ExportError(StoreError):
    """An export that cannot be done as asked; nothing was written."""


class ExportExistsError(ExportError):
    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        names = ", ".join(f"« {path.name} »" for path in paths)
        super().__init__(f"Ces fichiers existent déjà dans le dossier choisi : {names}. "
                         "Rien n'a été écrit ; choisissez un autre dossier ou acceptez de les remplacer.")


class ExportCancelled(Exception):
    """Raised by a progress callback to stop writing; the half-written file is removed."""


@dataclass(frozen=True)
class DossierFormat:
    key: str
    label: str
    suffix: str

    def write(self, dossier: Dossier, path: Path, progress: Progress | None) -> None:
        # each writer imports its library only when used, which keeps the application's start fast
        if self.key == "docx":
            from app.exports.dossier_docx import write_docx as writer
        elif self.key == "xlsx":
            from app.exports.dossier_xlsx import write_xlsx as writer
        else:
            from app.exports.dossier_pdf import write_pdf as writer
        writer(dossier, path, progress)


FORMATS: dict[str, DossierFormat] = {
    "docx": DossierFormat("docx", "Word (.docx)", ".docx"),
    "xlsx": DossierFormat("xlsx", "Excel (.xlsx)", ".xlsx"),
    "pdf": DossierFormat("pdf", "PDF (.pdf)", ".pdf"),
}


def safe_file_name(title: str, limit: int = 80) -> str:
    """A file name that Windows, macOS and Linux all accept, from a title, cut at a word if too long."""
    cleaned = re.sub(r"\s*:\s*", " - ", title)
    cleaned = re.sub(r'[<>"/\\|?*\x00-\x1f\x7f]', " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .-")
    if len(cleaned) > limit:
        cut = cleaned.rfind(" ", 0, limit + 1)
        cleaned = cleaned[:cut if cut > limit // 2 else limit].rstrip(" .-")
    if not cleaned or WINDOWS_RESERVED.match(cleaned):
        cleaned = f"fiche {cleaned}".strip()
    return cleaned


def dossier_file_name(title: str, exported_on: date, format_key: str) -> str:
    """« Titre - dossier - 2026-11-22.pdf »: the date sorts the files in a folder."""
    return f"{safe_file_name(title)} - dossier - {exported_on:%Y-%m-%d}{FORMATS[format_key].suffix}"


def write_dossier_file(dossier: Dossier, format_key: str, path: Path, progress: Progress | None = None) -> Path:
    """Write one format to `path`; a file already there is replaced only once the new one is complete."""
    partial = path.with_name(path.name + ".partiel")
    try:
        FORMATS[format_key].write(dossier, partial, progress)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


@dataclass(frozen=True)
class ExportRequest:
    fiche_id: str
    formats: tuple[str, ...]
    """Keys of `app.exports.dossier_files.FORMATS`."""
    folder: Path
    options: DossierOptions = DossierOptions()
    replace: bool = False
    """When False, a file already at a target path makes the export refuse, before writing anything."""
    file_name: str = ""
    """For a single format, the file name to use instead of the one made from the title and the date."""


def target_paths(title: str, request: ExportRequest) -> list[Path]:
    """Where the export of the fiche called `title` writes its files."""
    if request.file_name and len(request.formats) == 1:
        return [request.folder / request.file_name]
    exported_on = request.options.exported_on or date.today()
    return [request.folder / dossier_file_name(title, exported_on, key) for key in request.formats]


def export_dossier(store: Store, request: ExportRequest, progress: Progress | None = None) -> list[Path]:
    """Build the dossier once and write each requested format; returns the files written.

    `progress` receives the share of the whole work done (0 to 1) and may raise ExportCancelled.
    """
    unknown = [key for key in request.formats if key not in FORMATS]
    if unknown or not request.formats:
        raise ExportError("Format inconnu : " + ", ".join(unknown) + "." if unknown else "Aucun format choisi.")
    dossier = build_dossier(store, request.fiche_id, request.options)
    paths = target_paths(dossier.title, request)
    existing = [path for path in paths if path.exists()]
    if existing and not request.replace:
        raise ExportExistsError(existing)
    request.folder.mkdir(parents=True, exist_ok=True)
    created: list[Path] = []
    try:
        for n, (key, path) in enumerate(zip(request.formats, paths)):
            share = (lambda done, n=n: progress((n + done) / len(paths))) if progress else None
            existed = path.exists()
            write_dossier_file(dossier, key, path, share)
            if not existed:
                created.append(path)
    except ExportCancelled:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    return paths
