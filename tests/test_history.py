"""Versions kept aside by imports, and bringing one back."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from app.domain.fiche import FicheData
from app.domain.fiche_search import FicheQuery
from app.services import fiches, grid, history
from app.services.errors import NotFoundError
from app.storage import exchange_repository
from app.storage.errors import StoreError
from app.travelling import KINDS
from tests.test_exchange import Workstation, b_answers, conflict_setup, edit, scenario_for, shared_pair, stations

__all__ = ["stations"]


def test_the_version_set_aside_in_a_conflict_can_be_brought_back_and_travels(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, package = conflict_setup(a, b, tmp_path)
    a.receive(package, on_conflict="mine")
    (kept,) = history.kept_versions(a.store, first)
    assert kept.kind == "fiche" and "écartée" in kept.reason and not kept.is_deletion
    assert fiches.load(a.store, first).summary == "Version de A"
    with a.store.read() as session:
        before = exchange_repository.row(session, KINDS["fiche"], first).revision
    history.bring_back(a.store, kept.id)
    assert fiches.load(a.store, first).summary == "Version de B"
    with a.store.read() as session:
        assert exchange_repository.row(session, KINDS["fiche"], first).revision > before
    newest = history.kept_versions(a.store, first)[0]
    assert "rétablie" in newest.reason
    history.bring_back(a.store, newest.id)
    assert fiches.load(a.store, first).summary == "Version de A", "bringing back is itself undoable"
    plan, _ = b.receive(a.export(tmp_path / "apres.essaim", "since_last_exchange", "Poste B"))
    assert {entry.id: entry.status for entry in plan.entries} == {first: "updated"}, "a version brought back travels"
    assert fiches.load(b.store, first).summary == "Version de A"


def test_a_version_replaced_by_an_import_comes_back_and_the_search_finds_it(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, _ = shared_pair(a, b, tmp_path)
    edit(b, first, title="Titre choisi sur B")
    a.receive(b_answers(a, b, tmp_path))
    assert fiches.load(a.store, first).title == "Titre choisi sur B"
    (replaced,) = history.kept_versions(a.store, first)
    assert "remplacée" in replaced.reason and replaced.title != "Titre choisi sur B"
    history.bring_back(a.store, replaced.id)
    assert fiches.load(a.store, first).title == replaced.title
    assert [s.id for s in fiches.search(a.store, FicheQuery(text=replaced.title))] == [first]


def test_a_deletion_or_an_unknown_version_cannot_be_brought_back_and_nothing_changes(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, _ = shared_pair(a, b, tmp_path)
    fiches.move_to_trash(b.store, first)
    fiches.empty_trash(b.store)
    edit(a, first, summary="Gardée sur A")
    a.receive(b_answers(a, b, tmp_path), on_conflict="mine")
    (deletion,) = history.kept_versions(a.store, first)
    assert deletion.is_deletion
    with pytest.raises(StoreError, match="suppression"):
        history.bring_back(a.store, deletion.id)
    with pytest.raises(NotFoundError):
        history.bring_back(a.store, 9999)
    assert fiches.load(a.store, first).summary == "Gardée sur A"
    assert len(history.kept_versions(a.store)) == 1


def test_a_scenario_whose_fiche_is_gone_is_refused(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, _ = shared_pair(a, b, tmp_path)
    scenario = scenario_for(first)
    grid.save(b.store, scenario)
    a.receive(b_answers(a, b, tmp_path))
    scenario.name = "Renommé sur B"
    grid.save(b.store, scenario)
    a.receive(b_answers(a, b, tmp_path, "deuxieme.essaim"))
    (replaced,) = [v for v in history.kept_versions(a.store) if v.kind == "scenario"]
    assert replaced.title == "Base"
    fiches.move_to_trash(a.store, first)
    fiches.empty_trash(a.store)
    with pytest.raises(StoreError, match="n'existe plus"):
        history.bring_back(a.store, replaced.id)
    assert grid.scenarios(a.store, first) == []


def test_brought_back_into_an_empty_store_makes_the_record_again(tmp_path: Path) -> None:
    station = Workstation(tmp_path / "seul")
    try:
        fiche_id = str(uuid.uuid4())
        with station.store.transaction() as session:
            exchange_repository.keep_in_history(session, "fiche", fiche_id, 3, "ailleurs",
                                                {"title": "Revenue de loin", "structure_name": "CCAS"}, "test")
        (kept,) = history.kept_versions(station.store)
        history.bring_back(station.store, kept.id)
        assert fiches.load(station.store, fiche_id).title == "Revenue de loin"
        assert isinstance(fiches.load(station.store, fiche_id), FicheData)
    finally:
        station.store.close()


def test_command_line_lists_and_restores(stations, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from app.__main__ import main

    a, b = stations
    first, package = conflict_setup(a, b, tmp_path)
    a.receive(package, on_conflict="mine")
    a.store.close()
    try:
        assert main(["--data-dir", str(a.data_dir), "history", "list"]) == 0
        listed = capsys.readouterr().out
        assert "écartée (conflit)" in listed and "fiche «" in listed
        number = listed.split()[0]
        assert main(["--data-dir", str(a.data_dir), "history", "restore", number]) == 0
        assert "Version rétablie" in capsys.readouterr().out
        assert main(["--data-dir", str(a.data_dir), "history", "restore", "424242"]) == 1
        assert "Aucune version conservée" in capsys.readouterr().err
        assert main(["--data-dir", str(a.data_dir), "history", "list", str(uuid.uuid4())]) == 0
        assert "Aucune version conservée." in capsys.readouterr().out
    finally:
        a.store = Workstation(a.data_dir).store
    assert fiches.load(a.store, first).summary == "Version de B"


def test_an_import_is_one_undo_step_while_nothing_else_has_changed(tmp_path: Path) -> None:
    from app.services.app_context import AppContext
    from app.services.exchange import last_import, rename_workstation

    a = Workstation(tmp_path / "a")
    first, second = FicheData(id=str(uuid.uuid4()), title="Première", structure_name="CCAS"), \
        FicheData(id=str(uuid.uuid4()), title="Seconde", structure_name="CCAS")
    fiches.save(a.store, first)
    one = a.export(tmp_path / "un.essaim")
    fiches.save(a.store, second)
    edit(a, first.id, summary="Revue sur A")
    two = a.export(tmp_path / "deux.essaim")
    a.store.close()

    context = AppContext.open(tmp_path / "b")

    class B(Workstation):
        """The receiving station, whose store is reopened by each undo."""

        def __init__(self) -> None:
            self.data_dir = context.data_dir

        @property
        def store(self):  # type: ignore[no-untyped-def]
            return context.open_store

    b = B()
    try:
        assert last_import(b.store, b.data_dir) is None
        with pytest.raises(StoreError, match="Aucun import"):
            context.undo_last_import()
        b.receive(one)
        b.receive(two)
        assert fiches.load(context.open_store, first.id).summary == "Revue sur A"
        assert last_import(context.open_store, context.data_dir).undoable
        context.undo_last_import()
        assert [s.title for s in fiches.search(context.open_store, FicheQuery())] == ["Première"]
        assert fiches.load(context.open_store, first.id).summary == ""
        assert last_import(context.open_store, context.data_dir).undoable, "the import before can be undone too"
        context.undo_last_import()
        assert fiches.search(context.open_store, FicheQuery()) == []

        b.receive(one)
        edit(b, first.id, need="Précisé sur B après l'import")
        found = last_import(context.open_store, context.data_dir)
        assert found is not None and not found.undoable
        with pytest.raises(StoreError, match="plus annulable"):
            context.undo_last_import()
        assert fiches.load(context.open_store, first.id).need == "Précisé sur B après l'import"

        b.receive(two, on_conflict="theirs")
        assert last_import(context.open_store, context.data_dir).undoable
        rename_workstation(context.open_store, "CCAS de Voiron")
        assert not last_import(context.open_store, context.data_dir).undoable, "undoing would bring the old name back"
    finally:
        context.close(with_auto_backup=False)
