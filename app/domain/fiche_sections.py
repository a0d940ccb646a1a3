"""The fiche as titled sections of labelled values and tables, in French.

One description of what a fiche says, read by the editor's table of contents, `essaim fiche show`
and the dossier writers. Empty optional values are left out.
"""

from __future__ import annotations

from app.domain.document import LabelledValue, Section, Table
from app.domain.fiche import FACTOR_RATING_LABELS, Contact, FactorRating, FicheData, Indicator, Partner, Site
from app.domain.fiche import field_caption as caption
from app.domain.field_texts import Row, attachment_row, texts_by_type
from app.domain.formats import format_date, format_decimal, format_partial_date, yes_no
from app.domain.vocabulary import (
    EVIDENCE_REFERENCE,
    QT_TRANSLATE_NOOP,
    Coded,
    DatePrecision,
    EvaluationMethod,
    EvidenceLevel,
    FicheStatus,
    InnovationIntensity,
    InnovationNature,
    InnovationObject,
    KeySuccessFactor,
    PartnerRole,
    ProjectPhase,
    ScalingModel,
    ScalingObjective,
    ScalingVariant,
    Stage,
    StructureType,
    TerritoryKind,
    Theme,
)

_ = QT_TRANSLATE_NOOP

SECTION_TITLES: dict[str, str] = {
    "identite": _("sections", "Identité"),
    "porteur": _("sections", "Porteur"),
    "besoin": _("sections", "Besoin et public"),
    "dispositif": _("sections", "Dispositif"),
    "partenaires": _("sections", "Partenaires"),
    "caracterisation": _("sections", "Caractérisation"),
    "resultats": _("sections", "Résultats et évaluation"),
    "facteurs": _("sections", "Facteurs clés"),
    "essaimage": _("sections", "Essaimage"),
    "ressources": _("sections", "Ressources réutilisables"),
    "sources": _("sections", "Sources"),
}


def label(vocabulary: type[Coded], code: str) -> str:
    return vocabulary.label_of(code)


def labels(vocabulary: type[Coded], codes: list[str]) -> str:
    return ", ".join(label(vocabulary, code) for code in codes)


def contact_row(contact: Contact) -> list[str]:
    return [contact.name, contact.role, contact.email, contact.phone]


def partner_row(partner: Partner) -> list[str]:
    return [partner.name, label(StructureType, partner.structure_type), label(PartnerRole, partner.role),
            partner.contribution, label(ProjectPhase, partner.phase)]


def indicator_row(indicator: Indicator) -> list[str]:
    return [indicator.name, indicator.unit, format_decimal(indicator.baseline), format_decimal(indicator.target),
            format_decimal(indicator.measured), format_date(indicator.measured_on)]


def factor_row(rating: FactorRating) -> list[str]:
    weight = FACTOR_RATING_LABELS.get(rating.rating, "") if rating.rating is not None else ""
    return [label(KeySuccessFactor, rating.factor), weight, rating.comment]


def _indicator_line(indicator: Indicator) -> list[str]:
    """An indicator with its figures named, for a reader without the dossier's column titles."""
    unit = f"\u00a0{indicator.unit}" if indicator.unit else ""
    figures = [(said, format_decimal(value)) for said, value in (
        ("départ", indicator.baseline), ("cible", indicator.target), ("mesuré", indicator.measured))]
    measured_on = f"le {format_date(indicator.measured_on)}" if indicator.measured_on else ""
    return [indicator.name, *(f"{said} {value}{unit}" for said, value in figures if value), measured_on]


def _site_row(site: Site) -> list[str]:
    return [site.name, site.commune, f"depuis {site.since_year}" if site.since_year else "",
            "a repris l'initiative" if site.taken_up else ""]


_CODED: dict[str, type[Coded]] = {
    "status": FicheStatus, "structure_type": StructureType, "territory_kind": TerritoryKind, "themes": Theme,
    "start_precision": DatePrecision, "stage": Stage, "natures": InnovationNature, "objects": InnovationObject,
    "intensity": InnovationIntensity, "evaluation_method": EvaluationMethod, "evidence_level": EvidenceLevel,
    "scaling_objectives": ScalingObjective, "scaling_models": ScalingModel, "scaling_variants": ScalingVariant,
}
_ROWS: dict[str, Row] = {
    "contacts": contact_row, "steps": lambda step: [step.text],
    "human_means": lambda mean: [mean.role, f"{format_decimal(mean.fte)} ETP" if mean.fte is not None else ""],
    "sites": _site_row, "partners": partner_row, "indicators": _indicator_line, "factors": factor_row,
    "attachments": attachment_row, "sources": lambda source: [source.title, source.url, source.note],
}
_BY_TYPE = texts_by_type(_CODED, rows=_ROWS)


def fiche_field_text(fiche: FicheData, name: str) -> str:
    """One field of the fiche as a reader reads it: its start date as precise as it is known, codes by their labels,
    lists one item a line."""
    if name == "start_date":
        return format_partial_date(fiche.start_date, fiche.start_precision)
    return _BY_TYPE(fiche, name)


def fiche_sections(fiche: FicheData, include_personal: bool = True) -> list[Section]:
    s = {key: Section(key, title) for key, title in SECTION_TITLES.items()}
    s["identite"].value(caption("title"), fiche.title)
    s["identite"].value(caption("summary"), fiche.summary)
    s["identite"].value(caption("status"), label(FicheStatus, fiche.status))
    s["identite"].value(caption("tags"), ", ".join(fiche.tags))

    p = s["porteur"]
    p.value(caption("structure_name"), fiche.structure_name)
    p.value(caption("structure_type"), label(StructureType, fiche.structure_type))
    p.value(caption("commune"), fiche.commune)
    p.value(caption("insee_code"), fiche.insee_code)
    p.value(caption("departement"), fiche.departement)
    p.value(caption("region"), fiche.region)
    p.value(caption("territory_kind"), label(TerritoryKind, fiche.territory_kind))
    if include_personal:
        p.table(caption("contacts"), ["Nom", "Rôle", "E-mail", "Téléphone"], [contact_row(c) for c in fiche.contacts])

    b = s["besoin"]
    b.value(caption("need"), fiche.need)
    b.value(caption("target_public"), fiche.target_public)
    b.value(caption("beneficiaries_per_year"), format_decimal(fiche.beneficiaries_per_year))
    b.value(caption("themes"), labels(Theme, fiche.themes))

    d = s["dispositif"]
    d.value(caption("stage"), label(Stage, fiche.stage))
    d.value(caption("stop_reason"), fiche.stop_reason)
    d.value(caption("start_date"), format_partial_date(fiche.start_date, fiche.start_precision))
    d.table(caption("steps"), ["N°", "Ce qui est fait"],
            [[str(n + 1), step.text] for n, step in enumerate(fiche.steps)])
    d.table(caption("human_means"), ["Rôle", "ETP"], [[m.role, format_decimal(m.fte)] for m in fiche.human_means], (1,))
    d.table("Sites où l'initiative fonctionne", ["Site", "Commune", "Depuis"],
            [[x.name, x.commune, str(x.since_year or "")] for x in fiche.sites if not x.taken_up])

    s["partenaires"].table(
        caption("partners"), ["Nom", "Type", "Rôle", "Apport", "Phase"], [partner_row(x) for x in fiche.partners],
    )
    s["partenaires"].value(caption("public_role"), fiche.public_role)

    c = s["caracterisation"]
    c.value(caption("natures"), labels(InnovationNature, fiche.natures))
    c.value(caption("objects"), labels(InnovationObject, fiche.objects))
    c.value(caption("intensity"), label(InnovationIntensity, fiche.intensity))

    r = s["resultats"]
    r.value(caption("objectives"), fiche.objectives)
    r.value(caption("impacts"), fiche.impacts)
    r.table(caption("indicators"), ["Indicateur", "Unité", "Départ", "Cible", "Mesure", "Date"],
            [indicator_row(i) for i in fiche.indicators], (2, 3, 4))
    r.value(caption("evaluation_method"), label(EvaluationMethod, fiche.evaluation_method))
    for name in ("evaluation_duration", "evaluation_committee", "evaluator", "evaluation_findings"):
        r.value(caption(name), getattr(fiche, name))
    if fiche.evidence_level:
        r.value(caption("evidence_level"), f"{label(EvidenceLevel, fiche.evidence_level)}. {EVIDENCE_REFERENCE}")
    r.value(caption("lessons"), fiche.lessons)

    f = s["facteurs"]
    f.table(caption("factors"), ["Facteur", "Poids", "Commentaire"],
            [factor_row(x) for x in fiche.factors if x.rating is not None or x.comment])
    f.value(caption("difficulties"), fiche.difficulties)
    f.value(caption("levers_helped"), fiche.levers_helped)
    f.value(caption("levers_for_others"), fiche.levers_for_others)

    e = s["essaimage"]
    e.value(caption("scaling_objectives"), labels(ScalingObjective, fiche.scaling_objectives))
    e.value(caption("scaling_models"), labels(ScalingModel, fiche.scaling_models))
    e.value(caption("scaling_variants"), labels(ScalingVariant, fiche.scaling_variants))
    e.value(caption("core_concept"), fiche.core_concept)
    e.value(caption("room_to_adapt"), fiche.room_to_adapt)
    e.value(caption("initiator_willing"), yes_no(fiche.initiator_willing))
    e.value(caption("initiator_available"), yes_no(fiche.initiator_available))
    e.value(caption("materials_ready"), yes_no(fiche.materials_ready))
    e.value(caption("readiness_notes"), fiche.readiness_notes)
    e.table("Sites qui ont repris l'initiative", ["Site", "Commune", "Depuis"],
            [[x.name, x.commune, str(x.since_year or "")] for x in fiche.taken_up_sites()])

    s["ressources"].table(caption("attachments"), ["Fichier", "Description", "Taille (octets)"],
                          [[a.file_name, a.label, format_decimal(a.size)] for a in fiche.attachments], (2,))
    s["sources"].table(caption("sources"), ["Titre", "Lien", "Note"], [[x.title, x.url, x.note] for x in fiche.sources])
    return [section for section in s.values() if section.items]


def sections_as_text(sections: list[Section]) -> str:
    lines: list[str] = []
    for section in sections:
        lines += ["", f"== {section.title} =="]
        for item in section.items:
            if isinstance(item, LabelledValue):
                lines.append(f"{item.label} : {item.value}")
            elif isinstance(item, Table):
                lines.append(f"{item.title} :")
                lines += ["  - " + " | ".join(cell for cell in row if cell) for row in item.rows]
    return "\n".join(lines).strip()
