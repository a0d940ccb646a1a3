"""Workspace 5, Échanges, driven with qtbot: send to a file or by e-mail, receive with a preview, drop a package."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.fiche import FicheData
from app.domain.fiche_search import FicheQuery
from app.gui.exchange.preview_dialog import ImportPreviewDialog
from app.gui.exchange.workspace import ExchangesWorkspace
from app.gui.main_window import MainWindow
from app.gui.operations import StoreEvents
from app.services import exchange, fiches
from app.services.app_context import AppContext
from app.storage.store import Store
from tests.fiche_factory import full_fiche


def page(window: MainWindow) -> ExchangesWorkspace:
    found = window.page("echanges")
    assert isinstance(found, ExchangesWorkspace)
    return found


def package_from_elsewhere(tmp_path: Path, title: str = "Fiche reçue") -> tuple[Path, str]:
    other = Store.open(tmp_path / "autre-poste")
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.title, fiche.attachments = title, []
    fiches.save(other, fiche)
    path = tmp_path / "recu.essaim"
    exchange.export_package(other, tmp_path / "autre-poste", exchange.PackageRequest("all"), path)
    other.close()
    return path, fiche.id


def changed_elsewhere(tmp_path: Path, fiche_id: str, name: str, **changes: object) -> Path:
    """The other station changes the fiche and sends everything it has."""
    other = Store.open(tmp_path / "autre-poste")
    theirs = fiches.load(other, fiche_id)
    for field_name, value in changes.items():
        setattr(theirs, field_name, value)
    fiches.save(other, theirs)
    path = tmp_path / name
    exchange.export_package(other, tmp_path / "autre-poste", exchange.PackageRequest("all"), path)
    other.close()
    return path


def shown_titles(exchanges: ExchangesWorkspace) -> list[str]:
    model = exchanges.send.picker.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_ctrl_5_and_a_checked_fiche_saved_as_a_package(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       opened_urls: list) -> None:
    fiches.save(window.context.store, FicheData(id=str(uuid.uuid4()), title="A envoyer", structure_name="CCAS"))
    window.events.announce()
    exchanges = page(window)
    assert exchanges.send.picker.model.rowCount() == 0, "a hidden page does not read the store"
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "echanges"
    assert shown_titles(exchanges) == ["A envoyer"]
    view = exchanges.send.picker.view
    view.setFocus()
    view.setCurrentIndex(exchanges.send.picker.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert exchanges.send.picker.count_label.text() == "1 fiche cochée · 1 affichée"
    exchanges.send.correspondent.setEditText("UDCCAS 38")
    written = exchanges.send.save_package(tmp_path / "envoi.essaim")
    assert written is not None and written.exists()
    assert exchanges.receive.peers.rowCount() == 1 and exchanges.receive.peers.item(0, 0).text() == "UDCCAS 38"
    sent = exchanges.send.sent_dialog
    assert sent is not None and sent.isVisible()
    assert "1 fiche, 0 scénario, 0 financement sollicité et 0 pièce jointe" in sent.text()
    folder = next(b for b in sent.buttons() if b.text() == "Ouvrir le dossier")
    qtbot.mouseClick(folder, Qt.MouseButton.LeftButton)
    assert opened_urls[-1].toLocalFile() == str(tmp_path)


def test_the_fiches_to_send_are_found_by_a_search_and_checked_together(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    store = window.context.store
    ids = {}
    for title in ("Épicerie solidaire", "Garage solidaire", "Conciergerie de quartier"):
        ids[title] = fiches.save(store, FicheData(id=str(uuid.uuid4()), title=title, structure_name="CCAS")).id
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    exchanges = page(window)
    picker = exchanges.send.picker
    qtbot.keyClicks(picker.search_edit, "solidaire")
    qtbot.waitUntil(lambda: picker.model.rowCount() == 2)
    qtbot.mouseClick(picker.check_all, Qt.MouseButton.LeftButton)
    picker.search_edit.clear()
    qtbot.keyClicks(picker.search_edit, "EPICERIE")
    qtbot.waitUntil(lambda: shown_titles(exchanges) == ["Épicerie solidaire"])
    picker.search_edit.clear()
    qtbot.waitUntil(lambda: picker.model.rowCount() == 3)
    assert sorted(exchanges.send.checked_fiches()) == sorted([ids["Épicerie solidaire"], ids["Garage solidaire"]])
    assert picker.count_label.text() == "2 fiches cochées · 3 affichées"
    fiches.move_to_trash(store, ids["Garage solidaire"])
    window.events.announce()
    assert exchanges.send.checked_fiches() == [ids["Épicerie solidaire"]], "a fiche put in the trash is unchecked"
    qtbot.mouseClick(picker.uncheck_all, Qt.MouseButton.LeftButton)
    assert exchanges.send.checked_fiches() == []
    exchanges.send.scope_group.button(1).setChecked(True)
    assert not picker.isEnabled(), "the list only matters for « les fiches cochées »"


def test_this_station_is_named_and_a_correspondent_renamed(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path, message_boxes) -> None:
    from app.sync.package_reader import read_package

    fiches.save(window.context.store, FicheData(id=str(uuid.uuid4()), title="Nommée", structure_name="CCAS"))
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    exchanges = page(window)
    assert exchanges.send.station.text() == window.context.store.workstation_label
    exchanges.send.station.setFocus()
    exchanges.send.station.setText("CCAS de Grenoble — accueil")  # QTest types ASCII and Latin-1 only
    qtbot.keyClick(exchanges.send.station, Qt.Key.Key_Return)
    assert window.context.store.workstation_label == "CCAS de Grenoble — accueil"
    exchanges.send.scope_group.button(1).setChecked(True)
    exchanges.send.correspondent.setEditText("UDCCAS 38")
    written = exchanges.send.save_package(tmp_path / "nomme.essaim")
    received = read_package(written, tmp_path)
    assert received.manifest["workstation"]["label"] == "CCAS de Grenoble — accueil"
    received.cleanup()
    exchanges.send.station.clear()
    qtbot.keyClick(exchanges.send.station, Qt.Key.Key_Return)
    assert message_boxes.calls[-1][0] == "warning" and "ne peut pas être vide" in message_boxes.calls[-1][2]
    assert exchanges.send.station.text() == "CCAS de Grenoble — accueil" == window.context.store.workstation_label

    exchanges.send.correspondent.setEditText("CIAS du Grésivaudan")
    exchanges.send.save_package(tmp_path / "second.essaim")
    row = next(n for n in range(exchanges.receive.peers.rowCount())
               if exchanges.receive.peers.item(n, 0).text() == "UDCCAS 38")
    exchanges.receive.peers.item(row, 0).setText("UDCCAS de l'Isère")
    assert [c.name for c in exchange.correspondents(window.context.store)] == [
        "CIAS du Grésivaudan", "UDCCAS de l'Isère"]
    row = next(n for n in range(exchanges.receive.peers.rowCount())
               if exchanges.receive.peers.item(n, 0).text() == "UDCCAS de l'Isère")
    exchanges.receive.peers.item(row, 0).setText("CIAS du Grésivaudan")
    assert "s'appelle déjà" in message_boxes.calls[-1][2]
    assert sorted(exchanges.receive.peers.item(n, 0).text() for n in range(2)) == [
        "CIAS du Grésivaudan", "UDCCAS de l'Isère"]
    assert not exchanges.receive.peers.item(0, 1).flags() & Qt.ItemFlag.ItemIsEditable


def test_nothing_checked_asks_for_a_fiche(qtbot, window: MainWindow, tmp_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    assert page(window).send.save_package(tmp_path / "vide.essaim") is None
    assert message_boxes.kinds() == ["information"] and not (tmp_path / "vide.essaim").exists()


def test_send_by_email_writes_to_the_outbox_and_opens_the_mail_client(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, opened_urls: list) -> None:
    fiches.save(window.context.store, FicheData(id=str(uuid.uuid4()), title="Par courriel", structure_name="CCAS"))
    exchanges = page(window)
    exchanges.send.scope_group.button(1).setChecked(True)
    written = exchanges.send.send_by_email()
    assert written is not None and written.parent == exchange.outbox_dir(window.context.data_dir)
    mail, folder = (url.toString() for url in opened_urls)
    assert mail.startswith("mailto:?subject=") and written.name in mail
    assert folder.endswith("envois")


def test_import_shows_a_preview_then_applies(qtbot, window: MainWindow, tmp_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    path, fiche_id = package_from_elsewhere(tmp_path)
    exchanges = page(window)
    exchanges.receive.import_package(path)
    preview = exchanges.receive.preview
    assert isinstance(preview, ImportPreviewDialog) and preview.isVisible()
    assert "1 nouveau" in preview.summary.text()
    assert fiches.search(window.context.store, FicheQuery()) == []
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert fiches.load(window.context.store, fiche_id).title == "Fiche reçue"
    assert message_boxes.kinds()[-1] == "information"
    assert not preview.plan.package.staging.exists()


def test_conflicts_need_a_choice_before_import(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, fiche_id = package_from_elsewhere(tmp_path)
    exchanges = page(window)
    exchanges.receive.import_package(path)
    exchanges.receive.preview.accept()
    fiche = fiches.load(window.context.store, fiche_id)
    fiche.summary = "Modifiée ici"
    fiches.save(window.context.store, fiche)
    again = changed_elsewhere(tmp_path, fiche_id, "encore.essaim", summary="Modifiée là-bas")
    exchanges.receive.import_package(again)
    preview = exchanges.receive.preview
    assert "1 en conflit" in preview.summary.text() and not preview.import_button.isEnabled()
    row = next(n for n in range(preview.table.rowCount()) if preview.table.item(n, 0).text() == "en conflit")
    assert preview.table.item(row, 2).text() == "Résumé", "changed fields are shown by their French names"
    preview.choose_all("theirs")
    assert preview.import_button.isEnabled()
    preview.accept()
    assert fiches.load(window.context.store, fiche_id).summary == "Modifiée là-bas"


def test_a_hostile_file_is_refused_with_a_message(qtbot, window: MainWindow, tmp_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "mauvais.essaim"
    bad.write_bytes(b"pas un paquet")
    page(window).receive.import_package(bad)
    assert message_boxes.calls[-1][0] == "warning" and "pas un paquet Essaim" in message_boxes.calls[-1][2]
    assert page(window).receive.preview is None


def test_a_package_with_refused_records_names_them_and_why_and_shows_no_preview(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path, message_boxes) -> None:
    from tests.hostile_records import Case, Hostile, Local, write_case
    from tests.test_package_format import fiche_record

    bad = [fiche_record(title="Aide au permis", factors=[{"factor": "connaitre", "rating": 7}]),
           fiche_record(title="Épicerie", human_means=[{"role": "Chauffeur", "fte": "NaN"}]), fiche_record()]
    store = window.context.open_store
    local = Local(str(uuid.uuid4()), str(uuid.uuid4()), store.workstation_id)
    path = write_case(Case(lambda _local: Hostile(bad), ""), local, tmp_path / "refuse.essaim")
    page(window).receive.import_package(path)
    kind, _title, shown = message_boxes.calls[-1]
    text = shown.replace("\u00a0", " ")  # the GUI's French spacing keeps « and » with their words
    assert kind == "warning" and text.startswith("Le paquet est refusé : 2 enregistrements invalides")
    assert "fiche « Aide au permis » : La note d'un facteur clé va de 0 à 3." in text
    assert "fiche « Épicerie » : Moyens humains : ligne 1, « NaN » n'est pas un nombre." in text
    assert page(window).receive.preview is None
    assert fiches.search(store, FicheQuery()) == []


def test_dropping_a_package_on_the_window_starts_the_import(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = package_from_elsewhere(tmp_path)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    target = window.centralWidget()
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert target is not None and window.current_workspace() == "echanges"
    assert isinstance(page(window).receive.preview, ImportPreviewDialog)


def test_cancelling_an_import_in_progress_changes_nothing(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          monkeypatch, message_boxes) -> None:
    from PySide6.QtWidgets import QProgressDialog

    path, fiche_id = package_from_elsewhere(tmp_path)
    exchanges = page(window)
    exchanges.receive.import_package(path)
    preview = exchanges.receive.preview
    assert "1 nouveau" in preview.summary.text()
    seen: list[int] = []
    cancelling = [True]

    def cancel_near_the_end(dialog: QProgressDialog) -> bool:
        seen.append(dialog.value())
        return cancelling[0] and dialog.value() >= 900  # every record is written, nothing committed yet

    monkeypatch.setattr(QProgressDialog, "wasCanceled", cancel_near_the_end)
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert seen and max(seen) >= 900
    assert fiches.search(window.context.store, FicheQuery()) == []
    assert exchange.correspondents(window.context.store) == []
    assert message_boxes.calls == []
    assert not preview.plan.package.staging.exists()
    cancelling[0] = False
    exchanges.receive.import_package(path)
    exchanges.receive.preview.accept()
    assert fiches.load(window.context.store, fiche_id).title == "Fiche reçue"


def test_a_version_set_aside_is_brought_back_from_the_kept_versions(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path, message_boxes) -> None:
    path, fiche_id = package_from_elsewhere(tmp_path, "Titre d'origine")
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    exchanges = page(window)
    exchanges.receive.import_package(path)
    exchanges.receive.preview.accept()
    again = changed_elsewhere(tmp_path, fiche_id, "suite.essaim", title="Titre revu là-bas")
    exchanges.receive.import_package(again)
    exchanges.receive.preview.accept()
    assert fiches.load(window.context.store, fiche_id).title == "Titre revu là-bas"

    dialog = exchanges.receive.show_kept_versions()
    assert dialog.isVisible() and dialog.table.rowCount() == 1
    assert "Titre d'origine" in dialog.table.item(0, 1).text() and "remplacée" in dialog.table.item(0, 3).text()
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    message_boxes.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert fiches.load(window.context.store, fiche_id).title == "Titre revu là-bas"
    message_boxes.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert fiches.load(window.context.store, fiche_id).title == "Titre d'origine"
    assert message_boxes.kinds()[-1] == "question"
    assert dialog.table.rowCount() == 2 and "Titre revu là-bas" in dialog.table.item(0, 1).text()
    assert shown_titles(exchanges) == ["Titre d'origine"], "the page heard of the change"


def test_a_package_protected_by_a_password_is_sent_and_opened(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path, message_boxes, opened_urls: list, monkeypatch) -> None:
    from urllib.parse import unquote

    from PySide6.QtWidgets import QInputDialog

    from app.sync.package_crypto import is_encrypted

    fiches.save(window.context.store, FicheData(id=str(uuid.uuid4()), title="Avec contacts", structure_name="CCAS"))
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    exchanges = page(window)
    exchanges.send.scope_group.button(1).setChecked(True)
    assert not exchanges.send.password.isEnabled()
    qtbot.mouseClick(exchanges.send.protect, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, exchanges.send.protect.height() // 2))
    assert (exchanges.send.password.isEnabled()
            and exchanges.send.password.echoMode() == exchanges.send.password.EchoMode.Password)
    exchanges.send.password.setText("court")
    assert exchanges.send.send_by_email() is None
    assert "au moins 8 caractères" in message_boxes.calls[-1][2]
    exchanges.send.password.setText("Chèvre-Lune-2026")
    exchanges.send.password_again.setText("Chèvre-Lune-2025")
    assert exchanges.send.send_by_email() is None and "diffèrent" in message_boxes.calls[-1][2]
    assert not any(exchange.outbox_dir(window.context.data_dir).glob("*.essaim"))
    exchanges.send.password_again.setText("Chèvre-Lune-2026")
    written = exchanges.send.send_by_email()
    assert written is not None and is_encrypted(written)
    assert "autre moyen" in unquote(opened_urls[0].toString())

    elsewhere = AppContext.open(tmp_path / "autre-poste", window.context.preferences)
    other = elsewhere.open_store
    try:
        typed = iter([("mauvais-mot", True), ("Chèvre-Lune-2026", True)])
        monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: next(typed)))
        receiver = ExchangesWorkspace(elsewhere, StoreEvents(elsewhere))
        qtbot.addWidget(receiver)
        receiver.receive.import_package(written)
        assert "Mot de passe incorrect" in message_boxes.calls[-1][2]
        assert receiver.receive.preview is not None and "1 nouveau" in receiver.receive.preview.summary.text()
        receiver.receive.preview.accept()
        assert [s.title for s in fiches.search(other, FicheQuery())] == ["Avec contacts"]
        monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("", False)))
        receiver.receive.preview = None
        receiver.receive.import_package(written)
        assert receiver.receive.preview is None, "no password, no import"
    finally:
        other.close()


def test_the_last_import_is_undone_after_confirmation(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      message_boxes) -> None:
    fiches.save(window.context.store, FicheData(id=str(uuid.uuid4()), title="Déjà là", structure_name="CCAS"))
    path, _fiche_id = package_from_elsewhere(tmp_path)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    exchanges = page(window)
    assert not exchanges.receive.undo_import_button.isEnabled()
    exchanges.receive.import_package(path)
    exchanges.receive.preview.accept()
    assert "Annuler le dernier import" in message_boxes.calls[-1][2]
    assert exchanges.receive.undo_import_button.isEnabled()
    message_boxes.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(exchanges.receive.undo_import_button, Qt.MouseButton.LeftButton)
    assert len(fiches.search(window.context.store, FicheQuery())) == 2
    message_boxes.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(exchanges.receive.undo_import_button, Qt.MouseButton.LeftButton)
    assert message_boxes.calls[-1][:2] == ("information", "Import annulé")
    assert [s.title for s in fiches.search(window.context.store, FicheQuery())] == ["Déjà là"]
    assert shown_titles(exchanges) == ["Déjà là"]
    assert not exchanges.receive.undo_import_button.isEnabled()

    exchanges.receive.import_package(path)
    exchanges.receive.preview.accept()
    fiches.save(window.context.store, FicheData(id=str(uuid.uuid4()), title="Faite après", structure_name="CCAS"))
    window.events.announce()
    assert not exchanges.receive.undo_import_button.isEnabled(), "a change made since the import forbids undoing it"


def test_an_open_fiche_is_saved_before_an_import_and_shows_what_arrived(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    path, fiche_id = package_from_elsewhere(tmp_path, "Titre d'origine")
    exchanges = page(window)
    exchanges.receive.import_package(path)
    exchanges.receive.preview.accept()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    fiche_page = window.page("fiches")
    fiche_page.select_fiche(fiche_id)
    editor = fiche_page.editor
    assert editor.fiche_id == fiche_id
    update = changed_elsewhere(tmp_path, fiche_id, "mise-a-jour.essaim", title="Titre revu là-bas")

    exchanges.receive.import_package(update)
    exchanges.receive.preview.accept()
    assert editor.title_edit.text() == "Titre revu là-bas", "the editor shows the version that arrived"
    qtbot.keyClicks(editor.findChild(QWidget, "field_lessons"), " Et une lecon de plus.")
    assert editor.save_now()
    stored = fiches.load(window.context.store, fiche_id)
    assert stored.title == "Titre revu là-bas" and "Et une lecon de plus." in stored.lessons

    qtbot.keyClicks(editor.findChild(QWidget, "field_lessons"), " Pas encore enregistree.")
    assert editor.is_dirty()
    exchanges.receive.import_package(update)
    assert "Pas encore enregistree." in fiches.load(window.context.store, fiche_id).lessons, \
        "pending edits are stored before the package is read"
    assert "1 inchangé" in exchanges.receive.preview.summary.text(), "the package is older than what we now have"
    exchanges.receive.preview.accept()
    assert "Pas encore enregistree." in fiches.load(window.context.store, fiche_id).lessons
    assert "Pas encore enregistree." in editor.state.lessons and not editor.is_dirty()


def test_an_open_scenario_shows_the_version_an_import_brings(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.services import grid

    path, fiche_id = package_from_elsewhere(tmp_path)
    other = Store.open(tmp_path / "autre-poste")
    scenario = grid.create(other, fiche_id, "Base")
    exchange.export_package(other, tmp_path / "autre-poste", exchange.PackageRequest("all"), path)
    exchanges = page(window)
    exchanges.receive.import_package(path)
    exchanges.receive.preview.accept()
    window.show_workspace("modele")
    grid_page = window.page("modele")
    grid_page.show_fiche(fiche_id)
    assert grid_page.editor.record_id == scenario.id and grid_page.editor.state.name == "Base"
    scenario.name = "Base revue là-bas"
    grid.save(other, scenario)
    update = tmp_path / "scenario.essaim"
    exchange.export_package(other, tmp_path / "autre-poste", exchange.PackageRequest("all"), update)
    other.close()
    exchanges.receive.import_package(update)
    exchanges.receive.preview.accept()
    assert grid_page.editor.state.name == "Base revue là-bas"
    assert grid_page.scenario_combo.currentText() == "Base revue là-bas"
