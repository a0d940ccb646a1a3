"""Read a file of the national `dispositif-aide` schema (`app.domain.dispositif_aide_schema`) as schemes.

A JSON file is a list of objects; any other file is read as CSV, its separator (« , » as the schema wants, or
« ; » as a French spreadsheet saves) found from the header row, its text UTF-8 (with or without a byte-order
mark) or, failing that, Windows-1252 (Excel's « CSV » on a French Windows). The header must name the schema's
required fields; other columns are ignored (kept in `raw`). The file is refused (`ImportFileError`) when it is
larger than `MAX_IMPORT_BYTES`, not a list of objects (JSON), or without those headers (CSV).

Schemes get the origin `SchemeOrigin.TABLEUR` (a file a partner made, like a spreadsheet; no origin of its own
is added) and `origin_key` the record's `id`. A record is refused (« ligne 4, champ titre : … », « élément 4 »
in JSON) without an `id` or a `titre`, with an `id` an earlier record has, or with a value that does not fit
its field: a `cibles` value the schema does not list, a territory code of no known form, a date that is not ISO
8601, `porteurs` that are no list of `{nom, roles}` (the schema's example writes it the JavaScript way, with
bare keys and single quotes: read too; a porteur's `siren` is not kept). The schema's other required fields may
be empty: a scheme is worth having without them, and Essaim leaves them empty rather than invent them.

Read back, fields map as `app.exports.dispositif_aide` writes them; what has no place in a scheme is kept in
words rather than lost: `promesse` opens the description, `types_aides` values without a kind here
(information, avantage fiscal…) and `porteurs` with other roles (diffuseur…) or none close it, and codes of
territories Essaim does not hold, and `eligibilite_geographique_exclusions`, go to the territory's details.
A `cibles` value stands for every audience it covers (« secteur public » → CCAS, CIAS, communes…). A text of a
CSV file that starts with an apostrophe followed by =, +, - or @ loses the apostrophe (the CSV writer's mark).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from app.domain.dispositif_aide_schema import (
    FIELDS,
    FINANCER,
    INSTRUCTOR,
    PIPE,
    REQUIRED,
    TARGET_AUDIENCES,
    TARGETS,
    TYPE_KINDS,
    essaim_territory,
)
from app.domain.fiche_search import fold
from app.domain.formats import format_count, format_decimal, shorten
from app.domain.schemes import Deadline, Scheme, SchemeOrigin, validate_scheme
from app.domain.territories import TerritoryCodeError, parse_territory_code
from app.domain.vocabulary import FundingKind
from app.exports.safe_text import FORMULA_PREFIXES
from app.imports import incoming
from app.imports.incoming import CatalogueFile, FileProblem, ImportFileError, IncomingScheme, incoming_id
from app.imports.rules import rule_message
from app.progress import Progress, reported

ORIGIN = SchemeOrigin.TABLEUR.value
_COG = re.compile(r"[A-Z]+-[0-9A-Z]+")
_TOKEN = re.compile(r"""'((?:[^'\\]|\\.)*)'|("(?:[^"\\]|\\.)*")|([A-Za-z_]\w*)(\s*:)|(.)""", re.DOTALL)
SCHEME_FIELDS = {"name": "titre", "description": "description", "eligibility": "eligibilite",
                 "kinds": "types_aides", "financers": "porteurs", "instructors": "porteurs",
                 "programme": "programmes_parents", "source_url": "url_source", "audiences": "cibles",
                 "territories": "eligibilite_geographique", "territory_note": "eligibilite_geographique",
                 "opens_on": "date_ouverture", "deadlines": "date_cloture", "checked_on": "date_mise_a_jour"}
"""The field of the schema each field of a scheme comes from (for the place of a problem)."""


class FieldProblem(ValueError):
    """A value that does not fit its field; the message is French."""


def read_dispositif_aide(path: Path, progress: Progress | None = None) -> CatalogueFile:
    """The schemes of a `dispositif-aide` file (CSV or JSON), and the records refused; `ImportFileError` (French)
    when the file cannot be read at all."""
    data = _read_bytes(path)
    if data.lstrip()[:1] in (b"[", b"{"):
        records, kind = _json_records(data, path), "JSON"
    else:
        records, separator = _csv_records(data, path)
        kind = f"CSV, séparateur « {separator} »"
    reader = _Records()
    for place, record in reported(records, progress):
        reader.record(place, record)
    label = f"Fichier dispositif-aide « {path.name} » ({kind}), {format_count(reader.count, 'dispositif')}"
    return CatalogueFile(ORIGIN, label, reader.schemes, reader.problems, complete=False)


def _read_bytes(path: Path) -> bytes:
    limit = incoming.MAX_IMPORT_BYTES
    return incoming.read_limited(
        path, limit, lambda reason: ImportFileError(f"{reason} : rien n'a été importé."),
        lambda size: f"Le fichier « {path.name} » est trop gros ({_megabytes(size)} ; au plus {_megabytes(limit)})")


def _megabytes(size: int) -> str:
    return f"{format_decimal(size / 1_000_000, 1)} Mo"


def _json_records(data: bytes, path: Path) -> list[tuple[str, Any]]:
    try:
        records = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ImportFileError(f"« {path.name} » n'est pas un fichier JSON lisible : rien n'a été importé.") from None
    if not isinstance(records, list):
        raise ImportFileError(f"« {path.name} » n'est pas une liste de dispositifs (le schéma dispositif-aide en JSON "
                              "est une liste d'objets) : rien n'a été importé.")
    return [(f"élément {n}", record) for n, record in enumerate(records, start=1)]


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_records(data: bytes, path: Path) -> tuple[list[tuple[str, Any]], str]:
    text = _decoded(data)
    first_line = text.split("\n", 1)[0]
    separator = max((",", ";"), key=lambda sep: len(_known(next(csv.reader([first_line], delimiter=sep), []))))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        rows = list(reader)
    except csv.Error:
        raise ImportFileError(f"« {path.name} » n'est pas un fichier CSV lisible (ligne {reader.line_num} : un "
                              "guillemet non refermé, ou un champ trop long) : rien n'a été importé.") from None
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(
            f"« {path.name} » ne suit pas le schéma dispositif-aide : sa première ligne doit nommer ses champs, "
            f"et il y manque {', '.join(missing)}. Rien n'a été importé.")
    records = [(f"ligne {n}", dict(zip(header, map(_spreadsheet_mark_removed, row), strict=False)))
               for n, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
    return records, separator


def _known(cells: list[str]) -> set[str]:
    return {cell.strip().lower() for cell in cells} & set(FIELDS)


class _Records:
    """Turns records into schemes, gathering the problems."""

    def __init__(self) -> None:
        self.schemes: list[IncomingScheme] = []
        self.problems: list[FileProblem] = []
        self.count = 0
        self.ids: dict[str, str] = {}
        """Id → the place of the record that has it."""

    def record(self, place: str, record: Any) -> None:
        self.count += 1
        if not isinstance(record, dict):
            self.problems.append(FileProblem(place, "un dispositif doit être un objet {\"id\": …, \"titre\": …}."))
            return
        reading = _Reading(record)
        scheme = reading.scheme()
        problems = [FileProblem(f"{place}, champ {name}", message) for name, message in reading.problems]
        if scheme.origin_key:
            problems += self._id_problems(place, scheme)
        if not problems:
            problems = _rule_problems(place, scheme)
        if problems:
            self.problems.extend(problems)
            return
        self.schemes.append(IncomingScheme(scheme, raw=dict(record), updated=reading.updated, place=place))

    def _id_problems(self, place: str, scheme: Scheme) -> list[FileProblem]:
        """An id an earlier record has (refused or not: an id is one scheme's) is a problem."""
        earlier = self.ids.setdefault(scheme.origin_key, place)
        if earlier == place:
            return []
        return [FileProblem(f"{place}, champ id", f"{_capitalised(earlier)} porte déjà l'identifiant "
                                                  f"« {shorten(scheme.origin_key)} » : un identifiant par dispositif.")]


def _capitalised(place: str) -> str:
    """« ligne 2 » → « la ligne 2 », « élément 2 » → « l'élément 2 »."""
    return f"l'{place}" if place.startswith("é") else f"la {place}"


def _rule_problems(place: str, scheme: Scheme) -> list[FileProblem]:
    problems = []
    for error in validate_scheme(scheme):
        field = SCHEME_FIELDS.get(error.field)
        problems.append(FileProblem(f"{place}, champ {field}" if field else place, rule_message(error)))
    return problems


class _Reading:
    """One record read field by field; `problems` holds (field, French message) for each that does not fit."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = {str(key).strip().lower(): value for key, value in record.items()}
        self.problems: list[tuple[str, str]] = []
        self.updated: datetime | None = None
        self.notes: list[str] = []
        """What has no field in a scheme, kept at the end of its description."""
        self.places: list[str] = []
        """What has no territory code here, kept in the territory's details."""

    def _field(self, name: str, read: Any) -> Any:
        try:
            return read(self.record.get(name))
        except FieldProblem as problem:
            self.problems.append((name, str(problem)))
            return None

    def scheme(self) -> Scheme:
        key = self._field("id", _required_text) or ""
        scheme = Scheme(id=incoming_id(ORIGIN, key), origin=ORIGIN, origin_key=key,
                        name=self._field("titre", _required_text) or "")
        scheme.eligibility = self._field("eligibilite", _long_text) or ""
        scheme.kinds = self._field("types_aides", self._kinds) or []
        scheme.financers, scheme.instructors = self._field("porteurs", self._porteurs) or ([], [])
        scheme.programme = " ; ".join(self._field("programmes_parents", _items) or [])
        scheme.source_url = self._field("url_source", _text) or ""
        scheme.audiences = self._field("cibles", _audiences) or []
        scheme.territories = self._field("eligibilite_geographique", self._territories) or []
        excluded = self._field("eligibilite_geographique_exclusions", _excluded) or []
        scheme.opens_on = self._field("date_ouverture", _day)
        closing = self._field("date_cloture", _day)
        scheme.deadlines = [Deadline(closing)] if closing else []
        self.updated = self._field("date_mise_a_jour", _moment)
        scheme.checked_on = self.updated.date() if self.updated else None
        scheme.territory_note = " ; ".join(filter(None, [", ".join(self.places),
                                                         f"Sauf : {', '.join(excluded)}" if excluded else ""]))
        promise = self._field("promesse", _text) or ""
        description = self._field("description", _long_text) or ""
        scheme.description = "\n\n".join(filter(None, [promise, description, *self.notes]))
        return scheme

    def _kinds(self, value: object) -> list[str]:
        kinds: list[str] = []
        unknown: list[str] = []
        for item in _items(value):
            kind = _kind(item)
            if kind:
                kinds.append(kind)
            else:
                unknown.append(item)
        if unknown:
            self.notes.append(f"Types d'aide indiqués par le fichier : {', '.join(unknown)}.")
        return list(dict.fromkeys(kinds))

    def _porteurs(self, value: object) -> tuple[list[str], list[str]]:
        financers: list[str] = []
        instructors: list[str] = []
        others: list[str] = []
        for name, roles in _porteur_list(value):
            if FINANCER in roles:
                financers.append(name)
            if INSTRUCTOR in roles:
                instructors.append(name)
            rest = [role for role in roles if role not in (FINANCER, INSTRUCTOR)]
            if rest or not roles:
                others.append(f"{name} ({', '.join(rest) if rest else 'rôle non précisé'})")
        if others:
            self.notes.append(f"Autres porteurs : {', '.join(others)}.")
        return list(dict.fromkeys(financers)), list(dict.fromkeys(instructors))

    def _territories(self, value: object) -> list[str]:
        codes: list[str] = []
        for item in _items(value):
            code = _territory(item)
            if code:
                codes.append(code)
            else:
                self.places.append(item)
        return list(dict.fromkeys(codes))


def _spreadsheet_mark_removed(text: str) -> str:
    """A CSV cell without the apostrophe the writer puts before a text a spreadsheet would take for a formula."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES) else text


def _long_text(value: object) -> str:
    """A text; a JSON list of lines (eligibility as a list of criteria) is joined one per line."""
    if isinstance(value, list):
        return "\n".join(_text(item) for item in value)
    return _text(value)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise FieldProblem("un texte est attendu.")


def _required_text(value: object) -> str:
    text = _text(value)
    if not text:
        raise FieldProblem("ce champ est obligatoire.")
    return text


def _items(value: object) -> list[str]:
    """A pipe list (or, in JSON, a list of texts), empty items left out."""
    items = [_text(item) for item in value] if isinstance(value, list) else _text(value).split(PIPE)
    return [item.strip() for item in items if item.strip()]


@cache
def _kinds_by_word() -> dict[str, str]:
    """Folded `types_aides` value, Essaim label or code → Essaim's kind."""
    table = {fold(kind.value): kind.value for kind in FundingKind}
    table.update({fold(kind.label): kind.value for kind in FundingKind})
    table.update({fold(value): str(kind) for value, kind in TYPE_KINDS.items()})
    return table


def _kind(item: str) -> str:
    return _kinds_by_word().get(fold(item.strip()), "")


def _audiences(value: object) -> list[str]:
    audiences: list[str] = []
    for item in _items(value):
        target = fold(item)
        if target not in TARGET_AUDIENCES:
            raise FieldProblem(f"« {shorten(item)} » n'est pas une cible du schéma ({', '.join(TARGETS)}).")
        audiences.extend(TARGET_AUDIENCES[target])
    return list(dict.fromkeys(audiences))


def _territory(item: str) -> str:
    """Essaim's code for a code of the schema; "" for a well-formed code Essaim has no territory for."""
    code = item.strip().upper()
    if not _COG.fullmatch(code):
        raise FieldProblem(f"« {shorten(item)} » n'est pas un code géographique (attendu : PAYS-99100, REG-84, "
                           "DEP-38, EPCI-200040715 ou COM-38185).")
    territory = essaim_territory(code)
    if not territory:
        return ""
    try:
        return parse_territory_code(territory)
    except TerritoryCodeError:
        raise FieldProblem(f"« {shorten(item)} » n'est pas un code géographique valable.") from None


def _excluded(value: object) -> list[str]:
    return [_territory(item) or item for item in _items(value)]


def _moment(value: object) -> datetime | None:
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise FieldProblem(f"« {shorten(text)} » n'est pas une date ISO 8601 (attendu : 2026-03-31 ou "
                           "2026-03-31T23:59:59Z).") from None


def _day(value: object) -> date | None:
    """The day as written (a time and a time zone are left aside)."""
    moment = _moment(value)
    return moment.date() if moment else None


def _porteur_list(value: object) -> Iterator[tuple[str, list[str]]]:
    """(name, roles) of each porteur; JSON or the schema example's JavaScript form."""
    if value is None or value == "" or value == []:
        return
    entries = _relaxed_json(value) if isinstance(value, str) else value
    if not isinstance(entries, list):
        raise FieldProblem("une liste de porteurs est attendue : [{\"nom\": …, \"roles\": [\"financeur\"]}].")
    for entry in entries:
        name = entry.get("nom") if isinstance(entry, dict) else None
        roles = entry.get("roles", []) if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip() or not isinstance(roles, list) \
                or not all(isinstance(role, str) for role in roles):
            raise FieldProblem("chaque porteur doit avoir un nom et une liste de rôles : "
                               "{\"nom\": …, \"roles\": [\"financeur\"]}.")
        yield name.strip(), [role.strip().lower() for role in roles]


def _relaxed_json(text: str) -> Any:
    """JSON, or the JavaScript-like form of the schema's example (`[{ nom: 'ADEME', roles: [ 'instructeur' ]}]`)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    parts = []
    for match in _TOKEN.finditer(text):
        single, double, key, colon, other = match.groups()
        if single is not None:
            parts.append(json.dumps(single.replace("\\'", "'")))
        elif double is not None:
            parts.append(double)
        elif key is not None:
            parts.append(json.dumps(key) + colon)
        else:
            parts.append(other)
    try:
        return json.loads("".join(parts))
    except json.JSONDecodeError:
        raise FieldProblem("une liste de porteurs est attendue : [{\"nom\": …, \"roles\": [\"financeur\"]}].") \
            from None

