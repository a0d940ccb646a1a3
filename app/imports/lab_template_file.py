"""Lab checklist templates read from their JSON files: the shipped ones in `resources/checklists/`, and a file a
UDCCAS sends. A file passes, in order: its size (`MAX_TEMPLATE_BYTES`, checked before reading), UTF-8 and JSON
within bounds (`package_json.load_json`), its format and format version, the JSON Schema
`resources/schemas/essaim-lab-template.schema.json`, then `template_problems` (ids used twice, dependencies naming
no item, cycles). Each refusal is a `TemplateFileError` in French; nothing is changed by reading.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from app.domain.codec import DecodeError, from_dict
from app.domain.formats import format_decimal, shorten
from app.domain.lab_template import TEMPLATE_FORMAT, TEMPLATE_FORMAT_VERSION, LabTemplate, template_problems
from app.errors import UserError
from app.locations import resources_dir

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
"""A template of a few hundred items weighs some hundred kilobytes: a larger file is refused before it is read."""
MAX_TEMPLATE_TEXT = 20_000
"""The longest text a template holds (an item's guidance)."""
SHIPPED_DIR = "checklists"


class TemplateFileError(UserError):
    """The template file is refused (the message says why, in French); nothing was changed."""


def _refused(reason: str) -> TemplateFileError:
    return TemplateFileError(f"{reason} : le modèle est refusé, rien n'a été changé.")


def read_template_file(path: Path) -> LabTemplate:
    """The template in `path`, checked as the module says."""
    from app.imports.incoming import read_limited

    megabytes = MAX_TEMPLATE_BYTES // 1024 // 1024
    raw = read_limited(path, MAX_TEMPLATE_BYTES, _refused, lambda size: (
        f"Le fichier « {shorten(path.name)} » est trop gros ({format_decimal(round(size / 1024 / 1024))} Mo ; un "
        f"modèle de liste fait au plus {megabytes} Mo)"))
    return template_of_bytes(raw, f"Le fichier « {shorten(path.name)} »")


def template_of_bytes(raw: bytes, what: str = "Le modèle") -> LabTemplate:
    from app.sync.package_json import load_json

    if len(raw) > MAX_TEMPLATE_BYTES:
        raise _refused(f"{what} est trop gros")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    document = load_json(raw, what, MAX_TEMPLATE_TEXT, _refused)
    return template_of(document, what)


def template_of(document: Any, what: str = "Le modèle") -> LabTemplate:
    """The template `document` (parsed JSON) describes, checked from its format on."""
    if not isinstance(document, dict) or document.get("format") != TEMPLATE_FORMAT:
        raise TemplateFileError(f"{what} n'est pas un modèle de liste de lab d'Essaim (format « {TEMPLATE_FORMAT} » "
                                "attendu) : rien n'a été changé.")
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refused(f"{what} a une version de format illisible")
    if version > TEMPLATE_FORMAT_VERSION:
        raise TemplateFileError(
            f"{what} est un modèle au format {version}, plus récent que celui que cette version d'Essaim lit "
            f"({TEMPLATE_FORMAT_VERSION}) : mettez Essaim à jour pour l'importer. Rien n'a été changé.")
    _validate(document, what)
    try:
        template = from_dict(LabTemplate, document)
    except DecodeError as error:
        raise _refused(f"{what} contient une valeur illisible ({error})") from None
    problems = template_problems(template)
    if problems:
        shown = " ".join(problems[:5]) + (f" (et {len(problems) - 5} autres)" if len(problems) > 5 else "")
        raise _refused(f"{what} est incohérent. {shown.rstrip('.')}")
    return template


def _validate(document: dict[str, Any], what: str) -> None:
    """The first departure from the JSON Schema, named by where it is (collecting all costs without bound)."""
    import jsonschema  # loaded when a template is read, not when the application starts

    validator = jsonschema.Draft202012Validator(_schema(), format_checker=jsonschema.FormatChecker())
    error = next(validator.iter_errors(document), None)
    if error is not None:
        where = " › ".join(str(part + 1) if isinstance(part, int) else str(part) for part in error.absolute_path)
        raise _refused(f"{what} ne respecte pas le format des modèles de liste (à « {shorten(where or 'racine')} » : "
                       f"{_why(error.validator)})")


def _why(rule: object) -> str:
    return {"required": "champ obligatoire manquant", "additionalProperties": "champ inconnu",
            "type": "type de valeur inattendu", "pattern": "valeur mal formée", "maxLength": "texte trop long",
            "minLength": "texte vide", "maxItems": "trop d'éléments", "minItems": "liste vide",
            "enum": "valeur inconnue", "const": "valeur inattendue", "format": "valeur mal formée",
            "uniqueItems": "valeur répétée", "minimum": "nombre trop petit", "maximum": "nombre trop grand",
            }.get(str(rule), "valeur refusée")


@cache
def _schema() -> dict[str, Any]:
    path = resources_dir() / "schemas" / "essaim-lab-template.schema.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@cache
def shipped_templates() -> tuple[LabTemplate, ...]:
    """The templates that ship with Essaim (`resources/checklists/*.json`), by file name."""
    folder = resources_dir() / SHIPPED_DIR
    return tuple(read_template_file(path) for path in sorted(folder.glob("*.json")))
