"""The dossier: its model, the three writers, file names, cancelling, and `essaim export dossier`."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from app.__main__ import main
from app.domain.document import LabelledValue, Table
from app.domain.economics import Block, GridLine, Scenario, indicator_labels
from app.domain.fiche import FicheData, Indicator, Partner, Source, Step
from app.domain.fiche_search import FicheQuery
from app.domain.grid_sections import LEGEND_TITLE
from app.exports.dossier_files import FORMATS, ExportCancelled, dossier_file_name, safe_file_name, write_dossier_file
from app.exports.grid_workbook import SUMMARY
from app.services import examples, fiches, grid
from app.services.dossier import DossierOptions, build_dossier
from app.services.dossier_export import ExportExistsError, ExportRequest, export_dossier
from app.services.errors import NotFoundError
from app.storage.store import Store
from tests.dossier_reading import docx_text, missing, normalise, pdf_text, xlsx_text
from tests.fiche_factory import full_fiche
from tests.office import convert

EXPORT_DAY = date(2026, 11, 21)
OPTIONS = DossierOptions(exported_on=EXPORT_DAY)
READERS = {"docx": docx_text, "xlsx": xlsx_text, "pdf": pdf_text}


def richest_example(store: Store) -> str:
    """The example fiche whose dossier holds the most items."""
    examples.load_examples(store)
    ids = [summary.id for summary in fiches.search(store, FicheQuery())]
    return max(ids, key=lambda fiche_id: sum(len(s.items) for s in build_dossier(store, fiche_id).sections))


def minimal_fiche(store: Store) -> str:
    fiche = FicheData(id=str(uuid.uuid4()), title="Fiche minimale", structure_name="CCAS de Test")
    fiches.save(store, fiche)
    return fiche.id


HOSTILE_TITLE = '=HYPERLINK("http://exemple.invalid","clic")'
LONG_TEXT = " ".join(f"mot{n}" for n in range(10_000))[:50_000]


def hostile_fiche(store: Store) -> str:
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.title = HOSTILE_TITLE
    fiche.summary = "<b>unclosed & <i>balise</b> \x01\x02\x1b fin"
    fiche.need = LONG_TEXT
    fiche.steps = [Step("@SUM(A1:A9)"), Step("+33 6 00 00 00 00"), Step("-2+3")]
    fiche.partners = [Partner("Tom & Jerry <SARL>", "association", "financier", LONG_TEXT, "emergence")]
    fiche.indicators = [Indicator("=1+1", "€", Decimal("1"), None, None, None)]
    fiche.sources = [Source("Lien très long", "https://exemple.invalid/" + "x" * 5_000, "]]> </w:t>")]
    fiches.save(store, fiche)
    grid.save(store, Scenario(id=str(uuid.uuid4()), fiche_id=fiche.id, name="=cmd|' /C calc'!A0", lines=[
        GridLine(Block.MONTAGE.value, "<script>", days=Decimal(3), daily_cost=Decimal(250))]))
    return fiche.id


# -- the model -------------------------------------------------------------------------------------

def test_cover_gives_title_porteur_territory_stage_and_date(store: Store) -> None:
    fiche = full_fiche(str(uuid.uuid4()))
    fiches.save(store, fiche)
    cover = build_dossier(store, fiche.id, OPTIONS).cover
    facts = {fact.label: fact.value for fact in cover.facts}
    assert cover.title == "Épicerie sociale itinérante"
    assert facts["Porteur"] == "CIAS du Pays de Bray (CIAS)"
    assert facts["Territoire"] == "Forges-les-Eaux (INSEE 76276), Seine-Maritime, Normandie"
    assert facts["Stade"] == "Consolidée"
    assert facts["Date d'export"] == "21/11/2026"


def test_empty_optional_fields_are_left_out(store: Store) -> None:
    dossier = build_dossier(store, minimal_fiche(store), OPTIONS)
    assert [section.key for section in dossier.sections] == ["identite", "porteur"]
    values = [item for section in dossier.sections for item in section.items if isinstance(item, LabelledValue)]
    assert values and all(item.value.strip() for item in values)
    assert [fact.label for fact in dossier.cover.facts] == ["Porteur", "Date d'export"]


def test_parts_and_personal_data_options(store: Store) -> None:
    fiche = full_fiche(str(uuid.uuid4()))
    fiches.save(store, fiche)
    grid.create(store, fiche.id, "Base", 100)
    chosen = build_dossier(store, fiche.id, DossierOptions(parts=frozenset({"identite", "modele"})))
    assert [s.key for s in chosen.sections] == ["identite", "modele", "modele-1"]
    assert chosen.scenarios and chosen.scenarios[0].name == "Base"
    without_grid = build_dossier(store, fiche.id, DossierOptions(parts=frozenset({"porteur"})))
    assert without_grid.scenarios == []
    tables = lambda dossier: [i.title for s in dossier.sections for i in s.items if isinstance(i, Table)]  # noqa: E731
    assert "Contacts (données personnelles)" in tables(build_dossier(store, fiche.id))
    assert "Contacts (données personnelles)" not in tables(
        build_dossier(store, fiche.id, DossierOptions(include_personal=False)))


def test_grid_part_holds_indicators_charts_and_blocks_in_french_formats(store: Store) -> None:
    fiche = full_fiche(str(uuid.uuid4()))
    fiches.save(store, fiche)
    grid.save(store, Scenario(id=str(uuid.uuid4()), fiche_id=fiche.id, name="Base", horizon_years=2,
                              beneficiaries_per_year=10, learning_discount=Decimal("0.125"), lines=[
        GridLine(Block.MONTAGE.value, "Chef de projet", days=Decimal(10), daily_cost=Decimal("123.45")),
        GridLine(Block.COUTS_EVITES.value, "Hospitalisation", amount=Decimal(1000))]))
    sections = {s.key: s for s in build_dossier(store, fiche.id).sections}
    scenario = sections["modele-1"]
    values = {i.label: i.value for i in scenario.items if isinstance(i, LabelledValue)}
    assert values["Remise d'apprentissage par site"] == "12,5\u00a0%"
    tables = {i.title: i for i in scenario.items if isinstance(i, Table)}
    indicators = dict(tables["Indicateurs"].rows)
    assert indicators["Coût de montage"] == "1\u202f234,50\u00a0€"
    assert tables["Temps agent de montage"].rows == [
        ["Chef de projet", "10", "123,45\u00a0€", "Unique", "1\u202f234,50\u00a0€"]]
    assert {type(i).__name__ for i in scenario.items} >= {"BarChart", "LineChart"}


def test_the_grid_part_says_once_how_each_indicator_is_computed(store: Store) -> None:
    fiche = full_fiche(str(uuid.uuid4()))
    fiches.save(store, fiche)
    grid.create(store, fiche.id, "Base", 100)
    grid.create(store, fiche.id, "Variante", 100)
    sections = build_dossier(store, fiche.id, OPTIONS).sections
    legends = [item for s in sections for item in s.items if isinstance(item, Table) and item.title == LEGEND_TITLE]
    assert len(legends) == 1 and legends[0].headers == ["Indicateur", "Calcul"]
    formulas = dict(legends[0].rows)
    assert formulas["Coût par bénéficiaire"].startswith("Coût total divisé par le nombre de bénéficiaires")
    assert formulas["Reste à charge de la structure"] == "Coût total moins les financements exceptionnels acquis."
    assert len(formulas) == len(indicator_labels())


def three_scenarios(store: Store) -> tuple[str, list[Scenario]]:
    """A full fiche with three scenarios whose names no other text of the dossier holds."""
    fiche = full_fiche(str(uuid.uuid4()))
    fiches.save(store, fiche)
    made = [grid.save(store, Scenario(id=str(uuid.uuid4()), fiche_id=fiche.id, name=name, lines=[
        GridLine(Block.MONTAGE.value, "Chef de projet", days=Decimal(days), daily_cost=Decimal(300))]))
        for name, days in (("Site pilote de Forges", 10), ("Reprise par Gournay", 17), ("Extension au canton", 23))]
    return fiche.id, made


@pytest.mark.parametrize("format_key", list(FORMATS))
def test_only_the_chosen_scenarios_go_into_the_dossier(store: Store, tmp_path: Path, format_key: str) -> None:
    fiche_id, (pilot, _taken_over, extension) = three_scenarios(store)
    options = DossierOptions(scenario_ids=frozenset({pilot.id, extension.id}), exported_on=EXPORT_DAY)
    dossier = build_dossier(store, fiche_id, options)
    assert [scenario.name for scenario in dossier.scenarios] == ["Site pilote de Forges", "Extension au canton"]
    text = READERS[format_key](write_dossier_file(dossier, format_key, tmp_path / f"d{FORMATS[format_key].suffix}"))
    assert "Site pilote de Forges" in text and "Extension au canton" in text
    assert "6 900,00 €" in text, "the set-up cost of a chosen scenario (23 × 300 €)"
    assert "Reprise par Gournay" not in text and "5 100,00" not in text, "nor the other's name or set-up cost"


def test_no_scenario_chosen_leaves_the_grid_out_and_a_vanished_one_is_said(store: Store) -> None:
    fiche_id, (pilot, _taken_over, _extension) = three_scenarios(store)
    none = build_dossier(store, fiche_id, DossierOptions(scenario_ids=frozenset()))
    assert none.scenarios == [] and not any(s.key.startswith("modele") for s in none.sections)
    grid.delete(store, pilot.id)
    with pytest.raises(NotFoundError, match="Un scénario choisi pour le dossier n'existe plus"):
        build_dossier(store, fiche_id, DossierOptions(scenario_ids=frozenset({pilot.id})))


# -- the writers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("format_key", list(FORMATS))
@pytest.mark.parametrize("which", ["richest", "minimal"])
def test_each_writer_holds_every_title_and_value(store: Store, tmp_path: Path, format_key: str, which: str) -> None:
    fiche_id = richest_example(store) if which == "richest" else minimal_fiche(store)
    dossier = build_dossier(store, fiche_id, OPTIONS)
    path = write_dossier_file(dossier, format_key, tmp_path / f"dossier{FORMATS[format_key].suffix}")
    text = READERS[format_key](path)
    assert missing(dossier, text, with_charts=format_key != "docx") == []
    if which == "richest":
        assert any(s.key == "modele" for s in dossier.sections)


def test_docx_has_heading_styles_repeated_headers_and_page_numbers(store: Store, tmp_path: Path) -> None:
    dossier = build_dossier(store, richest_example(store), OPTIONS)
    path = write_dossier_file(dossier, "docx", tmp_path / "d.docx")
    document = docx.Document(str(path))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Partenaires") in headings and ("Heading 1", "Modèle économique") in headings
    assert any(style == "Heading 2" and text.startswith("Scénario") for style, text in headings)
    for table in document.tables[1:]:
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader"), "every data table repeats its header row"
    footer_xml = document.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert (round(document.sections[0].page_width.cm, 1) == 21.0
            and round(document.sections[0].page_height.cm, 1) == 29.7)
    assert document.inline_shapes, "the charts are pictures in the document"


def test_xlsx_holds_the_fiche_sheet_and_the_grid_with_formulas(store: Store, tmp_path: Path) -> None:
    fiche_id = richest_example(store)
    scenario = grid.scenarios(store, fiche_id)[0]
    grid.duplicate(store, scenario, "Variante")
    dossier = build_dossier(store, fiche_id, OPTIONS)
    workbook = openpyxl.load_workbook(write_dossier_file(dossier, "xlsx", tmp_path / "d.xlsx"))
    assert workbook.sheetnames[0] == "Fiche"
    first = workbook.sheetnames[1]
    assert first.startswith(f"{SUMMARY} – ") and f"{SUMMARY} – Variante" in workbook.sheetnames, "named by scenario"
    assert str(workbook[first]["B15"].value).startswith("=")
    assert "'Montage – Variante'!" in workbook[f"{SUMMARY} – Variante"]["B11"].value


def test_pdf_has_bookmarks_fonts_and_page_numbers(store: Store, tmp_path: Path) -> None:
    from pypdf import PdfReader

    dossier = build_dossier(store, richest_example(store), OPTIONS)
    path = write_dossier_file(dossier, "pdf", tmp_path / "d.pdf")
    reader = PdfReader(str(path))
    outline = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert [s.title for s in dossier.sections if s.level == 1] == outline
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        for name, font in page["/Resources"]["/Font"].items():
            if f"{name} " in content:  # every font that draws text is embedded
                assert "/FontFile2" in font.get_object().get("/FontDescriptor", {}), font
    text = pdf_text(path)
    assert f"Page 2 sur {len(reader.pages)}" in text and "Exporté le 21/11/2026" in text


def test_french_typography_survives_in_the_pdf(store: Store, tmp_path: Path) -> None:
    fiche = FicheData(id=str(uuid.uuid4()), title="L’œuvre « solidaire » : 1\u202f234,50\u00a0€",
                      structure_name="CCAS d’Évreux")
    fiches.save(store, fiche)
    path = write_dossier_file(build_dossier(store, fiche.id, OPTIONS), "pdf", tmp_path / "t.pdf")
    text = pdf_text(path)
    assert "L’œuvre « solidaire » : 1 234,50 €" in text and "CCAS d’Évreux" in text


def test_hostile_text_gives_valid_files_with_text_never_formulas(store: Store, tmp_path: Path) -> None:
    dossier = build_dossier(store, hostile_fiche(store), OPTIONS)
    paths = {key: write_dossier_file(dossier, key, tmp_path / f"h{FORMATS[key].suffix}") for key in FORMATS}
    for key, path in paths.items():
        text = READERS[key](path)
        assert "<b>unclosed & <i>balise</b>" in text, key
        assert normalise(LONG_TEXT[:300]) in text and normalise(LONG_TEXT[-300:]) in text, key
    workbook = openpyxl.load_workbook(paths["xlsx"])
    title = workbook["Fiche"]["A1"]
    assert title.value == HOSTILE_TITLE and title.data_type == "s"
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    typed = {"@SUM(A1:A9)", "+33 6 00 00 00 00", "-2+3", "=1+1", HOSTILE_TITLE}
    assert typed <= {cell.value for cell in cells if cell.data_type == "s"}
    assert all(len(cell.value) <= 32_767 for cell in cells)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["richest", "hostile"])
def test_libreoffice_opens_the_word_and_excel_files(store: Store, tmp_path: Path, which: str) -> None:
    fiche_id = richest_example(store) if which == "richest" else hostile_fiche(store)
    dossier = build_dossier(store, fiche_id, OPTIONS)
    for key in ("docx", "xlsx"):
        path = write_dossier_file(dossier, key, tmp_path / f"{which}{FORMATS[key].suffix}")
        converted = convert(path, "pdf", tmp_path / f"converti-{key}")
        assert dossier.cover.title[:20] in pdf_text(converted)


# -- files, cancel, command line -----------------------------------------------------------------

def test_file_names_are_safe_and_dated() -> None:
    assert dossier_file_name("Garage : réparer/vendre?", date(2026, 11, 21), "pdf") == \
        "Garage - réparer vendre - dossier - 2026-11-21.pdf"
    assert safe_file_name("CON") == "fiche CON"
    assert safe_file_name(' <>:"|?* ') == "fiche"
    long_name = safe_file_name("mot " * 40)
    assert len(long_name) <= 80 and not long_name.endswith(" ")


def test_export_writes_every_format_and_refuses_to_overwrite(store: Store, tmp_path: Path) -> None:
    fiche_id = minimal_fiche(store)
    request = ExportRequest(fiche_id, tuple(FORMATS), tmp_path / "sortie", OPTIONS)
    written = export_dossier(store, request)
    assert [p.suffix for p in written] == [".docx", ".xlsx", ".pdf"] and all(p.stat().st_size > 0 for p in written)
    before = {p: p.read_bytes() for p in written}
    with pytest.raises(ExportExistsError) as refused:
        export_dossier(store, request)
    assert "existent déjà" in str(refused.value)
    assert {p: p.read_bytes() for p in written} == before
    assert export_dossier(store, ExportRequest(fiche_id, ("pdf",), tmp_path / "sortie", OPTIONS, replace=True))


def test_an_export_is_logged_with_its_fiche_formats_and_files(store: Store, tmp_path: Path,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    fiche_id = minimal_fiche(store)
    with caplog.at_level(logging.INFO, logger="app.services.dossier_export"):
        written = export_dossier(store, ExportRequest(fiche_id, ("docx", "pdf"), tmp_path / "journal", OPTIONS))
    [record] = [r for r in caplog.records if r.name == "app.services.dossier_export"]
    assert record.levelno == logging.INFO
    message = record.getMessage()
    assert fiche_id in message and "docx, pdf" in message and all(str(path) in message for path in written)


def test_the_main_window_loads_no_writer_library() -> None:
    """python-docx, openpyxl and reportlab are imported when a file is written, not at start."""
    probe = ("import sys, app.gui.main_window; "
             "print(sorted(m for m in ('docx', 'openpyxl', 'reportlab') if m in sys.modules))")
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "[]"


def test_cancelling_leaves_no_file_behind(store: Store, tmp_path: Path) -> None:
    fiche_id = richest_example(store)
    folder = tmp_path / "annule"
    calls: list[float] = []

    def cancel_in_second_format(done: float) -> None:
        calls.append(done)
        if done > 0.4:
            raise ExportCancelled()

    with pytest.raises(ExportCancelled):
        export_dossier(store, ExportRequest(fiche_id, ("xlsx", "pdf"), folder, OPTIONS), cancel_in_second_format)
    assert calls and list(folder.iterdir()) == []


def test_cli_export_dossier(store: Store, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fiche_id = richest_example(store)
    contacts = [contact.name for contact in fiches.load(store, fiche_id).contacts]
    store.close()
    target = tmp_path / "dossier.pdf"
    base = ["--data-dir", str(data_dir), "export", "dossier", fiche_id[:8]]
    assert main([*base, "--format", "pdf", "-o", str(target), "--without-personal-data"]) == 0
    assert "Dossier écrit" in capsys.readouterr().out and target.stat().st_size > 0
    assert contacts and not any(name in pdf_text(target) for name in contacts)
    written = target.read_bytes()
    assert main([*base, "--format", "pdf", "-o", str(target)]) == 1
    assert "--overwrite" in capsys.readouterr().err and target.read_bytes() == written
    assert main([*base, "--format", "all", "-o", str(tmp_path / "tous")]) == 0
    assert sorted(p.suffix for p in (tmp_path / "tous").iterdir()) == [".docx", ".pdf", ".xlsx"]
    with pytest.raises(SystemExit) as usage:
        main([*base, "--parts", "inconnue", "-o", str(tmp_path / "x")])
    assert usage.value.code == 2
    assert main(["--data-dir", str(data_dir), "export", "dossier", "ffffffff", "-o", str(tmp_path / "y")]) == 1



def test_cli_export_dossier_with_chosen_scenarios(store: Store, data_dir: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    fiche_id, (_pilot, taken_over, _extension) = three_scenarios(store)
    store.close()
    target = tmp_path / "dossier.pdf"
    base = ["--data-dir", str(data_dir), "export", "dossier", fiche_id[:8], "--format", "pdf", "-o", str(target)]
    assert main([*base, "--scenario", "Site pilote de Forges", "--scenario", taken_over.id[:8]]) == 0
    text = pdf_text(target)
    assert "Site pilote de Forges" in text and "Reprise par Gournay" in text and "Extension au canton" not in text
    capsys.readouterr()
    assert main([*base, "--overwrite", "--scenario", "Site pilote", "--scenario", "Extension au canton"]) == 1
    assert capsys.readouterr().err.strip().endswith(
        "Aucun scénario « Site pilote » pour cette fiche (scénarios de la fiche : « Site pilote de Forges », "
        "« Reprise par Gournay », « Extension au canton »).")
    assert "Reprise par Gournay" in pdf_text(target), "nothing was written"
    assert main([*base, "--overwrite", "--parts", "identite", "--scenario", "Extension au canton"]) == 1
    assert "la partie « modele » n'est pas dans --parts" in capsys.readouterr().err
    assert main([*base, "--overwrite"]) == 0
    assert "Extension au canton" in pdf_text(target) and "Reprise par Gournay" in pdf_text(target), "all by default"


def test_no_line_of_the_pdf_or_word_dossier_breaks_after_an_opening_guillemet(store: Store, tmp_path: Path) -> None:
    quoted = " ".join(f"le dispositif « {word} » a aidé" for word in ("Toit", "Mobilité", "Répit", "Jardin") * 12)
    fiche = FicheData(id=str(uuid.uuid4()), title="Guillemets", structure_name="CCAS", summary=quoted)
    fiches.save(store, fiche)
    dossier = build_dossier(store, fiche.id, OPTIONS)
    pdf = write_dossier_file(dossier, "pdf", tmp_path / "g.pdf")
    lines = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert sum("«" in line for line in lines) > 10
    assert not [line for line in lines if line.rstrip().endswith("«") or line.lstrip().startswith("»")]
    word = write_dossier_file(dossier, "docx", tmp_path / "g.docx")
    summary = next(p.text for p in docx.Document(str(word)).paragraphs if "Toit" in p.text)
    assert "«\u00a0Toit\u00a0»" in summary
