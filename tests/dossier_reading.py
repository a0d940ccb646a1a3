"""Reading exported dossiers back as text, the way a reader or a search would find their words."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import openpyxl

from app.domain.document import BarChart, LabelledValue, LineChart, Paragraph, Table
from app.domain.dossier import Dossier


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " ")).strip()


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return normalise("\n".join(parts))


def xlsx_text(path: Path) -> str:
    workbook = openpyxl.load_workbook(path)
    return normalise("\n".join(str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
                               if cell.value is not None))


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True)
    return normalise(done.stdout)


def expected_strings(dossier: Dossier, with_charts: bool = True) -> list[str]:
    """Every title and value the dossier model holds, as a reader should find it in any format."""
    found = [dossier.cover.title] + [fact.value for fact in dossier.cover.facts]
    for section in dossier.sections:
        found.append(section.title)
        for item in section.items:
            if isinstance(item, LabelledValue):
                found += [item.label, item.value]
            elif isinstance(item, Paragraph):
                found.append(item.text)
            elif isinstance(item, Table):
                found += item.headers + [cell for row in item.rows for cell in row]
            elif isinstance(item, (BarChart, LineChart)) and with_charts:
                found.append(item.title)
    return [normalise(text) for text in found if text.strip()]


LONG_TOKEN = 40
"""A word longer than this (an address) may be cut across lines of a narrow cell: a reader sees a space there."""


def missing(dossier: Dossier, text: str, with_charts: bool = True) -> list[str]:
    squeezed = text.replace(" ", "")
    return [wanted for wanted in expected_strings(dossier, with_charts) if wanted not in text
            and not (max(map(len, wanted.split()), default=0) > LONG_TOKEN and wanted.replace(" ", "") in squeezed)]
