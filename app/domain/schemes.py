"""A funding or support scheme of the Financements workspace (workspace 3), as plain data, and its validation.

A scheme is what a CCAS may apply to or lean on: a call for projects, a subsidy, a loan, patronage, a prize, or
support without money (accompagnement, formation, mise en réseau). Unlike Aides-territoires, a scheme may have
several deadlines (the cut-offs of a call that is examined in rounds), names CCAS and CIAS among its audiences,
and says whether it supports essaimage (Proposition 9 of the SGMAP–CGET report). Codes are those of
`app.domain.vocabulary`; territories are codes of `app.domain.territories` (`FR`, `R84`, `D38`, `E…`, `C…`).

A scheme comes from somewhere (`origin`): the catalogue shipped with Essaim, a file of Aides-territoires, a
spreadsheet, a catalogue package, or the user's own entry; `origin_key` identifies it there, so that an update
from the same origin finds it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.bounds import bound_errors, usable
from app.domain.fiche import FieldError
from app.domain.formats import shorten
from app.domain.vocabulary import QT_TRANSLATE_NOOP, Coded, SchemeStatus

_ = QT_TRANSLATE_NOOP


class SchemeOrigin(Coded):
    """Where a scheme comes from."""

    CATALOGUE = "catalogue", _("vocabulary", "Catalogue d'Essaim")
    AIDES_TERRITOIRES = "aides-territoires", _("vocabulary", "Aides-territoires")
    TABLEUR = "tableur", _("vocabulary", "Tableur")
    PAQUET = "paquet", _("vocabulary", "Paquet de catalogue")
    SAISIE = "saisie", _("vocabulary", "Saisie manuelle")


@dataclass
class Deadline:
    """One date by which to apply (a call examined in several rounds has several)."""

    on: date | None = None
    label: str = ""
    """What the date is: « Date limite », « 1re relève », « Clôture du 2e tour »…"""


@dataclass
class Scheme:
    id: str = ""
    name: str = ""
    short_name: str = ""
    financers: list[str] = field(default_factory=list)
    instructors: list[str] = field(default_factory=list)
    """Who examines the applications, when it is not the financer."""
    programme: str = ""
    level: str = ""
    kinds: list[str] = field(default_factory=list)
    without_money: bool = False
    """A call or label that brings no money (« appels à projets non subventionnés »)."""
    audiences: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    supports_scaling: bool | None = None
    """Whether it supports essaimage or duplication (Proposition 9); None when the source does not say."""
    territories: list[str] = field(default_factory=list)
    """The territories it covers, as codes; empty when not known."""
    territory_note: str = ""
    """The area in words when it is no territory of the list (« communes littorales », « quartiers prioritaires »)."""
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    rate_min: Decimal | None = None
    rate_max: Decimal | None = None
    """Rates of the eligible expense, in percent (0 to 100)."""
    recurrence: str = ""
    opens_on: date | None = None
    predeposit_on: date | None = None
    deadlines: list[Deadline] = field(default_factory=list)
    next_round: str = ""
    """When a next round is expected, in words (« printemps 2026 », « chaque année en mars »)."""
    description: str = ""
    eligibility: str = ""
    constraints: str = ""
    application_url: str = ""
    source_url: str = ""
    contact: str = ""
    source_title: str = ""
    source_date: date | None = None
    source_ref: str = ""
    """Where in the source the facts are (page, section)."""
    checked_on: date | None = None
    status: str = SchemeStatus.OUVERT.value
    origin: str = SchemeOrigin.SAISIE.value
    origin_key: str = ""
    parent_id: str = ""
    """The national scheme this one is a local variant of: variants are shown grouped under it."""
    notes: str = ""
    """The user's own notes: never replaced by an update."""


SCHEME_FIELD_LABELS: dict[str, str] = {
    "name": _("fields", "Nom"),
    "short_name": _("fields", "Nom court"),
    "financers": _("fields", "Financeurs"),
    "instructors": _("fields", "Instructeurs"),
    "programme": _("fields", "Programme"),
    "level": _("fields", "Niveau"),
    "kinds": _("fields", "Nature de l'aide"),
    "without_money": _("fields", "Sans apport financier"),
    "audiences": _("fields", "Bénéficiaires"),
    "themes": _("fields", "Thématiques"),
    "stages": _("fields", "Stades du projet"),
    "supports_scaling": _("fields", "Soutient l'essaimage"),
    "territories": _("fields", "Territoires couverts"),
    "territory_note": _("fields", "Territoire (précisions)"),
    "amount_min": _("fields", "Montant minimum"),
    "amount_max": _("fields", "Montant maximum"),
    "rate_min": _("fields", "Taux minimum"),
    "rate_max": _("fields", "Taux maximum"),
    "recurrence": _("fields", "Récurrence"),
    "opens_on": _("fields", "Ouverture"),
    "predeposit_on": _("fields", "Pré-dépôt"),
    "deadlines": _("fields", "Dates limites"),
    "next_round": _("fields", "Prochaine session attendue"),
    "description": _("fields", "Description"),
    "eligibility": _("fields", "Conditions d'éligibilité"),
    "constraints": _("fields", "Contraintes"),
    "application_url": _("fields", "Adresse pour candidater"),
    "source_url": _("fields", "Adresse de la source"),
    "contact": _("fields", "Contact"),
    "source_title": _("fields", "Source"),
    "source_date": _("fields", "Date de la source"),
    "source_ref": _("fields", "Référence dans la source"),
    "checked_on": _("fields", "Vérifié le"),
    "status": _("fields", "État"),
    "origin": _("fields", "Origine"),
    "origin_key": _("fields", "Identifiant d'origine"),
    "parent_id": _("fields", "Dispositif national"),
    "notes": _("fields", "Notes"),
}
"""The French name of each field of `Scheme` (but its id)."""

SHORT_FIELDS = ("name", "short_name", "financers", "instructors", "programme", "next_round", "source_ref",
                "origin_key")
CODED_FIELDS = ("level", "recurrence", "origin", "kinds", "audiences", "themes", "stages")
"""Fields holding codes of `app.domain.vocabulary` (or of `SchemeOrigin`), one or a list."""
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
"""What a code looks like, known or not (a newer version's code is kept; a text is not a code)."""
STATION_FIELDS = ("notes",)
"""Fields that belong to this station: never sent in a package, never replaced by a received version."""


def next_deadline(scheme: Scheme, today: date) -> date | None:
    return min((d.on for d in scheme.deadlines if d.on is not None and d.on >= today), default=None)


def is_open(scheme: Scheme, today: date) -> bool:
    """One can apply today: the scheme is open, has opened, and either has no deadline (permanent, or not said)
    or one still to come."""
    if scheme.status != SchemeStatus.OUVERT:
        return False
    if scheme.opens_on is not None and scheme.opens_on > today:
        return False
    dated = [d.on for d in scheme.deadlines if d.on is not None]
    return not dated or max(dated) >= today


_STATUSES = frozenset(SchemeStatus)


def validate_scheme(scheme: Scheme) -> list[FieldError]:
    """French messages for every value that prevents saving the scheme (what arrives from a file included).

    A code this version does not know (from a newer catalogue) is kept and shown as it is, as for fiches, as long as
    it looks like a code (`CODE_PATTERN`); only the status, on which the finder's logic rests, must be known. The
    shipped catalogue's codes are checked by its tests."""
    errors = [FieldError(name, message) for name, message in bound_errors(scheme, SCHEME_FIELD_LABELS, SHORT_FIELDS)]
    if not scheme.name.strip():
        errors.append(FieldError("name", "Le nom du dispositif est obligatoire."))
    errors += _code_errors(scheme)
    if scheme.status not in _STATUSES:
        errors.append(FieldError("status", f"État inconnu « {shorten(scheme.status)} » : ouvert, fermé ou arrêté."))
    for low, high, what in (("amount_min", "amount_max", "montant"), ("rate_min", "rate_max", "taux")):
        floor, ceiling = getattr(scheme, low), getattr(scheme, high)
        for name, value in ((low, floor), (high, ceiling)):
            if usable(value) and value < 0:
                errors.append(FieldError(name, f"Le {what} ne peut pas être négatif."))
        if usable(floor) and usable(ceiling) and floor > ceiling:
            errors.append(FieldError(high, f"Le {what} maximum est inférieur au {what} minimum."))
    for name in ("rate_min", "rate_max"):
        value = getattr(scheme, name)
        if usable(value) and value > 100:
            errors.append(FieldError(name, "Un taux va de 0 à 100 %."))
    return errors


def _code_errors(scheme: Scheme) -> list[FieldError]:
    errors = []
    for name in CODED_FIELDS:
        value = getattr(scheme, name)
        codes = value if isinstance(value, list) else [value] if value else []
        wrong = next((code for code in codes if not isinstance(code, str) or not CODE_PATTERN.match(code)), None)
        if wrong is not None:
            errors.append(FieldError(name, f"{SCHEME_FIELD_LABELS[name]} : « {shorten(str(wrong))} » n'est pas un code "
                                           "(lettres minuscules sans accents, chiffres, « _ » ou « - », 32 caractères "
                                           "au plus)."))
    return errors


LOCAL_FIELDS = frozenset({"id", "notes", "origin", "origin_key", "parent_id"})
"""Fields an update from the scheme's origin never touches: they belong to this station."""


@dataclass(frozen=True)
class MergedUpdate:
    data: dict[str, Any]
    """The scheme as it should now be stored (JSON form)."""
    taken: tuple[str, ...]
    """Fields the update changed."""
    kept: tuple[str, ...]
    """Fields the user had changed and the update changed too: the user's value is kept (a conflict to show)."""


def merge_update(current: dict[str, Any], before: dict[str, Any] | None, now: dict[str, Any]) -> MergedUpdate:
    """Apply what the origin changed between `before` (what it last gave) and `now` to `current` (what this
    station holds), field by field: a field the user left as it was given takes the new value; a field the user
    changed keeps the user's value. Without `before`, every field that differs counts as the user's."""
    data = dict(current)
    taken: list[str] = []
    kept: list[str] = []
    for name, value in now.items():
        if name in LOCAL_FIELDS or current.get(name) == value:
            continue
        if before is not None and current.get(name) == before.get(name):
            data[name] = value
            taken.append(name)
        elif before is None or value != before.get(name):
            kept.append(name)
    return MergedUpdate(data, tuple(taken), tuple(kept))
