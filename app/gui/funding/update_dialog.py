"""What a catalogue file would change, before anything is: new, changed (each field the user edited with the two
values side by side and a box to take the file's), proposed duplicates (a box: « même dispositif »), no longer
published, deadlines passed since, and the records refused (a box to leave them out)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import format_date
from app.domain.scheme_sections import field_text
from app.gui.metrics import chars_wide, lines_high
from app.services.catalogue_update import Decisions, UpdatePreview
from app.services.catalogue_update_text import field_label
from app.services.catalogue_update_text import summary as describe_counts

SHOWN = 500
"""Rows shown per section (the counts say how many there are)."""


class CatalogueUpdateDialog(QDialog):
    def __init__(self, result: UpdatePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = result
        self.setWindowTitle(self.tr("Mettre à jour le catalogue"))
        layout = QVBoxLayout(self)
        summary = QLabel("\n".join(describe_counts(result)))
        summary.setObjectName("updateSummary")
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.tree = QTreeWidget()
        self.tree.setObjectName("updateEntries")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Dispositif ou champ"), self.tr("Sur ce poste"), self.tr("Dans le fichier")])
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.setMinimumSize(chars_wide(self, 150), lines_high(self, 22))
        for column, share in enumerate((56, 42, 42)):
            self.tree.setColumnWidth(column, chars_wide(self, share))
        layout.addWidget(self.tree, 1)
        self.theirs: dict[tuple[str, str], QTreeWidgetItem] = {}
        self.same: dict[str, QTreeWidgetItem] = {}
        self._fill()
        self.skip = QCheckBox(self.tr("Laisser de côté les enregistrements refusés et importer les autres"))
        self.skip.setObjectName("updateSkipBad")
        self.skip.setVisible(bool(result.file.problems))
        layout.addWidget(self.skip)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText(self.tr("Appliquer"))
        self.apply_button.setObjectName("updateApply")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.skip.toggled.connect(lambda _on: self._enable())
        self._enable()

    def _enable(self) -> None:
        blocked = bool(self.preview.file.problems) and not self.skip.isChecked()
        self.apply_button.setEnabled(not blocked and not self.preview.nothing_to_do)

    def _section(self, title: str, count: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [f"{self.tr(title)} ({count})"])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setFirstColumnSpanned(True)
        item.setExpanded(True)
        return item

    def _fill(self) -> None:
        result = self.preview
        if result.changed:
            section = self._section("Modifiés", len(result.changed))
            for change in result.changed[:SHOWN]:
                fields = ", ".join(field_label(name) for name in change.taken)
                scheme = QTreeWidgetItem(section, [change.incoming.scheme.name, "", fields])
                scheme.setExpanded(bool(change.conflicts))
                for name in change.conflicts:
                    row = QTreeWidgetItem(scheme, [self.tr("Prendre « {0} » du fichier").format(field_label(name)),
                                                   _one_line(change.mine.get(name, "")),
                                                   _one_line(field_text(change.incoming.scheme, name))])
                    row.setCheckState(0, Qt.CheckState.Unchecked)
                    for column in (1, 2):
                        row.setToolTip(column, row.text(column))
                    self.theirs[(change.scheme_id, name)] = row
        if result.duplicates:
            section = self._section("Déjà au catalogue sous une autre origine", len(result.duplicates))
            for duplicate in result.duplicates[:SHOWN]:
                row = QTreeWidgetItem(section, [self.tr("Même dispositif que « {0} »").format(duplicate.name),
                                                duplicate.name, duplicate.incoming.scheme.name])
                row.setCheckState(0, Qt.CheckState.Checked)
                self.same[duplicate.incoming.scheme.origin_key] = row
        for title, names in (("Nouveaux", [incoming.scheme.name for incoming in result.new]),
                             ("Plus publiés (marqués, jamais supprimés)", [name for _id, name in result.gone]),
                             ("Dates limites passées depuis la dernière mise à jour",
                              [f"{name} — {format_date(on)}" for name, on in result.passed]),
                             ("Refusés", [str(problem) for problem in result.file.problems])):
            if names:
                section = self._section(title, len(names))
                for name in names[:SHOWN]:
                    item = QTreeWidgetItem(section, [name])
                    item.setToolTip(0, name)
                    item.setFirstColumnSpanned(True)

    def decisions(self) -> Decisions:
        theirs: dict[str, set[str]] = {}
        for (scheme_id, name), row in self.theirs.items():
            if row.checkState(0) == Qt.CheckState.Checked:
                theirs.setdefault(scheme_id, set()).add(name)
        separate = {key for key, row in self.same.items() if row.checkState(0) != Qt.CheckState.Checked}
        return Decisions(theirs=theirs, separate=separate, skip_problems=self.skip.isChecked())


def _one_line(text: str) -> str:
    """A field's text on the line of its row (the tooltip shows it whole)."""
    return text.replace("\n", " ")
