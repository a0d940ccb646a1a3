"""The catalogue spreadsheet: written with its guide and lists, read back as the same schemes, and every bad cell,
row and file told in French."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.domain.catalogue_columns import COLUMNS, join_items, key_target, sheet_key, split_items
from app.domain.schemes import Deadline, Scheme, SchemeOrigin
from app.exports.catalogue_xlsx import CatalogueSheetError, write_catalogue_xlsx
from app.imports import incoming
from app.imports.catalogue_sheet import read_catalogue_xlsx
from app.imports.incoming import CatalogueFile, ImportFileError, incoming_id
from app.services.funding_catalogue import read_catalogue
from tests.test_funding_catalogue import full_scheme

HEADERS = [column.header for column in COLUMNS]
TYPED_ID = "0b6e0b5e-8f7e-4a55-b1d2-9a0f0e0f7a11"


def schemes() -> list[Scheme]:
    return [
        full_scheme(id=TYPED_ID, notes=""),
        Scheme(id="5d7b5c1e-1111-4a55-b1d2-9a0f0e0f7a11", name="Fonds minimal", status="ferme",
               origin=SchemeOrigin.AIDES_TERRITOIRES.value, origin_key="4242"),
        Scheme(id="x", name="Prix ; édition 2026", financers=["Fondation A ; B", "Caisse"], supports_scaling=False,
               without_money=True, kinds=["prix"], territories=["C2A004", "E200040715", "FR"],
               deadlines=[Deadline(None, "Fin du printemps"), Deadline(date(2026, 6, 1), "")],
               rate_max=Decimal("12.5"), origin=SchemeOrigin.TABLEUR.value, origin_key="prix edition 2026",
               description="  Deux lignes\nde texte  "),
    ]


def comparable(scheme: Scheme) -> Scheme:
    return replace(scheme, id="", origin="", origin_key="", parent_id="", notes="")


def write(tmp_path: Path, rows: list[Scheme] | None = None, name: str = "catalogue.xlsx") -> Path:
    return write_catalogue_xlsx(schemes() if rows is None else rows, tmp_path / name)


def edit(path: Path, changes: dict[tuple[int, str], Any], number_format: str | None = None) -> Path:
    """Set cells by (row, header) in the « Dispositifs » sheet."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Dispositifs"]
    for (row, header), value in changes.items():
        cell = sheet.cell(row, HEADERS.index(header) + 1)
        cell.value = value
        if number_format:
            cell.number_format = number_format
    workbook.save(path)
    return path


def read(path: Path) -> CatalogueFile:
    return read_catalogue_xlsx(path)


def problems(path: Path) -> list[str]:
    return [str(problem) for problem in read(path).problems]


def test_writing_then_reading_gives_the_same_schemes(tmp_path: Path) -> None:
    written = schemes()
    found = read(write(tmp_path))
    assert found.problems == []
    assert [comparable(item.scheme) for item in found.schemes] == [comparable(scheme) for scheme in written]
    assert found.origin == SchemeOrigin.TABLEUR.value and found.complete is False
    assert found.label == "Tableur « catalogue.xlsx », 3 lignes"
    keys = [item.scheme.origin_key for item in found.schemes]
    assert keys == [TYPED_ID, "aides-territoires:4242", "prix edition 2026"]
    assert [item.scheme.id for item in found.schemes] == [incoming_id("tableur", key) for key in keys]
    assert all(item.scheme.origin == "tableur" for item in found.schemes)
    assert [item.place for item in found.schemes] == ["ligne 2", "ligne 3", "ligne 4"]
    assert found.schemes[2].scheme.id == incoming_id("tableur", written[2].origin_key), \
        "a scheme from a spreadsheet keeps its id through another round"


def test_the_whole_shipped_catalogue_round_trips(tmp_path: Path) -> None:
    shipped = read_catalogue()
    found = read(write(tmp_path, shipped))
    assert found.problems == []
    assert [comparable(item.scheme) for item in found.schemes] == [comparable(scheme) for scheme in shipped]
    assert found.schemes[0].scheme.origin_key == f"catalogue:{shipped[0].origin_key}"


def test_the_key_says_which_scheme_it_is() -> None:
    assert sheet_key(Scheme(id=TYPED_ID)) == TYPED_ID
    assert sheet_key(Scheme(id="a", origin="catalogue", origin_key="avise-dla")) == "catalogue:avise-dla"
    assert sheet_key(Scheme(id="a", origin="tableur", origin_key="fonds x")) == "fonds x"
    assert key_target("catalogue:avise-dla") == ("catalogue", "avise-dla")
    assert key_target("aides-territoires:4242") == ("aides-territoires", "4242")
    assert key_target(TYPED_ID.upper()) == ("", TYPED_ID)
    assert key_target("fonds x") == ("tableur", "fonds x")
    assert key_target("AAP:2026") == ("tableur", "AAP:2026")


def test_a_separator_inside_a_value_is_doubled() -> None:
    assert join_items(["Jury ; lauréats", "Région"]) == "Jury ;; lauréats ; Région"
    assert split_items("Jury ;; lauréats ; Région ;") == ["Jury ; lauréats", "Région"]


def test_the_workbook_types_lists_and_layout(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(write(tmp_path))
    assert workbook.sheetnames == ["Dispositifs", "Mode d'emploi", "Valeurs"]
    sheet = workbook["Dispositifs"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(HEADERS)).column_letter}4"

    def cell(header: str, row: int = 2) -> Any:
        return sheet.cell(row, HEADERS.index(header) + 1)

    assert cell("Ouverture").value == datetime(2026, 1, 15) and cell("Ouverture").number_format == "DD/MM/YYYY"
    assert cell("Montant maximum").value == 30000.5 and "€" in cell("Montant maximum").number_format
    assert cell("Taux maximum").value == 0.8 and "%" in cell("Taux maximum").number_format
    assert cell("Niveau").value == "Régional"
    assert cell("Nature de l'aide").value == "Appel à projets ; Subvention"
    assert cell("Dates limites").value == "31/03/2026 1re relève ; 15/12/2026 2e relève"
    assert cell("Soutient l'essaimage").value == "Oui" and cell("Soutient l'essaimage", 3).value is None
    assert cell("Financeurs", 4).value == "Fondation A ;; B ; Caisse"
    assert cell("Identifiant", 3).value == "aides-territoires:4242"
    validations = {str(v.sqref).split(":")[0][:-1]: v for v in sheet.data_validations.dataValidation}
    level = validations[cell("Niveau").column_letter]
    assert level.type == "list" and level.formula1 == "'Valeurs'!$A$2:$A$8" and level.errorStyle == "stop"
    kinds = validations[cell("Nature de l'aide").column_letter]
    assert kinds.errorStyle == "information", "several values typed with « ; » are in no list: a warning only"
    coded = {column.header for column in COLUMNS if column.vocabulary or column.kind in ("flag", "maybe")}
    assert {sheet.cell(1, n).value for n in range(1, len(HEADERS) + 1)
            if sheet.cell(1, n).column_letter in validations} == coded
    values = workbook["Valeurs"]
    assert [c.value for c in values["A"]][:3] == ["Niveau", "Européen", "National"] and values.protection.sheet
    assert all(sheet.column_dimensions[sheet.cell(1, n).column_letter].width >= 12 for n in range(1, len(HEADERS)))


def test_the_guide_explains_every_column(tmp_path: Path) -> None:
    guide = openpyxl.load_workbook(write(tmp_path))["Mode d'emploi"]
    rows = {row[0]: row[1:] for row in guide.iter_rows(values_only=True) if row[0] in HEADERS}
    assert list(rows) == HEADERS
    assert rows["Nom"][2] == "Oui" and rows["Financeurs"][2] == "Non"
    assert "séparées par «\u00a0;\u00a0»" in rows["Bénéficiaires"][1] and "Valeurs" in rows["Bénéficiaires"][1], \
        "French spacing: « … » never breaks from its text"
    assert "JJ/MM/AAAA" in rows["Dates limites"][1] and "E200040715" in rows["Territoires couverts"][1]
    text = " ".join(str(value) for row in guide.iter_rows(values_only=True) for value in row if value)
    assert "formules" in text and "«\u00a0;;\u00a0»" in text and "fusionnez" in text


def test_text_never_becomes_a_formula_and_loses_forbidden_characters(tmp_path: Path) -> None:
    hostile = Scheme(id=TYPED_ID, name="=HYPERLINK(\"http://x\";\"y\")", description="+1\x07 bip", contact="@moi")
    path = write(tmp_path, [hostile])
    sheet = openpyxl.load_workbook(path)["Dispositifs"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == hostile.name
    [found] = read(path).schemes
    assert (found.scheme.name, found.scheme.description, found.scheme.contact) == (hostile.name, "+1 bip", "@moi")


def test_a_text_longer_than_a_cell_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(CatalogueSheetError, match=r"Fonds long.*Description.*32\u202f767"):
        write(tmp_path, [Scheme(id="a", name="Fonds long", description="x" * 40_000)])
    assert list(tmp_path.iterdir()) == []


def test_each_bad_cell_is_told_with_its_row_and_column(tmp_path: Path) -> None:
    path = edit(write(tmp_path), {
        (2, "Montant maximum"): "=1000*12",
        (2, "Ouverture"): "31/02/2026",
        (2, "Niveau"): "Mondial",
        (3, "Montant minimum"): "douze mille",
        (3, "Thématiques"): "Santé ; Sport ; Culture",
        (4, "Nom"): None,
        (4, "Soutient l'essaimage"): "peut-être",
    })
    edit(path, {(3, "Vérifié le"): 45000}, number_format="General")
    assert problems(path) == [
        ("ligne 2, colonne Niveau : « Mondial » n'est pas une valeur de la liste (voir la feuille « Valeurs », "
         "colonne Niveau)."),
        "ligne 2, colonne Montant maximum : une formule n'est pas acceptée, saisissez la valeur.",
        "ligne 2, colonne Ouverture : « 31/02/2026 » n'est pas une date (attendu : JJ/MM/AAAA).",
        ("ligne 3, colonne Thématiques : « Sport » et « Culture » ne sont pas des valeurs de la liste (voir la "
         "feuille « Valeurs », colonne Thématiques)."),
        "ligne 3, colonne Montant minimum : « douze mille » n'est pas un nombre.",
        "ligne 3, colonne Vérifié le : « 45000 » n'est pas une date (attendu : JJ/MM/AAAA).",
        "ligne 4, colonne Nom : le nom du dispositif est obligatoire.",
        "ligne 4, colonne Soutient l'essaimage : « peut-être » : répondez Oui ou Non.",
    ]
    assert read(path).schemes == [], "a row with a bad cell is not kept"


def test_an_empty_name_a_rate_out_of_range_and_the_rules_of_a_scheme(tmp_path: Path) -> None:
    path = edit(write(tmp_path), {(2, "Taux maximum"): 1.2, (3, "Nom"): "  ", (3, "Nature de l'aide"): "Prêt",
                                  (4, "Montant minimum"): 5000, (4, "Montant maximum"): 100})
    assert problems(path) == [
        "ligne 2, colonne Taux maximum : « 120 % » : un taux va de 0 à 100 %.",
        "ligne 3, colonne Nom : le nom du dispositif est obligatoire.",
        "ligne 4, colonne Montant maximum : le montant maximum est inférieur au montant minimum.",
    ]
    assert problems(edit(path, {(2, "Taux maximum"): "-5 %", (3, "Nom"): "x" * 301, (4, "Montant maximum"): None})) \
        == ["ligne 2, colonne Taux maximum : « -5 % » : un taux va de 0 à 100 %.",
            "ligne 3, colonne Nom : texte trop long (301 caractères ; au plus 300)."]


def test_values_typed_by_hand_are_read_as_the_editor_reads_them(tmp_path: Path) -> None:
    path = edit(write(tmp_path, [Scheme(id=TYPED_ID, name="Fonds")]), {
        (2, "Montant minimum"): "12 000 €", (2, "Montant maximum"): "12\u202f500,50\u00a0€",
        (2, "Taux minimum"): "20 %", (2, "Niveau"): "rÉgional",
        (2, "Bénéficiaires"): "ccas;Établissement public, services de l’État ;", (2, "Sans apport financier"): "oui",
        (2, "Territoires couverts"): "38185 ; r84 ; fr", (2, "Ouverture"): "2026-03-01", (2, "Pré-dépôt"): "01/02/2026",
        (2, "Dates limites"): datetime(2026, 5, 4), (2, "Programme"): 2026, (2, "État"): None,
        (2, "Identifiant"): None,
    })
    edit(path, {(2, "Taux maximum"): 35}, number_format="General")
    [found] = read(path).schemes
    scheme = found.scheme
    assert (scheme.amount_min, scheme.amount_max) == (Decimal(12000), Decimal("12500.50"))
    assert (scheme.rate_min, scheme.rate_max) == (Decimal(20), Decimal(35)), "35 in a plain cell is 35 %"
    edit(path, {(2, "Taux maximum"): 35}, number_format="0 %")
    assert problems(path) == ["ligne 2, colonne Taux maximum : « 3\u202f500 % » : un taux va de 0 à 100 %."], \
        "35 in a percentage cell shows 3 500 %"
    assert (scheme.level, scheme.audiences, scheme.without_money) == ("regional", ["ccas", "public-org"], True)
    assert scheme.territories == ["C38185", "R84", "FR"]
    assert (scheme.opens_on, scheme.predeposit_on) == (date(2026, 3, 1), date(2026, 2, 1))
    assert scheme.deadlines == [Deadline(date(2026, 5, 4))]
    assert (scheme.programme, scheme.status) == ("2026", "ouvert")
    assert scheme.origin_key == "fonds" and scheme.id == incoming_id("tableur", "fonds")
    assert found.raw is not None and found.raw["Dates limites"] == "2026-05-04" and found.raw["Programme"] == 2026


def test_a_bad_territory_a_deadline_and_an_error_value(tmp_path: Path) -> None:
    path = edit(write(tmp_path), {(2, "Territoires couverts"): "R84 ; Isère", (3, "Dates limites"): "3I/02/2026 ; "
                                  "2026-13-01 2e relève", (4, "Montant minimum"): "#N/A"})
    workbook = openpyxl.load_workbook(path)
    workbook["Dispositifs"].cell(4, HEADERS.index("Montant minimum") + 1).data_type = "e"
    workbook.save(path)
    found = problems(path)
    assert found[0].startswith("ligne 2, colonne Territoires couverts : « Isère » n'est pas un code de territoire")
    assert found[1:] == [
        "ligne 3, colonne Dates limites : « 2026-13-01 » n'est pas une date (attendu : JJ/MM/AAAA).",
        "ligne 4, colonne Montant minimum : la cellule affiche une erreur (#N/A) : saisissez la valeur.",
    ]


def test_blank_rows_are_skipped_and_a_key_used_twice_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, [Scheme(id=TYPED_ID, name="Fonds A"), Scheme(id="b", name="Fonds B")])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Dispositifs"]
    sheet.insert_rows(3, 2)
    sheet.cell(4, 2).value = "   "
    sheet.cell(5, len(HEADERS)).value = None
    for row, (name, key) in enumerate([("Fonds C", TYPED_ID), ("fonds b", None), ("Fonds B", "")], start=6):
        sheet.cell(row, 1).value = name
        sheet.cell(row, len(HEADERS)).value = key
    workbook.save(path)
    found = read(path)
    assert [item.place for item in found.schemes] == ["ligne 2", "ligne 5"]
    assert [str(problem) for problem in found.problems] == [
        (f"ligne 6, colonne Identifiant : la ligne 2 porte déjà l'identifiant « {TYPED_ID} » : une ligne par "
         "dispositif."),
        "ligne 7, colonne Nom : la ligne 5 porte déjà ce nom, sans identifiant : une ligne par dispositif.",
        "ligne 8, colonne Nom : la ligne 5 porte déjà ce nom, sans identifiant : une ligne par dispositif.",
    ]
    assert found.label == "Tableur « catalogue.xlsx », 5 lignes"


def test_a_sheet_without_the_key_column_keys_on_names(tmp_path: Path) -> None:
    path = write(tmp_path, [Scheme(id=TYPED_ID, name="Appel à projets « Innovation »")])
    workbook = openpyxl.load_workbook(path)
    workbook["Dispositifs"].delete_cols(len(HEADERS))
    workbook.save(path)
    [found] = read(path).schemes
    assert found.scheme.origin_key == "appel a projets innovation"
    assert "Identifiant" not in (found.raw or {})


def test_merged_cells_refuse_the_rows_they_cover(tmp_path: Path) -> None:
    path = write(tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["Dispositifs"].merge_cells("C3:D4")
    workbook.save(path)
    found = read(path)
    assert [str(problem) for problem in found.problems] == [
        ("ligne 3, colonne Financeurs : cellules fusionnées (C3:D4) : défusionnez-les et saisissez la valeur dans "
         "chaque cellule.")]
    assert [item.place for item in found.schemes] == ["ligne 2"]
    workbook["Dispositifs"].merge_cells("A1:B1")
    workbook.save(path)
    with pytest.raises(ImportFileError, match=r"en-têtes .* fusionnées \(A1:B1\)"):
        read(path)


def test_a_hidden_data_sheet_is_refused_and_another_hidden_sheet_ignored(tmp_path: Path) -> None:
    path = write(tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["Valeurs"].sheet_state = "hidden"
    workbook.save(path)
    found = read(path)
    assert len(found.schemes) == 3
    assert found.label == "Tableur « catalogue.xlsx », 3 lignes (feuille masquée non lue : « Valeurs »)"
    workbook["Dispositifs"].sheet_state = "veryHidden"
    workbook.active = 1
    workbook.save(path)
    with pytest.raises(ImportFileError, match="« Dispositifs » est masquée : un classeur qui cache"):
        read(path)


def test_files_that_are_no_catalogue_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    csv = tmp_path / "dispositifs.xlsx"
    csv.write_text("Nom;Financeurs\nFonds;Région\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"« dispositifs.xlsx » n'est pas un classeur Excel \(.xlsx\)"):
        read(csv)
    archive = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("lisez-moi.txt", "rien")
    with pytest.raises(ImportFileError, match="n'est pas un classeur Excel"):
        read(archive)
    good = write(tmp_path)
    broken = tmp_path / "abime.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, b"<pas du xml" if entry.filename == "xl/workbook.xml" else source.read(entry))
    with pytest.raises(ImportFileError, match="endommagé ou d'un format inconnu"):
        read(broken)
    with pytest.raises(ImportFileError, match="ne peut pas être lu"):
        read(tmp_path / "absent.xlsx")
    renamed = good.rename(tmp_path / "catalogue.bin")
    assert len(read(renamed).schemes) == 3, "the content decides, not the name"
    monkeypatch.setattr(incoming, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(ImportFileError, match=r"trop gros \(.* Mo ; au plus 0,0 Mo\) : rien n'a été importé"):
        read(renamed)


def test_an_archive_that_swells_when_unpacked_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path)
    unpacked = sum(entry.file_size for entry in zipfile.ZipFile(path).infolist())
    monkeypatch.setattr(incoming, "MAX_IMPORT_BYTES", (path.stat().st_size + unpacked) // 2)
    with pytest.raises(ImportFileError, match="trop gros une fois décompressé"):
        read(path)


def test_a_workbook_without_the_sheet_or_its_headers(tmp_path: Path) -> None:
    path = write(tmp_path)
    workbook = openpyxl.load_workbook(path)
    workbook["Dispositifs"].title = "Feuil1"
    workbook.save(path)
    with pytest.raises(ImportFileError, match="n'a pas de feuille « Dispositifs »"):
        read(path)
    workbook["Feuil1"].title = "dispositifs"
    sheet = workbook["dispositifs"]
    sheet.cell(1, HEADERS.index("Montant minimum") + 1).value = "Montant"
    sheet.cell(1, HEADERS.index("Contact") + 1).value = None
    workbook.save(path)
    with pytest.raises(ImportFileError, match="il y manque « Montant minimum » et « Contact »"):
        read(path)
    sheet.cell(1, HEADERS.index("Montant minimum") + 1).value = "montant MINIMUM"
    sheet.cell(1, HEADERS.index("Contact") + 1).value = "Contact"
    sheet.cell(1, len(HEADERS) + 1).value = "Nom"
    workbook.save(path)
    with pytest.raises(ImportFileError, match=r"« Nom » figure deux fois .* \(colonnes A et AJ\)"):
        read(path)
    sheet.cell(1, len(HEADERS) + 1).value = "Remarques"
    sheet.cell(2, len(HEADERS) + 1).value = "à revoir"
    workbook.save(path)
    found = read(path)
    assert len(found.schemes) == 3 and found.schemes[0].raw is not None
    assert found.schemes[0].raw["Remarques"] == "à revoir" and found.schemes[0].raw["Montant minimum"] == 5000


def test_no_spreadsheet_library_is_loaded_until_a_file_is_written_or_read() -> None:
    probe = ("import sys, app.exports.catalogue_xlsx, app.imports.catalogue_sheet; "
             "print('openpyxl' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).resolve().parent.parent,
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
