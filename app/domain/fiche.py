"""The initiative fiche as plain data, and its validation.

`FicheData` holds every field of PRODUCT.md §1; list fields hold small row dataclasses. The GUI edits
a `FicheData`, the services save it, the exports read it. Codes are those of `app.domain.vocabulary`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.bounds import FIRST_YEAR, LAST_YEAR, MAX_ITEMS, bound_errors, usable
from app.domain.formats import format_decimal, shorten
from app.domain.vocabulary import (
    LEGACY_SCALING_MODELS,
    QT_TRANSLATE_NOOP,
    VARIANT_MODELS,
    DatePrecision,
    ScalingModel,
    ScalingVariant,
    upgrade_scaling_codes,
)

LEGACY_CODES = frozenset(LEGACY_SCALING_MODELS)


@dataclass
class Contact:
    """A contact person: personal data."""

    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class Step:
    text: str = ""


@dataclass
class HumanMean:
    role: str = ""
    fte: Decimal | None = None


@dataclass
class Site:
    name: str = ""
    commune: str = ""
    since_year: int | None = None
    taken_up: bool = False
    """False: a site where the initiative runs; True: a site that took it up (essaimage)."""


@dataclass
class Partner:
    name: str = ""
    structure_type: str = ""
    role: str = ""
    contribution: str = ""
    phase: str = ""


@dataclass
class Indicator:
    name: str = ""
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    measured: Decimal | None = None
    measured_on: date | None = None


@dataclass
class FactorRating:
    factor: str = ""
    rating: int | None = None
    """0 (absent) to 3 (decisive); None when not rated."""
    comment: str = ""


@dataclass
class Attachment:
    """A file kept in the store's attachments folder under its SHA-256 (a fiche's, or a funding application's)."""

    sha256: str = ""
    file_name: str = ""
    size: int = 0
    label: str = ""


MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
"""The largest file an attachment may be: the editors refuse a larger one, and so does an import."""
SHA256_RE = re.compile(r"[0-9a-f]{64}")


@dataclass
class Source:
    title: str = ""
    url: str = ""
    note: str = ""


FIELD_LABELS: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("fields", "Titre"),
    "summary": QT_TRANSLATE_NOOP("fields", "Résumé"),
    "status": QT_TRANSLATE_NOOP("fields", "Statut"),
    "tags": QT_TRANSLATE_NOOP("fields", "Mots-clés"),
    "structure_name": QT_TRANSLATE_NOOP("fields", "Structure porteuse"),
    "structure_type": QT_TRANSLATE_NOOP("fields", "Type de structure"),
    "commune": QT_TRANSLATE_NOOP("fields", "Commune"),
    "insee_code": QT_TRANSLATE_NOOP("fields", "Code INSEE"),
    "departement": QT_TRANSLATE_NOOP("fields", "Département"),
    "region": QT_TRANSLATE_NOOP("fields", "Région"),
    "territory_kind": QT_TRANSLATE_NOOP("fields", "Type de territoire"),
    "contacts": QT_TRANSLATE_NOOP("fields", "Contacts"),
    "need": QT_TRANSLATE_NOOP("fields", "Besoin social"),
    "target_public": QT_TRANSLATE_NOOP("fields", "Public visé"),
    "beneficiaries_per_year": QT_TRANSLATE_NOOP("fields", "Bénéficiaires par an"),
    "themes": QT_TRANSLATE_NOOP("fields", "Thématiques"),
    "steps": QT_TRANSLATE_NOOP("fields", "Étapes"),
    "human_means": QT_TRANSLATE_NOOP("fields", "Moyens humains"),
    "start_date": QT_TRANSLATE_NOOP("fields", "Date de démarrage"),
    "start_precision": QT_TRANSLATE_NOOP("fields", "Précision de la date de démarrage"),
    "stage": QT_TRANSLATE_NOOP("fields", "Stade"),
    "stop_reason": QT_TRANSLATE_NOOP("fields", "Pourquoi l'initiative s'est arrêtée"),
    "sites": QT_TRANSLATE_NOOP("fields", "Sites"),
    "partners": QT_TRANSLATE_NOOP("fields", "Partenaires"),
    "public_role": QT_TRANSLATE_NOOP("fields", "Rôle de la puissance publique"),
    "natures": QT_TRANSLATE_NOOP("fields", "Nature de l'innovation"),
    "objects": QT_TRANSLATE_NOOP("fields", "Objets de l'innovation"),
    "intensity": QT_TRANSLATE_NOOP("fields", "Intensité"),
    "objectives": QT_TRANSLATE_NOOP("fields", "Objectifs"),
    "impacts": QT_TRANSLATE_NOOP("fields", "Impacts observés"),
    "indicators": QT_TRANSLATE_NOOP("fields", "Indicateurs"),
    "evaluation_method": QT_TRANSLATE_NOOP("fields", "Méthode d'évaluation"),
    "evaluation_duration": QT_TRANSLATE_NOOP("fields", "Durée de l'évaluation"),
    "evaluation_committee": QT_TRANSLATE_NOOP("fields", "Comité de suivi"),
    "evaluator": QT_TRANSLATE_NOOP("fields", "Qui évalue"),
    "evaluation_findings": QT_TRANSLATE_NOOP("fields", "Ce que l'évaluation a montré"),
    "evidence_level": QT_TRANSLATE_NOOP("fields", "Niveau de preuve"),
    "lessons": QT_TRANSLATE_NOOP("fields", "Enseignements"),
    "factors": QT_TRANSLATE_NOOP("fields", "Facteurs clés de succès"),
    "difficulties": QT_TRANSLATE_NOOP("fields", "Difficultés rencontrées"),
    "levers_helped": QT_TRANSLATE_NOOP("fields", "Leviers qui ont aidé"),
    "levers_for_others": QT_TRANSLATE_NOOP("fields", "Leviers pour d'autres territoires"),
    "scaling_objectives": QT_TRANSLATE_NOOP("fields", "Objectifs de changement d'échelle"),
    "scaling_models": QT_TRANSLATE_NOOP("fields", "Modèles de changement d'échelle"),
    "scaling_variants": QT_TRANSLATE_NOOP("fields", "Variantes des modèles"),
    "core_concept": QT_TRANSLATE_NOOP("fields", "Cœur du concept"),
    "room_to_adapt": QT_TRANSLATE_NOOP("fields", "Marges d'adaptation"),
    "initiator_willing": QT_TRANSLATE_NOOP("fields", "Porteur prêt à transmettre"),
    "initiator_available": QT_TRANSLATE_NOOP("fields", "Porteur disponible"),
    "materials_ready": QT_TRANSLATE_NOOP("fields", "Supports réutilisables prêts"),
    "readiness_notes": QT_TRANSLATE_NOOP("fields", "Précisions sur l'essaimage"),
    "attachments": QT_TRANSLATE_NOOP("fields", "Pièces jointes"),
    "sources": QT_TRANSLATE_NOOP("fields", "Sources"),
    "is_example": QT_TRANSLATE_NOOP("fields", "Fiche d'exemple"),
}
"""The French name of each field of `FicheData` (but its id), as the user sees it: the one wording of the label
that the editor, the dossier, `essaim fiche show` and the import preview all show."""

FIELD_HINTS: dict[str, str] = {
    "contacts": QT_TRANSLATE_NOOP("fields", "données personnelles"),
    "core_concept": QT_TRANSLATE_NOOP("fields", "ce qui ne doit pas changer"),
    "evidence_level": QT_TRANSLATE_NOOP("fields", "échelle de Nesta, référence extérieure"),
    "evaluation_duration": QT_TRANSLATE_NOOP("fields", "protocole"),
}
"""What some labels need said beside them; the editor and the dossier show it in brackets after the label."""


def with_hint(label: str, hint: str, separator: str = " ") -> str:
    """« Cœur du concept (ce qui ne doit pas changer) »: the label, then its hint in brackets if there is one."""
    return f"{label}{separator}({hint})" if hint else label


def field_caption(name: str) -> str:
    """The label of field `name` with its hint, as the dossier prints it."""
    return with_hint(FIELD_LABELS[name], FIELD_HINTS.get(name, ""))


FACTOR_RATING_LABELS = {0: "Absent", 1: "Présent", 2: "Important", 3: "Déterminant"}


@dataclass
class FicheData:
    id: str = ""
    # Identité
    title: str = ""
    summary: str = ""
    status: str = "brouillon"
    tags: list[str] = field(default_factory=list)
    # Porteur
    structure_name: str = ""
    structure_type: str = ""
    commune: str = ""
    insee_code: str = ""
    departement: str = ""
    region: str = ""
    territory_kind: str = ""
    contacts: list[Contact] = field(default_factory=list)
    # Besoin et public
    need: str = ""
    target_public: str = ""
    beneficiaries_per_year: int | None = None
    themes: list[str] = field(default_factory=list)
    # Dispositif
    steps: list[Step] = field(default_factory=list)
    human_means: list[HumanMean] = field(default_factory=list)
    start_date: date | None = None
    start_precision: str = ""
    """Empty when `start_date` is the day; « mois » or « annee » when only the month or the year is known."""
    stage: str = ""
    stop_reason: str = ""
    """Why a stopped initiative ended; what it taught goes in `lessons` (the Oural report asks that failures be
    shared)."""
    sites: list[Site] = field(default_factory=list)
    # Partenaires et puissance publique
    partners: list[Partner] = field(default_factory=list)
    public_role: str = ""
    # Caractérisation (Noov'LR)
    natures: list[str] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    intensity: str = ""
    # Résultats et évaluation
    objectives: str = ""
    impacts: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    evaluation_method: str = ""
    evaluation_duration: str = ""
    evaluation_committee: str = ""
    evaluator: str = ""
    evaluation_findings: str = ""
    """The evaluation protocol of Proposition 5: its duration, follow-up committee, evaluator and findings (the
    indicators followed are `indicators`)."""
    evidence_level: str = ""
    lessons: str = ""
    # Facteurs clés
    factors: list[FactorRating] = field(default_factory=list)
    difficulties: str = ""
    levers_helped: str = ""
    levers_for_others: str = ""
    # Essaimage
    scaling_objectives: list[str] = field(default_factory=list)
    scaling_models: list[str] = field(default_factory=list)
    scaling_variants: list[str] = field(default_factory=list)
    core_concept: str = ""
    room_to_adapt: str = ""
    initiator_willing: bool | None = None
    initiator_available: bool | None = None
    materials_ready: bool | None = None
    readiness_notes: str = ""
    # Ressources et sources
    attachments: list[Attachment] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    # Bookkeeping (not edited in the form)
    is_example: bool = False

    def taken_up_sites(self) -> list[Site]:
        return [site for site in self.sites if site.taken_up]


ADDED_FIELDS = frozenset({"start_precision", "stop_reason", "public_role", "evaluation_duration",
                          "evaluation_committee", "evaluator", "evaluation_findings", "scaling_variants"})
"""Fields added by format 1.2 of packages (store revision 0007)."""


def upgrade_fiche_data(data: dict[str, Any], version: tuple[int, int]) -> dict[str, Any]:
    """A fiche's content as a package of format `version` wrote it, in today's codes: before 1.2, eight scaling
    models (`vocabulary.LEGACY_SCALING_MODELS`). Values of the wrong type are left for validation to refuse."""
    models, variants = data.get("scaling_models", []), data.get("scaling_variants", [])
    if version >= (1, 2) or not _strings(models) or not _strings(variants) or not set(models) & LEGACY_CODES:
        return data
    new_models, new_variants = upgrade_scaling_codes(models, variants)
    return {**data, "scaling_models": new_models, "scaling_variants": new_variants}


def _strings(value: object) -> bool:
    """A list of codes within bounds (a longer one is left as it is, for validation to refuse)."""
    return isinstance(value, list) and len(value) <= MAX_ITEMS and all(isinstance(item, str) for item in value)


CHOICE_FIELDS = ("themes", "natures", "objects", "scaling_objectives", "scaling_models", "scaling_variants")
"""Multi-valued vocabulary codes, stored in one table keyed by the field's name."""

SHORT_FIELDS = ("title", "tags", "structure_name", "commune", "insee_code", "departement", "region",
                "evaluation_duration")
"""Names, not prose: their texts have at most `bounds.MAX_SHORT_TEXT` characters."""
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9 .\-()]{6,20}$")


@dataclass(frozen=True)
class FieldError:
    field: str
    """Dotted path of the field: "title", "contacts.0.email"."""
    message: str


def validate(fiche: FicheData) -> list[FieldError]:
    """Every problem that prevents saving, as French messages tied to their field (values out of bounds included,
    see `app.domain.bounds`)."""
    errors: list[FieldError] = []
    if not fiche.title.strip():
        errors.append(FieldError("title", "Le titre est obligatoire."))
    if not fiche.structure_name.strip():
        errors.append(FieldError("structure_name", "Le nom de la structure porteuse est obligatoire."))
    if fiche.insee_code and not re.fullmatch(r"(\d{5}|2[AB]\d{3})", fiche.insee_code.strip()):
        errors.append(FieldError("insee_code", "Le code INSEE compte 5 caractères (ex. 38185, 2A004)."))
    if fiche.beneficiaries_per_year is not None and fiche.beneficiaries_per_year < 0:
        errors.append(FieldError("beneficiaries_per_year", "Le nombre de bénéficiaires ne peut pas être négatif."))
    for n, contact in enumerate(fiche.contacts):
        if contact.email and not EMAIL_RE.match(contact.email.strip()):
            errors.append(FieldError(f"contacts.{n}.email",
                                     f"Contact {n + 1} : adresse e-mail invalide « {shorten(contact.email)} »."))
        if contact.phone and not PHONE_RE.match(contact.phone.strip()):
            errors.append(FieldError(f"contacts.{n}.phone",
                                     f"Contact {n + 1} : numéro de téléphone invalide « {shorten(contact.phone)} »."))
    for n, mean in enumerate(fiche.human_means):
        if usable(mean.fte) and mean.fte < 0:
            errors.append(FieldError(f"human_means.{n}.fte",
                                     f"Moyens humains, ligne {n + 1} : l'ETP ne peut pas être négatif."))
    for n, indicator in enumerate(fiche.indicators):
        for attr, label in (("baseline", "valeur de départ"), ("target", "cible"), ("measured", "valeur mesurée")):
            value = getattr(indicator, attr)
            if usable(value) and value < 0:
                errors.append(FieldError(f"indicators.{n}.{attr}",
                                         f"Indicateur {n + 1} : la {label} ne peut pas être négative."))
    for n, factor in enumerate(fiche.factors):
        if factor.rating is not None and factor.rating not in FACTOR_RATING_LABELS:
            errors.append(FieldError(f"factors.{n}.rating", "La note d'un facteur clé va de 0 à 3."))
    for n, site in enumerate(fiche.sites):
        if site.since_year is not None and not FIRST_YEAR <= site.since_year <= LAST_YEAR:
            errors.append(FieldError(f"sites.{n}.since_year", f"Site {n + 1} : année invalide."))
    if fiche.start_precision and fiche.start_precision not in set(DatePrecision):
        errors.append(FieldError("start_date", "La précision de la date de démarrage est le mois ou l'année."))
    for variant in fiche.scaling_variants:
        model = VARIANT_MODELS.get(variant)
        if model is not None and model not in fiche.scaling_models:
            errors.append(FieldError("scaling_variants", f"La variante « {ScalingVariant.label_of(variant)} » "
                                     f"suppose le modèle « {ScalingModel.label_of(model)} » : cochez-le aussi."))
    errors += attachment_errors(fiche.attachments)
    return errors + [FieldError(name, message) for name, message in bound_errors(fiche, FIELD_LABELS, SHORT_FIELDS)]


def attachment_errors(attachments: list[Attachment]) -> list[FieldError]:
    """What makes attachments unusable, whoever holds them (a fiche, a funding application; typed or received):
    a SHA-256 that is not 64 lowercase hexadecimal digits, an empty file name, a size below 0 or above
    `MAX_ATTACHMENT_BYTES`."""
    errors: list[FieldError] = []
    for n, attachment in enumerate(attachments):
        where = f"Pièce jointe {n + 1}"
        if not SHA256_RE.fullmatch(attachment.sha256):
            errors.append(FieldError(f"attachments.{n}.sha256", f"{where} : « {shorten(attachment.sha256)} » n'est "
                                     "pas une empreinte SHA-256 (64 chiffres hexadécimaux)."))
        if not attachment.file_name.strip():
            errors.append(FieldError(f"attachments.{n}.file_name", f"{where} : le nom du fichier est vide."))
        if attachment.size < 0:
            errors.append(FieldError(f"attachments.{n}.size", f"{where} : la taille ne peut pas être négative."))
        elif attachment.size > MAX_ATTACHMENT_BYTES:
            errors.append(FieldError(f"attachments.{n}.size", f"{where} : « {shorten(attachment.file_name)} » "
                                     f"déclare {format_decimal(attachment.size)} octets, plus que les "
                                     f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} Mo permis."))
    return errors
