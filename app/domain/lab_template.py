"""A lab-setup checklist template: phases of items, each with its guidance, its source and when it applies.

Templates are data (`resources/checklists/`, or a file a UDCCAS sends, format in `docs/modele-labo.md`): this
module holds what a template is once read, the three questions a lab project answers first (`LabAnswers`), which
items those answers leave « sans objet » and why (`not_applicable_reason`), and the checks no JSON Schema can make
(`template_problems`: duplicate ids, a dependency or parent that names no item, a dependency cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.domain.formats import format_decimal
from app.domain.vocabulary import QT_TRANSLATE_NOOP, Coded

_ = QT_TRANSLATE_NOOP

TEMPLATE_FORMAT = "essaim-modele-labo"
TEMPLATE_FORMAT_VERSION = 1
"""The format this version reads; a template of a later format is refused (its meaning may have changed)."""


class LabModel(Coded):
    """The two lab models of the UNCCAS study (« Fabriquer », BRIEF n°3)."""

    DEDIE = "lab_dedie", _("vocabulary", "Lab avec sa propre identité"), _(
        "vocabulary", "Un lab doté d'une identité et d'une programmation, financé par un appel à projets ou une "
                      "subvention : une petite part des fonds l'installe, le reste finance les projets.")
    INTEGRE = "lab_integre", _("vocabulary", "Lab intégré à la structure"), _(
        "vocabulary", "Une démarche menée dans la structure existante, qui met en commun les compétences et change "
                      "les pratiques des agents, sans investissement propre.")


class LabPath(Coded):
    """Whether the structure creates its lab or joins one (the study advises small CCAS to join)."""

    CREER = "creer", _("vocabulary", "Créer un lab")
    REJOINDRE = "rejoindre", _("vocabulary", "Rejoindre un lab existant")


@dataclass
class LabAnswers:
    """The questions a lab project answers before its checklist is drawn up."""

    model: str = LabModel.INTEGRE.value
    path: str = LabPath.CREER.value
    population: int | None = None
    """Inhabitants of the commune or intercommunality (None: not said, no item is left out for size)."""


@dataclass
class ItemSource:
    document: str = ""
    """The id of one of the template's `sources`."""
    part: str = ""
    lines: str = ""
    quote: str = ""


@dataclass
class Applies:
    """When an item applies: every condition given holds (an empty one holds always)."""

    models: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    min_population: int | None = None
    max_population: int | None = None


@dataclass
class Link:
    title: str = ""
    url: str = ""


@dataclass
class TemplateItem:
    id: str = ""
    number: str = ""
    title: str = ""
    guidance: str = ""
    parent: str = ""
    """The item this one details (a session of the DITP MOOC under « Suivre le MOOC »)."""
    source: ItemSource = field(default_factory=ItemSource)
    applies: Applies = field(default_factory=Applies)
    not_applicable_note: str = ""
    depends_on: list[str] = field(default_factory=list)
    schemes: list[str] = field(default_factory=list)
    """Keys of schemes of the shipped funding catalogue (trainings, support, funding) the item names."""
    links: list[Link] = field(default_factory=list)
    suggested_owner: str = ""


@dataclass
class TemplatePhase:
    id: str = ""
    number: str = ""
    title: str = ""
    summary: str = ""
    items: list[TemplateItem] = field(default_factory=list)


@dataclass
class TemplateSource:
    id: str = ""
    title: str = ""
    publisher: str = ""
    year: int | None = None
    url: str = ""


@dataclass
class LabTemplate:
    id: str = ""
    revision: int = 1
    """Grows with each version of the same template: a file of a lower revision than the one held is older."""
    title: str = ""
    version_label: str = ""
    publisher: str = ""
    published_on: date | None = None
    description: str = ""
    sources: list[TemplateSource] = field(default_factory=list)
    phases: list[TemplatePhase] = field(default_factory=list)

    def items(self) -> list[tuple[TemplatePhase, TemplateItem]]:
        """Every item with its phase, in the template's order."""
        return [(phase, item) for phase in self.phases for item in phase.items]

    def item(self, item_id: str) -> TemplateItem | None:
        return next((item for _phase, item in self.items() if item.id == item_id), None)

    def source_title(self, document: str) -> str:
        return next((source.title for source in self.sources if source.id == document), document)


def not_applicable_reason(item: TemplateItem, answers: LabAnswers) -> str:
    """Why `item` is « sans objet » for a project that answered `answers` ("" when it applies), with the
    template's note on what to do instead."""
    rule = item.applies
    reasons = []
    if rule.paths and answers.path not in rule.paths:
        reasons.append(_("lab", "sans objet quand on rejoint un lab existant") if answers.path == LabPath.REJOINDRE
                       else _("lab", "sans objet quand on crée son propre lab"))
    if rule.models and answers.model not in rule.models:
        reasons.append(f"{_('lab', 'sans objet pour un')} « {LabModel.label_of(answers.model).lower()} »")
    if answers.population is not None:
        if rule.min_population is not None and answers.population < rule.min_population:
            reasons.append(f"{_('lab', 'sans objet en dessous de')} {format_decimal(rule.min_population)} "
                           f"{_('lab', 'habitants')}")
        if rule.max_population is not None and answers.population > rule.max_population:
            reasons.append(f"{_('lab', 'sans objet au-delà de')} {format_decimal(rule.max_population)} "
                           f"{_('lab', 'habitants')}")
    if not reasons:
        return ""
    sentence = "; ".join(reasons)
    sentence = sentence[:1].upper() + sentence[1:] + "."
    return f"{sentence} {item.not_applicable_note}".strip()


def template_problems(template: LabTemplate) -> list[str]:
    """What makes a template unusable beyond its schema, in French: ids used twice, a dependency or a parent
    naming no item of the template, a dependency cycle, a population range upside down."""
    problems: list[str] = []
    seen: set[str] = set()
    for phase in template.phases:
        if phase.id in seen:
            problems.append(f"L'identifiant « {phase.id} » est utilisé deux fois.")
        seen.add(phase.id)
    items = {}
    for _phase, item in template.items():
        if item.id in seen:
            problems.append(f"L'identifiant « {item.id} » est utilisé deux fois.")
        seen.add(item.id)
        items[item.id] = item
    for item in items.values():
        for other in item.depends_on:
            if other not in items:
                problems.append(f"L'élément « {item.id} » dépend de « {other} », qui n'existe pas dans le modèle.")
            elif other == item.id:
                problems.append(f"L'élément « {item.id} » dépend de lui-même.")
        if item.parent and (item.parent not in items or item.parent == item.id):
            problems.append(f"L'élément « {item.id} » détaille « {item.parent} », qui n'existe pas dans le modèle.")
        low, high = item.applies.min_population, item.applies.max_population
        if low is not None and high is not None and low > high:
            problems.append(f"L'élément « {item.id} » : population minimale supérieure à la maximale.")
    cycle = _cycle({key: [other for other in item.depends_on if other in items and other != key]
                    for key, item in items.items()})
    if cycle:
        problems.append("Dépendances en boucle : " + " → ".join(f"« {key} »" for key in cycle) + ".")
    return problems


def _cycle(graph: dict[str, list[str]]) -> list[str]:
    """A dependency cycle of `graph` (its ids, the first repeated at the end), or [] when there is none; walked
    without recursion, so that a chain of thousands of items cannot exhaust the stack."""
    done: set[str] = set()
    for start in graph:
        if start in done:
            continue
        path: list[str] = [start]
        on_path = {start}
        pending = [iter(graph[start])]
        while pending:
            following = next(pending[-1], None)
            if following is None:
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                pending.pop()
                continue
            if following in on_path:
                return [*path[path.index(following):], following]
            if following not in done:
                path.append(following)
                on_path.add(following)
                pending.append(iter(graph[following]))
    return []
