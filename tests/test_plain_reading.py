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


def test_a_dossier_reads_the_same_through_plain_sqlite_as_through_the_store(store: Store, data_dir: Path,
                                                                            tmp_path: Path) -> None:
    import dataclasses

    from app.domain.lab_template import LabAnswers
    from app.services import grid, labs, shortlist
    from app.services.dossier import DossierOptions, StoreReading, build_dossier
    from app.storage.plain_reading import PlainReading
    from tests.test_shortlist import SCHEME, fiche_with_scheme

    fiche = fiche_with_scheme(store)
    entry = shortlist.add(store, fiche.id, SCHEME.id, today=date(2026, 11, 26))
    entry.status, entry.amount_requested, entry.submitted_on = "depose", Decimal("30000.50"), date(2026, 10, 1)
    entry.amount_obtained = Decimal(20000)
    shortlist.save(store, entry)
    letter = tmp_path / "lettre.pdf"
    letter.write_bytes(b"%PDF-1.4 lettre de demande")
    shortlist.attach_files(store, entry.id, [letter])
    grid.create(store, fiche.id, "Base")
    shortlist.to_grid(store, shortlist.entries(store, fiche.id)[0])
    view = labs.start(store, "Lab de Vif", "CCAS de Vif", LabAnswers(), "unccas-fabriquer")
    labs.save_project(store, dataclasses.replace(view.project, fiche_ids=[fiche.id]))
    item, _ = labs.attach_evidence(store, view.items[1].id, [letter])
    labs.add_link(store, item.id, "Dossier partagé", "https://nuage.example.fr/lab")
    labs.save_item(store, dataclasses.replace(labs.load(store, view.project.id).items[2], due_on=date(2026, 1, 5),
                                              status="fait", done_on=date(2026, 1, 4)))
    with closing(open_current(data_dir)) as conn:
        plain, orm = PlainReading(conn), StoreReading(store)
        for read in ("fiche", "scenarios", "shortlist", "labs_of"):
            assert repr(getattr(plain, read)(fiche.id)) == repr(getattr(orm, read)(fiche.id)), read
        assert plain.labs_of(fiche.id)[0][1][1].evidence[0].file_name == "lettre.pdf"
        options = DossierOptions(exported_on=date(2026, 11, 26))
        through_sqlite = build_dossier(PlainReading(conn), fiche.id, options)
        assert repr(through_sqlite) == repr(build_dossier(store, fiche.id, options))
        keys = {section.key for section in through_sqlite.sections}
        assert {"modele", "financements", f"labo-{view.project.id}"} <= keys


def test_a_dossier_of_chosen_scenarios_reads_the_same_through_plain_sqlite(store: Store, data_dir: Path) -> None:
    from app.services import grid
    from app.services.dossier import DossierOptions, build_dossier
    from app.storage.plain_reading import PlainReading

    fiche = fiches.save(store, FicheData(title="Épicerie solidaire", structure_name="CCAS de Vienne"))
    kept, _left = grid.create(store, fiche.id, "Base", 40), grid.create(store, fiche.id, "Variante", 60)
    options = DossierOptions(scenario_ids=frozenset({kept.id}), exported_on=date(2026, 11, 26))
    with closing(open_current(data_dir)) as conn:
        through_sqlite = build_dossier(PlainReading(conn), fiche.id, options)
    assert repr(through_sqlite) == repr(build_dossier(store, fiche.id, options))
    assert [scenario.name for scenario in through_sqlite.scenarios] == ["Base"]
    assert [s.title for s in through_sqlite.sections if s.key.startswith("modele-")] == ["Scénario : Base"]
