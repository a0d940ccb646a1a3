"""Dossier tables as a funder reads them: no word cut across lines, in the PDF and in Word."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from app.domain.document import LabelledValue, Section, Table
from app.domain.dossier import Cover, Dossier
from app.exports.dossier_files import write_dossier_file
from app.exports.table_layout import table_layout
from tests.office import convert

AVOIDED = Table("Coûts évités", ["Ce qui est évité", "Pour qui", "Montant par an (€)", "Estimation", "Confiance",
                                 "Portée"],
                [["Nuitées d'hôtel évitées grâce au relogement", "Ménages accompagnés", "12 000,00 €",
                  "Estimation du service à partir des situations suivies", "Moyenne", "Par site"],
                 ["Impayés d'énergie", "Fournisseurs", "4 500,00 €", "Hypothèse de l'équipe", "Faible", "Unique"]],
                (2,))
INDICATORS = Table("Indicateurs", ["Indicateur", "Unité", "Départ", "Cible", "Mesure", "Date"],
                   [["Personnes accompagnées vers l'emploi durable dans l'intercommunalité",
                     "salariés en contrat à durée indéterminée", "0", "150", "112", "31/12/2024"]],
                   (2, 3, 4))
WIDE = Table("Tableau de bord", ["Accompagnement", "Intercommunalité", "Expérimentation", "Professionnalisation",
                                 "Reconnaissance", "Départementalisation"],
             [["Oui", "Communauté", "2024", "Formation", "Labellisation", "Conventionnement"]])
LINKS = Table("Sources", ["Titre", "Lien", "Note"],
              [["Rapport", "https://exemple.invalid/" + "chemin-tres-long/" * 12, "Consulté en 2024"]])
TABLES = [AVOIDED, INDICATORS, WIDE, LINKS]


def tables_dossier() -> Dossier:
    section = Section("tableaux", "Tableaux", items=list(TABLES))
    facts = [LabelledValue("Date d'export", "21/11/2026")]
    return Dossier(Cover("Tableaux", "Essai de mise en page", facts, date(2026, 11, 21)), [section])


def layout_words(pdf: Path) -> set[str]:
    done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True)
    return set(done.stdout.split())


def split_header_words(words: set[str]) -> list[str]:
    return [word for table in TABLES for header in table.headers for word in header.split() if word not in words]


def test_no_header_word_is_cut_in_the_pdf(tmp_path: Path) -> None:
    path = write_dossier_file(tables_dossier(), "pdf", tmp_path / "tableaux.pdf")
    assert split_header_words(layout_words(path)) == []


@pytest.mark.slow
def test_no_header_word_is_cut_in_word(tmp_path: Path) -> None:
    path = write_dossier_file(tables_dossier(), "docx", tmp_path / "tableaux.docx")
    assert split_header_words(layout_words(convert(path, "pdf", tmp_path / "converti"))) == []


@pytest.mark.parametrize("table", TABLES, ids=[table.title for table in TABLES])
def test_columns_fill_the_width_and_are_never_narrower_than_a_header_word(table: Table) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.exports.pdf_fonts import BOLD

    layout = table_layout(table, 481.9)
    assert sum(layout.widths) == pytest.approx(481.9)
    for header, width in zip(table.headers, layout.widths, strict=True):
        assert all(stringWidth(word, BOLD, layout.font_size) + 12 <= width for word in header.split()), header


def test_a_table_too_wide_for_its_header_words_gets_a_smaller_font() -> None:
    assert table_layout(AVOIDED, 481.9).font_size == 8.5
    assert table_layout(WIDE, 481.9).font_size < 8.5


def test_word_cells_have_room_above_and_below_their_text(tmp_path: Path) -> None:
    import docx

    document = docx.Document(str(write_dossier_file(tables_dossier(), "docx", tmp_path / "marges.docx")))
    for table in document.tables[1:]:
        properties = table._tbl.tblPr
        assert properties.xpath("./w:tblCellMar/w:top") and properties.xpath("./w:tblCellMar/w:bottom")


def test_an_amount_is_never_cut_at_its_thousands_separator(tmp_path: Path) -> None:
    """« 14 000,00 € » (narrow no-break spaces) stays on one line of its cell, even beside a long text column."""
    amount = "14\u202f000,00\u00a0€"
    table = Table("Temps agent de fonctionnement", ["Rôle", "Jours par an", "Coût journalier (€)", "Portée",
                                                    "Origine du chiffre", "Coût annuel"],
                  [["Animation des ateliers et du jury", "40", "350,00\u00a0€", "Par site",
                    "Illustrative (Hypothèse d'Essaim : la source ne chiffre pas le temps d'animation)", amount]],
                  (1, 2, 5))
    facts = [LabelledValue("Date d'export", "21/11/2026")]
    dossier = Dossier(Cover("Montants", "Essai", facts, date(2026, 11, 21)), [Section("s", "Partie", items=[table])])
    pdf = write_dossier_file(dossier, "pdf", tmp_path / "montants.pdf")
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "14\u202f000,00\u00a0€" in text or "14 000,00 €" in text.replace("\u202f", " ").replace("\u00a0", " ")
