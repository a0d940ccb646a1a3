"""The catalogue (or what a search finds) written for others: Essaim's spreadsheet template, the national
`dispositif-aide` schema, or a `.essaim` package of catalogue. The writers are imported when used."""

from __future__ import annotations

from pathlib import Path

from app.domain.schemes import Scheme
from app.storage.store import Store

FORMATS = ("xlsx", "dispositif-aide", "paquet")


def export_catalogue(store: Store, kind: str, schemes: list[Scheme], path: Path) -> Path:
    """Write `schemes` to `path` in the format `kind` (one of `FORMATS`)."""
    if kind == "xlsx":
        from app.exports.catalogue_xlsx import write_catalogue_xlsx

        return write_catalogue_xlsx(schemes, path)
    if kind == "dispositif-aide":
        from app.exports.dispositif_aide import write_dispositif_aide

        return write_dispositif_aide(schemes, path)
    if kind == "paquet":
        from app.services.exchange.catalogue import export_catalogue_package
        from app.sync.package_format import SUFFIX

        path = path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)
        export_catalogue_package(store, path, [scheme.id for scheme in schemes])
        return path
    raise ValueError(f"format d'export inconnu : {kind}")
