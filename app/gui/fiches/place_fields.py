"""Where the fiche is: the commune field offers the shipped communes, the INSEE code field reads a typed code; either
gives the commune, its INSEE code, its département and its région to fill in at once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit

from app.domain.scheme_places import fiche_place_fields
from app.domain.territories import Territory, TerritoryCodeError, TerritoryIndex, parse_territory_code
from app.gui.territory_completer import TerritoryCompleter, territory_loader


class PlaceCompletion(QObject):
    """`chosen` carries the fiche's place fields (`fiche_place_fields`) for a commune picked in the commune field's
    list or whose INSEE code was typed in full; any other text is left as typed."""

    chosen = Signal(object)

    def __init__(self, commune: QLineEdit, insee_code: QLineEdit) -> None:
        super().__init__(commune)
        self.insee_code = insee_code
        self.loader = territory_loader()
        self.completer = TerritoryCompleter(commune, self.describe)
        self.completer.setObjectName("communeCompleter")
        self.completer.chosen.connect(self._commune_chosen)
        insee_code.installEventFilter(self)
        self._typed_code = QTimer(self)
        self._typed_code.setSingleShot(True)
        self._typed_code.setInterval(0)  # once the editor has recorded the keystroke
        self._typed_code.timeout.connect(lambda: self._code_typed(insee_code.text()))
        insee_code.textEdited.connect(lambda _text: self._typed_code.start())
        self._code_waiting = False
        self.loader.ready.connect(self._data_ready)

    def describe(self, commune: Territory, index: TerritoryIndex) -> str:
        """« Saint-Étienne (Loire) — INSEE 42218 »: the département tells homonyms apart."""
        departement = index.get(commune.departement)
        return self.tr("{0} ({1}) — INSEE {2}").format(
            commune.name, departement.name if departement is not None else "", commune.official_code)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.insee_code and event.type() == QEvent.Type.FocusIn:
            self.loader.request()
        elif watched is self.insee_code and event.type() == QEvent.Type.FocusOut:
            self._code_waiting = False  # the user has gone on: what arrives later is no longer an answer
        return super().eventFilter(watched, event)

    def _data_ready(self, _index: TerritoryIndex) -> None:
        """A code typed while the territories were being read is read now; a code merely shown changes nothing."""
        if self._code_waiting and self.insee_code.hasFocus():
            self._code_typed(self.insee_code.text())
        self._code_waiting = False

    def _commune_chosen(self, commune: Territory) -> None:
        if self.loader.index is not None:
            self.chosen.emit(fiche_place_fields(commune, self.loader.index))

    def _code_typed(self, text: str) -> None:
        """A commune's code typed in full (read by the one reader of territory codes) fills the place."""
        try:
            if not parse_territory_code(text).startswith("C"):
                return
        except TerritoryCodeError:
            return
        index = self.loader.index
        if index is None:
            self._code_waiting = True
            return
        try:
            commune = index.resolve(text)
        except TerritoryCodeError:
            return
        self._commune_chosen(commune)
