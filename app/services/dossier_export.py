"""Export a fiche's dossier: build it once, then write each chosen format into a folder, for the GUI and the CLI.

The writers and the file names are in `app.exports.dossier_files`; they import their libraries (python-docx,
openpyxl, reportlab) only when a file is written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.exports.dossier_files import FORMATS, ExportCancelled, dossier_file_name, write_dossier_file
from app.progress import Progress
from app.services.dossier import DossierOptions, DossierReading, build_dossier
from app.storage.errors import StoreError
from app.storage.store import Store

log = logging.getLogger(__name__)


class ExportError(StoreError):
    """An export that cannot be done as asked; nothing was written."""


class ExportExistsError(ExportError):
    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        names = ", ".join(f"« {path.name} »" for path in paths)
        super().__init__(f"Ces fichiers existent déjà dans le dossier choisi : {names}. "
                         "Rien n'a été écrit ; choisissez un autre dossier ou acceptez de les remplacer.")


@dataclass(frozen=True)
class ExportRequest:
    fiche_id: str
    formats: tuple[str, ...]
    """Keys of `app.exports.dossier_files.FORMATS`."""
    folder: Path
    options: DossierOptions = field(default_factory=DossierOptions)
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


def export_dossier(source: Store | DossierReading, request: ExportRequest, progress: Progress | None = None
                   ) -> list[Path]:
    """Build the dossier once and write each requested format; returns the files written.

    `progress` receives the share of the whole work done (0 to 1) and may raise ExportCancelled.
    """
    unknown = [key for key in request.formats if key not in FORMATS]
    if unknown or not request.formats:
        raise ExportError("Format inconnu : " + ", ".join(unknown) + "." if unknown else "Aucun format choisi.")
    dossier = build_dossier(source, request.fiche_id, request.options)
    paths = target_paths(dossier.title, request)
    existing = [path for path in paths if path.exists()]
    if existing and not request.replace:
        raise ExportExistsError(existing)
    request.folder.mkdir(parents=True, exist_ok=True)
    created: list[Path] = []
    try:
        for n, (key, path) in enumerate(zip(request.formats, paths, strict=True)):
            share = (lambda done, n=n: progress((n + done) / len(paths))) if progress else None
            existed = path.exists()
            write_dossier_file(dossier, key, path, share)
            if not existed:
                created.append(path)
    except ExportCancelled:
        for path in created:
            path.unlink(missing_ok=True)
        log.info("dossier export of fiche %s cancelled; files removed: %s",
                 request.fiche_id, ", ".join(map(str, created)) or "none")
        raise
    log.info("dossier of fiche %s exported as %s: %s", request.fiche_id, ", ".join(request.formats),
             ", ".join(map(str, paths)))
    return paths
