"""The Financements workspace as a user drives it: the catalogue loaded when first shown, search, filters with
their counts, the detail of a scheme."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QTableWidget,
    QTabWidget,
    QTextBrowser,
)

from app.domain.fiche import FicheData
from app.gui.funding.workspace import FundingWorkspace
from app.gui.main_window import MainWindow
from app.services import fiches, funding_catalogue, shortlist
from app.services.attachments import blob_path
from tests.test_funding_catalogue import catalogue, entry


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    soon = (date.today() + timedelta(days=12)).isoformat()
    path = catalogue(tmp_path / "catalogue.json",
                     entry("energie", name="Fonds « Précarité énergétique »",
                           deadlines=[{"on": soon, "label": "Date limite"}]),
                     entry("mobilite", name="Appel mobilité solidaire", themes=["mobilite"],
                           audiences=["association"], level="national", financers=["Fondation de France"]),
                     entry("prix", name="Prix de l'innovation sociale", status="ferme"))
    monkeypatch.setattr(funding_catalogue, "catalogue_file", lambda: path)
    return path


def open_funding(qtbot, window: MainWindow) -> FundingWorkspace:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "financements"
    page = window.page("financements")
    assert isinstance(page, FundingWorkspace)
    return page


def choose_fiche(page: FundingWorkspace, fiche_id: str) -> None:
    """Choose the fiche in « Pour la fiche » as a user does (the combo's activated signal)."""
    combo = page.findChild(QComboBox, "fundingFiche")
    combo.setCurrentIndex(combo.findData(fiche_id))
    combo.activated.emit(combo.currentIndex())


def energy_on_the_list(qtbot, window: MainWindow) -> tuple[FundingWorkspace, FicheData]:  # type: ignore[no-untyped-def]
    """A CCAS fiche with the energy-poverty fund on its list, chosen in Financements."""
    store = window.context.open_store
    fiche = fiches.save(store, FicheData(title="Visites énergie", structure_name="CCAS de Vif", structure_type="ccas"))
    page = open_funding(qtbot, window)
    energie = next(s for s in page._finder.schemes() if s.name.startswith("Fonds « Précarité"))
    shortlist.add(store, fiche.id, energie.id)
    choose_fiche(page, fiche.id)
    return page, fiche


def test_search_filter_and_read_a_scheme(qtbot, window: MainWindow, shipped: Path) -> None:  # type: ignore[no-untyped-def]
    page = open_funding(qtbot, window)
    table = page.findChild(QTableView, "fundingResults")
    count = page.findChild(QLabel, "fundingCount")
    assert count.text() == "2 dispositifs trouvés", "loaded when first shown; the closed prize is hidden"
    assert page.model.rowCount() == 2
    closed = page.findChild(QCheckBox, "facet_status_ferme")
    assert closed.text() == "Fermé (1)"
    search = page.findChild(QLineEdit, "fundingSearch")
    qtbot.keyClicks(search, "energetique")
    qtbot.waitUntil(lambda: count.text() == "1 dispositif trouvé", timeout=2000)
    assert page.model.scheme_at(0).name == "Fonds « Précarité énergétique »"
    assert page.model.index(0, 3).data().endswith("— proche")
    search.clear()
    qtbot.waitUntil(lambda: count.text() == "2 dispositifs trouvés", timeout=2000)
    association = page.findChild(QCheckBox, "facet_audiences_association")
    assert association.text() == "Association (2)"
    ccas = page.findChild(QCheckBox, "facet_audiences_ccas")
    ccas.click()
    assert count.text() == "1 dispositif trouvé"
    assert association.text() == "Association (2)", "a filter's own counts ignore it"
    assert page.findChild(QCheckBox, "facet_status_ouvert").isChecked(), "open schemes only, and it shows"
    closed.click()
    assert count.text() == "2 dispositifs trouvés", "ticking « Fermé » adds closed ones: the prize is for CCAS too"
    assert [page.model.scheme_at(row).name for row in range(2)] == [
        "Fonds « Précarité énergétique »", "Prix de l'innovation sociale"], "the closed one comes last"
    table.selectRow(0)
    detail = page.findChild(QTextBrowser, "fundingDetail")
    assert "Fonds « Précarité énergétique »" in detail.toPlainText()
    assert "Bénéficiaires" in detail.toPlainText() and "CCAS" in detail.toPlainText()
    page.filters.reset_button.click()
    assert count.text() == "2 dispositifs trouvés"


def test_a_territory_chosen_by_its_name_filters_the_schemes(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = catalogue(tmp_path / "catalogue.json", entry("isere", name="Fonds Isère", territories=["D38"]),
                     entry("rhone", name="Fonds Rhône", territories=["D69"]),
                     entry("national", name="Fonds national", territories=["FR"]))
    monkeypatch.setattr(funding_catalogue, "catalogue_file", lambda: path)
    page = open_funding(qtbot, window)
    territory = page.findChild(QLineEdit, "filterTerritory")
    territory.setFocus()
    qtbot.keyClicks(territory, "grenoble")
    completer = page.filters.territory_completer
    assert completer is not None
    qtbot.waitUntil(lambda: completer.popup().isVisible(), timeout=3000)
    offered = completer.model().stringList()
    assert "Grenoble (INSEE 38185)" in offered
    completer.popup().setCurrentIndex(completer.completionModel().index(offered.index("Grenoble (INSEE 38185)"), 0))
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert territory.text() == "Grenoble (INSEE 38185)"
    names = {page.model.scheme_at(row).name for row in range(page.model.rowCount())}
    assert names == {"Fonds Isère", "Fonds national"}
    territory.clear()
    qtbot.keyClicks(territory, "isere")
    qtbot.waitUntil(lambda: completer.popup().isVisible(), timeout=3000)
    assert any(line.startswith("Isère") for line in completer.model().stringList()), "accents aside"
    popup = completer.popup()
    assert popup.width() >= popup.sizeHintForColumn(0), "the places are read whole, not cut at the field's width"
    completer.popup().hide()
    territory.setText("rhone")
    territory.editingFinished.emit()
    names = {page.model.scheme_at(row).name for row in range(page.model.rowCount())}
    assert names == {"Fonds Rhône", "Fonds national"}, "a name only one territory has is enough"
    territory.setText("Grenoble centre")
    territory.editingFinished.emit()
    count = page.findChild(QLabel, "fundingCount")
    assert "n'est pas un code de territoire" in count.text()


def test_the_fiche_open_elsewhere_is_proposed_and_the_match_says_why(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                     shipped: Path) -> None:
    fiche = fiches.save(window.context.open_store, FicheData(
        title="Visites énergie", structure_name="CCAS de Vif", structure_type="ccas",
        themes=["precarite_energetique"], stage="experimentation"))
    window.events.fiche_selected.emit(fiche.id)
    page = open_funding(qtbot, window)
    combo = page.findChild(QComboBox, "fundingFiche")
    assert combo.currentData() == fiche.id, "the fiche open elsewhere is proposed"
    assert page.model.columnCount() == 6
    names = [page.model.scheme_at(row).name for row in range(page.model.rowCount())]
    assert names[-1] == "Appel mobilité solidaire", "open to associations only: it does not fit a CCAS"
    last = page.model.index(len(names) - 1, 5)
    assert last.data() == "1 ✓  2 ✗  1 ?"
    assert "✗ Réservé à d'autres structures que « CCAS »" in last.data(Qt.ItemDataRole.ToolTipRole)
    page.table.selectRow(0)
    detail = page.findChild(QTextBrowser, "fundingDetail").toPlainText()
    assert "Pourquoi il convient" in detail and "Ouvert aux structures comme la vôtre (CCAS)." in detail
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert page.model.columnCount() == 5, "back to the free search"


def test_add_a_scheme_to_the_fiches_list_and_follow_it(qtbot, window: MainWindow, shipped: Path,  # type: ignore[no-untyped-def]
                                                        message_boxes) -> None:
    store = window.context.open_store
    fiche = fiches.save(store, FicheData(title="Visites énergie", structure_name="CCAS de Vif", structure_type="ccas"))
    page = open_funding(qtbot, window)
    add = page.findChild(QPushButton, "fundingAdd")
    assert not add.isEnabled(), "no fiche chosen: nothing to add to"
    choose_fiche(page, fiche.id)
    page.table.selectRow(0)
    chosen = page.model.scheme_at(0)
    assert add.isEnabled()
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    (entry,) = shortlist.entries(store, fiche.id)
    assert entry.scheme_id == chosen.id and entry.status == "repere"
    panel = page.shortlist_panel
    assert page.findChild(QTabWidget, "fundingSide").currentWidget() is panel
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == chosen.name
    status = panel.findChild(QComboBox, "shortlistStatus")
    status.setCurrentIndex(status.findData("obtenu"))
    obtained = panel.findChild(QLineEdit, "shortlistObtained")
    obtained.setText("12 500")
    qtbot.mouseClick(panel.findChild(QPushButton, "shortlistSave"), Qt.MouseButton.LeftButton)
    (saved,) = shortlist.entries(store, fiche.id)
    assert (saved.status, saved.amount_obtained) == ("obtenu", Decimal(12500))
    assert panel.table.item(0, 1).text() == "Obtenu"
    paid = panel.findChild(QLineEdit, "shortlistPaid")
    paid.setText("beaucoup")
    qtbot.mouseClick(panel.findChild(QPushButton, "shortlistSave"), Qt.MouseButton.LeftButton)
    assert "n'est pas un nombre" in panel.error.text()
    assert shortlist.entries(store, fiche.id)[0].amount_paid is None, "nothing saved"
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert message_boxes.kinds() == ["warning"] and "déjà dans la liste" in message_boxes.calls[0][2]
    assert len(shortlist.entries(store, fiche.id)) == 1


def test_deadlines_of_the_next_days_and_their_calendar(qtbot, window: MainWindow, shipped: Path,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    page, _fiche = energy_on_the_list(qtbot, window)
    dialog = page.show_deadlines()
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget, "deadlineTable")
    rows = {table.item(row, 2).text(): table.item(row, 1).text() for row in range(table.rowCount())}
    assert rows["Fonds « Précarité énergétique » ★"] == "dans 12 jours", "the one on the fiche's list is starred"
    assert [name for name in rows if name.endswith("★")] == ["Fonds « Précarité énergétique » ★"]
    dialog.only_listed.setChecked(True)
    assert table.rowCount() == 1
    dialog.export_to(tmp_path / "dates")
    events = list(Calendar.from_ical((tmp_path / "dates.ics").read_bytes()).walk("VEVENT"))
    assert [event.decoded("dtstart") for event in events] == [date.today() + timedelta(days=12)]


def test_the_workspace_walked_with_the_keyboard_alone(qtbot, window: MainWindow, shipped: Path) -> None:  # type: ignore[no-untyped-def]
    store = window.context.open_store
    fiche = fiches.save(store, FicheData(title="Visites énergie", structure_name="CCAS de Vif", structure_type="ccas"))
    page = open_funding(qtbot, window)
    search = page.findChild(QLineEdit, "fundingSearch")
    assert QApplication.focusWidget() is search, "Ctrl+3 puts the cursor in the search field"
    qtbot.keyClicks(search, "mobilite")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert page.model.rowCount() == 1
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == "" and page.model.rowCount() == 2, "Échap empties the search"
    kept = page.table.selectionModel().selectedRows()[0].row()
    assert page.model.scheme_at(kept).name == "Appel mobilité solidaire", "the scheme read stays chosen"
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.table and page.table.currentIndex().row() == kept, \
        "↓ goes to the results, on the scheme chosen"
    qtbot.keyClick(page.table, Qt.Key.Key_Up if kept else Qt.Key.Key_Down)
    other = page.table.selectionModel().selectedRows()[0].row()
    assert other != kept
    assert page.model.scheme_at(other).name in page.findChild(QTextBrowser, "fundingDetail").toPlainText()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "financements" and QApplication.focusWidget() is search, \
        "Ctrl+F searches the schemes here, not the fiches"
    walked = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        walked.append(QApplication.focusWidget().objectName())
    assert walked == ["fundingFiche", "fundingSort", "fundingDeadlines", "fundingCatalogue", "filterTerritory"], walked
    while QApplication.focusWidget() is not page.table:
        assert page.filters.isAncestorOf(QApplication.focusWidget()), "every filter, then the results"
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(page.findChild(QComboBox, "fundingFiche"), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    combo = page.findChild(QComboBox, "fundingFiche")
    assert QApplication.focusWidget() is combo, "Alt+H: « Pour la fic&he »"
    choose_fiche(page, fiche.id)
    page.table.setFocus()
    page.table.selectRow(0)
    chosen = page.model.scheme_at(0)
    assert page.add_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(shortlist.entries(store, fiche.id)), timeout=2000)  # a button's key clicks it soon
    assert [entry.scheme_id for entry in shortlist.entries(store, fiche.id)] == [chosen.id], \
        "Alt+L: « Ajouter à la &liste de la fiche »"


def test_attach_a_file_to_an_application_open_it_and_remove_it(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, shipped: Path, tmp_path: Path, opened_urls: list,
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = window.context.open_store
    page, fiche = energy_on_the_list(qtbot, window)
    panel = page.shortlist_panel
    page.side.setCurrentWidget(panel)
    panel.notes.setPlainText("Relancer la Région")  # typed, not yet saved
    letter = tmp_path / "lettre de demande.pdf"
    letter.write_bytes(b"%PDF-1.4 lettre de demande")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *_args: ([str(letter)], "")))
    qtbot.mouseClick(panel.findChild(QPushButton, "attachmentsAdd"), Qt.MouseButton.LeftButton)
    (stored,) = shortlist.entries(store, fiche.id)
    (attachment,) = stored.attachments
    assert (attachment.file_name, attachment.size) == ("lettre de demande.pdf", 26)
    assert blob_path(window.context.data_dir, attachment.sha256).read_bytes() == letter.read_bytes()
    listing = panel.findChild(QListWidget, "attachments")
    assert [listing.item(n).text() for n in range(listing.count())] == ["lettre de demande.pdf (26 octets)"]
    assert panel.notes.value() == "Relancer la Région" and stored.notes == "", "the form keeps what is not saved"
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    listing.setCurrentRow(0)
    panel.attachments.open_selected()
    (opened,) = [Path(url.toLocalFile()) for url in opened_urls]
    assert opened.name == "lettre de demande.pdf" and opened.read_bytes() == letter.read_bytes(), "a copy, named"
    listing.setCurrentRow(0)
    qtbot.mouseClick(panel.findChild(QPushButton, "attachmentsRemove"), Qt.MouseButton.LeftButton)
    assert shortlist.entries(store, fiche.id)[0].attachments == [] and listing.count() == 0
    qtbot.mouseClick(panel.findChild(QPushButton, "shortlistSave"), Qt.MouseButton.LeftButton)
    assert shortlist.entries(store, fiche.id)[0].notes == "Relancer la Région"


def test_update_the_catalogue_from_a_file_and_see_what_is_new(qtbot, window: MainWindow, shipped: Path,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.imports.incoming import incoming_id
    from app.services import catalogue_update
    from app.services.funding import load_scheme
    from app.storage import scheme_repository
    from tests.test_catalogue_update import AT, ENERGY, SENIORS, aid, at_file

    given = [at_file(ENERGY, SENIORS)]
    monkeypatch.setattr(catalogue_update, "read_catalogue_file", lambda _path, _progress=None: given[0])
    page = open_funding(qtbot, window)
    dialog = page.update_from(tmp_path / "aides.json")
    assert dialog is not None
    assert "1 nouveau, 0 modifié, 0 inchangé, 1 déjà au catalogue sous une autre origine." in \
        dialog.findChild(QLabel, "updateSummary").text()
    (same,) = dialog.same.values()
    assert same.text(0) == "Même dispositif que « Fonds « Précarité énergétique » »", "the shipped one"
    assert same.checkState(0) == Qt.CheckState.Checked
    qtbot.mouseClick(dialog.findChild(QPushButton, "updateApply"), Qt.MouseButton.LeftButton)
    count = page.findChild(QLabel, "fundingCount")
    assert count.text() == "3 dispositifs trouvés", "one added, one linked to the shipped one rather than doubled"
    page.findChild(QCheckBox, "filterNews").click()
    assert count.text() == "1 dispositif trouvé", "the news of the update, alone"
    assert page.model.index(0, 0).data() == "● Bien vieillir chez soi", "shown first, still to be seen"
    page.table.clearSelection()
    page.table.selectRow(0)
    assert "Nouveau depuis la dernière mise à jour" in page.findChild(QTextBrowser, "fundingDetail").toPlainText()
    assert page.model.index(0, 0).data() == "Bien vieillir chez soi", "seen: no longer marked"
    store = window.context.open_store
    seniors = load_scheme(store, incoming_id(AT, "102"))
    with store.transaction() as session:
        seniors.description = "Notre description."
        scheme_repository.save(session, seniors)
    given[0] = at_file(aid("102", "Bien vieillir chez soi", SENIORS.updated, deadlines=seniors.deadlines,
                           description="Description d'Aides-territoires, 2027."))
    dialog = page.update_from(tmp_path / "aides.json")
    assert dialog is not None
    (conflict,) = dialog.theirs.values()
    assert (conflict.text(1), conflict.text(2)) == ("Notre description.", "Description d'Aides-territoires, 2027."), \
        "the two versions side by side"
    conflict.setCheckState(0, Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.findChild(QPushButton, "updateApply"), Qt.MouseButton.LeftButton)
    assert load_scheme(store, seniors.id).description == "Description d'Aides-territoires, 2027."


def test_export_what_the_search_shows_as_a_spreadsheet(qtbot, window: MainWindow, shipped: Path,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    from app.imports.catalogue_sheet import read_catalogue_xlsx

    page = open_funding(qtbot, window)
    qtbot.keyClicks(page.findChild(QLineEdit, "fundingSearch"), "mobilite")
    qtbot.keyClick(page.findChild(QLineEdit, "fundingSearch"), Qt.Key.Key_Return)
    page.export_to("xlsx", tmp_path / "catalogue.xlsx")
    read = read_catalogue_xlsx(tmp_path / "catalogue.xlsx")
    assert [incoming.scheme.name for incoming in read.schemes] == ["Appel mobilité solidaire"] and not read.problems
    page.export_to("paquet", tmp_path / "catalogue")
    assert (tmp_path / "catalogue.essaim").is_file(), "the package's suffix added"
