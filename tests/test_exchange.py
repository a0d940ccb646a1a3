"""Two workstations exchanging packages: round trip, disjoint edits, conflicts and their resolutions,
delete versus edit, re-import, hostile packages leaving the store untouched."""

from __future__ import annotations

import hashlib
import re
import tempfile
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.economics import Block, GridLine, Scenario
from app.domain.fiche import FicheData
from app.domain.fiche_search import FicheQuery
from app.services import exchange, fiches, grid
from app.services.attachments import blob_path, import_file
from app.services.errors import NotFoundError
from app.services.exchange import (
    ConflictError,
    NothingToSend,
    PackageRequest,
    StalePlan,
    apply_import,
    export_package,
    plan_import,
)
from app.storage import exchange_repository
from app.storage.store import Store
from app.sync.package_format import PackageCancelled, PackageError
from app.sync.package_reader import read_package
from app.travelling import KINDS
from tests.fiche_factory import fiches as fiche_strategy
from tests.fiche_factory import full_fiche


class Workstation:
    def __init__(self, folder: Path) -> None:
        self.data_dir = folder
        self.store = Store.open(folder)

    def export(self, path: Path, scope: str = "all", correspondent: str = "", **options: object) -> Path:
        export_package(self.store, self.data_dir, PackageRequest(scope, correspondent=correspondent, **options), path)
        return path

    def plan(self, path: Path):  # type: ignore[no-untyped-def]
        """Staged beside the station's folder, in the test's own temporary folder."""
        return plan_import(self.store, read_package(path, self.data_dir.parent))

    def receive(self, path: Path, **options: object):  # type: ignore[no-untyped-def]
        plan = self.plan(path)
        try:
            return plan, apply_import(self.store, self.data_dir, plan, **options)
        finally:
            plan.package.cleanup()


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[tuple[Workstation, Workstation]]:
    a, b = Workstation(tmp_path / "a"), Workstation(tmp_path / "b")
    yield a, b
    a.store.close()
    b.store.close()


def scenario_for(fiche_id: str) -> Scenario:
    return Scenario(id=str(uuid.uuid4()), fiche_id=fiche_id, name="Base", horizon_years=4, beneficiaries_per_year=80,
                    learning_discount=Decimal("0.1"), lines=[
                        GridLine(Block.MONTAGE.value, "Chef de projet", days=Decimal("12.5"), daily_cost=Decimal(300)),
                        GridLine(Block.COUTS_EVITES.value, "Nuitées", amount=Decimal(4000), confidence="moyenne")])


def store_bytes(store: Store) -> str:
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        path = Path(str(store.path) + suffix)
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_everything_travels_and_arrives_equal(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    source = tmp_path / "plaquette.pdf"
    source.write_bytes(b"%PDF-1.4 " + b"plaquette " * 100)
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.attachments = [import_file(a.data_dir, source)]
    fiches.save(a.store, fiche)
    scenario = grid.save(a.store, scenario_for(fiche.id))
    plan, outcome = b.receive(a.export(tmp_path / "tout.essaim"))
    assert plan.counts()["new"] == 2 and outcome.backup is not None
    assert fiches.load(b.store, fiche.id) == fiches.load(a.store, fiche.id)
    assert grid.scenarios(b.store, fiche.id) == [scenario]
    sha = fiche.attachments[0].sha256
    assert blob_path(b.data_dir, sha).read_bytes() == source.read_bytes()
    with a.store.read() as sa, b.store.read() as sb:
        mine, theirs = (exchange_repository.row(sa, KINDS["fiche"], fiche.id),
                        exchange_repository.row(sb, KINDS["fiche"], fiche.id))
        assert (theirs.revision, theirs.workstation_id, theirs.updated_at) == \
            (mine.revision, mine.workstation_id, mine.updated_at)


def test_an_update_rewrites_every_field_list_and_line_and_the_search_follows(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.attachments, fiche.summary = [], "Zéphyrin, mot de l'ancienne version"
    fiches.save(a.store, fiche)
    scenario = grid.save(a.store, scenario_for(fiche.id))
    b.receive(a.export(tmp_path / "un.essaim", "all", "Poste B"))
    assert [s.id for s in fiches.search(b.store, FicheQuery(text="zephyrin"))] == [fiche.id]
    changed = full_fiche(fiche.id)
    changed.title, changed.summary = "Conciergerie solidaire", "Un résumé tout neuf"
    changed.steps, changed.tags, changed.themes = changed.steps[:1], ["conciergerie"], changed.themes[1:]
    changed.partners = list(reversed(changed.partners)) + changed.partners[:1]
    source = tmp_path / "convention.pdf"
    source.write_bytes(b"%PDF-1.4 convention")
    changed.attachments = [import_file(a.data_dir, source)]
    fiches.save(a.store, changed)
    scenario.lines = scenario.lines[1:] + scenario.lines
    scenario.name = "Base revue"
    grid.save(a.store, scenario)
    plan, _ = b.receive(a.export(tmp_path / "deux.essaim", "since_last_exchange", "Poste B"))
    assert sorted(entry.status for entry in plan.entries) == ["updated", "updated"]
    assert fiches.load(b.store, fiche.id) == fiches.load(a.store, fiche.id)
    assert grid.scenarios(b.store, fiche.id) == grid.scenarios(a.store, fiche.id)
    assert [s.id for s in fiches.search(b.store, FicheQuery(text="conciergerie"))] == [fiche.id]
    assert fiches.search(b.store, FicheQuery(text="zephyrin")) == [], "the old version left the index"
    with a.store.read() as sa, b.store.read() as sb:
        for kind, record_id in (("fiche", fiche.id), ("scenario", scenario.id)):
            mine, theirs = (exchange_repository.row(sa, KINDS[kind], record_id),
                            exchange_repository.row(sb, KINDS[kind], record_id))
            assert (theirs.revision, theirs.workstation_id, theirs.updated_at, theirs.created_at) == \
                (mine.revision, mine.workstation_id, mine.updated_at, mine.created_at)
    from app.services.maintenance import run_check
    assert run_check(b.data_dir).ok


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=st.lists(fiche_strategy, min_size=1, max_size=3, unique_by=lambda f: f.id))
def test_round_trip_of_generated_fiches_and_grids(generated: list[FicheData]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        a, b = Workstation(Path(folder) / "a"), Workstation(Path(folder) / "b")
        try:
            for fiche in generated:
                fiche.attachments = []
                fiches.save(a.store, fiche)
                grid.save(a.store, scenario_for(fiche.id))
            b.receive(a.export(Path(folder) / "p.essaim"))
            for fiche in generated:
                assert fiches.load(b.store, fiche.id) == fiches.load(a.store, fiche.id)
                assert grid.scenarios(b.store, fiche.id) == grid.scenarios(a.store, fiche.id)
        finally:
            a.store.close()
            b.store.close()


def shared_pair(a: Workstation, b: Workstation, tmp_path: Path) -> tuple[str, str]:
    """Two fiches made on A, sent to B (correspondent « Poste B »), received there."""
    first, second = full_fiche(str(uuid.uuid4())), full_fiche(str(uuid.uuid4()))
    first.attachments = second.attachments = []
    second.title = "Deuxième fiche"
    fiches.save(a.store, first)
    fiches.save(a.store, second)
    b.receive(a.export(tmp_path / "envoi-1.essaim", "all", "Poste B"))
    return first.id, second.id


def edit(station: Workstation, fiche_id: str, **changes: object) -> None:
    fiche = fiches.load(station.store, fiche_id)
    for name, value in changes.items():
        setattr(fiche, name, value)
    fiches.save(station.store, fiche)


def b_answers(a: Workstation, b: Workstation, tmp_path: Path, name: str = "reponse.essaim") -> Path:
    """B sends back what changed since it last heard from A."""
    with b.store.read() as session:
        (peer,) = exchange_repository.peers(session)
    return b.export(tmp_path / name, "since_last_exchange", peer.name)


def test_disjoint_edits_merge_cleanly(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, second = shared_pair(a, b, tmp_path)
    edit(a, first, summary="Résumé revu sur A")
    edit(b, second, need="Besoin précisé sur B")
    plan, _ = a.receive(b_answers(a, b, tmp_path))
    statuses = {entry.id: entry.status for entry in plan.entries}
    assert statuses == {second: "updated"}, "B sends only what changed on its side"
    assert fiches.load(a.store, first).summary == "Résumé revu sur A"
    assert fiches.load(a.store, second).need == "Besoin précisé sur B"
    updated = next(entry for entry in plan.entries if entry.id == second)
    assert updated.changed_fields == ["need"] and updated.changed_labels == ["Besoin social"]


def test_every_field_that_can_change_has_a_french_name() -> None:
    import dataclasses

    from app.domain.economics import SCENARIO_FIELD_LABELS
    from app.domain.fiche import FIELD_LABELS

    for record_class, labels in ((FicheData, FIELD_LABELS), (Scenario, SCENARIO_FIELD_LABELS)):
        assert {f.name for f in dataclasses.fields(record_class)} - {"id"} == set(labels)


def test_cancelling_an_import_or_a_reading_changes_nothing(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, second = shared_pair(a, b, tmp_path)
    edit(a, first, summary="Résumé revu sur A")
    edit(a, second, title="Titre revu sur A")
    package = a.export(tmp_path / "suite.essaim")
    plan = b.plan(package)
    before = [fiches.load(b.store, first), fiches.load(b.store, second)]
    heard: list[float] = []

    def cancel_at_the_end(done: float) -> None:
        heard.append(done)
        if done >= 0.95:
            raise PackageCancelled()

    with pytest.raises(PackageCancelled):
        apply_import(b.store, b.data_dir, plan, progress=cancel_at_the_end)
    assert heard == sorted(heard) and heard[-1] >= 0.95
    assert [fiches.load(b.store, first), fiches.load(b.store, second)] == before
    with b.store.read() as session:
        assert exchange_repository.kept(session, first) == []
    apply_import(b.store, b.data_dir, plan)
    assert fiches.load(b.store, second).title == "Titre revu sur A"
    plan.package.cleanup()

    staging_parent = tmp_path / "lecture"
    staging_parent.mkdir()

    def cancel_reading(done: float) -> None:
        assert any(staging_parent.iterdir()), "members are being staged"
        raise PackageCancelled()

    with pytest.raises(PackageCancelled):
        read_package(package, staging_parent, progress=cancel_reading)
    assert list(staging_parent.iterdir()) == []


def test_a_plan_whose_records_changed_since_the_preview_is_refused(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, _ = shared_pair(a, b, tmp_path)
    edit(a, first, title="Titre revu sur A")
    plan = b.plan(a.export(tmp_path / "suite.essaim", "since_last_exchange", "Poste B"))
    assert [(entry.id, entry.status) for entry in plan.entries] == [(first, "updated")]
    edit(b, first, summary="Saisi sur B pendant l'aperçu")
    with pytest.raises(StalePlan) as error:
        apply_import(b.store, b.data_dir, plan)
    assert "rien n'a été importé" in str(error.value) and "Relancez l'import" in str(error.value)
    assert fiches.load(b.store, first).summary == "Saisi sur B pendant l'aperçu"
    plan.package.cleanup()
    again = b.plan(a.export(tmp_path / "suite-2.essaim", "since_last_exchange", "Poste B"))
    assert [entry.status for entry in again.conflicts] == ["conflict"], "planned again, it is seen for what it is"
    again.package.cleanup()


def conflict_setup(a: Workstation, b: Workstation, tmp_path: Path) -> tuple[str, Path]:
    first, _ = shared_pair(a, b, tmp_path)
    edit(a, first, summary="Version de A")
    edit(b, first, summary="Version de B")
    return first, b_answers(a, b, tmp_path)


def test_the_same_fiche_edited_on_both_sides_is_a_conflict_and_nothing_is_applied_without_a_choice(
        stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, package = conflict_setup(a, b, tmp_path)
    before = store_bytes(a.store)
    plan = a.plan(package)
    assert [(entry.id, entry.status) for entry in plan.conflicts] == [(first, "conflict")]
    with pytest.raises(ConflictError) as error:
        apply_import(a.store, a.data_dir, plan)
    assert "Rien n'a été importé" in str(error.value)
    assert fiches.load(a.store, first).summary == "Version de A" and store_bytes(a.store) == before


@pytest.mark.parametrize("choice", ["mine", "theirs", "both"])
def test_each_resolution_does_what_it_says(stations, tmp_path: Path, choice: str) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, package = conflict_setup(a, b, tmp_path)
    _, outcome = a.receive(package, on_conflict=choice)
    kept = fiches.load(a.store, first).summary
    with a.store.read() as session:
        history = [(h.reason, h.data) for h in exchange_repository.kept(session, first)]
    titles = [summary.title for summary in fiches.search(a.store, FicheQuery())]
    if choice == "mine":
        assert kept == "Version de A" and any("Version de B" in (data or "") for _, data in history)
    elif choice == "theirs":
        assert kept == "Version de B" and any("Version de A" in (data or "") for _, data in history)
    else:
        assert kept == "Version de A" and len(outcome.copies) == 1
        assert any(title.endswith(")") and "version de" in title for title in titles)
    again = a.plan(package)
    assert again.conflicts == [], "once resolved, the same package is no conflict any more"
    again.package.cleanup()


def test_delete_on_one_side_and_edit_on_the_other_is_a_conflict(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, _ = shared_pair(a, b, tmp_path)
    fiches.move_to_trash(a.store, first)
    fiches.empty_trash(a.store)
    edit(b, first, summary="Modifiée sur B")
    plan = a.plan(b_answers(a, b, tmp_path))
    assert [entry.id for entry in plan.conflicts] == [first]
    plan.package.cleanup()
    deletion = a.export(tmp_path / "suppression.essaim", "since_last_exchange", "Poste B")
    plan = b.plan(deletion)
    assert [entry.id for entry in plan.conflicts] == [first]
    apply_import(b.store, b.data_dir, plan, on_conflict="theirs")
    plan.package.cleanup()
    with pytest.raises(NotFoundError, match=f"^Aucune fiche n'a l'identifiant {first}\\.$"):
        fiches.load(b.store, first)


def test_importing_the_same_package_twice_changes_nothing(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.attachments = []
    fiches.save(a.store, fiche)
    package = a.export(tmp_path / "p.essaim")
    b.receive(package)
    before = store_bytes(b.store)
    plan, outcome = b.receive(package)
    assert {entry.status for entry in plan.entries} == {"unchanged"} and outcome.backup is None
    assert store_bytes(b.store) == before


def test_stations_that_already_share_every_version_agree_and_later_deletions_travel(  # type: ignore[no-untyped-def]
        stations, tmp_path: Path) -> None:
    """Two stations that loaded the same fiches: a package changing nothing still tells each who the other is and
    which versions they share, so that a later deletion travels and a later edit is no conflict."""
    a, b = stations
    first, second = full_fiche(str(uuid.uuid4())), full_fiche(str(uuid.uuid4()))
    first.attachments = second.attachments = []
    for station in (a, b):
        fiches.save(station.store, first)
        fiches.save(station.store, second)
    plan, outcome = b.receive(a.export(tmp_path / "a-vers-b.essaim", "all", "Poste B"))
    assert {entry.status for entry in plan.entries} == {"unchanged"} and outcome.up_to_date
    with b.store.read() as session:
        (peer,) = exchange_repository.peers(session)
        assert set(exchange_repository.agreed(session, peer.id)) == {first.id, second.id}
    before = store_bytes(b.store)
    _, again = b.receive(a.export(tmp_path / "encore.essaim", "all", "Poste B"))
    assert again.backup is None and store_bytes(b.store) == before, "nothing more to learn: nothing written"
    edit(b, first.id, summary="Revu sur B")
    fiches.move_to_trash(b.store, second.id)
    fiches.empty_trash(b.store)
    plan, _ = a.receive(b.export(tmp_path / "b-vers-a.essaim", "since_last_exchange", peer.name))
    assert sorted((entry.id, entry.status) for entry in plan.entries) == sorted(
        [(first.id, "updated"), (second.id, "deleted")])
    assert fiches.load(a.store, first.id).summary == "Revu sur B"
    assert [s.id for s in fiches.search(a.store, FicheQuery())] == [first.id]


def test_an_answer_is_recognised_among_several_correspondents_by_the_id_it_sends_back(  # type: ignore[no-untyped-def]
        stations, tmp_path: Path) -> None:
    a, b = stations
    first, _ = shared_pair(a, b, tmp_path)
    a.export(tmp_path / "pour-udccas.essaim", "all", "UDCCAS 38")
    edit(b, first, summary="Revu sur B")
    package = b_answers(a, b, tmp_path)
    with b.store.read() as session:
        (b_knows_a,) = exchange_repository.peers(session)
    with a.store.read() as session:
        poste_b = exchange_repository.peer_by_name(session, "Poste B")
        assert read_package(package, tmp_path).manifest["scope"]["reply_to"] == poste_b.id == b_knows_a.their_ref
    plan, _ = a.receive(package)
    assert plan.correspondent == "Poste B"
    assert [(entry.id, entry.status) for entry in plan.entries] == [(first, "updated")]
    assert [c.name for c in exchange.correspondents(a.store)] == ["Poste B", "UDCCAS 38"]
    with a.store.read() as session:
        assert exchange_repository.peer_by_name(session, "Poste B").workstation_id == b.store.workstation_id
        assert exchange_repository.peer_by_name(session, "UDCCAS 38").workstation_id is None


def test_the_trash_stays_home_and_a_received_version_leaves_a_trashed_fiche_in_the_trash(  # type: ignore[no-untyped-def]
        stations, tmp_path: Path) -> None:
    a, b = stations
    first, second = shared_pair(a, b, tmp_path)
    never_sent = FicheData(id=str(uuid.uuid4()), title="Brouillon jeté", structure_name="CCAS")
    fiches.save(a.store, never_sent)
    fiches.move_to_trash(a.store, never_sent.id)
    fiches.move_to_trash(a.store, second)
    edit(a, second, summary="Revu avant d'être jeté")
    with pytest.raises(NothingToSend):
        a.export(tmp_path / "rien.essaim", "since_last_exchange", "Poste B")
    plan, _ = b.receive(a.export(tmp_path / "tout.essaim", "all", "Poste B"))
    assert {entry.id for entry in plan.entries} == {first}, "fiches in the trash are not sent"
    assert fiches.search(b.store, FicheQuery(text="jeté")) == []
    fiches.move_to_trash(b.store, first)
    edit(a, first, summary="Revu sur A")
    plan, _ = b.receive(a.export(tmp_path / "revu.essaim", "since_last_exchange", "Poste B"))
    assert [(entry.id, entry.status) for entry in plan.entries] == [(first, "updated")]
    assert fiches.load(b.store, first).summary == "Revu sur A"
    assert [s.id for s in fiches.search(b.store, FicheQuery(in_trash=True))] == [first], "still in B's trash"


def test_a_selection_sends_the_chosen_fiches_only_and_refuses_unknown_deleted_or_trashed_ones(  # type: ignore[no-untyped-def]
        stations, tmp_path: Path) -> None:
    from app.services.errors import NotFoundError

    a, b = stations
    kept, other, gone, trashed = (FicheData(id=str(uuid.uuid4()), title=title, structure_name="CCAS")
                                  for title in ("Choisie", "Pas choisie", "Supprimée", "À la corbeille"))
    for fiche in (kept, other, gone, trashed):
        fiches.save(a.store, fiche)
    grid.save(a.store, scenario_for(kept.id))
    grid.save(a.store, scenario_for(other.id))
    fiches.move_to_trash(a.store, gone.id)
    fiches.empty_trash(a.store)
    fiches.move_to_trash(a.store, trashed.id)
    for wanted in ((kept.id, gone.id), (kept.id, str(uuid.uuid4())), (trashed.id,), ()):
        with pytest.raises(NotFoundError) as error:
            export_package(a.store, a.data_dir, PackageRequest("selection", wanted), tmp_path / "refuse.essaim")
        assert "introuvable" in str(error.value) or "Aucune fiche choisie" in str(error.value)
    assert not (tmp_path / "refuse.essaim").exists()
    plan, _ = b.receive(a.export(tmp_path / "choix.essaim", "selection", fiche_ids=(kept.id, kept.id)))
    assert sorted((entry.kind, entry.title) for entry in plan.entries) == [("fiche", "Choisie"), ("scenario", "Base")]


def test_since_the_last_exchange_with_a_stranger_sends_everything_and_says_so(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, _ = stations
    fiches.save(a.store, FicheData(id=str(uuid.uuid4()), title="Première", structure_name="CCAS"))
    outcome = export_package(a.store, a.data_dir, PackageRequest("since_last_exchange", correspondent="Inconnu"),
                             tmp_path / "premier.essaim")
    assert outcome.first_exchange and outcome.counts["fiches"] == 1
    with pytest.raises(NothingToSend) as error:
        a.export(tmp_path / "second.essaim", "since_last_exchange", "Inconnu")
    assert "Rien n'a changé depuis le dernier échange avec « Inconnu »" in str(error.value)
    assert not (tmp_path / "second.essaim").exists()


def test_without_personal_data_the_contacts_stay_home(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.attachments = []
    fiches.save(a.store, fiche)
    package = a.export(tmp_path / "p.essaim", personal_data=False)
    assert b"Louise Bernard" not in Path(package).read_bytes()
    b.receive(package)
    assert fiches.load(b.store, fiche.id).contacts == []


@pytest.mark.parametrize("content", [b"pas un zip", b"PK\x03\x04tronque"])
def test_a_hostile_package_leaves_the_store_byte_for_byte(stations, tmp_path: Path, content: bytes) -> None:  # type: ignore[no-untyped-def]
    a, _ = stations
    fiches.save(a.store, FicheData(id=str(uuid.uuid4()), title="Témoin", structure_name="CCAS"))
    before = store_bytes(a.store)
    bad = tmp_path / "mauvais.essaim"
    bad.write_bytes(content)
    with pytest.raises(PackageError):
        a.plan(bad)
    assert store_bytes(a.store) == before


def hostile_package(kind: str, folder: Path) -> Path:
    """One of the hostile packages the issue lists, built by hand."""
    import json
    import os
    import stat
    import zipfile

    from tests.test_package_format import MANIFEST, fiche_record, raw_package, records_bytes, zip_with

    path = folder / f"{kind}.essaim"
    good = {"records/fiches.json": records_bytes(fiche_record())}
    if kind in ("parent", "absolu"):
        return zip_with(path, "../../evil.txt" if kind == "parent" else "/etc/passwd")
    if kind == "lien":
        return zip_with(path, "records/fiches.json", b"/etc/passwd", (stat.S_IFLNK | 0o777) << 16)
    if kind == "bombe":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("records/fiches.json", b" " * (30 * 1024 * 1024))
            archive.writestr(MANIFEST, json.dumps({"format": "essaim-package"}))
        return path
    if kind == "tronque":
        whole = raw_package(folder / "entier.essaim", good).read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
        return path
    if kind == "sans-manifeste":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("records/fiches.json", "[]")
        return path
    if kind == "json":
        return raw_package(path, {"records/fiches.json": b'[{"id": "abc", '})
    if kind == "version":
        return raw_package(path, good, version="2.0")
    if kind == "empreinte":
        data = good["records/fiches.json"]
        return raw_package(path, good, {"members": {"records/fiches.json": {"sha256": "0" * 64, "size": len(data)}}})
    if kind == "doublon":
        same = str(uuid.uuid4())
        return raw_package(path, {"records/fiches.json": records_bytes(fiche_record(same), fiche_record(same))})
    assert kind == "champ-10-mo"
    return raw_package(path, {"records/fiches.json": records_bytes(fiche_record(summary=os.urandom(5_000_000).hex()))})


@pytest.mark.parametrize("kind", ["parent", "absolu", "lien", "bombe", "tronque", "sans-manifeste", "json", "version",
                                  "empreinte", "doublon", "champ-10-mo"])
def test_each_hostile_package_is_refused_in_french_by_the_import_command_and_the_store_is_unchanged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    from app.__main__ import main

    station = Workstation(tmp_path / "poste")
    fiches.save(station.store, FicheData(id=str(uuid.uuid4()), title="Témoin", structure_name="CCAS"))
    station.store.close()
    store_file = tmp_path / "poste" / "essaim.sqlite3"
    before = store_file.read_bytes()
    package = hostile_package(kind, tmp_path)
    assert main(["--data-dir", str(tmp_path / "poste"), "package", "import", str(package)]) == 1
    message = capsys.readouterr().err
    assert message.startswith("Erreur : ") and any(word in message for word in ("paquet", "Paquet", "archive"))
    assert store_file.read_bytes() == before
    assert not list((tmp_path / "poste").glob("sauvegardes/avant-import-*")), "refused before any backup"


def test_back_and_forth_edits_update_without_conflict(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, _ = shared_pair(a, b, tmp_path)
    edit(b, first, summary="v2 écrite sur B")
    a.receive(b_answers(a, b, tmp_path, "r1.essaim"))
    edit(a, first, summary="v3 écrite sur A")
    plan, _ = b.receive(a.export(tmp_path / "envoi-2.essaim", "since_last_exchange", "Poste B"))
    assert [(entry.id, entry.status) for entry in plan.entries] == [(first, "updated")]
    assert fiches.load(b.store, first).summary == "v3 écrite sur A"


def test_a_change_sent_but_never_imported_is_not_lost(stations, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = stations
    first, _ = shared_pair(a, b, tmp_path)
    edit(b, first, summary="Modifiée sur B")
    b_answers(a, b, tmp_path)  # written, but A never imports it
    fiches.move_to_trash(a.store, first)
    fiches.empty_trash(a.store)
    plan = b.plan(a.export(tmp_path / "suppression.essaim", "since_last_exchange", "Poste B"))
    assert [entry.id for entry in plan.conflicts] == [first]
    plan.package.cleanup()


def test_command_line_export_inspect_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.__main__ import main

    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a = Workstation(a_dir)
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.attachments = []
    fiches.save(a.store, fiche)
    a.store.close()
    package = tmp_path / "envoi.essaim"
    assert main(["--data-dir", str(a_dir), "package", "export", "--all", "--to", "Poste B", "-o", str(package)]) == 0
    assert "(1 fiche, 0 scénario, 0 financement sollicité et 0 pièce jointe)" in capsys.readouterr().out
    assert main(["--data-dir", str(b_dir), "package", "inspect", str(package)]) == 0
    inspected = capsys.readouterr().out
    assert "1 nouveau" in inspected
    assert re.search(r"\(correspondant : .+\), créé le \d\d/\d\d/\d{4} \d\d:\d\d, format 1\.3", inspected)
    assert main(["--data-dir", str(b_dir), "package", "import", str(package), "--dry-run"]) == 0
    assert "rien n'a été importé" in capsys.readouterr().out
    assert main(["--data-dir", str(b_dir), "package", "import", str(package)]) == 0
    assert "Import terminé" in capsys.readouterr().out
    assert main(["--data-dir", str(b_dir), "package", "import", str(package)]) == 0
    assert "déjà à jour" in capsys.readouterr().out
    b = Workstation(b_dir)
    edit(b, fiche.id, summary="Version de B")
    b.store.close()
    a = Workstation(a_dir)
    edit(a, fiche.id, summary="Version de A")
    a.store.close()
    answer = tmp_path / "reponse.essaim"
    b = Workstation(b_dir)
    with b.store.read() as session:
        (peer,) = exchange_repository.peers(session)
        name = peer.name
    b.store.close()
    assert main(["--data-dir", str(b_dir), "package", "export", "--since-last-exchange", name, "-o", str(answer)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(a_dir), "package", "import", str(answer)]) == 1
    out = capsys.readouterr().out
    assert "[en conflit] fiche" in out and "champs : Résumé" in out
    assert main(["--data-dir", str(a_dir), "package", "import", str(answer), "--on-conflict", "theirs"]) == 0
    bad = tmp_path / "mauvais.essaim"
    bad.write_bytes(b"rien")
    assert main(["--data-dir", str(a_dir), "package", "import", str(bad)]) == 1
    assert "pas un paquet Essaim lisible" in capsys.readouterr().err


def test_command_line_names_the_station_and_its_correspondents(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from app.__main__ import main

    a_dir = tmp_path / "a"
    a = Workstation(a_dir)
    fiches.save(a.store, FicheData(id=str(uuid.uuid4()), title="Fiche", structure_name="CCAS"))
    a.store.close()
    assert main(["--data-dir", str(a_dir), "package", "correspondents"]) == 0
    assert "Aucun correspondant" in capsys.readouterr().out
    assert main(["--data-dir", str(a_dir), "package", "station", "--name", "  UDCCAS\tde l'Isère "]) == 0
    assert "Ce poste : « UDCCAS de l'Isère »" in capsys.readouterr().out
    assert main(["--data-dir", str(a_dir), "package", "station", "--name", "x" * 101]) == 1
    assert "100 caractères" in capsys.readouterr().err
    package = tmp_path / "p.essaim"
    assert main(["--data-dir", str(a_dir), "package", "export", "--all", "--to", "CCAS 1", "-o", str(package)]) == 0
    assert read_package(package, tmp_path).manifest["workstation"]["label"] == "UDCCAS de l'Isère"
    assert main(["--data-dir", str(a_dir), "package", "export", "--all", "--to", "CCAS 2",
                 "-o", str(package) + "2"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(a_dir), "package", "correspondents", "--rename", "CCAS 1", "CCAS 2"]) == 1
    assert "s'appelle déjà « CCAS 2 »" in capsys.readouterr().err
    assert main(["--data-dir", str(a_dir), "package", "correspondents", "--rename", "CCAS 1", "CCAS de Voiron"]) == 0
    assert main(["--data-dir", str(a_dir), "package", "correspondents"]) == 0
    listed = capsys.readouterr().out
    assert "CCAS de Voiron  —  dernier envoi : " in listed and "CCAS 1" not in listed.split("\n", 1)[1]
    assert main(["--data-dir", str(a_dir), "package", "export", "--since-last-exchange", "CCAS 2", "-o",
                 str(tmp_path / "rien.essaim")]) == 1
    assert "Rien n'a changé depuis le dernier échange avec « CCAS 2 »" in capsys.readouterr().err


KILLED_IMPORT = """
import sys, time
from pathlib import Path
from app.storage import exchange_repository
from app.storage.store import Store
from app.travelling import KINDS
from app.services.exchange import apply_import, plan_import
from app.sync.package_reader import read_package

original = exchange_repository.set_agreed

def slow_set_agreed(*args, **kwargs):
    # every record is written by now, inside the import's transaction, not yet committed
    original(*args, **kwargs)
    Path(sys.argv[3]).write_text("à mi-chemin")
    time.sleep(60)

exchange_repository.set_agreed = slow_set_agreed
store = Store.open(Path(sys.argv[1]))
plan = plan_import(store, read_package(Path(sys.argv[2])))
apply_import(store, Path(sys.argv[1]), plan)
"""


def test_a_process_killed_during_an_import_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from app.services.maintenance import run_check

    a = Workstation(tmp_path / "a")
    for n in range(12):
        fiche = full_fiche(str(uuid.uuid4()))
        fiche.attachments, fiche.title = [], f"Fiche {n}"
        fiches.save(a.store, fiche)
    package = a.export(tmp_path / "p.essaim")
    a.store.close()
    b = Workstation(tmp_path / "b")
    fiches.save(b.store, FicheData(id=str(uuid.uuid4()), title="Déjà là", structure_name="CCAS"))
    before = [s.title for s in fiches.search(b.store, FicheQuery())]
    b.store.close()
    marker = tmp_path / "marqueur"
    process = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(tmp_path / "b"), str(package), str(marker)],
                               cwd=Path(__file__).resolve().parent.parent)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None and time.monotonic() < deadline, "the import did not reach its middle"
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    b = Workstation(tmp_path / "b")
    try:
        assert [s.title for s in fiches.search(b.store, FicheQuery())] == before
    finally:
        b.store.close()
    assert run_check(tmp_path / "b").ok
