"""Which reader a catalogue file needs, recognised from its name and content: Aides-territoires JSON, Essaim's
spreadsheet template (.xlsx) or the national `dispositif-aide` schema (CSV or JSON). A `.essaim` package is no
catalogue file: it goes through the package import."""

from __future__ import annotations

import re
from pathlib import Path

from app.imports.incoming import CatalogueFile, ImportFileError, collection_paused
from app.progress import Progress
from app.sync.package_format import SUFFIX

_DISPOSITIF_AIDE_KEY = re.compile(rb'"titre"\s*:')
_HEAD = 65536


def is_package(path: Path) -> bool:
    return path.suffix.lower() == SUFFIX


def read_catalogue_file(path: Path, progress: Progress | None = None) -> CatalogueFile:
    """The schemes of `path` by the reader its format needs (a French `ImportFileError` when none fits);
    `progress` hears how many of its records are read (and may raise to cancel)."""
    with collection_paused():
        return _read(path, progress)


def _read(path: Path, progress: Progress | None) -> CatalogueFile:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFileError(f"« {path} » n'est pas un fichier lisible.")
    if suffix == ".xlsx":
        from app.imports.catalogue_sheet import read_catalogue_xlsx

        return read_catalogue_xlsx(path, progress)
    if suffix == ".csv":
        from app.imports.dispositif_aide import read_dispositif_aide

        return read_dispositif_aide(path, progress)
    if suffix == ".json":
        with path.open("rb") as stream:
            head = stream.read(_HEAD)
        if _DISPOSITIF_AIDE_KEY.search(head):
            from app.imports.dispositif_aide import read_dispositif_aide

            return read_dispositif_aide(path, progress)
        from app.imports.aides_territoires import read_aides_territoires

        return read_aides_territoires(path, progress)
    raise ImportFileError(f"« {path.name} » : format non reconnu. Essaim lit les fichiers JSON d'Aides-territoires, "
                          "son modèle de tableur (.xlsx), le schéma national dispositif-aide (.csv ou .json) et les "
                          "paquets .essaim.")
