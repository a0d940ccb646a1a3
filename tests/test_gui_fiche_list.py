"""The fiche list as a user meets it: place filters that ignore accents, « Réinitialiser les filtres », and long
texts that stay readable at 1366 × 768."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from app.domain.fiche import Contact, FactorRating, FicheData
from app.gui.fiches.row_table import RowTable
from app.gui.fiches.workspace import FichesWorkspace
from app.gui.main_window import MainWindow
from app.services import fiches
from app.storage.changes import Change


def workspace_with(window: MainWindow, places: list[tuple[str, str, str]]) -> FichesWorkspace:
    """The Fiches workspace showing one fiche per (title, département, région)."""
    for title, departement, region in places:
        fiches.save(window.context.open_store, FicheData(id="", title=title, structure_name="CCAS",
                                                         departement=departement, region=region))
    page = window.page("fiches")
    assert isinstance(page, FichesWorkspace)
    page.store_changed(frozenset({Change.FICHE}))
    window.show_workspace("fiches")
    return page


def shown_titles(page: FichesWorkspace) -> list[str]:
    return [page.model.summary(row).title for row in range(page.model.rowCount())]


def choices(combo) -> list[str]:  # type: ignore[no-untyped-def]
    return [combo.itemText(n) for n in range(combo.count())]


def test_isere_and_isere_accented_are_one_choice_finding_both(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = workspace_with(window, [("Jardin", "Isere", "Auvergne-Rhone-Alpes"), ("Atelier", "Isère", ""),
                                   ("Bus", "isère ", "auvergne-rhône-alpes"), ("Halle", "Nord", "Hauts-de-France")])
    departement = page.filters.departement
    assert choices(departement) == ["Tous les départements", "Isère", "Nord"]
    assert choices(page.filters.region) == ["Toutes les régions", "Auvergne-Rhône-Alpes", "Hauts-de-France"]
    departement.setCurrentIndex(departement.findText("Isère"))
    assert shown_titles(page) == ["Atelier", "Bus", "Jardin"]
    assert page.filters.count_label.text() == "3 fiches"
    fiches.save(window.context.open_store, FicheData(id="", title="Cantine", structure_name="CCAS",
                                                     departement="ISERE"))
    page.store_changed(frozenset({Change.FICHE}))
    assert departement.currentText() == "Isère", "the choice stays when the list of places is rebuilt"
    assert shown_titles(page) == ["Atelier", "Bus", "Cantine", "Jardin"]


def test_reset_filters_puts_the_search_and_every_filter_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = workspace_with(window, [("Jardin", "Isère", "Auvergne-Rhône-Alpes"), ("Halle", "Nord", "Hauts-de-France")])
    filters = page.filters
    reset = filters.reset_button
    assert reset.text() == "Réinitialiser les filtres"
    assert not reset.isEnabled(), "nothing to reset while no filter is active"
    filters.region.setCurrentIndex(filters.region.findText("Hauts-de-France"))
    assert reset.isEnabled()
    qtbot.keyClicks(filters.search_edit, "halle")
    qtbot.waitUntil(lambda: filters.count_label.text() == "1 fiche", timeout=2000)
    filters.stage.setCurrentIndex(2)
    assert page.model.rowCount() == 0
    qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)
    assert filters.search_edit.text() == ""
    assert [combo.currentIndex() for combo in (filters.theme, filters.stage, filters.structure_type,
                                                filters.scaling_model, filters.status, filters.departement,
                                                filters.region)] == [0] * 7
    assert shown_titles(page) == ["Halle", "Jardin"]
    assert not reset.isEnabled()
    qtbot.keyClicks(filters.search_edit, "x")
    assert reset.isEnabled(), "typing a search enables it at once"
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=2000)


def test_long_texts_in_the_fiche_tables_wrap_and_show_whole_in_tooltips(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    name, role = "Marie-Christine de La Tour-d'Auvergne", "Directrice générale adjointe des solidarités du CIAS"
    comment = ("Les élus ont porté le projet dès le début, ont mobilisé les agents de l'accueil et ont accepté de "
               "revoir les horaires d'ouverture du service pour que les familles puissent venir après le travail.")
    fiche = FicheData(id="", title="Une initiative au titre assez long pour ne pas tenir sur une ligne de la liste",
                      structure_name="Centre intercommunal d'action sociale du Pays de Bray",
                      contacts=[Contact(name, role)], factors=[FactorRating("connaitre", 2, comment)])
    saved = fiches.save(window.context.open_store, fiche)
    page = workspace_with(window, [])
    page.select_fiche(saved.id)
    page.editor.show_section("porteur")
    contacts = page.editor.findChild(RowTable, "field_contacts")
    table = contacts.table
    qtbot.waitUntil(table.isVisible)
    assert table.item(0, 0).data(Qt.ItemDataRole.ToolTipRole) == name
    assert table.item(0, 1).data(Qt.ItemDataRole.ToolTipRole) == role
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=2000)  # the four columns fit
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance("Marie-Christine"), "a name is readable"
    assert table.rowHeight(0) >= 2 * table.fontMetrics().lineSpacing(), "a long role wraps on several lines"
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: table.viewport().width() > 600, timeout=2000)
    qtbot.wait(50)
    assert table.horizontalScrollBar().maximum() == 0, "a wider window: still no sideways scrolling"
    assert table.columnWidth(0) > table.columnWidth(2), "the room left goes to the names"
    window.resize(1366, 768)
    page.editor.show_section("facteurs")
    factor = page.editor.findChild(QPlainTextEdit, "factorComment_connaitre")
    assert factor.toPlainText() == comment
    qtbot.waitUntil(lambda: factor.height() > 2 * factor.fontMetrics().lineSpacing(), timeout=2000)
    assert factor.verticalScrollBar().maximum() == 0, "the comment wraps and shows whole"
    model = page.model
    row = model.row_of(saved.id)
    assert model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole).startswith(
        "Centre intercommunal d'action sociale du Pays de Bray")
    assert page.view.rowHeight(row) >= 2 * page.view.fontMetrics().lineSpacing(), "titles get two lines in the list"
