"""What changed is computed by the store and announced by the operation wrapper, never declared by a view."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from app.domain.economics import Scenario
from app.domain.fiche import FicheData
from app.gui.main_window import MainWindow
from app.gui.operations import StoreEvents, run_operation
from app.services import exchange, fiches, grid
from app.services.app_context import AppContext
from app.services.errors import NotFoundError
from app.storage import fiche_repository
from app.storage.changes import Change
from app.storage.store import Store


def a_fiche(title: str = "Épicerie solidaire") -> FicheData:
    return FicheData(id=str(uuid.uuid4()), title=title, structure_name="CCAS")


def test_each_kind_of_write_reports_its_own_change(store: Store, tmp_path: Path) -> None:
    assert store.take_changes() == frozenset()
    fiche = fiches.save(store, a_fiche())
    assert store.take_changes() == {Change.FICHE}
    assert store.take_changes() == frozenset(), "changes are handed over once"
    grid.save(store, Scenario(id=str(uuid.uuid4()), fiche_id=fiche.id, name="Base"))
    assert store.take_changes() == {Change.SCENARIO}
    exchange.rename_workstation(store, "CCAS de Vizille")
    assert store.take_changes() == {Change.EXCHANGE}
    fiches.load(store, fiche.id)
    assert store.take_changes() == frozenset(), "reading changes nothing"


def test_a_rolled_back_transaction_reports_nothing(store: Store) -> None:
    draft = a_fiche("Brouillon")
    with pytest.raises(NotFoundError), store.transaction() as session:
        fiche_repository.save(session, draft)
        raise NotFoundError("abandon")
    assert store.take_changes() == frozenset()
    with store.read() as session:
        assert fiche_repository.load(session, draft.id) is None


def test_an_import_reports_what_it_wrote_and_that_it_came_from_outside(store: Store, tmp_path: Path) -> None:
    other = Store.open(tmp_path / "autre")
    try:
        fiche = fiches.save(other, a_fiche("Navette"))
        grid.save(other, Scenario(id=str(uuid.uuid4()), fiche_id=fiche.id, name="Base"))
        path = tmp_path / "p.essaim"
        exchange.export_package(other, tmp_path / "autre", exchange.PackageRequest("all"), path)
    finally:
        other.close()
    store.take_changes()
    with exchange.open_package(store, path) as plan:
        assert store.take_changes() == frozenset(), "a preview only reads"
        exchange.apply_import(store, store.data_dir, plan)
    assert {Change.FICHE, Change.SCENARIO, Change.EXCHANGE, Change.RECEIVED} <= store.take_changes()


def test_run_operation_announces_after_the_success_callback(qtbot, app_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    events = StoreEvents(app_context)
    order: list[object] = []
    events.changed.connect(lambda changes: order.append(changes))
    ok, saved = run_operation(parent, lambda: fiches.save(app_context.open_store, a_fiche()), events,
                              on_success=lambda result: order.append(result.title))
    assert ok and saved is not None
    assert order == ["Épicerie solidaire", frozenset({Change.FICHE})]


def test_a_user_error_is_a_warning_and_a_bug_reaches_the_exception_dialog(qtbot, app_context: AppContext,  # type: ignore[no-untyped-def]
                                                                          message_boxes) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    events = StoreEvents(app_context)

    def refused() -> None:
        raise NotFoundError("Fiche introuvable.")

    assert run_operation(parent, refused, events) == (False, None)
    assert message_boxes.calls[-1][0] == "warning" and message_boxes.calls[-1][2] == "Fiche introuvable."

    def bug() -> None:
        raise ValueError("invalid literal for int()")

    with pytest.raises(ValueError):
        run_operation(parent, bug, events)
    assert len(message_boxes.calls) == 1, "a bug is not dressed up as a warning"


def test_a_restore_is_announced_as_a_new_store(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    backup = window.context.open_store.backup()
    heard: list[frozenset[Change]] = []
    window.events.changed.connect(heard.append)
    window.restore_from(str(backup))
    assert heard and Change.STORE in heard[-1]
