"""One item of a lab checklist: what the template advises (read-only), and what the user follows (status, owner, due
date, date done, notes, evidence files dropped or added, links), with undo and autosave as in the fiche editor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiche import FieldError
from app.domain.lab import LAB_ITEM_FIELD_LABELS, EvidenceLink, ItemStatus, LabItem, settle, validate_lab_item
from app.domain.lab_template import TemplateItem
from app.gui.fiches.attachment_panel import AttachmentPanel, accept_file_drag, dropped_files
from app.gui.fiches.form_fields import ChoiceField, FormField, LineField, ParsedField, ReadsAnyInput, TextField
from app.gui.i18n import translate_field
from app.gui.metrics import lines_high
from app.gui.snapshot_editor import SnapshotEditor

EVIDENCE_HINT = "Glissez ici les pièces qui montrent que c'est fait (délibération, compte rendu, convention…)."


class LinksField(ReadsAnyInput, QWidget):
    """Evidence kept as web addresses: a list with « Ajouter un lien… » and « Retirer »."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("labLinks")
        self.list.setMaximumHeight(lines_high(self.list, 4))
        add = QPushButton(self.tr("Ajouter un lien…"))
        add.setObjectName("labLinkAdd")
        add.clicked.connect(self._ask)
        remove = QPushButton(self.tr("Retirer"))
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list)
        column.addLayout(buttons)

    def value(self) -> list[EvidenceLink]:
        return [self.list.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.list.count())]

    def set_value(self, links: list[EvidenceLink]) -> None:
        self.list.clear()
        for link in links:
            shown = f"{link.title} — {link.url}" if link.title and link.title != link.url else link.url
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, EvidenceLink(link.title, link.url))
            item.setToolTip(link.url)
            self.list.addItem(item)

    def add_link(self, title: str, url: str) -> None:
        self.set_value([*self.value(), EvidenceLink(title.strip() or url.strip(), url.strip())])
        self.changed.emit()

    def _ask(self) -> None:
        url, ok = QInputDialog.getText(self, self.tr("Ajouter un lien"), self.tr("Adresse (https://…)"))
        if not ok or not url.strip():
            return
        title, _ok = QInputDialog.getText(self, self.tr("Ajouter un lien"), self.tr("Ce qu'on y trouve (facultatif)"))
        self.add_link(title, url)

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()


class LabItemEditor(SnapshotEditor):
    """Edits one `LabItem`. `save_requested` asks the owner to store it; `schemes_requested` asks for the finder on
    the item's schemes (catalogue keys, and the item's number and title)."""

    schemes_requested = Signal(object, str)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        self.data_dir = data_dir
        self.template_item: TemplateItem | None = None
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.heading = QLabel()
        self.heading.setObjectName("labItemHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.reason = QLabel()
        self.reason.setObjectName("labItemReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #6a4a00")
        self.alert = QLabel()
        self.alert.setObjectName("labItemAlert")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet("color: #b00020")
        self.guidance = QLabel()
        self.guidance.setObjectName("labItemGuidance")
        self.guidance.setWordWrap(True)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source = QLabel()
        self.source.setObjectName("labItemSource")
        self.source.setWordWrap(True)
        self.source.setStyleSheet("color: #505050")
        self.schemes_button = QPushButton()
        self.schemes_button.setObjectName("labItemSchemes")
        self.schemes_button.clicked.connect(self._ask_schemes)
        self.status = ChoiceField(ItemStatus)
        self.status.setObjectName("labItemStatus")
        self.owner = LineField()
        self.owner.setObjectName("labItemOwner")
        self.due = ParsedField("date", self.tr("JJ/MM/AAAA"))
        self.due.setObjectName("labItemDue")
        self.done = ParsedField("date", self.tr("JJ/MM/AAAA"))
        self.done.setObjectName("labItemDone")
        self.notes = TextField(3)
        self.notes.setObjectName("labItemNotes")
        self.evidence = AttachmentPanel(data_dir, hint=EVIDENCE_HINT, lines=3, most_lines=4)
        self.evidence.setObjectName("labItemEvidence")
        self.links = LinksField()
        self.errors_label = QLabel()
        self.errors_label.setStyleSheet("color: #b00020")
        self.errors_label.setWordWrap(True)
        self._fields: dict[str, FormField] = {
            "status": self.status, "owner": self.owner, "due_on": self.due, "done_on": self.done, "notes": self.notes,
            "evidence": self.evidence, "links": self.links}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, field in self._fields.items():
            self._labels[key] = translate_field(LAB_ITEM_FIELD_LABELS[key])
            assert isinstance(field, QWidget)
            form.addRow(self._labels[key], field)
            field.changed.connect(lambda key=key: self.edited(key))
        for key, typed in (("owner", self.owner), ("due_on", self.due), ("done_on", self.done), ("notes", self.notes)):
            self.watch_text_input(key, typed)
        body = QWidget()
        column = QVBoxLayout(body)
        for widget in (self.heading, self.alert, self.reason, self.guidance, self.source, self.schemes_button):
            column.addWidget(widget)
        column.addLayout(form)
        column.addWidget(self.errors_label)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.save_state)
        layout.addWidget(scroll, 1)
        self.clear()

    # -- SnapshotEditor ------------------------------------------------------------------------
    def blank_state(self) -> LabItem:
        return LabItem()

    def collect(self) -> LabItem:
        """The item as shown; « fait » without a date is done today, and only a done item keeps its date."""
        data: LabItem = self.state
        for key, field in self._fields.items():
            setattr(data, key, field.value())
        settle(data, date.today())
        return data

    def show_state(self, data: LabItem) -> None:
        for key, field in self._fields.items():
            field.set_value(getattr(data, key))

    def state_shown(self) -> None:
        data = self._state
        self.heading.setText(f"{data.number} {data.title}".strip())
        removed = self.tr("Retiré du modèle : gardé parce que vous y avez noté quelque chose.") \
            if data.removed_from_template else ""
        self.reason.setText("\n".join(text for text in (data.not_applicable_reason, removed) if text))
        self.reason.setVisible(bool(self.reason.text()))
        if self.done.value() != data.done_on and not self.done.input_errors():
            self.done.blockSignals(True)
            self.done.set_value(data.done_on)  # the date « fait » brings, or takes away
            self.done.blockSignals(False)
        self.done.setEnabled(data.status == ItemStatus.FAIT)

    def find_errors(self, data: LabItem) -> list[FieldError]:
        errors = validate_lab_item(data)
        for key, field in self._fields.items():
            errors += [FieldError(key, message) for message in field.input_errors()]
        return errors

    def show_errors(self, errors: list[FieldError]) -> None:
        self.errors_label.setText("\n".join(error.message for error in errors))
        self.errors_label.setVisible(bool(errors))

    # -- the item ------------------------------------------------------------------------------
    def show_item(self, record: LabItem, template_item: TemplateItem | None, source: str, alert: str) -> None:
        """Edit `record`, with what its template says (None: the template is not on this station)."""
        self.template_item = template_item
        self.load(record)
        self.alert.setText(alert)
        self.alert.setVisible(bool(alert))
        self.guidance.setText(template_item.guidance if template_item is not None else self.tr(
            "Le modèle de cette liste n'est pas installé sur ce poste : ses conseils ne peuvent pas être montrés."))
        self.source.setText(source)
        self.source.setVisible(bool(source))
        owner = template_item.suggested_owner if template_item is not None else ""
        self.owner.setPlaceholderText(self.tr("suggéré : {0}").format(owner) if owner else self.tr("qui s'en charge"))
        schemes = template_item.schemes if template_item is not None else []
        self.schemes_button.setText(self.tr("Voir les dispositifs liés dans Financements ({0})").format(len(schemes)))
        self.schemes_button.setVisible(bool(schemes))

    def set_status(self, status: str) -> None:
        """Change the status as the user would in the list (one undo step), and store it at once."""
        self.status.set_value(status)
        self.edited("status")
        self.save_now()

    def _ask_schemes(self) -> None:
        if self.template_item is not None:
            self.schemes_requested.emit(list(self.template_item.schemes), self.heading.text())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_file_drag(self, event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_files(event)
        if paths:
            self.evidence.add_files(paths)
            event.acceptProposedAction()
