"""`essaim fiche show` reads a current store through plain SQLite (issue 20): the same fiche as the ORM gives,
an older store migrated first, a store open in the window read beside it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.__main__ import main
from app.domain.fiche import FicheData, HumanMean, Indicator, Site
from app.domain.fiche_search import FicheQuery
from app.services import examples, fiches
from app.storage.migrations import upgrade_to
from app.storage.plain_reading import open_current, read_fiche
from app.storage.store import Store, store_file


def test_every_fiche_reads_the_same_through_plain_sqlite_as_through_the_orm(store: Store, data_dir: Path) -> None:
    examples.load_examples(store)
    odd = fiches.save(store, FicheData(
        title="Valeurs de tous les types", structure_name="CCAS de Vif", beneficiaries_per_year=0,
        start_date=date(2024, 2, 29), initiator_willing=False, materials_ready=None,
        human_means=[HumanMean("Travailleur social", Decimal("0.35")), HumanMean("Bénévole", None)],
        indicators=[Indicator("Taux", "%", Decimal("1.50"), None, Decimal("12.125"), date(2025, 12, 31))],
        sites=[Site("Quartier Nord", "Vif", None, True)], tags=["b", "a"]))
    fiches.move_to_trash(store, odd.id)
    ids = [row.id for row in fiches.search(store, FicheQuery())] + [odd.id]
    assert len(ids) > 10
    with closing(open_current(data_dir)) as conn:
        assert conn is not None
        for fiche_id in ids:
            assert repr(read_fiche(conn, fiche_id)) == repr(fiches.load(store, fiche_id)), "same values, same types"


def test_a_deleted_fiche_is_not_read(store: Store, data_dir: Path) -> None:
    saved = fiches.save(store, FicheData(title="Partie", structure_name="CCAS"))
    fiches.move_to_trash(store, saved.id)
    fiches.empty_trash(store)
    with closing(open_current(data_dir)) as conn:
        assert read_fiche(conn, saved.id) is None


def test_an_older_store_is_migrated_with_its_backup_before_it_is_shown(data_dir: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data_dir.mkdir(parents=True)
    upgrade_to(store_file(data_dir), "0006")
    assert open_current(data_dir) is None
    assert main(["--data-dir", str(data_dir), "fiche", "show", "abc"]) == 1
    assert "Aucune fiche ne commence par « abc »." in capsys.readouterr().err
    assert [path.name[:16] for path in (data_dir / "sauvegardes").iterdir()] == ["avant-migration-"]
    assert open_current(data_dir) is not None


def test_a_newer_store_is_refused_and_left_as_it_is(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Store.open(data_dir).close()
    with closing(sqlite3.connect(store_file(data_dir))) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    before = store_file(data_dir).read_bytes()
    assert main(["--data-dir", str(data_dir), "fiche", "show", "abc"]) == 1
    assert "plus récente" in capsys.readouterr().err
    assert store_file(data_dir).read_bytes() == before


def test_a_fiche_is_shown_while_the_window_holds_the_store(store: Store, data_dir: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    saved = fiches.save(store, FicheData(title="Épicerie solidaire", structure_name="CCAS de Vienne"))
    assert main(["--data-dir", str(data_dir), "fiche", "show", saved.id[:8]]) == 0
    assert "Titre : Épicerie solidaire" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "fiche", "list"]) == 3, "a command that opens the store is refused"
