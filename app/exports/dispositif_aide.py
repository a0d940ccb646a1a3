"""Schemes as a file of the national `dispositif-aide` schema (`app.domain.dispositif_aide_schema`): CSV or JSON.

`.csv`: UTF-8, comma-separated, a header row in the schema's field order, lists pipe-separated. `.json`: a list of
objects with the same fifteen fields and the same text values (the schema's fields are all text, `porteurs`
included), for tools that prefer JSON.

Each scheme gives:
- `id`: its id (a UUID; an id that is none is turned into one, always the same), or for a scheme read from a
  `dispositif-aide` file the `id` that file gave it;
- `titre`, `description` (cut at the schema's 5 000 characters, « … » marking the cut), `eligibilite`,
  `programmes_parents` (the programme), `url_source` (the source's address, else the one to apply at);
- `types_aides`: its kinds (`KIND_TYPES`), once each; a call that brings no money gives none;
- `porteurs`: `[{"nom": …, "roles": ["financeur"]}]` for the financers, « instructeur » for the instructors,
  both roles for a name that is both;
- `cibles`: its audiences (`AUDIENCE_TARGETS`), once each;
- `eligibilite_geographique`: its territory codes (`cog_code`: `PAYS-99100`, `REG-84`, `DEP-38`, `COM-38185`,
  and `EPCI-<siren>`, `DEP-2A`, `COM-2A004`, which are Essaim's extension: the schema's pattern allows neither);
- `date_ouverture`: its opening day at 00:00:00Z; `date_cloture`: its last deadline at 23:59:59Z;
  `date_mise_a_jour`: the day it was checked, else its source's date, else today, at 00:00:00Z. Essaim's dates
  are days; the time only fills the schema's datetime form.
A required field the scheme has nothing for is left empty rather than invented.

In the CSV, a text that a spreadsheet would take for a formula (starting with =, +, -, @) gets an apostrophe
before it, as spreadsheets themselves mark text; `app.imports.dispositif_aide` takes it off again.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date
from pathlib import Path

from app.domain.dispositif_aide_schema import (
    AUDIENCE_TARGETS,
    DESCRIPTION_LIMIT,
    FIELDS,
    FINANCER,
    INSTRUCTOR,
    KIND_TYPES,
    PIPE,
    cog_code,
)
from app.domain.schemes import Scheme, SchemeOrigin
from app.domain.vocabulary import CALL_KINDS
from app.errors import UserError
from app.exports.safe_text import looks_like_formula, sanitize_text

ID_NAMESPACE = uuid.UUID("0c6f7d0a-3b52-4e8e-9a41-5d2b7e1c9f84")
FORMATS = (".csv", ".json")


class DispositifAideFormatError(UserError):
    """The file's name asks for a format this writer does not write; nothing was written."""


def record_id(scheme: Scheme) -> str:
    """The record's `id`: the one its file gave for a scheme read from a file that keys on UUIDs (a
    `dispositif-aide` file: the id stays the funder's), else the scheme's id (an id that is no UUID becomes one
    derived from it)."""
    for candidate in ((scheme.origin_key,) if scheme.origin == SchemeOrigin.TABLEUR else ()) + (scheme.id,):
        try:
            return str(uuid.UUID(candidate))
        except ValueError:
            continue
    return str(uuid.uuid5(ID_NAMESPACE, scheme.id))


def _once(values: list[str]) -> str:
    return PIPE.join(dict.fromkeys(value for value in values if value))


def _types(scheme: Scheme) -> str:
    kinds = [kind for kind in scheme.kinds if not (scheme.without_money and kind in CALL_KINDS)]
    return _once([KIND_TYPES.get(kind, "") for kind in kinds])


def porteurs(scheme: Scheme) -> str:
    """`[{"nom": …, "roles": […]}]`, the financers first."""
    roles: dict[str, list[str]] = {}
    for names, role in ((scheme.financers, FINANCER), (scheme.instructors, INSTRUCTOR)):
        for name in names:
            if role not in roles.setdefault(name, []):
                roles[name].append(role)
    return json.dumps([{"nom": name, "roles": held} for name, held in roles.items()], ensure_ascii=False)


def _description(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[:DESCRIPTION_LIMIT - 1] + "…"


def _day(value: date | None, time: str) -> str:
    return f"{value.isoformat()}T{time}Z" if value else ""


def dispositif_record(scheme: Scheme, today: date) -> dict[str, str]:
    """The scheme as one record of the schema, every field present, in its order."""
    dated = [deadline.on for deadline in scheme.deadlines if deadline.on is not None]
    updated = scheme.checked_on or scheme.source_date or today
    values = {
        "id": record_id(scheme),
        "titre": scheme.name,
        "promesse": "",
        "description": _description(scheme.description),
        "eligibilite": scheme.eligibility,
        "types_aides": _types(scheme),
        "porteurs": porteurs(scheme),
        "programmes_parents": scheme.programme,
        "url_source": scheme.source_url or scheme.application_url,
        "cibles": _once([AUDIENCE_TARGETS.get(audience, "") for audience in scheme.audiences]),
        "eligibilite_geographique": _once([cog_code(code) for code in scheme.territories]),
        "eligibilite_geographique_exclusions": "",
        "date_ouverture": _day(scheme.opens_on, "00:00:00"),
        "date_cloture": _day(max(dated, default=None), "23:59:59"),
        "date_mise_a_jour": _day(updated, "00:00:00"),
    }
    return {name: sanitize_text(values[name]) for name in FIELDS}


def _spreadsheet_safe(text: str) -> str:
    return f"'{text}" if looks_like_formula(text) else text


def _csv_text(records: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({name: _spreadsheet_safe(value) for name, value in record.items()})
    return buffer.getvalue()


def write_dispositif_aide(schemes: list[Scheme], path: Path, today: date | None = None) -> Path:
    """Write `schemes` as a `.csv` or `.json` file of the schema (by the name's suffix), atomically.

    `today` is the update date of a scheme that has no other (the day of the export by default). Raises
    `DispositifAideFormatError` (French) for another suffix."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DispositifAideFormatError(f"« {path.name} » : le schéma dispositif-aide s'écrit en .csv ou en .json. "
                                        "Aucun fichier n'a été écrit.")
    records = [dispositif_record(scheme, today or date.today()) for scheme in schemes]
    text = _csv_text(records) if suffix == ".csv" else json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    partial = path.with_name(path.name + ".partiel")
    partial.write_text(text, encoding="utf-8", newline="")
    partial.replace(path)
    return path
