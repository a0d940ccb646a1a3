"""Long text never breaks a dossier: cut where a format limits, split where a page does, in reasonable time."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import docx
import pytest

from app.domain.fiche import FicheData
from app.exports.dossier_files import FORMATS, write_dossier_file
from app.services import fiches
from app.services.dossier import DossierOptions, build_dossier
from app.storage.store import Store
from tests.dossier_reading import pdf_text

OPTIONS = DossierOptions(include_personal=True)


def long_fiche(store: Store, **fields: str) -> str:
    values = {"title": "Titre", "structure_name": "CCAS", **fields}
    fiche = FicheData(id=str(uuid.uuid4()), **values)  # type: ignore[arg-type]
    fiches.save(store, fiche)
    return fiche.id


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_title_and_a_structure_of_thousands_of_characters(store: Store, tmp_path: Path, fmt: str) -> None:
    fiche_id = long_fiche(store, title="Épicerie solidaire " * 300, structure_name="Centre communal " * 330)
    path = write_dossier_file(build_dossier(store, fiche_id, OPTIONS), fmt, tmp_path / f"d{FORMATS[fmt].suffix}")
    assert path.stat().st_size > 0
    if fmt == "docx":
        properties = docx.Document(str(path)).core_properties
        assert properties.title.startswith("Épicerie solidaire") and len(properties.title) <= 255
    if fmt == "pdf":
        assert "Centre communal" in pdf_text(path)


@pytest.mark.slow
def test_a_field_of_a_hundred_thousand_lines_is_written_quickly(store: Store, tmp_path: Path) -> None:
    fiche_id = long_fiche(store, lessons="\n".join(f"Ligne {n}" for n in range(100_000)))
    dossier = build_dossier(store, fiche_id, OPTIONS)
    for fmt in FORMATS:
        started = time.monotonic()
        path = write_dossier_file(dossier, fmt, tmp_path / f"l{FORMATS[fmt].suffix}")
        assert time.monotonic() - started < 120, fmt
        assert path.stat().st_size > 0
    assert "Ligne 99999" in pdf_text(tmp_path / "l.pdf")
