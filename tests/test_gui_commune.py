"""The commune field knows France: typing a name or an INSEE code fills the commune, its code, département and région
(from the shipped territories, read in the background), as one undo step; any other text is kept as typed."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.gui import territory_completer
from app.gui.fiches.workspace import FichesWorkspace
from app.gui.main_window import MainWindow
from app.gui.territory_completer import territory_loader
from app.services import fiches


@pytest.fixture
def counted_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A loader not yet started, whose readings of the territories are counted (ask for it before `window`)."""
    territory_loader.cache_clear()
    loads: list[int] = []
    real = territory_completer.load_territories

    def counting():  # type: ignore[no-untyped-def]
        loads.append(1)
        return real()

    monkeypatch.setattr(territory_completer, "load_territories", counting)
    yield loads
    territory_loader.cache_clear()


def test_territories_are_read_when_a_place_field_first_gets_the_focus(qtbot, counted_loads: list[int],  # type: ignore[no-untyped-def]
                                                                      window: MainWindow) -> None:
    page = new_fiche(qtbot, window)
    field(page, "title").setFocus()
    qtbot.wait(50)
    assert counted_loads == [], "not at start-up nor when a fiche opens"
    focus_ready(qtbot, page, "insee_code")
    field(page, "commune").setFocus()
    assert counted_loads == [1]


def new_fiche(qtbot, window: MainWindow) -> FichesWorkspace:  # type: ignore[no-untyped-def]
    page = window.page("fiches")
    assert isinstance(page, FichesWorkspace)
    page.new_action.trigger()
    page.editor.show_section("porteur")
    return page


def field(page: FichesWorkspace, key: str) -> QLineEdit:
    found = page.editor.findChild(QLineEdit, f"field_{key}")
    assert found is not None
    return found


def focus_ready(qtbot, page: FichesWorkspace, key: str) -> QLineEdit:  # type: ignore[no-untyped-def]
    """Put the cursor in the place field `key` and wait until the territories it asked for are read."""
    widget = field(page, key)
    widget.setFocus()
    qtbot.waitUntil(lambda: territory_loader().index is not None, timeout=10_000)
    return widget


def place(page: FichesWorkspace) -> tuple[str, str, str, str]:
    return tuple(field(page, key).text() for key in ("commune", "insee_code", "departement", "region"))  # type: ignore[return-value]


def offered(qtbot, page: FichesWorkspace, typed: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type `typed` in the commune field and return the lines of the list it opens."""
    commune = focus_ready(qtbot, page, "commune")
    qtbot.keyClicks(commune, typed)
    popup = page.editor.places.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    model = popup.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_typing_a_commune_without_accents_offers_it_and_choosing_fills_the_place(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window)
    lines = offered(qtbot, page, "saint etienne")
    assert lines[0] == "Saint-Étienne (Loire) — INSEE 42218"
    assert "Saint-Étienne-du-Bois (Ain) — INSEE 01350" in lines
    assert "Saint-Étienne-du-Bois (Vendée) — INSEE 85210" in lines, "homonyms are told apart by their département"
    popup = page.editor.places.completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert place(page) == ("Saint-Étienne", "42218", "Loire", "Auvergne-Rhône-Alpes")
    assert page.editor.state.departement == "Loire"
    page.editor.undo_stack.undo()
    assert place(page) == ("saint etienne", "", "", ""), "choosing a commune is one undo step"
    page.editor.undo_stack.redo()
    assert place(page) == ("Saint-Étienne", "42218", "Loire", "Auvergne-Rhône-Alpes")


def test_typing_an_insee_code_fills_the_commune_departement_and_region(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window)
    insee = focus_ready(qtbot, page, "insee_code")
    qtbot.keyClicks(insee, "2A00")
    qtbot.wait(20)
    assert place(page) == ("", "2A00", "", ""), "an incomplete code fills nothing"
    qtbot.keyClicks(insee, "4")
    qtbot.waitUntil(lambda: place(page) == ("Ajaccio", "2A004", "Corse-du-Sud", "Corse"), timeout=1000)
    page.editor.undo_stack.undo()
    assert place(page) == ("", "2A004", "", "")


def test_a_place_the_data_does_not_know_is_kept_as_typed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window)
    commune = focus_ready(qtbot, page, "commune")
    qtbot.keyClicks(commune, "Bruxelles")
    qtbot.keyClick(commune, Qt.Key.Key_Return)
    qtbot.keyClicks(field(page, "departement"), "Region de Bruxelles-Capitale")
    qtbot.keyClicks(field(page, "insee_code"), "99131")
    qtbot.wait(20)
    assert not page.editor.places.completer.popup().isVisible()
    assert place(page) == ("Bruxelles", "99131", "Region de Bruxelles-Capitale", "")
    assert page.editor.state.commune == "Bruxelles"


def test_a_code_merely_shown_changes_nothing_when_the_territories_arrive(qtbot, counted_loads: list[int],  # type: ignore[no-untyped-def]
                                                                        window: MainWindow) -> None:
    store = window.context.open_store
    typed = dataclasses.replace(fiches.new_fiche(), title="Jardin partagé", structure_name="CCAS de Grenoble",
                                commune="Grenoble - quartier Villeneuve", insee_code="38185", departement="Isere")
    saved = fiches.save(store, typed)
    page = window.page("fiches")
    assert isinstance(page, FichesWorkspace)
    page.open_fiche(saved.id)
    page.editor.show_section("porteur")
    steps = page.editor.undo_stack.count()
    focus_ready(qtbot, page, "insee_code")
    qtbot.wait(50)
    assert place(page) == ("Grenoble - quartier Villeneuve", "38185", "Isere", ""), "what the user wrote stays"
    assert page.editor.undo_stack.count() == steps and not page.editor.is_dirty()
    assert fiches.load(store, saved.id).commune == "Grenoble - quartier Villeneuve"
