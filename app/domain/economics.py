"""The economic-model grid of Proposition 4 (SGMAP–CGET, 2015) and its computations, in `Decimal`.

A scenario holds lines in six blocks. Years are project years: 1 is the first year of the initiative, the
horizon H the last; `validate_scenario` refuses any other year (a calendar year such as 2026 would otherwise
count for nothing without a word).
Definitions (also in the user guide, docs/modele-economique.md):

- coût de montage = Σ jours × coût journalier of the « temps agent de montage » lines;
- coût de fonctionnement annuel = Σ jours par an × coût journalier of the « temps agent de
  fonctionnement » lines + Σ montant annuel of the « autres dépenses » lines;
- dotation aux amortissements of year y = Σ montant / durée over the investments bought in year i with
  i ≤ y < i + durée, rounded down to the cent, the last year taking the remainder so that the charges add
  up to the amount exactly (an investment without a duration is charged whole in its year);
- coût complet de l'année y = fonctionnement annuel + amortissements of year y;
- coût complet annuel moyen = Σ coût complet des années 1…H / H;
- coût total sur l'horizon H = montage + Σ coût complet des années 1…H;
- coût par bénéficiaire = coût total / (bénéficiaires par an × H), not computable without beneficiaries;
- coûts évités sur l'horizon = H × Σ montant annuel of the « coûts évités » lines;
- coût net des coûts évités = coût total − coûts évités sur l'horizon;
- financements exceptionnels sur l'horizon = Σ montant of the funding lines of years 1…H that are secured (a line
  marked « non acquis » is shown apart, as « financements espérés, non acquis », and counts in no total);
- reste à charge de la structure = coût total − financements exceptionnels sur l'horizon;
- part des financements exceptionnels = financements / coût total;
- année d'équilibre = first year y ≤ H where y × coûts évités annuels ≥ montage + Σ coût complet 1…y
  (« non atteint » otherwise);
- réplication : the coût total computed on the « par site » lines only is the cost of one more site over
  the horizon: its montage part (montage_site) plus its recurring part (récurrent_site = Σ over the years
  of the par-site running costs and depreciation). N more sites cost
  Σ_{k=0…N−1} montage_site × (1 − remise)^k + N × récurrent_site: the learning discount (remise) makes
  each further set-up cheaper, not the running. Without a discount, N sites cost N times one site.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from app.domain.bounds import bound_errors, usable
from app.domain.fiche import FieldError
from app.domain.formats import format_money, format_percent, format_years, shorten
from app.domain.vocabulary import QT_TRANSLATE_NOOP, Coded, GridLineOrigin

_ = QT_TRANSLATE_NOOP
ZERO = Decimal(0)
CENT = Decimal("0.01")


class Block(Coded):
    MONTAGE = "montage", _("vocabulary", "Temps agent de montage")
    FONCTIONNEMENT = "fonctionnement", _("vocabulary", "Temps agent de fonctionnement")
    INVESTISSEMENTS = "investissements", _("vocabulary", "Investissements")
    AUTRES_DEPENSES = "autres_depenses", _("vocabulary", "Autres dépenses de fonctionnement")
    FINANCEMENTS = "financements", _("vocabulary", "Financements exceptionnels mobilisés")
    COUTS_EVITES = "couts_evites", _("vocabulary", "Coûts évités")


@dataclass
class GridLine:
    """One line of a block; which fields matter depends on the block (see `BLOCK_FIELDS`)."""

    block: str = Block.MONTAGE.value
    label: str = ""
    """Role (time blocks), item (investments, expenses), source (funding) or what is avoided."""
    scope: str = "unique"
    """unique (done once: method, tools, studies) or par_site (repeats on each new site)."""
    days: Decimal | None = None
    daily_cost: Decimal | None = None
    amount: Decimal | None = None
    year: int | None = None
    depreciation_years: int | None = None
    nature: str = ""
    beneficiary: str = ""
    """For whom a cost is avoided."""
    method: str = ""
    """How an avoided cost was estimated."""
    confidence: str = ""
    funding_ref: str = ""
    """Id of a funding scheme of workspace 3, when the source is one."""
    uncertain: bool = False
    """A funding line not secured yet: shown, but left out of the funding totals and share."""
    origin: str = ""
    """Where the figures come from: a `GridLineOrigin` code (empty: not said)."""
    origin_ref: str = ""
    """The source a sourced line cites (document, page or section)."""

    def time_cost(self) -> Decimal:
        return (self.days or ZERO) * (self.daily_cost or ZERO)


ORIGIN_FIELDS = ("origin", "origin_ref")
ADDED_LINE_FIELDS = frozenset({"uncertain", *ORIGIN_FIELDS})
"""Fields of a line added by format 1.2 of packages (store revision 0007)."""
BLOCK_FIELDS: dict[str, tuple[str, ...]] = {
    Block.MONTAGE: ("label", "days", "daily_cost", "scope", *ORIGIN_FIELDS),
    Block.FONCTIONNEMENT: ("label", "days", "daily_cost", "scope", *ORIGIN_FIELDS),
    Block.INVESTISSEMENTS: ("label", "nature", "amount", "year", "depreciation_years", "scope", *ORIGIN_FIELDS),
    Block.AUTRES_DEPENSES: ("label", "amount", "scope", *ORIGIN_FIELDS),
    Block.FINANCEMENTS: ("label", "amount", "year", "uncertain", "scope", *ORIGIN_FIELDS),
    Block.COUTS_EVITES: ("label", "beneficiary", "amount", "method", "confidence", "scope", *ORIGIN_FIELDS),
}


FIELD_TITLES: dict[str, str] = {
    "label": _("vocabulary", "Libellé"),
    "days": _("vocabulary", "Jours"),
    "daily_cost": _("vocabulary", "Coût journalier (€)"),
    "amount": _("vocabulary", "Montant (€)"),
    "year": _("vocabulary", "Année"),
    "depreciation_years": _("vocabulary", "Amortissement (ans)"),
    "nature": _("vocabulary", "Nature"),
    "beneficiary": _("vocabulary", "Pour qui"),
    "method": _("vocabulary", "Estimation"),
    "confidence": _("vocabulary", "Confiance"),
    "scope": _("vocabulary", "Portée"),
    "uncertain": _("vocabulary", "Non acquis"),
    "origin": _("vocabulary", "Origine du chiffre"),
    "origin_ref": _("vocabulary", "Référence"),
}
BLOCK_FIELD_TITLES: dict[str, dict[str, str]] = {
    Block.MONTAGE: {"label": _("vocabulary", "Rôle")},
    Block.FONCTIONNEMENT: {"label": _("vocabulary", "Rôle"), "days": _("vocabulary", "Jours par an")},
    Block.INVESTISSEMENTS: {"label": _("vocabulary", "Objet"), "year": _("vocabulary", "Année d'achat")},
    Block.AUTRES_DEPENSES: {"label": _("vocabulary", "Objet"), "amount": _("vocabulary", "Montant par an (€)")},
    Block.FINANCEMENTS: {"label": _("vocabulary", "Source")},
    Block.COUTS_EVITES: {"label": _("vocabulary", "Ce qui est évité"), "amount": _("vocabulary", "Montant par an (€)")},
}
BLOCK_SHORT_TITLES: dict[str, str] = {
    Block.MONTAGE: _("vocabulary", "Montage"), Block.FONCTIONNEMENT: _("vocabulary", "Fonctionnement"),
    Block.INVESTISSEMENTS: _("vocabulary", "Investissements"),
    Block.AUTRES_DEPENSES: _("vocabulary", "Autres dépenses"),
    Block.FINANCEMENTS: _("vocabulary", "Financements"), Block.COUTS_EVITES: _("vocabulary", "Coûts évités"),
}


SCENARIO_FIELD_LABELS: dict[str, str] = {
    "fiche_id": _("fields", "Fiche"),
    "name": _("fields", "Nom du scénario"),
    "horizon_years": _("fields", "Horizon"),
    "beneficiaries_per_year": _("fields", "Bénéficiaires par an"),
    "learning_discount": _("fields", "Remise d'apprentissage par site"),
    "illustrative": _("fields", "Valeurs illustratives"),
    "notes": _("fields", "Notes"),
    "lines": _("fields", "Lignes de la grille"),
}
"""The French name of each field of `Scenario` (but its id): the one wording of the label everywhere."""

SCENARIO_FIELD_HINTS: dict[str, str] = {
    "horizon_years": _("fields", "années"),
    "learning_discount": _("fields", "%"),
    "illustrative": _("fields", "non tirées d'une source"),
}
"""The unit or precision the editor shows in brackets after the label (the dossier's values carry their unit)."""


def field_title(block: str, name: str) -> str:
    """The French column title of field `name` in `block`."""
    return BLOCK_FIELD_TITLES.get(block, {}).get(name, FIELD_TITLES[name])


@dataclass
class Scenario:
    id: str = ""
    fiche_id: str = ""
    name: str = "Scénario de base"
    horizon_years: int = 3
    beneficiaries_per_year: int | None = None
    learning_discount: Decimal | None = None
    """Between 0 and 1: each further site's one-off costs are this much cheaper than the previous one's."""
    illustrative: bool = False
    """True when the figures are illustrative, not taken from a source."""
    notes: str = ""
    lines: list[GridLine] = field(default_factory=list)

    def block(self, block: str) -> list[GridLine]:
        return [line for line in self.lines if line.block == block]


MAX_HORIZON = 50


def validate_scenario(scenario: Scenario) -> list[FieldError]:
    """French messages for every value that prevents saving the scenario.

    A line is named as the user sees it: « Investissements, ligne 1 » is the first line of its block; the
    error's field still gives the line's index in `scenario.lines`. Values out of bounds come first (see
    `app.domain.bounds`).
    """
    errors = [FieldError(name, message) for name, message in bound_errors(scenario, SCENARIO_FIELD_LABELS, ("name",))]
    if not scenario.name.strip():
        errors.append(FieldError("name", "Le nom du scénario est obligatoire."))
    horizon_ok = 1 <= scenario.horizon_years <= MAX_HORIZON
    if not horizon_ok:
        errors.append(FieldError("horizon_years", f"L'horizon va de 1 à {MAX_HORIZON} ans."))
    if scenario.beneficiaries_per_year is not None and scenario.beneficiaries_per_year < 0:
        errors.append(FieldError("beneficiaries_per_year", "Le nombre de bénéficiaires ne peut pas être négatif."))
    if usable(scenario.learning_discount) and not ZERO <= scenario.learning_discount < 1:
        errors.append(FieldError("learning_discount", "La remise d'apprentissage va de 0 à 99 %."))
    numbers: dict[str, int] = {}
    for n, line in enumerate(scenario.lines):
        numbers[line.block] = numbers.get(line.block, 0) + 1
        where = f"{Block.label_of(line.block)}, ligne {numbers[line.block]}"
        amounts = (("days", "le nombre de jours"), ("daily_cost", "le coût journalier"), ("amount", "le montant"))
        for attr, label in amounts:
            value = getattr(line, attr)
            if usable(value) and value < 0:
                errors.append(FieldError(f"lines.{n}.{attr}", f"{where} : {label} ne peut pas être négatif."))
        year_problem = _year_problem(line, scenario.horizon_years if horizon_ok else None)
        if year_problem:
            errors.append(FieldError(f"lines.{n}.year", f"{where} : {year_problem}"))
        if line.depreciation_years is not None and line.depreciation_years < 1:
            errors.append(FieldError(f"lines.{n}.depreciation_years",
                                     f"{where} : la durée d'amortissement est d'au moins 1 an."))
        if line.scope not in ("unique", "par_site"):
            errors.append(FieldError(f"lines.{n}.scope", f"{where} : « unique » ou « par site »."))
        if line.origin and line.origin not in set(GridLineOrigin):
            errors.append(FieldError(f"lines.{n}.origin",
                                     f"{where} : l'origine est « tirée d'une source », « illustrative » ou vide."))
    return errors


def _year_problem(line: GridLine, horizon: int | None) -> str:
    """Why the line's year cannot be counted ("" when it can): a year is a year of the project, 1 to the horizon.

    A calendar year (2026) is refused rather than left out of every indicator. `horizon` is None while the
    horizon itself is wrong.
    """
    if line.year is None:
        return ""
    if horizon is None:
        return "" if line.year >= 1 else "l'année du projet commence à 1."
    if 1 <= line.year <= horizon:
        return ""
    what = "l'année d'achat" if line.block == Block.INVESTISSEMENTS else "l'année"
    expected = ("Indiquez 1 : l'horizon est d'un an." if horizon == 1
                else f"Indiquez l'année du projet, de 1 à {horizon} (1 = la première année).")
    return f"{what} {shorten(str(line.year))} est hors de l'horizon. {expected}"


@dataclass(frozen=True)
class Indicators:
    setup_cost: Decimal
    running_cost_per_year: Decimal
    depreciation_by_year: tuple[Decimal, ...]
    full_cost_by_year: tuple[Decimal, ...]
    average_full_cost_per_year: Decimal
    total_cost: Decimal
    cost_per_beneficiary: Decimal | None
    avoided_per_year: Decimal
    avoided_total: Decimal
    net_cost: Decimal
    exceptional_funding: Decimal
    uncertain_funding: Decimal
    remaining_cost: Decimal
    funding_share: Decimal | None
    break_even_year: int | None
    cumulated_costs: tuple[Decimal, ...]
    cumulated_avoided: tuple[Decimal, ...]
    cost_by_block: dict[str, Decimal]
    site_setup_cost: Decimal
    site_recurring_cost: Decimal
    one_more_site: Decimal


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def depreciation(lines: list[GridLine], year: int) -> Decimal:
    """The depreciation charge of `year` for the investment lines among `lines`."""
    charge = ZERO
    for line in lines:
        if line.block != Block.INVESTISSEMENTS or line.amount is None:
            continue
        start = line.year or 1
        duration = line.depreciation_years or 1
        if start <= year < start + duration:
            regular = (line.amount / duration).quantize(CENT, rounding=ROUND_DOWN)
            charge += regular if year < start + duration - 1 else line.amount - regular * (duration - 1)
    return charge


def _running(lines: list[GridLine]) -> Decimal:
    return _sum(line.time_cost() for line in lines if line.block == Block.FONCTIONNEMENT) + _sum(
        line.amount or ZERO for line in lines if line.block == Block.AUTRES_DEPENSES)


def _setup(lines: list[GridLine]) -> Decimal:
    return _sum(line.time_cost() for line in lines if line.block == Block.MONTAGE)


def total_over(lines: list[GridLine], horizon: int) -> Decimal:
    running = _running(lines)
    return _setup(lines) + _sum(running + depreciation(lines, y) for y in range(1, horizon + 1))


def compute(scenario: Scenario) -> Indicators:
    horizon = max(scenario.horizon_years, 1)
    lines = scenario.lines
    setup = _setup(lines)
    running = _running(lines)
    depreciation_by_year = tuple(depreciation(lines, y) for y in range(1, horizon + 1))
    full_by_year = tuple(running + d for d in depreciation_by_year)
    total = setup + _sum(full_by_year)
    beneficiaries = scenario.beneficiaries_per_year or 0
    per_beneficiary = total / (beneficiaries * horizon) if beneficiaries > 0 else None
    avoided_per_year = _sum(line.amount or ZERO for line in lines if line.block == Block.COUTS_EVITES)
    avoided_total = avoided_per_year * horizon
    funding_lines = [line for line in lines
                     if line.block == Block.FINANCEMENTS and (line.year is None or 1 <= line.year <= horizon)]
    funding = _sum(line.amount or ZERO for line in funding_lines if not line.uncertain)
    hoped = _sum(line.amount or ZERO for line in funding_lines if line.uncertain)
    cumulated_costs, cumulated_avoided = [], []
    running_total = setup
    break_even = None
    for year, cost in enumerate(full_by_year, start=1):
        running_total += cost
        cumulated_costs.append(running_total)
        cumulated_avoided.append(avoided_per_year * year)
        if break_even is None and avoided_per_year * year >= running_total and running_total > 0:
            break_even = year
    site_lines = [line for line in lines if line.scope == "par_site"]
    site_setup = _setup(site_lines)
    site_total = total_over(site_lines, horizon)
    cost_by_block = {
        Block.MONTAGE.value: setup,
        Block.FONCTIONNEMENT.value: horizon * _sum(line.time_cost() for line in lines
                                                   if line.block == Block.FONCTIONNEMENT),
        Block.INVESTISSEMENTS.value: _sum(depreciation_by_year),
        Block.AUTRES_DEPENSES.value: horizon * _sum(line.amount or ZERO for line in lines
                                                    if line.block == Block.AUTRES_DEPENSES),
    }
    return Indicators(
        setup_cost=setup, running_cost_per_year=running, depreciation_by_year=depreciation_by_year,
        full_cost_by_year=full_by_year, average_full_cost_per_year=_sum(full_by_year) / horizon,
        total_cost=total, cost_per_beneficiary=per_beneficiary, avoided_per_year=avoided_per_year,
        avoided_total=avoided_total, net_cost=total - avoided_total, exceptional_funding=funding,
        uncertain_funding=hoped,
        remaining_cost=total - funding, funding_share=(funding / total) if total > 0 else None,
        break_even_year=break_even, cumulated_costs=tuple(cumulated_costs), cumulated_avoided=tuple(cumulated_avoided),
        cost_by_block=cost_by_block, site_setup_cost=site_setup, site_recurring_cost=site_total - site_setup,
        one_more_site=site_total,
    )


def replication_cost(indicators: Indicators, sites: int, learning_discount: Decimal | None = None) -> Decimal:
    """The cost over the horizon of `sites` more sites (see the module's definition)."""
    if sites <= 0:
        return ZERO
    keep = Decimal(1) - (learning_discount or ZERO)
    setups = _sum(indicators.site_setup_cost * keep**k for k in range(sites))
    return setups + sites * indicators.site_recurring_cost


DEFAULT_REPLICATION_SITES = 3


def money(value: Decimal | None, missing: str = "non calculable") -> str:
    """An amount of the grid in French, to the nearest cent, half a cent up (`format_money`'s rule, which
    Excel and LibreOffice follow too): 1 234,50 €, 34,13 € for 34,125."""
    return missing if value is None else format_money(value)


def indicator_labels(horizon: int | None = None, sites: int = DEFAULT_REPLICATION_SITES) -> dict[str, str]:
    """The French label of every indicator, in reading order.

    Those over the horizon name it when `horizon` is given (« Coût total sur 3 ans ») and stay neutral
    otherwise (« Coût total sur l'horizon »): beside scenarios of different horizons, or without a scenario.
    """
    over = f"sur {format_years(horizon)}" if horizon else "sur l'horizon"
    return {
        "setup_cost": "Coût de montage",
        "running_cost_per_year": "Coût de fonctionnement annuel",
        "average_full_cost_per_year": "Coût complet annuel moyen (avec amortissements)",
        "total_cost": f"Coût total {over}",
        "cost_per_beneficiary": "Coût par bénéficiaire",
        "avoided_total": f"Coûts évités {over}",
        "net_cost": "Coût net des coûts évités",
        "exceptional_funding": "Financements exceptionnels",
        "uncertain_funding": "Financements espérés, non acquis",
        "remaining_cost": "Reste à charge de la structure",
        "funding_share": "Part des financements exceptionnels",
        "break_even_year": "Année d'équilibre",
        "one_more_site": "Coût d'un site de plus",
        "n_sites": f"Coût de {sites} sites de plus",
    }


INDICATOR_EXPLANATIONS: dict[str, str] = {
    "setup_cost": _("indicators", "Ce que coûte la mise en place de l'initiative avant qu'elle ne fonctionne : "
                                  "le temps des agents qui la montent."),
    "running_cost_per_year": _("indicators", "Ce que coûte l'initiative chaque année une fois lancée, sans compter "
                                             "les achats d'équipement."),
    "average_full_cost_per_year": _("indicators", "Le coût d'une année ordinaire, le prix des équipements étant "
                                                  "réparti sur leurs années d'utilisation (amortissement)."),
    "total_cost": _("indicators", "Tout ce que l'initiative coûte sur la durée du scénario (l'horizon), mise en "
                                  "place comprise."),
    "cost_per_beneficiary": _("indicators", "Ce que coûte l'initiative pour une personne accompagnée. « Non "
                                            "calculable » tant que le nombre de bénéficiaires n'est pas saisi."),
    "avoided_total": _("indicators", "Les dépenses que l'initiative évite à la collectivité ou à d'autres "
                                     "(hospitalisation, impayés…) sur toute la durée de l'horizon."),
    "net_cost": _("indicators", "Ce que l'initiative coûte une fois déduites les dépenses qu'elle évite. Négatif, "
                                "elle évite plus de dépenses qu'elle n'en demande."),
    "exceptional_funding": _("indicators", "L'argent obtenu en plus du budget habituel (subvention, appel à projets, "
                                           "mécénat…), quand il est acquis."),
    "uncertain_funding": _("indicators", "Les financements demandés ou promis, pas encore obtenus : montrés pour "
                                         "mémoire, ils ne comptent dans aucun autre indicateur."),
    "remaining_cost": _("indicators", "Ce que la structure porteuse paie elle-même, une fois les financements "
                                      "exceptionnels obtenus."),
    "funding_share": _("indicators", "La part du coût total couverte par les financements exceptionnels acquis. "
                                     "« Non calculable » quand le coût total est nul."),
    "break_even_year": _("indicators", "La première année où les dépenses évitées depuis le début rattrapent tout "
                                       "ce que l'initiative a coûté depuis le début. « Non atteint » si cela "
                                       "n'arrive pas avant la fin de l'horizon."),
    "one_more_site": _("indicators", "Ce que coûterait l'initiative reproduite sur un site de plus, sur la durée "
                                     "de l'horizon : seules comptent les lignes refaites sur chaque site."),
    "n_sites": _("indicators", "Ce que coûteraient plusieurs sites de plus. Avec l'expérience, chaque nouvelle "
                               "mise en place peut coûter moins cher : c'est la remise d'apprentissage."),
}
"""What each indicator of `indicator_labels` tells, for a reader who is not an economist."""

INDICATOR_FORMULAS: dict[str, str] = {
    "setup_cost": _("indicators", "Pour chaque ligne du temps agent de montage, les jours multipliés par le coût "
                                  "journalier ; puis la somme des lignes."),
    "running_cost_per_year": _("indicators", "Les jours par an multipliés par le coût journalier de chaque ligne du "
                                             "temps agent de fonctionnement, plus les autres dépenses de l'année."),
    "average_full_cost_per_year": _("indicators", "La somme des coûts complets des années de l'horizon "
                                                  "(fonctionnement plus amortissements de l'année), divisée par le "
                                                  "nombre d'années."),
    "total_cost": _("indicators", "Coût de montage plus le coût complet de chaque année de l'horizon "
                                  "(fonctionnement et amortissements)."),
    "cost_per_beneficiary": _("indicators", "Coût total divisé par le nombre de bénéficiaires sur l'horizon "
                                            "(bénéficiaires par an multipliés par le nombre d'années)."),
    "avoided_total": _("indicators", "La somme des montants annuels des coûts évités, multipliée par le nombre "
                                     "d'années de l'horizon."),
    "net_cost": _("indicators", "Coût total moins les coûts évités sur l'horizon."),
    "exceptional_funding": _("indicators", "La somme des financements exceptionnels acquis des années de "
                                           "l'horizon ; les lignes « non acquis » n'y entrent pas."),
    "uncertain_funding": _("indicators", "La somme des financements marqués « non acquis » des années de "
                                         "l'horizon."),
    "remaining_cost": _("indicators", "Coût total moins les financements exceptionnels acquis."),
    "funding_share": _("indicators", "Financements exceptionnels acquis divisés par le coût total, en pourcentage."),
    "break_even_year": _("indicators", "La première année où les coûts évités cumulés depuis l'année 1 atteignent "
                                       "les coûts cumulés (montage plus coûts complets des années écoulées)."),
    "one_more_site": _("indicators", "Le coût total calculé sur les seules lignes « par site » : leur montage plus "
                                     "leur fonctionnement et leurs amortissements sur l'horizon."),
    "n_sites": _("indicators", "Le montage d'un site, diminué de la remise d'apprentissage à chaque site après le "
                               "premier, plus le fonctionnement et les amortissements d'un site multipliés par le "
                               "nombre de sites."),
}
"""How each indicator is computed, in words (the formulas are in this module's docstring)."""

FORMULA_CAPTION = _("indicators", "Calcul :")
"""What introduces an indicator's formula in words, in its tooltip."""


def indicator_table(scenario: Scenario, result: Indicators,
                    sites: int = DEFAULT_REPLICATION_SITES) -> list[tuple[str, str, str]]:
    """(key, French label, French-formatted value) of every indicator, in reading order."""
    values = {
        "setup_cost": money(result.setup_cost),
        "running_cost_per_year": money(result.running_cost_per_year),
        "average_full_cost_per_year": money(result.average_full_cost_per_year),
        "total_cost": money(result.total_cost),
        "cost_per_beneficiary": money(result.cost_per_beneficiary),
        "avoided_total": money(result.avoided_total),
        "net_cost": money(result.net_cost),
        "exceptional_funding": money(result.exceptional_funding),
        "uncertain_funding": money(result.uncertain_funding),
        "remaining_cost": money(result.remaining_cost),
        "funding_share": "non calculable" if result.funding_share is None else format_percent(result.funding_share),
        "break_even_year": "non atteint" if result.break_even_year is None else f"année {result.break_even_year}",
        "one_more_site": money(result.one_more_site),
        "n_sites": money(replication_cost(result, sites, scenario.learning_discount)),
    }
    labels = indicator_labels(max(scenario.horizon_years, 1), sites)
    return [(key, label, values[key]) for key, label in labels.items()]
