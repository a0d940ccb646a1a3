"""A scheme as labelled French values, for `essaim funding show`, the finder's detail pane and the dossier."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.domain.document import LabelledValue
from app.domain.fiche_sections import labels
from app.domain.formats import format_date, format_decimal, format_money, yes_no
from app.domain.schemes import SCHEME_FIELD_LABELS, Deadline, Scheme, SchemeOrigin
from app.domain.territories import load_territories
from app.domain.vocabulary import (
    Audience,
    Coded,
    FundingKind,
    FundingLevel,
    ProjectPhase,
    Recurrence,
    SchemeStatus,
    Theme,
)


def _range(low: Decimal | None, high: Decimal | None, unit: str) -> str:
    def shown(value: Decimal) -> str:
        return format_money(value, 0) if unit == "€" else f"{format_decimal(value)}\u00a0%"
    if low is not None and high is not None:
        return f"de {shown(low)} à {shown(high)}" if low != high else shown(low)
    if high is not None:
        return f"jusqu'à {shown(high)}"
    return f"à partir de {shown(low)}" if low is not None else ""


def territory_names(codes: list[str]) -> str:
    """« Grenoble (INSEE 38185), Isère (38) » for the codes of a scheme's area (a code unknown here as it is)."""
    if not codes:
        return ""
    index = load_territories()
    return ", ".join(territory.label if (territory := index.get(code)) is not None else code for code in codes)


def deadlines_text(deadlines: list[Deadline]) -> str:
    """« 31/03/2027 (1re relève) ; 30/09/2027 »."""
    return " ; ".join(f"{format_date(d.on)}{f' ({d.label})' if d.label else ''}" for d in deadlines)


_CODED: dict[str, type[Coded]] = {"level": FundingLevel, "kinds": FundingKind, "audiences": Audience, "themes": Theme,
                                  "stages": ProjectPhase, "recurrence": Recurrence, "status": SchemeStatus,
                                  "origin": SchemeOrigin}


def field_text(scheme: Scheme, name: str) -> str:
    """One field of the scheme as a reader sees it (labels of codes, dates, euros, territories by name)."""
    value = getattr(scheme, name)
    if name in _CODED:
        return labels(_CODED[name], value) if isinstance(value, list) else _CODED[name].label_of(value)
    if name == "territories":
        return territory_names(value)
    if name == "deadlines":
        return deadlines_text(value)
    if name in ("amount_min", "amount_max"):
        return format_money(value, 0) if value is not None else ""
    if name in ("rate_min", "rate_max"):
        return f"{format_decimal(value)} %" if value is not None else ""
    if name in ("supports_scaling", "without_money"):
        return yes_no(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def scheme_values(scheme: Scheme) -> list[LabelledValue]:
    """Every value the scheme holds, labelled, in reading order; empty ones left out."""
    label = SCHEME_FIELD_LABELS
    kinds = labels(FundingKind, scheme.kinds) + (" (sans apport financier)" if scheme.without_money else "")
    pairs = [
        (label["short_name"], scheme.short_name),
        (label["status"], SchemeStatus.label_of(scheme.status)),
        (label["financers"], ", ".join(scheme.financers)),
        (label["instructors"], ", ".join(scheme.instructors)),
        (label["programme"], scheme.programme),
        (label["level"], FundingLevel.label_of(scheme.level)),
        (label["kinds"], kinds),
        (label["audiences"], labels(Audience, scheme.audiences)),
        (label["themes"], labels(Theme, scheme.themes)),
        (label["stages"], labels(ProjectPhase, scheme.stages)),
        (label["supports_scaling"], yes_no(scheme.supports_scaling)),
        (label["territories"], territory_names(scheme.territories)),
        (label["territory_note"], scheme.territory_note),
        ("Montant", _range(scheme.amount_min, scheme.amount_max, "€")),
        ("Taux", _range(scheme.rate_min, scheme.rate_max, "%")),
        (label["recurrence"], Recurrence.label_of(scheme.recurrence)),
        (label["opens_on"], format_date(scheme.opens_on)),
        (label["predeposit_on"], format_date(scheme.predeposit_on)),
        (label["deadlines"], deadlines_text(scheme.deadlines)),
        (label["next_round"], scheme.next_round),
        (label["description"], scheme.description),
        (label["eligibility"], scheme.eligibility),
        (label["constraints"], scheme.constraints),
        (label["application_url"], scheme.application_url),
        (label["contact"], scheme.contact),
        (label["source_title"], scheme.source_title),
        (label["source_date"], format_date(scheme.source_date)),
        (label["source_ref"], scheme.source_ref),
        (label["source_url"], scheme.source_url),
        (label["checked_on"], format_date(scheme.checked_on)),
        (label["origin"], SchemeOrigin.label_of(scheme.origin)),
        (label["notes"], scheme.notes),
    ]
    return [LabelledValue(name, value) for name, value in pairs if value]
