"""The economic grid as an Excel workbook whose indicators are live formulas over the block sheets.

Editing a number in Excel or LibreOffice recomputes the summary with the definitions of
`app.domain.economics`. The table by year covers the horizon chosen in Essaim when exporting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.economics import BLOCK_SHORT_TITLES, Block, GridLine, Scenario
from app.domain.vocabulary import Confidence, GridLineOrigin, GridLineScope
from app.exports.safe_text import sanitize_text
from app.exports.sheet_names import sheet_name
from app.exports.xlsx_cells import (
    EURO_FORMAT,
    INTEGER_FORMAT,
    NUMBER_FORMAT,
    PERCENT_FORMAT,
    header_row,
    print_setup,
    write_formula,
    write_number,
    write_text,
)

LAST_ROW = 1000
"""Sums reach this row, so lines added by hand in the workbook count too."""
PER_SITE = GridLineScope.PAR_SITE.label
SHEETS = BLOCK_SHORT_TITLES
SUMMARY = "Synthèse"
SECURED, NOT_SECURED = "oui", "non"


@dataclass(frozen=True)
class ScenarioSheets:
    """The names of one scenario's sheets: « Synthèse – Scénario de base », « Montage – Scénario de base »…"""

    summary: str
    blocks: dict[str, str]
    """Block code → sheet name."""

    def block(self, block: str) -> str:
        return self.blocks[block]


def scenario_sheets(workbook: Workbook, scenario_name: str) -> ScenarioSheets:
    """Names for a scenario's sheets that `workbook` does not hold yet (see `sheet_name`)."""
    taken = list(workbook.sheetnames)
    names: list[str] = []
    for title in (SUMMARY, *SHEETS.values()):
        names.append(sheet_name(title, scenario_name, taken))
        taken.append(names[-1])
    return ScenarioSheets(names[0], dict(zip(SHEETS, names[1:], strict=True)))


def ref(sheet: str, cells: str) -> str:
    """A reference to `cells` of `sheet`, quoted (an apostrophe in the name is doubled)."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{cells}"


def rows(sheet: str, column: str) -> str:
    return ref(sheet, f"${column}$2:${column}${LAST_ROW}")


class SummaryCells:
    """Where the inputs and indicators stand on the summary sheet."""

    horizon = "$B$5"
    beneficiaries = "$B$6"
    discount = "$B$7"
    sites = "$B$8"


def _scope(line: GridLine) -> str:
    return GridLineScope.label_of(line.scope)


def _time_sheet(sheet: Worksheet, lines: list[GridLine], per_year: bool) -> None:
    days = "Jours par an" if per_year else "Jours"
    cost = "Coût annuel" if per_year else "Coût"
    header_row(sheet, 1, ["Rôle", "Portée", days, "Coût journalier", cost], [40, 12, 12, 16, 16])
    for row, line in enumerate(lines, start=2):
        write_text(sheet.cell(row, 1), line.label)
        write_text(sheet.cell(row, 2), _scope(line))
        write_number(sheet.cell(row, 3), line.days)
        write_number(sheet.cell(row, 4), line.daily_cost, EURO_FORMAT)
    for row in range(2, max(len(lines) + 2, 3)):
        write_formula(sheet.cell(row, 5), f"=IF(AND(C{row}=\"\",D{row}=\"\"),\"\",N(C{row})*N(D{row}))", EURO_FORMAT)


def _investment_sheet(sheet: Worksheet, lines: list[GridLine], horizon: int) -> list[str]:
    """Writes one depreciation column per year of the horizon; returns their letters."""
    titles = ["Objet", "Nature", "Portée", "Montant", "Année d'achat", "Amortissement (ans)"]
    titles += [f"Amort. année {year}" for year in range(1, horizon + 1)]
    header_row(sheet, 1, titles, [34, 18, 12, 16, 12, 14] + [14] * horizon)
    for row, line in enumerate(lines, start=2):
        write_text(sheet.cell(row, 1), line.label)
        write_text(sheet.cell(row, 2), line.nature)
        write_text(sheet.cell(row, 3), _scope(line))
        write_number(sheet.cell(row, 4), line.amount, EURO_FORMAT)
        write_number(sheet.cell(row, 5), line.year, INTEGER_FORMAT)
        write_number(sheet.cell(row, 6), line.depreciation_years, INTEGER_FORMAT)
    letters = [get_column_letter(7 + n) for n in range(horizon)]
    for row in range(2, max(len(lines) + 2, 3)):
        start = f"IF(E{row}=\"\",1,E{row})"
        duration = f"MAX(1,IF(F{row}=\"\",1,F{row}))"
        for year, letter in enumerate(letters, start=1):
            regular = f"ROUNDDOWN(D{row}/{duration},2)"
            charge = f"IF({year}={start}+{duration}-1,D{row}-({duration}-1)*{regular},{regular})"
            write_formula(sheet[f"{letter}{row}"],
                          f"=IF(D{row}=\"\",0,IF(AND({year}>={start},{year}<{start}+{duration}),{charge},0))",
                          EURO_FORMAT)
    return letters


def _simple_sheet(sheet: Worksheet, block: str, lines: list[GridLine], names: ScenarioSheets) -> None:
    if block == Block.AUTRES_DEPENSES:
        header_row(sheet, 1, ["Objet", "Portée", "Montant par an"], [40, 12, 16])
        for row, line in enumerate(lines, start=2):
            write_text(sheet.cell(row, 1), line.label)
            write_text(sheet.cell(row, 2), _scope(line))
            write_number(sheet.cell(row, 3), line.amount, EURO_FORMAT)
    elif block == Block.FINANCEMENTS:
        header_row(sheet, 1, ["Source", "Portée", "Montant", "Année", "Retenu sur l'horizon", "Acquis"],
                   [40, 12, 16, 10, 18, 10])
        for row, line in enumerate(lines, start=2):
            write_text(sheet.cell(row, 1), line.label)
            write_text(sheet.cell(row, 2), _scope(line))
            write_number(sheet.cell(row, 3), line.amount, EURO_FORMAT)
            write_number(sheet.cell(row, 4), line.year, INTEGER_FORMAT)
            write_text(sheet.cell(row, 6), NOT_SECURED if line.uncertain else SECURED)
        for row in range(2, max(len(lines) + 2, 3)):
            horizon = ref(names.summary, SummaryCells.horizon)
            write_formula(sheet.cell(row, 5),
                          f"=IF(F{row}=\"{NOT_SECURED}\",0,"
                          f"IF(OR(D{row}=\"\",AND(D{row}>=1,D{row}<={horizon})),N(C{row}),0))", EURO_FORMAT)
    else:
        header_row(sheet, 1, ["Ce qui est évité", "Pour qui", "Portée", "Montant par an", "Estimation", "Confiance"],
                   [36, 22, 12, 16, 36, 12])
        for row, line in enumerate(lines, start=2):
            write_text(sheet.cell(row, 1), line.label)
            write_text(sheet.cell(row, 2), line.beneficiary)
            write_text(sheet.cell(row, 3), _scope(line))
            write_number(sheet.cell(row, 4), line.amount, EURO_FORMAT)
            write_text(sheet.cell(row, 5), line.method)
            write_text(sheet.cell(row, 6), Confidence.label_of(line.confidence))


def _origin_columns(sheet: Worksheet, lines: list[GridLine]) -> None:
    """Where each line's figures come from, in the two columns after the block's own."""
    first = sheet.max_column + 1
    header_row(sheet, 1, ["Origine du chiffre", "Référence"], [18, 36], first_column=first)
    for row, line in enumerate(lines, start=2):
        write_text(sheet.cell(row, first), GridLineOrigin.label_of(line.origin))
        write_text(sheet.cell(row, first + 1), line.origin_ref)


INDICATOR_ROWS = {
    "setup_cost": 11, "running_cost_per_year": 12, "depreciation_total": 13, "average_full_cost_per_year": 14,
    "total_cost": 15, "cost_per_beneficiary": 16, "avoided_per_year": 17, "avoided_total": 18, "net_cost": 19,
    "exceptional_funding": 20, "remaining_cost": 21, "funding_share": 22, "break_even_year": 23,
    "site_setup_cost": 24, "site_recurring_cost": 25, "one_more_site": 26, "n_sites": 27, "uncertain_funding": 28,
}
YEAR_TABLE_ROW = 30


def _summary(sheet: Worksheet, scenario: Scenario, fiche_title: str, year_letters: list[str],
             names: ScenarioSheets) -> None:
    horizon = max(scenario.horizon_years, 1)
    sheet.column_dimensions["A"].width = 66
    for letter in "BCDE":
        sheet.column_dimensions[letter].width = 18
    write_text(sheet["A1"], "Modèle économique — grille de caractérisation (Proposition 4 SGMAP–CGET)", wrap=False)
    sheet["A1"].font = Font(name="Calibri", bold=True, size=13)
    write_text(sheet["A2"], f"Fiche : {sanitize_text(fiche_title)}", wrap=False)
    write_text(sheet["A3"], f"Scénario : {sanitize_text(scenario.name)}"
               + (" — valeurs illustratives" if scenario.illustrative else ""), wrap=False)
    inputs = [("Horizon (années)", horizon, INTEGER_FORMAT),
              ("Bénéficiaires par an", scenario.beneficiaries_per_year, INTEGER_FORMAT),
              ("Remise d'apprentissage par site", scenario.learning_discount, PERCENT_FORMAT),
              ("Nombre de sites supplémentaires", 3, INTEGER_FORMAT)]
    for row, (label, value, number_format) in enumerate(inputs, start=5):
        write_text(sheet.cell(row, 1), label, wrap=False)
        write_number(sheet.cell(row, 2), value if value is not None else 0, number_format)
    write_text(sheet["C5"], "Le tableau par année couvre l'horizon choisi à l'export.", wrap=False)
    h, b, r, n = SummaryCells.horizon, SummaryCells.beneficiaries, SummaryCells.discount, SummaryCells.sites
    years = f"{year_letters[0]}$2:{year_letters[-1]}${LAST_ROW}"
    per_site = f'"{PER_SITE}"'
    investments = names.block(Block.INVESTISSEMENTS)
    setup, running = names.block(Block.MONTAGE), names.block(Block.FONCTIONNEMENT)
    other = names.block(Block.AUTRES_DEPENSES)
    def funding_rows(column: str) -> str:
        return rows(names.block(Block.FINANCEMENTS), column)

    site_depreciation = (f"SUMPRODUCT(({rows(investments, 'C')}={per_site})*{ref(investments, years)})")
    formulas = {
        "setup_cost": (f"=SUM({rows(setup, 'E')})", EURO_FORMAT, "Coût de montage"),
        "running_cost_per_year": (f"=SUM({rows(running, 'E')})+SUM({rows(other, 'C')})",
                                  EURO_FORMAT, "Coût de fonctionnement annuel"),
        "depreciation_total": (f"=SUM({ref(investments, years)})", EURO_FORMAT, "Amortissements sur l'horizon"),
        "average_full_cost_per_year": (f"=(B12*{h}+B13)/{h}", EURO_FORMAT, "Coût complet annuel moyen"),
        "total_cost": (f"=B11+B12*{h}+B13", EURO_FORMAT, "Coût total sur l'horizon"),
        "cost_per_beneficiary": (f"=IF({b}>0,B15/({b}*{h}),\"non calculable\")", EURO_FORMAT, "Coût par bénéficiaire"),
        "avoided_per_year": (f"=SUM({rows(names.block(Block.COUTS_EVITES), 'D')})", EURO_FORMAT, "Coûts évités par an"),
        "avoided_total": (f"=B17*{h}", EURO_FORMAT, "Coûts évités sur l'horizon"),
        "net_cost": ("=B15-B18", EURO_FORMAT, "Coût net des coûts évités"),
        "exceptional_funding": (f"=SUM({rows(names.block(Block.FINANCEMENTS), 'E')})", EURO_FORMAT,
                                "Financements exceptionnels sur l'horizon"),
        "remaining_cost": ("=B15-B20", EURO_FORMAT, "Reste à charge de la structure"),
        "uncertain_funding": (
            (f"=SUMIFS({funding_rows('C')},{funding_rows('F')},\"{NOT_SECURED}\",{funding_rows('D')},\"\")"
             f"+SUMIFS({funding_rows('C')},{funding_rows('F')},\"{NOT_SECURED}\",{funding_rows('D')},\">=1\","
             f"{funding_rows('D')},\"<=\"&{h})"),
            EURO_FORMAT, "Financements espérés, non acquis (hors totaux)"),
        "funding_share": ("=IF(B15>0,B20/B15,\"\")", PERCENT_FORMAT, "Part des financements exceptionnels"),
        "break_even_year": ((f"=IF(COUNT(E{YEAR_TABLE_ROW + 1}:E{YEAR_TABLE_ROW + horizon})=0,\"non atteint\","
                             f"MIN(E{YEAR_TABLE_ROW + 1}:E{YEAR_TABLE_ROW + horizon}))"),
                            INTEGER_FORMAT, "Année d'équilibre"),
        "site_setup_cost": (f"=SUMIF({rows(setup, 'B')},{per_site},{rows(setup, 'E')})",
                            EURO_FORMAT, "Réplication : montage d'un site"),
        "site_recurring_cost": (
            (f"={h}*(SUMIF({rows(running, 'B')},{per_site},{rows(running, 'E')})"
             f"+SUMIF({rows(other, 'B')},{per_site},{rows(other, 'C')}))"
             f"+{site_depreciation}"),
            EURO_FORMAT, "Réplication : fonctionnement et amortissements d'un site sur l'horizon"),
        "one_more_site": ("=B24+B25", EURO_FORMAT, "Coût d'un site de plus sur l'horizon"),
        "n_sites": (f"=IF({r}>0,B24*(1-(1-{r})^{n})/{r},B24*{n})+{n}*B25", EURO_FORMAT,
                    (f"=IF({n}=1,\"Coût d'un site supplémentaire\",\"Coût de \"&{n}"
                     f"&IF({n}>1,\" sites supplémentaires\",\" site supplémentaire\"))")),
    }
    header_row(sheet, 10, ["Indicateur", "Valeur"])
    for key, row in INDICATOR_ROWS.items():
        formula, number_format, label = formulas[key]
        if label.startswith("="):
            write_formula(sheet.cell(row, 1), label, "General")
        else:
            write_text(sheet.cell(row, 1), label, wrap=False)
        write_formula(sheet.cell(row, 2), formula, number_format)
    header_row(sheet, YEAR_TABLE_ROW, ["Année", "Coût complet", "Coût cumulé (montage compris)", "Coûts évités cumulés",
                                       "Équilibre atteint"])
    for year, letter in enumerate(year_letters, start=1):
        row = YEAR_TABLE_ROW + year
        write_number(sheet.cell(row, 1), year, INTEGER_FORMAT)
        year_cells = f"{letter}$2:{letter}${LAST_ROW}"
        write_formula(sheet.cell(row, 2), f"=$B$12+SUM({ref(investments, year_cells)})", EURO_FORMAT)
        write_formula(sheet.cell(row, 3), f"=$B$11+SUM(B${YEAR_TABLE_ROW + 1}:B{row})", EURO_FORMAT)
        write_formula(sheet.cell(row, 4), f"=$B$17*A{row}", EURO_FORMAT)
        write_formula(sheet.cell(row, 5), f"=IF(AND(D{row}>=C{row},C{row}>0),A{row},\"\")", INTEGER_FORMAT)
    print_setup(sheet, landscape=False)


def add_grid_sheets(workbook: Workbook, scenario: Scenario, fiche_title: str) -> ScenarioSheets:
    """Add one scenario's summary and block sheets to `workbook`, named by the scenario; returns their names."""
    names = scenario_sheets(workbook, scenario.name)
    summary = workbook.create_sheet(names.summary)
    horizon = max(scenario.horizon_years, 1)
    letters: list[str] = []
    for block in SHEETS:
        sheet = workbook.create_sheet(names.block(block))
        lines = scenario.block(block)
        if block in (Block.MONTAGE, Block.FONCTIONNEMENT):
            _time_sheet(sheet, lines, per_year=block == Block.FONCTIONNEMENT)
        elif block == Block.INVESTISSEMENTS:
            letters = _investment_sheet(sheet, lines, horizon)
        else:
            _simple_sheet(sheet, block, lines, names)
        _origin_columns(sheet, lines)
        sheet.freeze_panes = "A2"
        print_setup(sheet, title_rows="1:1")
    _summary(summary, scenario, fiche_title, letters, names)
    return names


def build_workbook(scenario: Scenario, fiche_title: str) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_grid_sheets(workbook, scenario, fiche_title)
    workbook.properties.title = sanitize_text(f"Modèle économique — {fiche_title}")
    workbook.properties.creator = "Essaim"
    return workbook


def write_grid_workbook(scenario: Scenario, fiche_title: str, path: Path) -> Path:
    """Write the workbook atomically (a half-written file never replaces a good one)."""
    partial = path.with_name(path.name + ".partiel")
    build_workbook(scenario, fiche_title).save(partial)
    partial.replace(path)
    return path


__all__ = ["NUMBER_FORMAT", "ScenarioSheets", "add_grid_sheets", "build_workbook", "write_grid_workbook"]
