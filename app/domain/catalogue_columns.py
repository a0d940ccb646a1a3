"""The columns of the catalogue spreadsheet (the template Essaim writes and reads back), and the key that lets a
new import find the same scheme.

One row per scheme, one column per field a user edits, under its French name (`SCHEME_FIELD_LABELS`), and last a
key column « Identifiant ». The fields that belong to this workstation (`schemes.LOCAL_FIELDS`: id, notes,
origin, origin_key, parent_id) have no column: an update never replaces them, and the user's notes do not leave
with a shared spreadsheet.

Several values in one cell are separated by « ; » (`LIST_SEPARATOR`); a « ; » that belongs to a value is
doubled (« Jury ;; lauréats votés par la région »). A deadline is written « JJ/MM/AAAA Libellé ».
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from app.domain.schemes import SCHEME_FIELD_LABELS, Scheme, SchemeOrigin
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

ColumnKind = Literal["key", "text", "long", "names", "code", "codes", "flag", "maybe", "territories", "money", "rate",
                     "date", "deadlines"]
"""How a column's cells are written and read: `names` and `codes` are lists; `flag` is Oui/Non (empty = Non),
`maybe` Oui/Non/empty (not said); `rate` a percentage (0 to 100 %)."""

SHEET = "Dispositifs"
GUIDE_SHEET = "Mode d'emploi"
VALUES_SHEET = "Valeurs"
KEY_HEADER = "Identifiant"
LIST_SEPARATOR = ";"
ESCAPED_SEPARATOR = LIST_SEPARATOR * 2
_SEPARATOR_ALONE = re.compile(rf"(?<!{LIST_SEPARATOR}){LIST_SEPARATOR}(?!{LIST_SEPARATOR})")
YES, NO = "Oui", "Non"
DATE_FORMAT_HINT = "JJ/MM/AAAA"


@dataclass(frozen=True)
class SheetColumn:
    field: str
    """The `Scheme` field; "" for the key column."""
    kind: ColumnKind
    content: str
    """What the column holds, in French, for the « Mode d'emploi » sheet."""
    vocabulary: type[Coded] | None = None
    required: bool = False

    @property
    def header(self) -> str:
        return SCHEME_FIELD_LABELS[self.field] if self.field else KEY_HEADER

    @property
    def multiple(self) -> bool:
        return self.kind in ("names", "codes", "territories", "deadlines")


def _column(field: str, kind: ColumnKind, content: str, vocabulary: type[Coded] | None = None,
            required: bool = False) -> SheetColumn:
    return SheetColumn(field, kind, content, vocabulary, required)


COLUMNS: tuple[SheetColumn, ...] = (
    _column("name", "text", "Le nom du dispositif.", required=True),
    _column("short_name", "text", "Un nom abrégé ou un sigle."),
    _column("financers", "names", "Qui finance."),
    _column("instructors", "names", "Qui instruit les dossiers, quand ce n'est pas le financeur."),
    _column("programme", "text", "Le programme ou le plan dont relève le dispositif."),
    _column("level", "code", "Qui porte le dispositif, du plus large au plus proche.", FundingLevel),
    _column("kinds", "codes", "Ce que le dispositif apporte : de l'argent sous ses diverses formes, ou un soutien sans "
                              "argent.", FundingKind),
    _column("without_money", "flag", "« Oui » pour un appel ou un label qui n'apporte pas d'argent."),
    _column("audiences", "codes", "Qui peut déposer un dossier.", Audience),
    _column("themes", "codes", "Les thématiques soutenues.", Theme),
    _column("stages", "codes", "Les stades du projet que le dispositif soutient.", ProjectPhase),
    _column("supports_scaling", "maybe", "Si le dispositif soutient l'essaimage ou la duplication d'un projet."),
    _column("territories", "territories", "Les territoires couverts, par leurs codes."),
    _column("territory_note", "long", "Le territoire en toutes lettres quand il n'est pas un territoire de la liste "
                                      "(communes littorales, quartiers prioritaires…)."),
    _column("amount_min", "money", "Le plus petit montant accordé."),
    _column("amount_max", "money", "Le plus grand montant accordé."),
    _column("rate_min", "rate", "La plus petite part de la dépense éligible prise en charge."),
    _column("rate_max", "rate", "La plus grande part de la dépense éligible prise en charge."),
    _column("recurrence", "code", "Si le dispositif est permanent, revient chaque année ou n'a lieu qu'une fois.",
            Recurrence),
    _column("opens_on", "date", "Le jour où l'on peut commencer à candidater."),
    _column("predeposit_on", "date", "La date limite du pré-dépôt (lettre d'intention), s'il y en a un."),
    _column("deadlines", "deadlines", "Les dates limites de dépôt (une par relève), chacune suivie de son libellé "
                                      "s'il y en a un."),
    _column("next_round", "text", "Quand une prochaine session est attendue, en toutes lettres (printemps 2026, "
                                  "chaque année en mars…)."),
    _column("description", "long", "Ce que le dispositif soutient."),
    _column("eligibility", "long", "Qui et quoi est éligible."),
    _column("constraints", "long", "Les contraintes : cofinancement, durée, pièces à fournir…"),
    _column("application_url", "text", "L'adresse web où l'on candidate (https://…)."),
    _column("source_url", "text", "L'adresse web de la source (https://…)."),
    _column("contact", "long", "Le service à contacter : courriel, téléphone."),
    _column("source_title", "text", "Le document d'où viennent les informations."),
    _column("source_date", "date", "La date de ce document."),
    _column("source_ref", "text", "Où, dans la source, se trouvent les informations (page, section)."),
    _column("checked_on", "date", "Le jour où les informations ont été vérifiées pour la dernière fois."),
    _column("status", "code", "Si l'on peut encore candidater : un appel fermé peut revenir, un dispositif arrêté "
                              "ne reviendra pas.", SchemeStatus),
    _column("", "key", "Ce qui identifie le dispositif, pour qu'un nouvel import retrouve le même : « origine:clé » "
                       "(catalogue:…, aides-territoires:4242…) ou l'identifiant qu'Essaim lui a donné. Ne le modifiez "
                       "pas ; laissez-le vide pour un nouveau dispositif, qui est alors reconnu à son nom."),
)
"""The columns of the « Dispositifs » sheet, in order."""


def sheet_key(scheme: Scheme) -> str:
    """What the « Identifiant » column holds for `scheme`.

    « origine:clé » for a scheme that came from the shipped catalogue, Aides-territoires or a package
    (« catalogue:aap-innovation », « aides-territoires:4242 »); the bare key for one that came from a spreadsheet
    (reading it back gives the same `origin_key`, hence the same id); the scheme's id for one typed on a
    workstation, which has no key."""
    if not scheme.origin_key:
        return scheme.id
    if scheme.origin == SchemeOrigin.TABLEUR:
        return scheme.origin_key
    return f"{scheme.origin}:{scheme.origin_key}"


def key_target(key: str) -> tuple[str, str]:
    """The scheme an « Identifiant » designates, for whoever applies an import: (origin, origin_key) for
    « origine:clé » with an origin other than the spreadsheet's, ("", id) for a scheme id (a UUID), and
    (`SchemeOrigin.TABLEUR`, key) for anything else (a key a spreadsheet gave, a name folded)."""
    origin, colon, rest = key.partition(":")
    if colon and rest and origin in {o.value for o in SchemeOrigin} and origin != SchemeOrigin.TABLEUR:
        return origin, rest
    try:
        return "", str(uuid.UUID(key))
    except ValueError:
        return SchemeOrigin.TABLEUR.value, key


def allowed_values(column: SheetColumn) -> list[str]:
    """The labels a coded or yes/no column accepts, in display order (empty for free columns)."""
    if column.vocabulary is not None:
        return [label for _, label in column.vocabulary.choices()]
    if column.kind in ("flag", "maybe"):
        return [YES, NO]
    return []


def join_items(items: Iterable[str]) -> str:
    """« a ; b », a « ; » inside an item doubled."""
    return f" {LIST_SEPARATOR} ".join(item.replace(LIST_SEPARATOR, ESCAPED_SEPARATOR) for item in items)


def split_items(text: str) -> list[str]:
    """The items of a cell (`join_items` undone), stripped, empty ones left out."""
    items = (item.strip().replace(ESCAPED_SEPARATOR, LIST_SEPARATOR) for item in _SEPARATOR_ALONE.split(text))
    return [item for item in items if item]
