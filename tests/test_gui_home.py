"""The first screen and the help a newcomer looks for (issue 21): the home page's ways to begin, the workspaces
announced with their shortcuts, Ctrl+number with nothing behind it, and Aide › Guide d'utilisation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.fiche_search import FicheQuery
from app.gui import guide_viewer
from app.gui.fiches.workspace import FichesWorkspace
from app.gui.guide_viewer import GuideViewer
from app.gui.home_page import START_EXAMPLES, START_IMPORT, START_NEW_FICHE
from app.gui.main_window import HOME_KEY, MainWindow
from app.locations import guide_dir
from app.services import fiches
from tests.conftest import show_active
from tests.test_gui_main_window import TEST_WORKSPACES


def test_an_empty_store_offers_three_ways_to_begin(window: MainWindow) -> None:
    home = window.home
    assert home.start_box.isVisible()
    assert [button.text() for button in home.start_buttons.values()] == [
        "Charger les exemples", "Nouvelle fiche", "Importer un paquet"]


def test_loading_the_examples_from_the_home_page_fills_the_list_and_hides_the_offer(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, message_boxes) -> None:
    qtbot.mouseClick(window.home.start_buttons[START_EXAMPLES], Qt.MouseButton.LeftButton)
    assert window.current_workspace() == "fiches"
    page = window.page("fiches")
    assert isinstance(page, FichesWorkspace)
    assert page.model.rowCount() > 5
    assert message_boxes.kinds() == ["information"]
    window.show_workspace(HOME_KEY)
    assert not window.home.start_box.isVisible(), "once the store holds fiches, the offer to begin is gone"
    assert f"Fiches enregistrées : {page.model.rowCount()}" in window.home.facts.text()


def test_new_fiche_from_the_home_page_opens_an_empty_fiche_with_the_cursor_in_its_title(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.home.start_buttons[START_NEW_FICHE], Qt.MouseButton.LeftButton)
    page = window.page("fiches")
    assert isinstance(page, FichesWorkspace)
    assert window.current_workspace() == "fiches"
    qtbot.waitUntil(lambda: page.editor.title_edit.hasFocus(), timeout=3000)
    assert page.editor.title_edit.selectedText() == "Nouvelle fiche", "typing replaces the proposed title"
    qtbot.keyClicks(page.editor.title_edit, "Épicerie solidaire mobile")
    qtbot.keyClicks(page.editor.structure_edit, "CCAS de Grenoble")
    page.save_current()
    qtbot.waitUntil(lambda: not page.editor.is_dirty(), timeout=5000)
    titles = [summary.title for summary in fiches.search(window.context.open_store, FicheQuery())]
    assert titles == ["Épicerie solidaire mobile"]


def test_import_from_the_home_page_asks_for_the_package_in_the_exchanges(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda _parent, title, _folder, kinds: asked.append(f"{title} | {kinds}")
                                     or ("", "")))
    qtbot.mouseClick(window.home.start_buttons[START_IMPORT], Qt.MouseButton.LeftButton)
    assert window.current_workspace() == "echanges"
    assert asked == ["Importer un paquet | Paquet Essaim (*.essaim)"], "cancelled: nothing imported"


def test_the_home_page_lists_every_workspace_with_its_shortcut_and_opens_it(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    links = window.home.workspace_links
    assert list(links) == ["fiches", "modele", "financements", "labo", "echanges"]
    texts = [label.text() for label in window.home.findChildren(QLabel)]
    for number in range(1, 6):
        assert f"Ctrl+{number}" in texts
    links["labo"].linkActivated.emit("labo")
    assert window.current_workspace() == "labo"
    tips = [window.sidebar.item(row).toolTip() for row in range(window.sidebar.count())]
    assert tips[3].startswith("Financements (Ctrl+3)\nTrouver les appels à projets")
    assert tips[4].startswith("Labo (Ctrl+4)\nMonter un laboratoire")


def test_ctrl_3_and_ctrl_4_reach_financements_and_labo_from_the_home_page(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "financements"
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "labo"
    assert [action.text() for action in window.view_menu.actions()][:6] == [
        "Accueil", "Fiches", "Modèle économique", "Financements", "Labo", "Échanges"]


def test_a_shortcut_with_nothing_behind_it_says_so(qtbot, app_context) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(app_context, TEST_WORKSPACES)
    show_active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == HOME_KEY
    assert window.statusBar().currentMessage() == (
        "Aucun espace de travail n'a le raccourci Ctrl+2 : les espaces de travail vont de Ctrl+1 à Ctrl+3.")
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert "Ctrl+7" in window.statusBar().currentMessage()


def test_without_a_fiches_workspace_the_home_page_promises_no_fiche(qtbot, app_context) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(app_context, TEST_WORKSPACES[1:])
    qtbot.addWidget(window)
    assert window.home.start_buttons == {}
    assert not window.home.start_box.isVisibleTo(window)


@pytest.fixture
def small_guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "guide"
    (folder / "images").mkdir(parents=True)
    (folder / "index.md").write_text(
        "# Guide d'utilisation\n\n- [Premiers pas](premiers-pas.md)\n- [Site de l'UNCCAS](https://www.unccas.org)\n",
        encoding="utf-8")
    (folder / "premiers-pas.md").write_text("# Premiers pas\n\nChargez les exemples.\n", encoding="utf-8")
    monkeypatch.setattr(guide_viewer, "guide_dir", lambda: folder)
    return folder


def link_position(viewer: GuideViewer, text: str) -> QPoint:
    """Where the link whose text is `text` is drawn in the guide's page."""
    document = viewer.browser.document()
    found = document.find(text)
    assert not found.isNull(), text
    rect = viewer.browser.cursorRect(found)
    return rect.center() - QPoint(4, 0)


def test_the_guide_opens_from_the_help_menu_and_follows_its_links(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, small_guide: Path, opened_urls: list) -> None:
    window.guide_action.trigger()
    viewer = window.findChild(GuideViewer)
    assert viewer is not None and viewer.isVisible()
    assert viewer.page_title() == "Guide d'utilisation"
    qtbot.mouseClick(viewer.browser.viewport(), Qt.MouseButton.LeftButton, pos=link_position(viewer, "Premiers pas"))
    assert viewer.page_title() == "Premiers pas"
    assert viewer.back_button.isEnabled()
    qtbot.mouseClick(viewer.back_button, Qt.MouseButton.LeftButton)
    assert viewer.page_title() == "Guide d'utilisation"
    qtbot.mouseClick(viewer.browser.viewport(), Qt.MouseButton.LeftButton, pos=link_position(viewer, "Site de"))
    assert [url.toString() for url in opened_urls] == ["https://www.unccas.org"], "the web opens in the browser"
    assert viewer.page_title() == "Guide d'utilisation"
    window.guide_action.trigger()
    assert window.findChildren(GuideViewer) == [viewer], "asked again, the same guide comes forward"
    viewer.close()
    window.home.guide_link.linkActivated.emit("guide")
    assert viewer.isVisible(), "the home page's link opens it too"


def test_a_missing_guide_is_said_in_french(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guide_viewer, "guide_dir", lambda: tmp_path / "nulle-part")
    viewer = GuideViewer.show_for(window)
    assert viewer.missing.isVisible()
    assert "Le guide d'utilisation est introuvable" in viewer.missing.text()


def test_the_shipped_guide_opens_on_its_contents(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert (guide_dir() / "index.md").is_file()
    viewer = GuideViewer.show_for(window)
    assert not viewer.missing.isVisible()
    assert "Guide" in viewer.page_title()
    QApplication.processEvents()
