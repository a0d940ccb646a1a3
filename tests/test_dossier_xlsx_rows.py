"""The Excel dossier's rows are tall enough for their wrapped label as well as for their value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from app.domain.document import LabelledValue, Section
from app.domain.dossier import Cover, Dossier
from app.exports.dossier_files import write_dossier_file

LONG_LABEL = "Cœur du concept (ce qui ne doit pas changer)"


def test_a_long_label_gets_a_row_tall_enough_to_show_it_whole(tmp_path: Path) -> None:
    section = Section("s", "Essaimage", items=[LabelledValue(LONG_LABEL, "Court."), LabelledValue("Suite", "Oui")])
    facts = [LabelledValue("Date d'export", "21/11/2026")]
    dossier = Dossier(Cover("Lignes", "Essai", facts, date(2026, 11, 21)), [section])
    sheet = openpyxl.load_workbook(write_dossier_file(dossier, "xlsx", tmp_path / "d.xlsx"))["Fiche"]
    row = next(cell.row for cell in sheet["A"] if cell.value == LONG_LABEL)
    assert (sheet.row_dimensions[row].height or 15) >= 30
