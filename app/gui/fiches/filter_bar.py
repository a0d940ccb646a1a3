"""Search box and filters of the fiche list; emits a `FicheQuery` when anything changes."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.domain.fiche_search import FicheQuery, place_key
from app.domain.formats import format_count
from app.domain.vocabulary import Coded, FicheStatus, ScalingModel, Stage, StructureType, Theme
from app.gui.i18n import translate_label

SEARCH_DELAY_MS = 150


class FilterBar(QWidget):
    query_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchBox")
        self.search_edit.setPlaceholderText(self.tr("Rechercher dans toutes les fiches (Ctrl+F)…"))
        self.search_edit.setClearButtonEnabled(True)
        self.theme = self._combo(self.tr("Toutes les thématiques"), Theme)
        self.stage = self._combo(self.tr("Tous les stades"), Stage)
        self.structure_type = self._combo(self.tr("Tous les types de structure"), StructureType)
        self.scaling_model = self._combo(self.tr("Tous les modèles d'essaimage"), ScalingModel)
        self.status = self._combo(self.tr("Tous les statuts"), FicheStatus)
        self.departement = QComboBox()
        self.region = QComboBox()
        self.sort = QComboBox()
        for key, text in (("title", self.tr("Tri : titre")), ("structure_name", self.tr("Tri : structure")),
                          ("departement", self.tr("Tri : département")), ("stage", self.tr("Tri : stade")),
                          ("updated_at", self.tr("Tri : dernière modification"))):
            self.sort.addItem(text, key)
        self.trash = QCheckBox(self.tr("Corbeille"))
        self.count_label = QLabel()
        self.count_label.setObjectName("resultCount")
        self.reset_button = QPushButton(self.tr("Réinitialiser les filtres"))
        self.reset_button.setObjectName("resetFilters")
        self.reset_button.setToolTip(self.tr("Vider la recherche et remettre tous les filtres à « Tous »"))
        self.reset_button.clicked.connect(self.reset)
        self.set_places([], [])
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit, 0, 0, 1, 2)
        widgets = [self.theme, self.stage, self.structure_type, self.scaling_model, self.departement, self.region,
                   self.status, self.sort]
        for n, widget in enumerate(widgets):
            widget.setMinimumContentsLength(12)
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            layout.addWidget(widget, 1 + n // 2, n % 2)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        last_row = QHBoxLayout()
        last_row.addWidget(self.count_label)
        last_row.addStretch(1)
        last_row.addWidget(self.trash)
        last_row.addWidget(self.reset_button)
        layout.addLayout(last_row, 5, 0, 1, 2)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.emit_query)
        self.search_edit.textChanged.connect(lambda _t: self._debounce.start())
        self.search_edit.textChanged.connect(lambda _t: self.show_reset_state())
        for combo in (*widgets,):
            combo.currentIndexChanged.connect(lambda _i: self.emit_query())
        self.trash.toggled.connect(lambda _on: self.emit_query())

    def _combo(self, everything: str, vocabulary: type[Coded]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, "")
        for code, label in vocabulary.choices():
            combo.addItem(translate_label(label), code)
        return combo

    def set_places(self, departements: list[str], regions: list[str]) -> None:
        for combo, everything, values in ((self.departement, self.tr("Tous les départements"), departements),
                                          (self.region, self.tr("Toutes les régions"), regions)):
            current = combo.currentData() or ""
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for value in values:
                combo.addItem(value, value)
            same = [n for n in range(1, combo.count()) if place_key(combo.itemData(n)) == place_key(current)]
            combo.setCurrentIndex(same[0] if same and current else 0)
            combo.blockSignals(False)
        self.show_reset_state()

    def reset(self) -> None:
        """No search, no filter, not the trash; emits the new query once."""
        widgets = [self.search_edit, self.theme, self.stage, self.structure_type, self.scaling_model, self.status,
                   self.departement, self.region, self.trash]
        for widget in widgets:
            widget.blockSignals(True)
        self.search_edit.clear()
        for combo in (self.theme, self.stage, self.structure_type, self.scaling_model, self.status,
                      self.departement, self.region):
            combo.setCurrentIndex(0)
        self.trash.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.emit_query()

    def query(self) -> FicheQuery:
        def chosen(combo: QComboBox) -> set[str]:
            return {combo.currentData()} if combo.currentData() else set()

        return FicheQuery(
            text=self.search_edit.text(), themes=chosen(self.theme), stages=chosen(self.stage),
            structure_types=chosen(self.structure_type), scaling_models=chosen(self.scaling_model),
            statuses=chosen(self.status), departement=self.departement.currentData() or "",
            region=self.region.currentData() or "", in_trash=self.trash.isChecked(),
            sort_key=self.sort.currentData(), descending=self.sort.currentData() == "updated_at",
        )

    def emit_query(self) -> None:
        self._debounce.stop()
        self.show_reset_state()
        self.query_changed.emit(self.query())

    def show_reset_state(self) -> None:
        """« Réinitialiser les filtres » is enabled while a filter or the search is active."""
        self.reset_button.setEnabled(self.filters_active(self.query()))

    @staticmethod
    def filters_active(query: FicheQuery) -> bool:
        """Whether the query searches, filters or shows the trash: what « Réinitialiser les filtres » undoes."""
        return bool(query.text.strip() or query.themes or query.stages or query.structure_types or query.scaling_models
                    or query.statuses or query.departement or query.region or query.in_trash)

    def show_count(self, count: int, in_trash: bool) -> None:
        if in_trash:
            self.count_label.setText(self.tr("{0} dans la corbeille").format(
                format_count(count, self.tr("fiche"), self.tr("fiches"))))
        else:
            self.count_label.setText(format_count(count, self.tr("fiche"), self.tr("fiches")))
