"""The economic grid of a fiche as document sections: parameters, indicators, charts, the six blocks."""

from __future__ import annotations

from app.domain.chart_palette import BLOCK_COLORS, CUMULATED_AVOIDED_COLOR, CUMULATED_COSTS_COLOR
from app.domain.document import BarChart, LineChart, Paragraph, Section
from app.domain.economics import (
    BLOCK_FIELDS,
    BLOCK_SHORT_TITLES,
    INDICATOR_FORMULAS,
    SCENARIO_FIELD_LABELS,
    Block,
    GridLine,
    Indicators,
    Scenario,
    compute,
    field_title,
    indicator_labels,
    indicator_table,
    money,
)
from app.domain.field_texts import bullet_lines, value_text
from app.domain.formats import format_decimal, format_money, format_percent, format_years
from app.domain.vocabulary import QT_TRANSLATE_NOOP, Confidence, GridLineOrigin, GridLineScope

_ = QT_TRANSLATE_NOOP
GRID_TITLE = _("sections", "Modèle économique")
MONEY_FIELDS = frozenset({"daily_cost", "amount"})
NUMBER_FIELDS = frozenset({"days", "daily_cost", "amount", "year", "depreciation_years"})
ILLUSTRATIVE_NOTE = ("Les montants de ce scénario sont des valeurs illustratives : les sources ne les donnent pas. "
                     "Remplacez-les par les vôtres avant de les présenter.")
LEGEND_TITLE = "Comment se calculent les indicateurs"
MIXED_NOTE = ("Ce scénario mêle des chiffres tirés des sources et des valeurs illustratives : la colonne « Origine du "
              "chiffre » dit, ligne par ligne, lesquels. Remplacez les valeurs illustratives par les vôtres avant de "
              "les présenter.")


def _cell(line: GridLine, name: str) -> str:
    value = getattr(line, name)
    if name == "scope":
        return GridLineScope.label_of(value)
    if name == "confidence":
        return Confidence.label_of(value)
    if name == "origin":
        said = GridLineOrigin.label_of(value)
        return f"{said} ({line.origin_ref})" if said and line.origin_ref else said or line.origin_ref
    if name == "uncertain":
        return "non acquis" if value else "acquis"
    if name in MONEY_FIELDS:
        return format_money(value)
    if name in NUMBER_FIELDS:
        return format_decimal(value)
    return value or ""


def _line_cells(line: GridLine) -> list[str]:
    """« Temps agent de fonctionnement — Animatrice », then each figure the block has, named."""
    cells = [f"{Block.label_of(line.block)} — {line.label}" if line.label else Block.label_of(line.block)]
    for name in BLOCK_FIELDS.get(line.block, ()):
        cell = _cell(line, name)
        if name == "uncertain":
            cells.append(cell if line.uncertain else "")
        elif cell and name not in ("label", "origin_ref"):
            cells.append(f"{field_title(line.block, name)} : {cell}")
    return cells


def scenario_field_text(scenario: Scenario, name: str) -> str:
    """One field of the scenario as a reader reads it: its lines one a line, block first, figures named."""
    value = getattr(scenario, name)
    if name == "horizon_years":
        return format_years(value)
    if name == "learning_discount":
        return format_percent(value)
    if name == "lines":
        return bullet_lines([_line_cells(line) for line in value])
    return value_text(value, name)


def _block_table(section: Section, block: Block, lines: list[GridLine], with_origin: bool) -> None:
    """The lines of one block; the origin column when some line of the scenario says where its figures come from
    (with its reference), the « acquis » column when some funding is not secured."""
    names = tuple(name for name in BLOCK_FIELDS[block]
                  if name != "origin_ref" and (name != "origin" or with_origin)
                  and (name != "uncertain" or any(line.uncertain for line in lines)))
    headers = [field_title(block, name) for name in names]
    rows = [[_cell(line, name) for name in names] for line in lines]
    numeric = tuple(n for n, name in enumerate(names) if name in NUMBER_FIELDS)
    if block in (Block.MONTAGE, Block.FONCTIONNEMENT):
        headers.append("Coût annuel" if block == Block.FONCTIONNEMENT else "Coût")
        for row, line in zip(rows, lines, strict=True):
            row.append(money(line.time_cost()))
        numeric += (len(headers) - 1,)
    section.table(block.label, headers, rows, numeric)


def scenario_section(scenario: Scenario, number: int, result: Indicators | None = None) -> Section:
    result = result or compute(scenario)
    horizon = max(scenario.horizon_years, 1)
    section = Section(f"modele-{number}", f"Scénario : {scenario.name}", level=2)
    with_origin = any(line.origin or line.origin_ref for line in scenario.lines)
    if with_origin and any(line.origin == GridLineOrigin.ILLUSTRATIVE for line in scenario.lines):
        section.items.append(Paragraph(MIXED_NOTE if any(line.origin == GridLineOrigin.SOURCE
                                                         for line in scenario.lines) else ILLUSTRATIVE_NOTE))
    elif scenario.illustrative and not with_origin:
        section.items.append(Paragraph(ILLUSTRATIVE_NOTE))
    section.value(SCENARIO_FIELD_LABELS["horizon_years"], format_years(horizon))
    section.value(SCENARIO_FIELD_LABELS["beneficiaries_per_year"], format_decimal(scenario.beneficiaries_per_year))
    section.value(SCENARIO_FIELD_LABELS["learning_discount"], format_percent(scenario.learning_discount))
    section.value(SCENARIO_FIELD_LABELS["notes"], scenario.notes)
    section.table("Indicateurs", ["Indicateur", "Valeur"],
                  [[label, value] for _key, label, value in indicator_table(scenario, result)], (1,))
    bars = [(BLOCK_SHORT_TITLES[Block(block)], value) for block, value in result.cost_by_block.items()]
    if any(value > 0 for _, value in bars):
        section.items.append(BarChart("Structure des coûts sur l'horizon", bars,
                                      colors=[BLOCK_COLORS[block] for block in result.cost_by_block]))
    if any(result.cumulated_costs) or any(result.cumulated_avoided):
        section.items.append(LineChart(
            "Coûts cumulés et coûts évités cumulés",
            [f"Année {year}" for year in range(1, horizon + 1)],
            [("Coûts cumulés (montage compris)", list(result.cumulated_costs)),
             ("Coûts évités cumulés", list(result.cumulated_avoided))],
            colors=[CUMULATED_COSTS_COLOR, CUMULATED_AVOIDED_COLOR]))
    for block in Block:
        _block_table(section, block, scenario.block(block), with_origin)
    return section


def grid_sections(scenarios: list[Scenario]) -> list[Section]:
    """A « Modèle économique » section followed by one sub-section per scenario; nothing without scenarios."""
    if not scenarios:
        return []
    top = Section("modele", GRID_TITLE)
    top.items.append(Paragraph(
        "Grille de caractérisation du modèle économique (Proposition 4 du rapport SGMAP–CGET) : coûts de montage, "
        "de fonctionnement et d'investissement, financements exceptionnels et coûts évités. "
        + ("Un scénario est présenté." if len(scenarios) == 1 else f"{len(scenarios)} scénarios sont présentés.")))
    top.table(LEGEND_TITLE, ["Indicateur", "Calcul"],
              [[label, INDICATOR_FORMULAS[key]] for key, label in indicator_labels().items()])
    return [top] + [scenario_section(scenario, n) for n, scenario in enumerate(scenarios, start=1)]
