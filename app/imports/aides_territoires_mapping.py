"""One Aides-territoires aid (a JSON object of the API or of an old dump) read as an Essaim `Scheme`.

No key is assumed present: a copy of 2021 lacks nine of today's 44 keys, a hand-made file may hold only `id`
and `name`. A value of the wrong type or unreadable (a date « 2024-13-45 », a text where a number is expected)
raises `Refused` with a French message: the reader turns it into a `FileProblem` and keeps the other aids.

How the fields are read (the vocabularies in `aides_territoires_vocabulary`, the perimeter in
`aides_territoires_perimeters`):

- name (« name », else « name_initial »), short_title → short_name, financers and instructors by name (from
  `financers_full` / `instructors_full` when only they are given), programs → programme joined by « ; »;
- aid_types → kinds, and `appel_projets` when `is_call_for_project`; a call whose aid types are all engineering
  brings no money (`without_money`);
- targeted_audiences → audiences, code for code (Aides-territoires has no CCAS or CIAS: `ccas` and `cias` are
  added only when the aid's name or eligibility names them as applicants); labels Essaim does not know are named
  at the end of the eligibility;
- categories → themes; an aid whose name or description names « précarité énergétique » is on that theme; the
  categories that give no theme are named at the end of the description, and an aid whose categories give none
  at all is on « Autre » (so that a CCAS fiche's themes do not match it by default);
- mobilization_steps → stages, recurrence → recurrence;
- subvention rates → rate_min/rate_max (a number with more than six decimals rounded to six); loan_amount and
  recoverable_advance_amount → amount_max (the larger), with a sentence in the constraints saying what it is;
  the destinations (« Dépenses de fonctionnement »), the subvention comment and « payante » (is_charged) are
  sentences of the constraints too;
- start_date → opens_on, predeposit_date → predeposit_on, submission_deadline → one deadline « Date limite de
  dépôt »;
- description, eligibility, contact and project_examples are HTML turned into text (`html_text`); the project
  examples, the project references and the initial name (when it differs) follow the description;
- origin_url → source_url (the aid's page on Aides-territoires when there is none), application_url; only web
  addresses (http, https) are kept; the aid's page on Aides-territoires is the source reference;
- status: always « ouvert ». Aides-territoires publishes no closed or discontinued state: `is_live` is false
  for an aid whose deadline is past or whose start is to come, and Essaim reads both from the dates
  (`schemes.is_open`), which stay true as days pass where a status copied from `is_live` would not;
- source « Aides-territoires », source_date and checked_on: the day of `date_updated` (of `date_created` when
  the aid was never updated): the day Aides-territoires last reviewed what the file says.

Every text is cleaned (no control characters) and cut with « … » to the bounds `validate_scheme` applies.
"""

from __future__ import annotations

import dataclasses
import math
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain.bounds import MAX_DECIMAL_PLACES, MAX_ITEMS, MAX_SHORT_TEXT, MAX_TEXT
from app.domain.formats import NBSP, format_decimal, shorten
from app.domain.schemes import SHORT_FIELDS, Deadline, Scheme, SchemeOrigin
from app.domain.territories import fold
from app.domain.vocabulary import Audience, FundingKind, ProjectPhase, SchemeStatus, Theme
from app.imports.aides_territoires_perimeters import Area, PerimeterReader
from app.imports.aides_territoires_vocabulary import (
    AID_TYPES,
    AUDIENCES,
    DESTINATIONS,
    ENGINEERING_TYPES,
    NO_KIND,
    RECURRENCES,
    STEPS,
    folded_label,
    named_audiences,
    names_energy_poverty,
    themes_of_category,
)
from app.imports.html_text import html_to_text, one_line
from app.imports.incoming import incoming_id

ORIGIN = SchemeOrigin.AIDES_TERRITOIRES.value
SOURCE_TITLE = "Aides-territoires"
SITE = "https://aides-territoires.beta.gouv.fr"
DEADLINE_LABEL = "Date limite de dépôt"

_ORDER_FUNDINGKIND, _ORDER_AUDIENCE = tuple(FundingKind), tuple(Audience)
_ORDER_THEME, _ORDER_PROJECTPHASE = tuple(Theme), tuple(ProjectPhase)
"""Each vocabulary in its order, to list a scheme's codes in it (iterating an enum is slow, thousands of times)."""

KEY_NAMES: dict[str, str] = {
    "id": "identifiant", "name": "nom", "name_initial": "nom initial", "short_title": "nom court",
    "financers": "financeurs", "financers_full": "financeurs", "instructors": "instructeurs",
    "instructors_full": "instructeurs", "programs": "programmes", "description": "description",
    "eligibility": "conditions d'éligibilité", "contact": "contact", "project_examples": "exemples de projets",
    "perimeter": "périmètre", "mobilization_steps": "étapes", "origin_url": "adresse de la source",
    "application_url": "adresse pour candidater", "categories": "thématiques", "targeted_audiences": "bénéficiaires",
    "aid_types": "nature de l'aide", "aid_types_full": "nature de l'aide", "destinations": "dépenses couvertes",
    "start_date": "date d'ouverture", "predeposit_date": "date de pré-dépôt",
    "submission_deadline": "date limite de dépôt", "subvention_rate_lower_bound": "taux minimum",
    "subvention_rate_upper_bound": "taux maximum", "subvention_comment": "précisions sur le taux",
    "loan_amount": "montant du prêt", "recoverable_advance_amount": "montant de l'avance récupérable",
    "recurrence": "récurrence", "date_created": "date de création", "date_updated": "date de mise à jour",
    "project_references": "projets de référence", "url": "adresse sur Aides-territoires",
}
"""The French name of each key read, for messages (« date limite de dépôt (submission_deadline) »)."""
_DESTINATION_PREFIX = re.compile(r"^d[ée]penses d(?:e |’|')\s*", re.IGNORECASE)
_WEB = re.compile(r"^https?://\S+$", re.IGNORECASE)
_FINEST = Decimal(1).scaleb(-MAX_DECIMAL_PLACES)
"""A number with more decimals (a rate of 33.333333333) is rounded to the places Essaim keeps."""


class Refused(Exception):
    """A value of the aid cannot be read: `args[0]` says which and why, in French."""


def _what(key: str) -> str:
    """« Date limite de dépôt (submission_deadline) »: how a message names a key, at its start."""
    name = KEY_NAMES.get(key, key)
    return f"{name[:1].upper()}{name[1:]} ({key})"


def _shown(value: object) -> str:
    return shorten(one_line(str(value)))


class _Aid:
    """Typed reads of an aid's keys: a missing key or null is empty; a value of the wrong type is `Refused`."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record

    def get(self, key: str) -> Any:
        return self.record.get(key)

    def text(self, key: str) -> str:
        value = self.record.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        raise Refused(f"{_what(key)} : un texte était attendu.")

    def line(self, key: str) -> str:
        return one_line(self.text(key))

    def html(self, key: str) -> str:
        return html_to_text(self.text(key))

    def names(self, key: str) -> list[str]:
        """A list of labels: strings, or objects whose `name` is one (as `financers_full` gives them)."""
        value = self.record.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise Refused(f"{_what(key)} : une liste était attendue.")
        found: dict[str, None] = {}
        for item in value:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str) and (line := one_line(name)):
                found[line] = None
        return list(found)

    def day(self, key: str) -> date | None:
        value = self.text(key).strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            raise Refused(f"{_what(key)} : date illisible « {_shown(value)} » (AAAA-MM-JJ attendu).") from None

    def moment(self, key: str) -> datetime | None:
        value = self.text(key).strip()
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise Refused(f"{_what(key)} : date illisible « {_shown(value)} ».") from None
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

    def number(self, key: str) -> Decimal | None:
        value = self.record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise Refused(f"{_what(key)} : un nombre était attendu.")
        if isinstance(value, float) and not math.isfinite(value):
            raise Refused(f"{_what(key)} : « {_shown(value)} » n'est pas un nombre.")
        try:
            number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise Refused(f"{_what(key)} : « {_shown(value)} » n'est pas un nombre.") from None
        if not number.is_finite():
            raise Refused(f"{_what(key)} : « {_shown(value)} » n'est pas un nombre.")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_DECIMAL_PLACES:
            number = number.quantize(_FINEST)
        return number

    def flag(self, key: str) -> bool:
        value = self.record.get(key)
        if value is None or isinstance(value, bool):
            return bool(value)
        raise Refused(f"{_what(key)} : vrai ou faux (true, false) était attendu.")

    def url(self, key: str) -> str:
        value = self.line(key)
        if value.lower().startswith("www."):
            value = "https://" + value
        return value if _WEB.match(value) else ""


def aid_key(record: dict[str, Any]) -> str:
    """The aid's id as its `origin_key`: a whole number, or a text of digits."""
    value = record.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 18:
        return str(int(value.strip()))
    if value is None:
        raise Refused("Aide sans identifiant (id) : elle ne pourrait pas être retrouvée à la prochaine mise à jour.")
    raise Refused(f"Identifiant (id) illisible « {_shown(value)} » : un nombre entier était attendu.")


def aid_updated(record: dict[str, Any]) -> datetime | None:
    """When Aides-territoires last changed the aid (`date_updated`), None when the record does not say."""
    return _Aid(record).moment("date_updated")


def scheme_of(record: dict[str, Any], areas: PerimeterReader) -> Scheme:
    """The scheme for this aid (origin, origin_key and id set; parent_id left to the reader of the whole file),
    its texts cut to fit; `validate_scheme` is the caller's."""
    aid = _Aid(record)
    key = aid_key(record)
    scheme = Scheme(id=incoming_id(ORIGIN, key), origin=ORIGIN, origin_key=key, source_title=SOURCE_TITLE,
                    status=SchemeStatus.OUVERT.value)
    _identity(scheme, aid)
    _kinds(scheme, aid)
    _audiences(scheme, aid)
    _themes(scheme, aid)
    _stages(scheme, aid)
    _money(scheme, aid)
    _dates(scheme, aid)
    _place(scheme, areas.area(aid.line("perimeter"), aid.get("perimeter_scale")))
    _references(scheme, aid)
    fit(scheme)
    return scheme


def _identity(scheme: Scheme, aid: _Aid) -> None:
    initial = aid.line("name_initial")
    scheme.name = aid.line("name") or initial
    scheme.short_name = aid.line("short_title")
    scheme.financers = aid.names("financers") or aid.names("financers_full")
    scheme.instructors = aid.names("instructors") or aid.names("instructors_full")
    scheme.programme = " ; ".join(aid.names("programs"))
    scheme.contact = aid.html("contact")
    scheme.eligibility = aid.html("eligibility")
    parts = [aid.html("description")]
    examples = aid.html("project_examples")
    if examples:
        parts.append(f"Exemples de projets :\n{examples}")
    references = aid.names("project_references")
    if references:
        parts.append(f"Projets de référence : {' ; '.join(references)}.")
    if initial and fold(initial) != fold(scheme.name):
        parts.append(f"Nom initial : {initial}.")
    scheme.description = "\n\n".join(part for part in parts if part)


def _kinds(scheme: Scheme, aid: _Aid) -> None:
    labels = aid.names("aid_types") or aid.names("aid_types_full")
    folded = [folded_label(label) for label in labels]
    kinds = {AID_TYPES[label] for label in folded if label in AID_TYPES} - {NO_KIND}
    kinds |= {FundingKind.INGENIERIE for label in folded if label not in AID_TYPES and "ingenierie" in label}
    if aid.flag("is_call_for_project"):
        kinds.add(FundingKind.APPEL_PROJETS)
        scheme.without_money = bool(folded) and all(label in ENGINEERING_TYPES for label in folded)
    scheme.kinds = [kind.value for kind in _ORDER_FUNDINGKIND if kind in kinds]


def _audiences(scheme: Scheme, aid: _Aid) -> None:
    codes: set[str] = set()
    unknown: list[str] = []
    for label in aid.names("targeted_audiences"):
        code = AUDIENCES.get(folded_label(label))
        if code is None:
            unknown.append(label)
        else:
            codes.add(code)
    codes.update(named_audiences(f"{scheme.name}\n{scheme.eligibility}"))
    scheme.audiences = [audience.value for audience in _ORDER_AUDIENCE if audience in codes]
    if unknown:
        scheme.eligibility = _paragraphs(
            scheme.eligibility, f"Autres bénéficiaires selon Aides-territoires : {' ; '.join(unknown)}.")


def _themes(scheme: Scheme, aid: _Aid) -> None:
    categories = aid.names("categories")
    codes: set[str] = set()
    unmapped: list[str] = []
    for category in categories:
        found = themes_of_category(category)
        codes.update(found)
        if not found:
            unmapped.append(category.replace("|", " / "))
    if names_energy_poverty(f"{scheme.name}\n{scheme.description}"):
        codes.add(Theme.PRECARITE_ENERGETIQUE)
    if categories and not codes:
        codes.add(Theme.AUTRE)
    scheme.themes = [theme.value for theme in _ORDER_THEME if theme in codes]
    if unmapped:
        scheme.description = _paragraphs(
            scheme.description, f"Autres thématiques selon Aides-territoires : {' ; '.join(unmapped)}.")


def _stages(scheme: Scheme, aid: _Aid) -> None:
    phases = {STEPS[step] for step in map(folded_label, aid.names("mobilization_steps")) if step in STEPS}
    if len(phases) == len(set(STEPS.values())):
        phases.add(ProjectPhase.CHANGEMENT_ECHELLE)
    scheme.stages = [phase.value for phase in _ORDER_PROJECTPHASE if phase in phases]


def _money(scheme: Scheme, aid: _Aid) -> None:
    scheme.rate_min = aid.number("subvention_rate_lower_bound")
    scheme.rate_max = aid.number("subvention_rate_upper_bound")
    sentences = []
    destinations = [_DESTINATION_PREFIX.sub("", DESTINATIONS.get(label, label)) for label in aid.names("destinations")]
    if destinations:
        sentences.append(f"Dépenses financées : {' ; '.join(destinations)}.")
    comment = aid.html("subvention_comment")
    if comment:
        sentences.append(f"Taux de subvention : {comment}")
    amounts = []
    for key, what in (("loan_amount", "Prêt"), ("recoverable_advance_amount", "Avance récupérable")):
        amount = aid.number(key)
        if amount is not None:
            amounts.append(amount)
            sentences.append(f"{what} d'un montant maximum de {format_decimal(amount)}{NBSP}€.")
    scheme.amount_max = max(amounts, default=None)
    if aid.flag("is_charged"):
        sentences.append("Prestation payante.")
    scheme.constraints = "\n".join(sentences)


def _dates(scheme: Scheme, aid: _Aid) -> None:
    scheme.opens_on = aid.day("start_date")
    scheme.predeposit_on = aid.day("predeposit_date")
    deadline = aid.day("submission_deadline")
    scheme.deadlines = [Deadline(deadline, DEADLINE_LABEL)] if deadline is not None else []
    scheme.recurrence = str(RECURRENCES.get(folded_label(aid.line("recurrence")), ""))
    reviewed = aid.moment("date_updated") or aid.moment("date_created")
    scheme.source_date = scheme.checked_on = reviewed.date() if reviewed is not None else None


def _place(scheme: Scheme, area: Area) -> None:
    scheme.territories = list(area.territories)
    scheme.territory_note = area.note
    scheme.level = area.level


def _references(scheme: Scheme, aid: _Aid) -> None:
    path = aid.line("url")
    page = SITE + path if path.startswith("/") else aid.url("url")
    scheme.source_ref = page if _WEB.match(page) else ""
    scheme.source_url = aid.url("origin_url") or scheme.source_ref
    scheme.application_url = aid.url("application_url")


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


_LIMITS = tuple((item.name, MAX_SHORT_TEXT if item.name in SHORT_FIELDS else MAX_TEXT)
                for item in dataclasses.fields(Scheme) if item.type in ("str", "list[str]"))
"""The text fields of a scheme and their bounds (the others hold no text to cut)."""


def fit(scheme: Scheme) -> None:
    """Cut every text to the bounds `validate_scheme` applies, « … » marking the cut; lists to `MAX_ITEMS`."""
    for name, limit in _LIMITS:
        value = getattr(scheme, name)
        if isinstance(value, str) and len(value) > limit:
            setattr(scheme, name, shorten(value, limit))
        elif isinstance(value, list) and _too_long(value, limit):
            setattr(scheme, name, [shorten(text, limit) for text in value[:MAX_ITEMS]])


def _too_long(values: list[Any], limit: int) -> bool:
    """A list of texts with too many items or an item too long (a list of deadlines is no list of texts)."""
    texts = bool(values) and isinstance(values[0], str)
    return texts and (len(values) > MAX_ITEMS or any(len(text) > limit for text in values))
