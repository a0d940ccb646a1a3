"""A fiche's shortlist of funding: the schemes it applies to, and where each application stands.

An entry names its scheme by id and keeps the scheme's name as it was when added, so that it reads the same on a
workstation whose catalogue lacks the scheme. It travels with its fiche in `.essaim` packages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.domain.bounds import bound_errors, usable
from app.domain.document import Section
from app.domain.fiche import Attachment, FieldError, attachment_errors
from app.domain.field_texts import attachment_row, texts_by_type
from app.domain.formats import format_date, format_money
from app.domain.vocabulary import QT_TRANSLATE_NOOP, Coded

_ = QT_TRANSLATE_NOOP


class ApplicationStatus(Coded):
    """Where an application stands, in the order it goes."""

    REPERE = "repere", _("vocabulary", "Repéré")
    EN_PREPARATION = "en_preparation", _("vocabulary", "En préparation")
    DEPOSE = "depose", _("vocabulary", "Déposé")
    OBTENU = "obtenu", _("vocabulary", "Obtenu")
    REFUSE = "refuse", _("vocabulary", "Refusé")
    VERSE = "verse", _("vocabulary", "Versé")


@dataclass
class ShortlistEntry:
    id: str = ""
    fiche_id: str = ""
    scheme_id: str = ""
    scheme_name: str = ""
    status: str = ApplicationStatus.REPERE.value
    target_deadline: date | None = None
    """The deadline the application aims at."""
    amount_requested: Decimal | None = None
    amount_obtained: Decimal | None = None
    amount_paid: Decimal | None = None
    submitted_on: date | None = None
    decided_on: date | None = None
    paid_on: date | None = None
    notes: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    """The application letter, the decision, the convention…: files kept once under their SHA-256, as a fiche's."""


ADDED_ENTRY_FIELDS = frozenset({"attachments"})
"""Fields added by format 1.3 of packages (store revision 0010)."""


SHORTLIST_FIELD_LABELS: dict[str, str] = {
    "fiche_id": _("fields", "Fiche"),
    "scheme_id": _("fields", "Dispositif"),
    "scheme_name": _("fields", "Nom du dispositif"),
    "status": _("fields", "Statut de la demande"),
    "target_deadline": _("fields", "Date limite visée"),
    "amount_requested": _("fields", "Montant demandé"),
    "amount_obtained": _("fields", "Montant obtenu"),
    "amount_paid": _("fields", "Montant versé"),
    "submitted_on": _("fields", "Déposé le"),
    "decided_on": _("fields", "Décision le"),
    "paid_on": _("fields", "Versé le"),
    "notes": _("fields", "Notes"),
    "attachments": _("fields", "Pièces jointes"),
}

SHORTLIST_FIELD_TEXT = texts_by_type({"status": ApplicationStatus},
                                     money=("amount_requested", "amount_obtained", "amount_paid"),
                                     rows={"attachments": attachment_row})
"""One field of an entry as a reader reads it (`app.domain.field_texts`)."""


def validate_entry(entry: ShortlistEntry) -> list[FieldError]:
    """French messages for every value that prevents saving the entry (a received one included)."""
    errors = [FieldError(name, message) for name, message in
              bound_errors(entry, SHORTLIST_FIELD_LABELS, ("scheme_name",))]
    if not entry.fiche_id.strip():
        errors.append(FieldError("fiche_id", "Une demande de financement appartient à une fiche."))
    if not entry.scheme_name.strip():
        errors.append(FieldError("scheme_name", "Le nom du dispositif est obligatoire."))
    if entry.status not in set(ApplicationStatus):
        errors.append(FieldError("status", "Statut inconnu : repéré, en préparation, déposé, obtenu, refusé ou versé."))
    for name in ("amount_requested", "amount_obtained", "amount_paid"):
        value = getattr(entry, name)
        if usable(value) and value < 0:
            errors.append(FieldError(name, f"{SHORTLIST_FIELD_LABELS[name]} : un montant ne peut pas être négatif."))
    if usable(entry.amount_paid) and usable(entry.amount_obtained) and entry.amount_paid > entry.amount_obtained:
        errors.append(FieldError("amount_paid", "Le montant versé dépasse le montant obtenu."))
    return errors + attachment_errors(entry.attachments)


SHORTLIST_TITLE = _("sections", "Financements sollicités")


def shortlist_sections(entries: list[ShortlistEntry]) -> list[Section]:
    """The shortlist as a dossier section: one row per application, then the totals; nothing without entries."""
    if not entries:
        return []
    section = Section("financements", SHORTLIST_TITLE)
    rows = [[entry.scheme_name, ApplicationStatus.label_of(entry.status), format_date(entry.target_deadline),
             _money(entry.amount_requested), _money(entry.amount_obtained), _money(entry.amount_paid), entry.notes]
            for entry in entries]
    section.table(SHORTLIST_TITLE, ["Dispositif", "Statut", "Date limite visée", "Demandé", "Obtenu", "Versé", "Notes"],
                  rows, (3, 4, 5))
    for label, name in (("Total demandé", "amount_requested"), ("Total obtenu", "amount_obtained"),
                        ("Total versé", "amount_paid")):
        values = [getattr(entry, name) for entry in entries if getattr(entry, name) is not None]
        if values:
            section.value(label, format_money(sum(values, Decimal(0))))
    return [section]


def _money(value: Decimal | None) -> str:
    return "" if value is None else format_money(value)
