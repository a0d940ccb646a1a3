"""The national `dispositif-aide` schema: schemes written as CSV and JSON in its field order and codes, read back,
and each bad record or file told in French."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.dispositif_aide_schema import FIELDS, cog_code, essaim_territory
from app.domain.schemes import Deadline, Scheme
from app.exports.dispositif_aide import DispositifAideFormatError, dispositif_record, write_dispositif_aide
from app.imports import incoming
from app.imports.dispositif_aide import read_dispositif_aide
from app.imports.incoming import CatalogueFile, ImportFileError, incoming_id
from app.services.funding_catalogue import read_catalogue
from tests.test_funding_catalogue import full_scheme

TODAY = date(2026, 11, 26)
UUID = "65d5b6c7-102c-4440-ac3b-768f708edc0a"
PUBLIC = ["ccas", "cias", "commune", "epci", "department", "region", "special", "public-org", "public-cies"]
CIBLES = re.compile(r"^(professionnels|particuliers|associations|secteur public)(\|(professionnels|particuliers|"
                    r"associations|secteur public))*$")
COG = re.compile(r"^[A-Z]+-\d+(\|[A-Z]+-\d+)*$")


def carried() -> Scheme:
    """A scheme holding only what the schema carries, in the values it reads back."""
    return Scheme(
        id=UUID, name="Appel « Solidarités » 2026", financers=["Région Auvergne-Rhône-Alpes", "Caisse"],
        instructors=["Caisse", "DDETS"], programme="Plan pauvreté ; Fonds vert 2024",
        kinds=["subvention", "accompagnement", "ingenierie", "formation", "pret", "reseau", "label"],
        audiences=[*PUBLIC, "association", "private-sector", "farmer", "private-person"],
        territories=["FR", "R84", "D38", "D2A", "E200040715", "C38185", "C2A004"], opens_on=date(2026, 1, 15),
        deadlines=[Deadline(date(2026, 3, 31))], description="Soutient l'innovation sociale.\n\nDeux paragraphes.",
        eligibility="• Être un CCAS\n• Porter un projet", source_url="https://example.org/aap",
        checked_on=date(2026, 11, 2))


def comparable(scheme: Scheme) -> Scheme:
    return replace(scheme, id="", origin="", origin_key="")


def read(path: Path) -> CatalogueFile:
    return read_dispositif_aide(path)


def problems(path: Path) -> list[str]:
    return [str(problem) for problem in read(path).problems]


def csv_file(tmp_path: Path, *rows: dict[str, str], separator: str = ",", encoding: str = "utf-8",
             fields: tuple[str, ...] = FIELDS) -> Path:
    path = tmp_path / "dispositifs.csv"
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=fields, delimiter=separator, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(**values: str) -> dict[str, str]:
    return {"id": UUID, "titre": "Fonds", "date_mise_a_jour": "2026-05-04T10:00:00Z", **values}


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_what_the_schema_carries_comes_back_the_same(tmp_path: Path, suffix: str) -> None:
    written = carried()
    found = read(write_dispositif_aide([written], tmp_path / f"dispositifs.{suffix}", today=TODAY))
    assert found.problems == []
    [item] = found.schemes
    assert comparable(item.scheme) == comparable(written)
    assert (item.scheme.origin, item.scheme.origin_key, item.scheme.id) == ("tableur", UUID,
                                                                            incoming_id("tableur", UUID))
    assert item.updated == datetime(2026, 11, 2, tzinfo=UTC) and item.place == ("ligne 2" if suffix == "csv"
                                                                                 else "élément 1")
    assert found.complete is False and found.origin == "tableur"


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_the_shipped_catalogue_written_read_and_written_again_gives_the_same_file(tmp_path: Path,
                                                                                  suffix: str) -> None:
    first = write_dispositif_aide(read_catalogue(), tmp_path / f"un.{suffix}", today=TODAY)
    found = read(first)
    assert found.problems == [] and len(found.schemes) == len(read_catalogue())
    again = write_dispositif_aide([item.scheme for item in found.schemes], tmp_path / f"deux.{suffix}", today=TODAY)
    assert again.read_bytes() == first.read_bytes(), "the funder's id and every carried value are kept"


def test_what_the_schema_cannot_carry_is_told_by_the_round_trip(tmp_path: Path) -> None:
    scheme = full_scheme(id=UUID)
    [item] = read(write_dispositif_aide([scheme], tmp_path / "d.csv", today=TODAY)).schemes
    back = item.scheme
    assert back.kinds == ["subvention"], "appel à projets and subvention are both « financement »"
    assert back.audiences == [*PUBLIC, "association"], "« secteur public » stands for every public audience"
    assert back.deadlines == [Deadline(date(2026, 12, 15))], "only the last deadline, without its label"
    assert (back.short_name, back.level, back.amount_max, back.themes, back.notes) == ("", "", None, [], "")


def test_the_csv_follows_the_schema(tmp_path: Path) -> None:
    scheme = carried()
    path = write_dispositif_aide([scheme, Scheme(id="pas-un-uuid", name="=1+2", description="x" * 6000,
                                                 kinds=["appel_projets", "accompagnement"], without_money=True)],
                                 tmp_path / "dispositifs.csv", today=TODAY)
    text = path.read_bytes().decode("utf-8")
    assert text.startswith(",".join(FIELDS) + "\r\n")
    first, second = list(csv.DictReader(text.splitlines()))
    assert first["types_aides"] == "financement|conseil|étude|formation|prêt|mise en réseau|label"
    assert json.loads(first["porteurs"]) == [
        {"nom": "Région Auvergne-Rhône-Alpes", "roles": ["financeur"]},
        {"nom": "Caisse", "roles": ["financeur", "instructeur"]}, {"nom": "DDETS", "roles": ["instructeur"]}]
    assert first["cibles"] == "secteur public|associations|professionnels|particuliers"
    assert CIBLES.match(first["cibles"])
    assert first["eligibilite_geographique"] == \
        "PAYS-99100|REG-84|DEP-38|DEP-2A|EPCI-200040715|COM-38185|COM-2A004"
    assert COG.match("PAYS-99100|REG-84|DEP-38|COM-38185") and not COG.match("DEP-2A"), \
        "Corsica is Essaim's extension of the pattern"
    assert (first["date_ouverture"], first["date_cloture"], first["date_mise_a_jour"]) == (
        "2026-01-15T00:00:00Z", "2026-03-31T23:59:59Z", "2026-11-02T00:00:00Z")
    assert first["id"] == UUID and first["programmes_parents"] == "Plan pauvreté ; Fonds vert 2024"
    assert second["titre"] == "'=1+2", "a spreadsheet opening the file sees text, not a formula"
    assert len(second["description"]) == 5000 and second["description"].endswith("x…")
    assert second["types_aides"] == "conseil", "a call without money is no « financement »"
    assert second["date_mise_a_jour"] == "2026-11-26T00:00:00Z" and second["porteurs"] == "[]"
    assert re.fullmatch(r"[0-9a-f-]{36}", second["id"])
    [back] = [item for item in read(path).schemes if item.scheme.name.startswith("=")]
    assert back.scheme.name == "=1+2"


def test_the_json_is_a_list_of_the_same_records(tmp_path: Path) -> None:
    path = write_dispositif_aide([carried()], tmp_path / "dispositifs.json", today=TODAY)
    records = json.loads(path.read_text(encoding="utf-8"))
    assert records == [dispositif_record(carried(), TODAY)]
    assert list(records[0]) == list(FIELDS) and all(isinstance(value, str) for value in records[0].values())
    with pytest.raises(DispositifAideFormatError, match=r"« d.xml » : le schéma dispositif-aide s'écrit en .csv"):
        write_dispositif_aide([carried()], tmp_path / "d.xml")


def test_territory_codes_both_ways() -> None:
    assert [cog_code(code) for code in ("FR", "R84", "D971", "E200040715", "C2B033", "X1")] == [
        "PAYS-99100", "REG-84", "DEP-971", "EPCI-200040715", "COM-2B033", ""]
    assert [essaim_territory(code) for code in ("PAYS-99100", "REG-01", "DEP-2A", "COM-97101", "PAYS-99134",
                                                "CANT-3801")] == ["FR", "R01", "D2A", "C97101", "", ""]


def test_a_partner_file_in_the_schema_example_form(tmp_path: Path) -> None:
    porteurs = ("[{ nom: 'Agence de l\\'eau', siren: '180036048', roles: [ 'financeur', 'diffuseur' ]}, "
                "{ nom: 'DDT', roles: [ 'instructeur' ]}, { nom: 'Club', roles: []}]")
    path = csv_file(tmp_path, row(
        titre="Accélérer la rénovation", promesse="Rénovez vos bâtiments publics", description="Un appui.",
        types_aides="financement|information|avantage fiscal", porteurs=porteurs, programmes_parents="Fonds vert",
        cibles="secteur public", eligibilite_geographique="REG-84|CANT-3801|PAYS-99134",
        eligibilite_geographique_exclusions="DEP-01|COM-83141", date_ouverture="2025-10-15T15:00:00Z",
        date_cloture="2026-10-15", url_source="https://example.org"))
    found = read(path)
    assert found.problems == []
    assert found.label == "Fichier dispositif-aide « dispositifs.csv » (CSV, séparateur « , »), 1 dispositif"
    scheme = found.schemes[0].scheme
    assert scheme.description == (
        "Rénovez vos bâtiments publics\n\nUn appui.\n\n"
        "Types d'aide indiqués par le fichier : information, avantage fiscal.\n\n"
        "Autres porteurs : Agence de l'eau (diffuseur), Club (rôle non précisé).")
    assert (scheme.financers, scheme.instructors, scheme.kinds) == (["Agence de l'eau"], ["DDT"], ["subvention"])
    assert scheme.territories == ["R84"] and scheme.territory_note == "CANT-3801, PAYS-99134 ; Sauf : D01, C83141"
    assert (scheme.opens_on, scheme.deadlines) == (date(2025, 10, 15), [Deadline(date(2026, 10, 15))])
    assert scheme.audiences == PUBLIC and scheme.checked_on == date(2026, 5, 4)
    assert found.schemes[0].raw is not None and found.schemes[0].raw["porteurs"] == porteurs


def test_a_french_spreadsheet_saves_semicolons_and_windows_1252(tmp_path: Path) -> None:
    path = csv_file(tmp_path, row(titre="Fonds « été »", cibles="associations|particuliers"), separator=";",
                    encoding="cp1252")
    found = read(path)
    assert found.label.endswith("(CSV, séparateur « ; »), 1 dispositif")
    assert found.schemes[0].scheme.name == "Fonds « été »"
    assert found.schemes[0].scheme.audiences == ["association", "private-person"]
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().decode("cp1252").encode("utf-8"))
    assert read(bom).schemes[0].scheme.name == "Fonds « été »"


def test_each_bad_record_is_told_with_its_line_and_field(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        row(titre=""),
        row(id="", cibles="collectivités"),
        row(id="b", eligibilite_geographique="REG-84|Isère", date_cloture="31/03/2026"),
        row(id="c", porteurs="[{nom: 'X'}", date_mise_a_jour="hier"),
        row(id="d", porteurs='[{"roles": ["financeur"]}]', titre="x" * 301),
        {},
        row(id="b", titre="Autre"),
    )
    assert problems(path) == [
        "ligne 2, champ titre : ce champ est obligatoire.",
        "ligne 3, champ id : ce champ est obligatoire.",
        ("ligne 3, champ cibles : « collectivités » n'est pas une cible du schéma (professionnels, particuliers, "
         "associations, secteur public)."),
        ("ligne 4, champ eligibilite_geographique : « Isère » n'est pas un code géographique (attendu : PAYS-99100, "
         "REG-84, DEP-38, EPCI-200040715 ou COM-38185)."),
        ("ligne 4, champ date_cloture : « 31/03/2026 » n'est pas une date ISO 8601 (attendu : 2026-03-31 ou "
         "2026-03-31T23:59:59Z)."),
        "ligne 5, champ porteurs : une liste de porteurs est attendue : [{\"nom\": …, \"roles\": [\"financeur\"]}].",
        ("ligne 5, champ date_mise_a_jour : « hier » n'est pas une date ISO 8601 (attendu : 2026-03-31 ou "
         "2026-03-31T23:59:59Z)."),
        ("ligne 6, champ porteurs : chaque porteur doit avoir un nom et une liste de rôles : "
         "{\"nom\": …, \"roles\": [\"financeur\"]}."),
        "ligne 8, champ id : la ligne 4 porte déjà l'identifiant « b » : un identifiant par dispositif.",
    ]
    assert read(path).schemes == []


def test_the_rules_of_a_scheme_and_a_json_record_that_is_no_object(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps([{"id": "a", "titre": "x" * 301}, "Fonds", {"id": "c", "titre": 12,
                                                                          "cibles": ["associations"],
                                                                          "eligibilite": ["Être un CCAS", "Oser"]},
                                {"id": "d", "titre": {"fr": "Fonds"}}]), encoding="utf-8")
    found = read(path)
    assert [str(problem) for problem in found.problems] == [
        "élément 1, champ titre : texte trop long (301 caractères ; au plus 300).",
        "élément 2 : un dispositif doit être un objet {\"id\": …, \"titre\": …}.",
        "élément 4, champ titre : un texte est attendu.",
    ]
    [kept] = found.schemes
    assert (kept.scheme.name, kept.scheme.audiences, kept.scheme.eligibility) == (
        "12", ["association"], "Être un CCAS\nOser")
    assert found.label == "Fichier dispositif-aide « d.json » (JSON), 4 dispositifs"


def test_files_that_are_no_dispositif_aide_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    headless = csv_file(tmp_path, {"titre": "Fonds"}, fields=("titre", "description"))
    with pytest.raises(ImportFileError, match=r"ne suit pas le schéma dispositif-aide .* il y manque id, eligibilite"):
        read(headless)
    not_a_list = tmp_path / "objet.json"
    not_a_list.write_text('{"dispositifs": []}', encoding="utf-8")
    with pytest.raises(ImportFileError, match="n'est pas une liste de dispositifs"):
        read(not_a_list)
    broken = tmp_path / "casse.json"
    broken.write_text('[{"id": "a",', encoding="utf-8")
    with pytest.raises(ImportFileError, match="n'est pas un fichier JSON lisible"):
        read(broken)
    truncated = tmp_path / "tronque.csv"
    truncated.write_text(",".join(FIELDS) + f'\r\n{UUID},"Fonds coupé\r\n', encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"« tronque.csv » n'est pas un fichier CSV lisible \(ligne 2 : un "
                                              "guillemet non refermé"):
        read(truncated)
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(ImportFileError, match="ne suit pas le schéma dispositif-aide"):
        read(binary)
    with pytest.raises(ImportFileError, match=r"« absent\.csv » est introuvable : rien n'a été importé"):
        read(tmp_path / "absent.csv")
    good = csv_file(tmp_path, row())
    monkeypatch.setattr(incoming, "MAX_IMPORT_BYTES", 100)
    with pytest.raises(ImportFileError, match=r"trop gros \(0,\d Mo ; au plus 0,0 Mo\) : rien n'a été importé"):
        read(good)


def test_amounts_are_left_out_of_the_exchange() -> None:
    record = dispositif_record(replace(carried(), amount_max=Decimal(30000)), TODAY)
    assert "30000" not in json.dumps(record)
