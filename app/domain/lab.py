"""A lab project and its checklist as the user follows them: where each item stands, who does it, by when.

A project (`LabProject`) answers the template's questions (`LabAnswers`) and may carry fiches; each of its items
(`LabItem`, a record of its own so that two stations editing two items never conflict) keeps the item's title and
phase as the template gave them, so that it reads the same on a station that lacks the template. Both travel in
`.essaim` packages. Progress counts the items done among those that apply; an item is late when its due date has
passed and it is not done, blocked while an item it depends on is not done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.domain.bounds import bound_errors
from app.domain.fiche import Attachment, FieldError, attachment_errors
from app.domain.field_texts import attachment_row, texts_by_type
from app.domain.lab_template import (
    LabAnswers,
    LabModel,
    LabPath,
    TemplateItem,
    TemplatePhase,
    not_applicable_reason,
)
from app.domain.vocabulary import QT_TRANSLATE_NOOP, Coded

_ = QT_TRANSLATE_NOOP


class ItemStatus(Coded):
    A_FAIRE = "a_faire", _("vocabulary", "À faire")
    EN_COURS = "en_cours", _("vocabulary", "En cours")
    FAIT = "fait", _("vocabulary", "Fait")
    SANS_OBJET = "sans_objet", _("vocabulary", "Sans objet")


@dataclass
class EvidenceLink:
    """Evidence kept as an address (a shared folder, a web page) rather than a file."""

    title: str = ""
    url: str = ""


@dataclass
class LabProject:
    id: str = ""
    name: str = ""
    structure_name: str = ""
    model: str = LabModel.INTEGRE.value
    path: str = LabPath.CREER.value
    population: int | None = None
    template_id: str = ""
    template_revision: int = 0
    """The revision of the template its items were last drawn from."""
    template_title: str = ""
    started_on: date | None = None
    fiche_ids: list[str] = field(default_factory=list)
    """The fiches (innovations) the lab carries: its checklist is a part of their dossiers."""
    notes: str = ""

    @property
    def answers(self) -> LabAnswers:
        return LabAnswers(self.model, self.path, self.population)


@dataclass
class LabItem:
    id: str = ""
    lab_id: str = ""
    item_id: str = ""
    """The template item's id: what a new version of the template is matched by."""
    position: int = 0
    phase_id: str = ""
    phase_number: str = ""
    phase_title: str = ""
    number: str = ""
    title: str = ""
    parent_item_id: str = ""
    depends_on: list[str] = field(default_factory=list)
    """Template item ids."""
    status: str = ItemStatus.A_FAIRE.value
    not_applicable_reason: str = ""
    """Why the answers leave the item « sans objet » (empty when the user chose that status)."""
    owner: str = ""
    due_on: date | None = None
    done_on: date | None = None
    notes: str = ""
    evidence: list[Attachment] = field(default_factory=list)
    links: list[EvidenceLink] = field(default_factory=list)
    removed_from_template: bool = False
    """The template's new version no longer has the item; kept because the user wrote something in it."""

    def has_user_data(self) -> bool:
        """Whether the user did anything with the item (what a template update must never throw away)."""
        automatic = self.status == ItemStatus.A_FAIRE or (
            self.status == ItemStatus.SANS_OBJET and bool(self.not_applicable_reason))
        return not automatic or bool(self.owner or self.due_on or self.done_on or self.notes.strip()
                                     or self.evidence or self.links)


def settle(record: LabItem, today: date) -> None:
    """What a status brings along: « fait » without a date is done `today`, a date done is kept only while the
    item is done, and the reason of an automatic « sans objet » only while it is « sans objet »."""
    if record.status == ItemStatus.FAIT and record.done_on is None:
        record.done_on = today
    elif record.status != ItemStatus.FAIT:
        record.done_on = None
    if record.status != ItemStatus.SANS_OBJET:
        record.not_applicable_reason = ""


LAB_FIELD_LABELS: dict[str, str] = {
    "name": _("fields", "Nom du projet"),
    "structure_name": _("fields", "Structure"),
    "model": _("fields", "Modèle de lab"),
    "path": _("fields", "Créer ou rejoindre"),
    "population": _("fields", "Habitants"),
    "template_id": _("fields", "Modèle de liste"),
    "template_revision": _("fields", "Version du modèle"),
    "template_title": _("fields", "Titre du modèle"),
    "started_on": _("fields", "Commencé le"),
    "fiche_ids": _("fields", "Fiches liées"),
    "notes": _("fields", "Notes"),
}

LAB_ITEM_FIELD_LABELS: dict[str, str] = {
    "lab_id": _("fields", "Projet de lab"),
    "item_id": _("fields", "Élément du modèle"),
    "position": _("fields", "Rang"),
    "phase_id": _("fields", "Phase"),
    "phase_number": _("fields", "Numéro de phase"),
    "phase_title": _("fields", "Titre de la phase"),
    "number": _("fields", "Numéro"),
    "title": _("fields", "Intitulé"),
    "parent_item_id": _("fields", "Élément détaillé"),
    "depends_on": _("fields", "Dépend de"),
    "status": _("fields", "État"),
    "not_applicable_reason": _("fields", "Raison « sans objet »"),
    "owner": _("fields", "Responsable"),
    "due_on": _("fields", "Échéance"),
    "done_on": _("fields", "Fait le"),
    "notes": _("fields", "Notes"),
    "evidence": _("fields", "Pièces justificatives"),
    "links": _("fields", "Liens"),
    "removed_from_template": _("fields", "Retiré du modèle"),
}

LAB_FIELD_TEXT = texts_by_type({"model": LabModel, "path": LabPath})
"""One field of a project as a reader reads it (`app.domain.field_texts`)."""
LAB_ITEM_FIELD_TEXT = texts_by_type({"status": ItemStatus},
                                    rows={"evidence": attachment_row, "links": lambda link: [link.title, link.url]})
"""One field of a checklist item as a reader reads it."""

_SHORT_PROJECT = ("name", "structure_name", "template_title")
_SHORT_ITEM = ("phase_title", "title", "owner")
_WEB = ("http://", "https://")


def validate_lab(project: LabProject) -> list[FieldError]:
    """French messages for every value that prevents saving the project (a received one included)."""
    errors = [FieldError(name, message) for name, message in bound_errors(project, LAB_FIELD_LABELS, _SHORT_PROJECT)]
    if not project.name.strip():
        errors.append(FieldError("name", "Le nom du projet de lab est obligatoire."))
    if project.model not in set(LabModel):
        errors.append(FieldError("model", "Modèle de lab inconnu : lab avec sa propre identité ou lab intégré."))
    if project.path not in set(LabPath):
        errors.append(FieldError("path", "Choix inconnu : créer un lab ou rejoindre un lab existant."))
    if project.population is not None and project.population < 0:
        errors.append(FieldError("population", "Le nombre d'habitants ne peut pas être négatif."))
    return errors


def validate_lab_item(item: LabItem) -> list[FieldError]:
    """French messages for every value that prevents saving the item (a received one included)."""
    errors = [FieldError(name, message) for name, message in bound_errors(item, LAB_ITEM_FIELD_LABELS, _SHORT_ITEM)]
    if not item.lab_id.strip():
        errors.append(FieldError("lab_id", "Un élément de liste appartient à un projet de lab."))
    if not item.title.strip():
        errors.append(FieldError("title", "L'intitulé de l'élément est obligatoire."))
    if item.status not in set(ItemStatus):
        errors.append(FieldError("status", "État inconnu : à faire, en cours, fait ou sans objet."))
    for n, link in enumerate(item.links):
        if not link.url.lower().startswith(_WEB):
            errors.append(FieldError(f"links.{n}.url", f"Lien {n + 1} : une adresse web (http:// ou https://) "
                                     "était attendue."))
    errors += [FieldError(f"evidence.{error.field.partition('.')[2]}", error.message)
               for error in attachment_errors(item.evidence)]
    return errors


def drawn_item(lab_id: str, item_id: str, position: int, phase: TemplatePhase, item: TemplateItem,
               answers: LabAnswers) -> LabItem:
    """The record of a template item in a project (`item_id`: the record's new id), « sans objet » with its reason
    when the answers leave it out."""
    record = LabItem(id=item_id, lab_id=lab_id, item_id=item.id)
    copy_from_template(record, position, phase, item)
    reason = not_applicable_reason(item, answers)
    if reason:
        record.status, record.not_applicable_reason = ItemStatus.SANS_OBJET.value, reason
    return record


def copy_from_template(record: LabItem, position: int, phase: TemplatePhase, item: TemplateItem) -> None:
    """What a project's item repeats of its template item (what a new version of the template may change)."""
    record.position = position
    record.phase_id, record.phase_number, record.phase_title = phase.id, phase.number, phase.title
    record.number, record.title, record.parent_item_id = item.number, item.title, item.parent
    record.depends_on = list(item.depends_on)


def reapplied(record: LabItem, item: TemplateItem, answers: LabAnswers) -> bool:
    """Bring the item's automatic « sans objet » in line with new answers; True when its status changed.

    An item left « à faire » becomes « sans objet » when the answers leave it out, and one the answers had left
    out comes back « à faire » when they no longer do; an item the user moved on (en cours, fait, or « sans
    objet » chosen by hand) is left as it is."""
    reason = not_applicable_reason(item, answers)
    automatic = record.status == ItemStatus.SANS_OBJET and bool(record.not_applicable_reason)
    if record.status == ItemStatus.A_FAIRE and reason:
        record.status, record.not_applicable_reason = ItemStatus.SANS_OBJET.value, reason
        return True
    if automatic and not reason:
        record.status, record.not_applicable_reason = ItemStatus.A_FAIRE.value, ""
        return True
    if automatic:
        record.not_applicable_reason = reason
    return False


@dataclass(frozen=True)
class Tally:
    """Items done among those that apply (« sans objet » ones and those removed from the template left out)."""

    done: int = 0
    applicable: int = 0
    started: int = 0
    not_applicable: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.applicable) if self.applicable else 100


def tally(items: list[LabItem]) -> Tally:
    counted = [item for item in items if not item.removed_from_template]
    applicable = [item for item in counted if item.status != ItemStatus.SANS_OBJET]
    return Tally(done=sum(item.status == ItemStatus.FAIT for item in applicable), applicable=len(applicable),
                 started=sum(item.status == ItemStatus.EN_COURS for item in applicable),
                 not_applicable=len(counted) - len(applicable))


@dataclass(frozen=True)
class PhaseTally:
    phase_id: str
    number: str
    title: str
    tally: Tally


def phase_tallies(items: list[LabItem]) -> list[PhaseTally]:
    """Each phase's tally, phases in the checklist's order."""
    phases: dict[str, list[LabItem]] = {}
    for item in sorted(items, key=lambda item: item.position):
        phases.setdefault(item.phase_id, []).append(item)
    return [PhaseTally(key, group[0].phase_number, group[0].phase_title, tally(group)) for key, group in phases.items()]


def is_open(item: LabItem) -> bool:
    """Still to be done: neither done nor « sans objet »."""
    return item.status in (ItemStatus.A_FAIRE, ItemStatus.EN_COURS)


def is_late(item: LabItem, today: date) -> bool:
    return is_open(item) and item.due_on is not None and item.due_on < today


def blocked_by(item: LabItem, items: list[LabItem]) -> list[LabItem]:
    """The items of the same project `item` depends on that are not done yet (« sans objet » ones do not block)."""
    if not item.depends_on or not is_open(item):
        return []
    wanted = set(item.depends_on)
    return [other for other in items if other.item_id in wanted and is_open(other) and not other.removed_from_template]


def alerts(item: LabItem, items: list[LabItem], today: date) -> list[str]:
    """What needs attention on `item`: « en retard », « attend 3.1, 3.2 » (the items it waits for)."""
    found = ["en retard"] if is_late(item, today) else []
    waiting = blocked_by(item, items)
    if waiting:
        found.append("attend " + ", ".join(other.number for other in waiting))
    return found
