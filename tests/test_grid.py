"""Scenarios in the store, the workbook and the grid commands."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from app.__main__ import main
from app.domain.economics import GridLine, Scenario, compute, indicator_table, replication_cost
from app.domain.fiche import FicheData
from app.exports.grid_workbook import INDICATOR_ROWS, add_grid_sheets, write_grid_workbook
from app.services import fiches, grid
from app.services.errors import NotFoundError, ValidationError
from app.storage.errors import StoreError
from app.storage.models import Fiche, GridScenario
from app.storage.store import Store
from tests.office import convert


def sample(fiche_id: str = "") -> Scenario:
    return Scenario(fiche_id=fiche_id, name="Base", horizon_years=4, beneficiaries_per_year=120,
                    learning_discount=Decimal("0.25"), lines=[
        GridLine("montage", "Chef de projet", days=Decimal("22.5"), daily_cost=Decimal(350)),
        GridLine("montage", "Adaptation locale", days=Decimal(8), daily_cost=Decimal(260), scope="par_site"),
        GridLine("fonctionnement", "Travailleur social", days=Decimal(60), daily_cost=Decimal(260), scope="par_site"),
        GridLine("investissements", "Véhicule", nature="matériel", amount=Decimal("31000.10"), year=1,
                 depreciation_years=3, scope="par_site"),
        GridLine("investissements", "Site internet", amount=Decimal(4000), year=2, depreciation_years=5),
        GridLine("investissements", "Serveur", amount=Decimal(9000), year=4, depreciation_years=2),
        GridLine("autres_depenses", "=HYPERLINK(\"http://pirate\")", amount=Decimal(4800), scope="par_site"),
        GridLine("financements", "Fondation", amount=Decimal(15000), year=1),
        GridLine("financements", "Département", amount=Decimal(999), year=4),
        GridLine("couts_evites", "Nuitées d'hôtel évitées", beneficiary="Département", amount=Decimal(21000),
                 method="@forfait", confidence="moyenne"),
    ])


@pytest.fixture
def fiche(store: Store) -> FicheData:
    return fiches.save(store, FicheData(id="6a1f0d7e-55a4-4c4e-9d62-3f2b7c9e1a00", title="Épicerie",
                                        structure_name="CCAS"))


def test_scenarios_round_trip_and_keep_their_names_unique(store: Store, fiche: FicheData) -> None:
    saved = grid.save(store, sample(fiche.id))
    assert grid.scenarios(store, fiche.id) == [saved]
    twin = grid.duplicate(store, saved, "Variante")
    assert [s.name for s in grid.scenarios(store, fiche.id)] == ["Base", "Variante"]
    assert twin.lines == saved.lines and twin.id != saved.id
    renamed = grid.find(store, fiche.id, "Variante")
    renamed.name = "Base"
    with pytest.raises(StoreError, match="existe déjà"):
        grid.save(store, renamed)
    grid.delete(store, twin.id)
    assert [s.name for s in grid.scenarios(store, fiche.id)] == ["Base"]
    with pytest.raises(NotFoundError, match="Aucun scénario « Variante »"):
        grid.find(store, fiche.id, "Variante")


def test_an_invalid_scenario_changes_nothing(store: Store, fiche: FicheData) -> None:
    saved = grid.save(store, sample(fiche.id))
    saved.horizon_years = 0
    with pytest.raises(ValidationError, match="L'horizon va de 1 à 50 ans"):
        grid.save(store, saved)
    assert grid.find(store, fiche.id).horizon_years == 4


def test_a_calendar_year_is_refused_by_saving_and_by_an_import(store: Store, fiche: FicheData,
                                                               tmp_path: Path) -> None:
    from app.storage import grid_repository
    from app.sync.package_format import PackageError
    from tests.test_exchange import Workstation

    scenario = sample(fiche.id)
    scenario.lines[3].year = 2026
    with pytest.raises(ValidationError, match="l'année d'achat 2026 est hors de l'horizon"):
        grid.save(store, scenario)
    sender, receiver = Workstation(tmp_path / "a"), Workstation(tmp_path / "b")
    try:
        fiches.save(sender.store, fiche)
        scenario.id = "0b7e1d52-1111-4c4e-9d62-3f2b7c9e1a00"
        with sender.store.transaction() as session:
            grid_repository.save(session, scenario)      # written by an older Essaim, which let it through
        with pytest.raises(PackageError, match="l'année d'achat 2026 est hors de l'horizon"):
            receiver.plan(sender.export(tmp_path / "envoi.essaim"))
        assert grid.scenarios(receiver.store, fiche.id) == []
    finally:
        sender.store.close()
        receiver.store.close()


def test_editing_a_line_makes_a_new_revision_and_trash_purge_leaves_tombstones(store: Store, fiche: FicheData) -> None:
    saved = grid.save(store, sample(fiche.id))
    saved.lines[0].days = Decimal(30)
    grid.save(store, saved)
    with store.read() as session:
        assert session.get(GridScenario, saved.id).revision == 2
    fiches.move_to_trash(store, fiche.id)
    fiches.empty_trash(store)
    with store.read() as session:
        assert session.get(GridScenario, saved.id).deleted_at is not None
        assert session.get(Fiche, fiche.id).deleted_at is not None


def test_workbook_has_formulas_and_never_turns_user_text_into_one(tmp_path: Path) -> None:
    path = write_grid_workbook(sample(), "=cmd|' /C calc'!A0", tmp_path / "grille.xlsx")
    workbook = openpyxl.load_workbook(path)
    summary = workbook.worksheets[0]
    for key, row in INDICATOR_ROWS.items():
        assert str(summary.cell(row, 2).value).startswith("="), key
    assert summary["A2"].data_type == "s" and summary["A2"].value.startswith("Fiche : =cmd")
    expenses = workbook["Autres dépenses – Base"]
    assert expenses["A2"].value == "=HYPERLINK(\"http://pirate\")" and expenses["A2"].data_type == "s"
    assert workbook["Coûts évités – Base"]["E2"].data_type == "s"
    assert workbook["Montage – Base"].freeze_panes == "A2"
    assert [ws.title for ws in workbook.worksheets] == [
        "Synthèse – Base", "Montage – Base", "Fonctionnement – Base", "Investissements – Base",
        "Autres dépenses – Base", "Financements – Base", "Coûts évités – Base"]


def breaking_even() -> Scenario:
    scenario = sample()
    scenario.lines.append(GridLine("couts_evites", "Hospitalisations évitées", amount=Decimal(60000)))
    scenario.beneficiaries_per_year = 0
    scenario.learning_discount = None
    return scenario


def hoped_for() -> Scenario:
    """Funding not secured (in the horizon and after it), and lines that say where their figures come from."""
    scenario = sample()
    scenario.lines += [
        GridLine("financements", "Fonds européens", amount=Decimal(55000), year=2, uncertain=True, origin="source",
                 origin_ref="Rapport Oural 2015, étude de cas n°1"),
        GridLine("financements", "Région (promise)", amount=Decimal(7000), uncertain=True, origin="illustrative"),
        GridLine("financements", "Appel à projets 2031", amount=Decimal(3000), year=9, uncertain=True)]
    return scenario


def test_the_workbook_says_where_figures_come_from_and_which_funding_is_not_secured(tmp_path: Path) -> None:
    path = write_grid_workbook(hoped_for(), "Épicerie", tmp_path / "grille.xlsx")
    workbook = openpyxl.load_workbook(path)
    funding = workbook["Financements – Base"]
    header = [cell.value for cell in funding[1]]
    assert header == ["Source", "Portée", "Montant", "Année", "Retenu sur l'horizon", "Acquis", "Origine du chiffre",
                      "Référence"]
    rows = {row[0].value: [cell.value for cell in row] for row in funding.iter_rows(min_row=2) if row[0].value}
    assert rows["Fondation"][5] == "oui" and rows["Fonds européens"][5] == "non"
    assert rows["Fonds européens"][6:] == ["Tirée d'une source", "Rapport Oural 2015, étude de cas n°1"]
    assert rows["Région (promise)"][6] == "Illustrative"
    montage = workbook["Montage – Base"]
    assert [cell.value for cell in montage[1]][-2:] == ["Origine du chiffre", "Référence"]
    summary = workbook["Synthèse – Base"]
    assert summary.cell(INDICATOR_ROWS["uncertain_funding"], 1).value == (
        "Financements espérés, non acquis (hors totaux)")


@pytest.mark.slow
@pytest.mark.parametrize("scenario", [sample(), breaking_even(), hoped_for()],
                         ids=["no-break-even", "break-even", "funding-not-secured"])
def test_the_workbook_recomputes_to_essaims_values_in_libreoffice(tmp_path: Path, scenario: Scenario) -> None:
    path = write_grid_workbook(scenario, "Épicerie", tmp_path / "grille.xlsx")
    recalculated = convert(path, "xlsx", tmp_path / "recalcul")
    values = openpyxl.load_workbook(recalculated, data_only=True).worksheets[0]
    result = compute(scenario)
    expected = {
        "setup_cost": result.setup_cost, "running_cost_per_year": result.running_cost_per_year,
        "average_full_cost_per_year": result.average_full_cost_per_year, "total_cost": result.total_cost,
        "cost_per_beneficiary": result.cost_per_beneficiary, "avoided_total": result.avoided_total,
        "net_cost": result.net_cost, "exceptional_funding": result.exceptional_funding,
        "uncertain_funding": result.uncertain_funding,
        "remaining_cost": result.remaining_cost, "funding_share": result.funding_share,
        "break_even_year": result.break_even_year, "one_more_site": result.one_more_site,
        "n_sites": replication_cost(result, 3, scenario.learning_discount),
    }
    for key, value in expected.items():
        cell = values.cell(INDICATOR_ROWS[key], 2).value
        if value is None:
            assert cell in ("non atteint", "non calculable"), (key, cell)
        else:
            assert abs(Decimal(str(cell)) - value) < Decimal("0.005"), (key, cell, value)



SHOWN_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"
"""LibreOffice's CSV export of the first sheet with every cell as shown (number formats applied)."""


def shown_summary(path: Path, folder: Path) -> list[list[str]]:
    """The first sheet of `path` recalculated by LibreOffice, each cell as a user sees it."""
    return list(csv.reader(convert(path, SHOWN_CSV, folder).read_text(encoding="utf-8").splitlines()))


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def shown_in_essaim(scenario: Scenario) -> dict[str, str]:
    return {key: value for key, _label, value in indicator_table(scenario, compute(scenario))}


@pytest.mark.slow
@pytest.mark.parametrize(("daily_cost", "shown"), [("4095", "34,13\u00a0€"), ("120.6", "1,01\u00a0€")])
def test_the_workbook_shows_the_cost_per_beneficiary_rounded_as_essaim_does(tmp_path: Path, daily_cost: str,
                                                                           shown: str) -> None:
    scenario = Scenario(name="Arrondi", horizon_years=3, beneficiaries_per_year=40, lines=[
        GridLine("montage", "Chef de projet", days=Decimal(1), daily_cost=Decimal(daily_cost))])
    assert shown_in_essaim(scenario)["cost_per_beneficiary"] == shown, "34,125 € and 1,005 €: half a cent up"
    path = write_grid_workbook(scenario, "Épicerie", tmp_path / "arrondi.xlsx")
    cell = shown_summary(path, tmp_path / "vu")[INDICATOR_ROWS["cost_per_beneficiary"] - 1][1]
    assert digits(cell) == digits(shown), cell


@pytest.mark.slow
def test_the_workbook_shows_no_cell_reference_in_its_labels(tmp_path: Path) -> None:
    path = write_grid_workbook(sample(), "Épicerie", tmp_path / "grille.xlsx")
    shown = shown_summary(path, tmp_path / "vu")
    labels = [row[0] for row in shown if row] + [cell for row in shown for cell in row[2:]]
    assert not [label for label in labels if re.search(r"\b[A-Z]{1,3}\$?[0-9]+\b", label)]
    assert shown[INDICATOR_ROWS["n_sites"] - 1][0] == "Coût de 3 sites supplémentaires"


@pytest.mark.slow
def test_scenario_sheets_are_named_by_their_scenario_and_their_formulas_still_work(tmp_path: Path) -> None:
    long_name = "Reprise par l'association [phase 2] : 2026/2027 ?"
    scenarios = [sample(), sample(), sample()]
    scenarios[1].name, scenarios[2].name = long_name, long_name + " bis"
    scenarios[2].horizon_years = 2
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for scenario in scenarios:
        add_grid_sheets(workbook, scenario, "Épicerie")
    names = workbook.sheetnames
    assert names[:2] == ["Synthèse – Base", "Montage – Base"]
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)
    assert len({name.casefold() for name in names}) == len(names) == 21
    summaries = [name for name in names if name.startswith("Synthèse")]
    assert summaries == ["Synthèse – Base", "Synthèse – Reprise par l'assoc…", "Synthèse – Reprise par l'a… (2)"]
    path = tmp_path / "trois.xlsx"
    workbook.save(path)
    recalculated = openpyxl.load_workbook(convert(path, "xlsx", tmp_path / "recalcul"), data_only=True)
    for scenario, summary in zip(scenarios, summaries, strict=True):
        total = recalculated[summary].cell(INDICATOR_ROWS["total_cost"], 2).value
        funding = recalculated[summary].cell(INDICATOR_ROWS["exceptional_funding"], 2).value
        result = compute(scenario)
        assert abs(Decimal(str(total)) - result.total_cost) < Decimal("0.005"), summary
        assert abs(Decimal(str(funding)) - result.exceptional_funding) < Decimal("0.005"), summary


def test_grid_commands(store: Store, fiche: FicheData, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    grid.save(store, sample(fiche.id))
    data_dir = store.data_dir
    store.close()
    assert main(["--data-dir", str(data_dir), "grid", "show", fiche.id[:8]]) == 0
    out = capsys.readouterr().out
    assert "scénario « Base »" in out and "Coût total sur 4 ans" in out
    total = compute(sample()).total_cost
    assert f"{int(total):,}".replace(",", "\u202f") in out
    assert main(["--data-dir", str(data_dir), "grid", "show", fiche.id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert Decimal(shown["indicators"]["total_cost"]) == total
    target = tmp_path / "export.xlsx"
    assert main(["--data-dir", str(data_dir), "grid", "export", fiche.id, "-o", str(target)]) == 0
    assert openpyxl.load_workbook(target).worksheets[0]["B15"].value.startswith("=")
    assert main(["--data-dir", str(data_dir), "grid", "show", fiche.id, "--scenario", "Inconnu"]) == 1
    assert "Aucun scénario « Inconnu »" in capsys.readouterr().err
    Store.open(data_dir).close()
