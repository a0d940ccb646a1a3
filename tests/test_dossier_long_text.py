"""Long text never breaks a dossier: cut where a format limits, split where a page does, in reasonable time."""

from __future__ import annotations

import dataclasses
import time
import uuid
from pathlib import Path

import docx
import pytest

from app.domain import bounds
from app.domain.fiche import FicheData, validate
from app.exports.dossier_files import FORMATS, write_dossier_file
from app.services import fiches
from app.services.dossier import DossierOptions, build_dossier
from app.storage.store import Store
from tests.dossier_reading import pdf_text
from tests.fiche_factory import full_fiche

OPTIONS = DossierOptions(include_personal=True)


def long_fiche(store: Store, **fields: str) -> str:
    values = {"title": "Titre", "structure_name": "CCAS", **fields}
    fiche = FicheData(id=str(uuid.uuid4()), **values)  # type: ignore[arg-type]
    fiches.save(store, fiche)
    return fiche.id


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_longest_title_and_structure_the_editor_accepts(store: Store, tmp_path: Path, fmt: str) -> None:
    title = ("Épicerie solidaire " * 20)[:bounds.MAX_SHORT_TEXT].strip()
    fiche_id = long_fiche(store, title=title, structure_name=("Centre communal " * 20)[:bounds.MAX_SHORT_TEXT])
    path = write_dossier_file(build_dossier(store, fiche_id, OPTIONS), fmt, tmp_path / f"d{FORMATS[fmt].suffix}")
    assert path.stat().st_size > 0
    if fmt == "docx":
        properties = docx.Document(str(path)).core_properties
        assert properties.title.startswith("Épicerie solidaire") and len(properties.title) <= 255
    if fmt == "pdf":
        assert "Centre communal" in pdf_text(path)


@pytest.mark.slow
def test_a_field_of_as_many_lines_as_the_editor_accepts_is_written_quickly(store: Store, tmp_path: Path) -> None:
    lines = bounds.MAX_TEXT // 2 - 2
    fiche_id = long_fiche(store, lessons="\n".join(str(n % 10) for n in range(lines - 1)) + "\nFin")
    dossier = build_dossier(store, fiche_id, OPTIONS)
    for fmt in FORMATS:
        started = time.monotonic()
        path = write_dossier_file(dossier, fmt, tmp_path / f"l{FORMATS[fmt].suffix}")
        assert time.monotonic() - started < 120, fmt
        assert path.stat().st_size > 0
    assert "Fin" in pdf_text(tmp_path / "l.pdf")


def largest_fiche() -> FicheData:
    """Every text at the length the editor accepts, every list at its number of rows, names at their limit."""
    fiche = full_fiche(str(uuid.uuid4()))
    line = "Un texte long comme en écrit un agent qui détaille son action, ligne après ligne. "
    text = (line * (bounds.MAX_TEXT // len(line) + 1))[:bounds.MAX_TEXT]
    coded = {"id", "status", "structure_type", "territory_kind", "stage", "intensity", "evaluation_method",
             "evidence_level", "insee_code", "commune", "departement", "region", "start_precision",
             "evaluation_duration"}
    for spec in dataclasses.fields(FicheData):
        if isinstance(getattr(fiche, spec.name), str) and spec.name not in coded:
            setattr(fiche, spec.name, text)
    fiche.title = ("Épicerie solidaire " * 20)[:bounds.MAX_SHORT_TEXT].strip()
    fiche.structure_name = ("Centre communal d'action sociale " * 10)[:bounds.MAX_SHORT_TEXT].strip()
    fiche.tags = [f"mot-clé {n}" for n in range(bounds.MAX_ITEMS)]
    for name in ("contacts", "steps", "human_means", "sites", "partners", "indicators", "sources"):
        rows = getattr(fiche, name)
        setattr(fiche, name, [dataclasses.replace(rows[0]) for _ in range(bounds.MAX_ITEMS)])
    return fiche


@pytest.mark.slow
def test_a_dossier_of_the_largest_fiche_the_editor_accepts_is_written_in_every_format(store: Store,
                                                                                     tmp_path: Path) -> None:
    fiche = largest_fiche()
    assert validate(fiche) == []
    fiches.save(store, fiche)
    dossier = build_dossier(store, fiche.id, OPTIONS)
    for fmt in FORMATS:
        path = write_dossier_file(dossier, fmt, tmp_path / f"max{FORMATS[fmt].suffix}")
        assert path.stat().st_size > 0, fmt
