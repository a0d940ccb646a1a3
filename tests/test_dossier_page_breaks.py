"""A small table stays whole with its title on one page, in the PDF and in Word; a long one may split."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import docx

from app.domain.document import LabelledValue, Paragraph, Section, Table
from app.domain.dossier import Cover, Dossier
from app.exports.dossier_files import write_dossier_file

MIN_ROWS_ON_A_PAGE = 3

SMALL = Table("Petit tableau", ["Rôle", "Jours"], [[f"Ligne {n}", str(n)] for n in range(1, 7)], (1,))
LONG = Table("Grand tableau", ["Rôle", "Jours"], [[f"Entrée {n}", str(n)] for n in range(1, 42)], (1,))


def dossier_with(filler_lines: int) -> Dossier:
    filler = Paragraph("\n".join(f"Texte de remplissage numéro {n}." for n in range(filler_lines)))
    section = Section("s", "Partie", items=[filler, SMALL, LONG])
    facts = [LabelledValue("Date d'export", "21/11/2026")]
    return Dossier(Cover("Sauts de page", "Essai", facts, date(2026, 11, 21)), [section])


def pages(pdf: Path) -> list[str]:
    done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True)
    return done.stdout.split("\f")


def page_of(texts: list[str], wanted: str) -> int:
    return next(n for n, text in enumerate(texts) if wanted in text)


def test_tables_leave_no_lonely_rows_and_small_ones_stay_whole_with_their_title(tmp_path: Path) -> None:
    for filler in range(30, 90, 2):
        texts = pages(write_dossier_file(dossier_with(filler), "pdf", tmp_path / f"p{filler}.pdf"))
        first = page_of(texts, "Petit tableau")
        assert page_of(texts, "Ligne 1 ") == first and page_of(texts, "Ligne 6 ") == first, filler
        long_rows = [text.count("Entrée ") for text in texts if "Entrée " in text]
        assert len(long_rows) > 1, "a long table still flows over pages"
        assert min(long_rows) >= MIN_ROWS_ON_A_PAGE, (filler, long_rows)


def keeps_with_next(paragraph) -> bool:  # type: ignore[no-untyped-def]
    return bool(paragraph.paragraph_format.keep_with_next or paragraph.style.paragraph_format.keep_with_next)


def test_word_keeps_titles_with_their_table_and_small_tables_whole(tmp_path: Path) -> None:
    document = docx.Document(str(write_dossier_file(dossier_with(10), "docx", tmp_path / "d.docx")))
    heading = next(p for p in document.paragraphs if p.text == "Partie" and p.style.name == "Heading 1")
    caption = next(p for p in document.paragraphs if p.text == "Petit tableau")
    assert keeps_with_next(heading) and keeps_with_next(caption)
    small, long = document.tables[-2:]
    for table in (small, long):
        assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in table.rows), "no row breaks across pages"
    for row in small.rows[:-1]:
        assert all(keeps_with_next(p) for cell in row.cells for p in cell.paragraphs)
    assert not any(keeps_with_next(p) for cell in long.rows[5].cells for p in cell.paragraphs)


def test_a_section_that_opens_on_a_small_table_keeps_its_heading_with_it(tmp_path: Path) -> None:
    """« Sources » (the table has the section's title, so no caption of its own) is never left alone at a page
    foot, whatever fills the page before it."""
    for filler in range(30, 90, 3):
        filled = Section("a", "Partie", items=[Paragraph("\n".join(f"Texte numéro {n}." for n in range(filler)))])
        sources = Section("b", "Sources", items=[Table("Sources", ["Titre", "Note"],
                                                       [[f"Source {n}", "Note"] for n in range(1, 9)])])
        facts = [LabelledValue("Date d'export", "21/11/2026")]
        dossier = Dossier(Cover("Sauts de page", "Essai", facts, date(2026, 11, 21)), [filled, sources])
        texts = pages(write_dossier_file(dossier, "pdf", tmp_path / f"s{filler}.pdf"))
        (heading,) = [n for n, text in enumerate(texts) if any(line.strip() == "Sources" for line in text.splitlines())]
        assert page_of(texts, "Source 1 ") == heading, filler
