"""Catalogue packages: a UDCCAS sends schemes of its funding catalogue — a shipped scheme it edited, one of its own
additions, a local variant — to a CCAS, which previews, imports, resolves conflicts and undoes as for any package.
The CCAS's notes never move; the search index follows; a crafted scheme is refused and nothing changes."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import uuid
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.domain.codec import to_dict
from app.domain.fiche import FicheData
from app.domain.scheme_finder import FinderPage, SchemeQuery
from app.domain.schemes import Deadline, Scheme, SchemeOrigin
from app.services import fiches, history
from app.services.app_context import AppContext
from app.services.errors import NotFoundError
from app.services.exchange import (
    ImportPlan,
    NothingToSend,
    PackageRequest,
    apply_import,
    export_catalogue_package,
    export_package,
    last_import,
    open_package,
    record_hash,
    rename_workstation,
)
from app.services.funding import Finder
from app.services.funding_catalogue import catalogue_file, load_catalogue, scheme_id
from app.storage import scheme_repository
from app.storage.models import utcnow
from app.storage.session import KEEP_METADATA_KEY
from app.storage.store import Store
from app.sync.package_format import MANIFEST, PackageError
from app.travelling import KINDS
from tests.test_exchange import store_bytes

DLA = scheme_id("avise-dla")
CRIB = scheme_id("avise-crib")
SCHEMES = "records/schemes.json"


class Station:
    """A workstation whose store can be replaced by an undo (its `AppContext`)."""

    def __init__(self, folder: Path, label: str) -> None:
        self.context = AppContext.open(folder)
        rename_workstation(self.store, label)

    @property
    def store(self) -> Store:
        return self.context.open_store

    @property
    def data_dir(self) -> Path:
        return self.context.data_dir

    def save(self, scheme: Scheme) -> Scheme:
        with self.store.transaction() as session:
            scheme_repository.save(session, scheme)
        return scheme

    def scheme(self, wanted: str) -> Scheme:
        with self.store.read() as session:
            found = scheme_repository.load(session, wanted)
        assert found is not None, wanted
        return found

    def edit(self, wanted: str, **changes: Any) -> Scheme:
        return self.save(dataclasses.replace(self.scheme(wanted), **changes))

    def plan(self, path: Path) -> ImportPlan:
        return open_package(self.store, path)

    def receive(self, path: Path, **options: Any) -> dict[str, str]:
        with self.plan(path) as plan:
            apply_import(self.store, self.data_dir, plan, **options)
            return {entry.id: entry.status for entry in plan.entries}

    def found(self, text: str) -> set[str]:
        return found_ids(Finder(self.store).search(SchemeQuery(text=text)))


def found_ids(page: FinderPage) -> set[str]:
    """Every scheme found, the variants grouped under their national scheme included."""
    return {scheme.id for item in page.results for scheme in (item.scheme, *item.variants)}


def shared(scheme: Scheme) -> dict[str, Any]:
    """What travels of a scheme: all but the station's notes."""
    data: dict[str, Any] = to_dict(scheme)
    data.pop("notes")
    return data


def dump(store: Store) -> list[str]:
    """Every table and row of the store file, as SQL."""
    connection = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@dataclasses.dataclass
class Catalogue:
    edited: Scheme
    """A scheme of the shipped catalogue that the UDCCAS edited."""
    addition: Scheme
    """One of its own, with deadlines and exact amounts."""
    variant: Scheme
    """A local variant of a national scheme."""

    @property
    def ids(self) -> list[str]:
        return [self.edited.id, self.addition.id, self.variant.id]


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[tuple[Station, Station]]:
    udccas, ccas = Station(tmp_path / "udccas", "UDCCAS de l'Isère"), Station(tmp_path / "ccas", "CCAS de Voiron")
    yield udccas, ccas
    udccas.context.close(with_auto_backup=False)
    ccas.context.close(with_auto_backup=False)


def udccas_catalogue(udccas: Station) -> Catalogue:
    load_catalogue(udccas.store)
    edited = udccas.edit(DLA, description="En Isère, le DLA est porté par la fédération Odyssée : prendre contact "
                                          "six mois avant la demande.",
                         eligibility="Structures de l'ESS employeuses, CCAS compris.",
                         notes="Note interne de l'UDCCAS : voir avec Zébulon.")
    addition = udccas.save(Scheme(
        id=str(uuid.uuid4()), name="Fonds isérois pour l'innovation sociale des CCAS", short_name="FIISC",
        financers=["Département de l'Isère"], level="departemental", kinds=["appel_projets"],
        audiences=["ccas", "cias"], themes=["acces_droits", "bien_vieillir"], territories=["D38"],
        amount_min=Decimal("1500.50"), amount_max=Decimal("25000"), rate_max=Decimal("80"),
        deadlines=[Deadline(date(2026, 3, 31), "1re relève"), Deadline(date(2026, 10, 15), "2e relève")],
        description="Soutient les projets zéphyriens des CCAS de l'Isère.", notes="À relancer en janvier."))
    variant = udccas.save(Scheme(
        id=str(uuid.uuid4()), name="DLA départemental de l'Isère", level="departemental", kinds=["accompagnement"],
        territories=["D38"], parent_id=DLA, description="La déclinaison iséroise du dispositif, chez Odyssée."))
    return Catalogue(edited, addition, variant)


def members(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        return {name: json.loads(archive.read(name)) for name in archive.namelist()}


def test_a_catalogue_package_is_previewed_imported_found_and_leaves_the_notes_alone(
        stations: tuple[Station, Station], tmp_path: Path) -> None:
    udccas, ccas = stations
    sent = udccas_catalogue(udccas)
    load_catalogue(ccas.store)
    ccas.edit(DLA, notes="Vu avec Odalrique, chargée de mission.")
    outcome = export_catalogue_package(udccas.store, tmp_path / "catalogue.essaim", sent.ids)
    assert outcome.summary() == "un catalogue de 3 dispositifs" and outcome.counts["schemes"] == 3

    written = members(outcome.path)
    assert written[MANIFEST]["content"] == "catalogue" and written[MANIFEST]["scope"]["kind"] == "selection"
    assert set(written) == {MANIFEST, "records/fiches.json", SCHEMES} and written["records/fiches.json"] == []
    records = {record["id"]: record for record in written[SCHEMES]}
    assert all("notes" not in record["data"] for record in records.values()), "notes never travel"
    assert records[DLA]["data"]["origin"] == "catalogue" and records[DLA]["data"]["origin_key"] == "avise-dla"
    assert records[DLA]["origin_hash"] != record_hash(records[DLA]["data"]), "the UDCCAS edited the shipped scheme"
    assert "origin_hash" not in records[sent.addition.id], "its own addition came from no origin"
    assert records[sent.addition.id]["data"]["amount_min"] == "1500.50"
    assert records[sent.addition.id]["data"]["deadlines"][0] == {"on": "2026-03-31", "label": "1re relève"}

    with ccas.plan(outcome.path) as plan:
        assert plan.is_catalogue
        listed = {entry.id: (entry.kind_label, entry.title, entry.status) for entry in plan.entries}
        assert listed == {DLA: ("dispositif", sent.edited.name, "updated"),
                          sent.addition.id: ("dispositif", sent.addition.name, "new"),
                          sent.variant.id: ("dispositif", sent.variant.name, "new")}, \
            "the CCAS left the shipped scheme as shipped: the UDCCAS's edit is an update, not a conflict"
        (updated,) = [entry for entry in plan.entries if entry.status == "updated"]
        assert updated.changed_labels == ["Description", "Conditions d'éligibilité"]
        apply_import(ccas.store, ccas.data_dir, plan)

    for scheme_id_sent in sent.ids:
        assert shared(ccas.scheme(scheme_id_sent)) == shared(udccas.scheme(scheme_id_sent))
    addition = ccas.scheme(sent.addition.id)
    assert (addition.amount_min, addition.rate_max, addition.deadlines) == \
        (Decimal("1500.50"), Decimal("80"), sent.addition.deadlines)
    assert addition.notes == "" and ccas.scheme(DLA).notes == "Vu avec Odalrique, chargée de mission."
    assert ccas.scheme(sent.variant.id).parent_id == DLA
    with udccas.store.read() as mine, ccas.store.read() as theirs:
        for scheme_id_sent in sent.ids:
            here, there = scheme_repository.get(mine, scheme_id_sent), scheme_repository.get(theirs, scheme_id_sent)
            assert here is not None and there is not None
            assert (there.revision, there.workstation_id) == (here.revision, here.workstation_id)

    with ccas.store.read() as session:
        assert scheme_repository.news_of(session) == {sent.addition.id: "nouveau", sent.variant.id: "nouveau",
                                                      DLA: "modifie"}, "marked ● until seen, as after a file"
    assert ccas.found("zéphyriens") == {sent.addition.id}
    assert ccas.found("Odyssée") == {DLA, sent.variant.id}
    assert ccas.found("Odalrique") == {DLA}, "the index holds the CCAS's own notes, not the UDCCAS's"
    assert ccas.found("Zébulon") == set()

    again = load_catalogue(ccas.store)
    assert (again.added, again.deleted_here) == (0, 0), "the shipped scheme received is still found by its key"
    assert ccas.scheme(DLA).description == sent.edited.description, "the UDCCAS's edit stays against the catalogue"
    with ccas.store.read() as session:
        assert scheme_repository.by_origin(session, "catalogue")["avise-dla"].id == DLA


def test_a_ccas_without_the_catalogue_gets_the_schemes_and_loads_it_later(stations: tuple[Station, Station],
                                                                         tmp_path: Path) -> None:
    udccas, ccas = stations
    sent = udccas_catalogue(udccas)
    path = export_catalogue_package(udccas.store, tmp_path / "catalogue.essaim", sent.ids).path
    assert set(ccas.receive(path).values()) == {"new"}
    loaded = load_catalogue(ccas.store)
    assert loaded.added == 123 and loaded.kept == 1, "every shipped scheme but the one received"
    assert ccas.scheme(DLA).description == sent.edited.description
    assert len(Finder(ccas.store).schemes()) == 126


def test_a_scheme_the_udccas_did_not_edit_leaves_the_ccas_version_alone(stations: tuple[Station, Station],
                                                                        tmp_path: Path) -> None:
    udccas, ccas = stations
    load_catalogue(udccas.store)
    load_catalogue(ccas.store)
    newer = json.loads(catalogue_file().read_text(encoding="utf-8"))
    crib = next(entry for entry in newer["schemes"] if entry["key"] == "avise-crib")
    crib["description"] = "Description corrigée par une version plus récente d'Essaim."
    (tmp_path / "catalogue-plus-recent.json").write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    load_catalogue(ccas.store, tmp_path / "catalogue-plus-recent.json")
    ccas.edit(DLA, eligibility="Réservé aux CCAS du Trièves.")
    path = export_catalogue_package(udccas.store, tmp_path / "catalogue.essaim", [CRIB, DLA]).path
    assert ccas.receive(path) == {CRIB: "unchanged", DLA: "unchanged"}
    assert ccas.scheme(CRIB).description == crib["description"], "no older shipped version comes back"
    assert ccas.scheme(DLA).eligibility == "Réservé aux CCAS du Trièves."


@pytest.mark.parametrize("choice", ["theirs", "mine", "both"])
def test_a_scheme_both_edited_is_a_conflict_decided_kept_aside_and_the_import_undone(
        stations: tuple[Station, Station], tmp_path: Path, choice: str) -> None:
    udccas, ccas = stations
    sent = udccas_catalogue(udccas)
    load_catalogue(ccas.store)
    ccas.receive(export_catalogue_package(udccas.store, tmp_path / "un.essaim", sent.ids).path)
    ours = ccas.edit(DLA, eligibility="Réservé aux CCAS du Trièves.", notes="Nos notes.")
    theirs = udccas.edit(DLA, description="Version de l'UDCCAS, relue par Bérénice.")
    path = export_catalogue_package(udccas.store, tmp_path / "deux.essaim", [DLA]).path
    before = dump(ccas.store)

    with ccas.plan(path) as plan:
        (entry,) = plan.entries
        assert entry.status == "conflict" and entry.changed_labels == ["Description", "Conditions d'éligibilité"]
        apply_import(ccas.store, ccas.data_dir, plan, {DLA: choice})

    now = ccas.scheme(DLA)
    versions = history.kept_versions(ccas.store, DLA)
    kept, first = versions[0], versions[-1]
    assert "remplacée" in first.reason, "the first import replaced the shipped version the CCAS held"
    assert len(versions) == (1 if choice == "both" else 2) and now.notes == "Nos notes."
    assert kept.kind_label == "dispositif" and kept.title == sent.edited.name
    if choice == "theirs":
        assert shared(now) == shared(theirs) and "remplacée" in kept.reason
        assert ccas.found("Bérénice") == {DLA}
        history.bring_back(ccas.store, kept.id)
        assert shared(ccas.scheme(DLA)) == shared(ours) and ccas.scheme(DLA).notes == "Nos notes."
        assert ccas.found("Trièves") == {DLA} and ccas.found("Bérénice") == set()
        return
    assert shared(now) == shared(ours)
    if choice == "mine":
        assert "écartée" in kept.reason
    else:
        (copy,) = [scheme for scheme in Finder(ccas.store).schemes() if scheme.id not in (DLA, *sent.ids[1:])
                   and scheme.description == theirs.description]
        assert copy.name == f"{theirs.name} (version de UDCCAS de l'Isère)" and copy.notes == ""
        assert (copy.origin, copy.origin_key) == (SchemeOrigin.PAQUET.value, DLA)
        with ccas.store.read() as session:
            assert scheme_repository.by_origin(session, "catalogue")["avise-dla"].id == DLA

    found = last_import(ccas.store, ccas.data_dir)
    assert found is not None and found.undoable
    ccas.context.undo_last_import()
    assert dump(ccas.store) == before, "undoing the import puts every table back as it was"
    assert shared(ccas.scheme(DLA)) == shared(ours) and history.kept_versions(ccas.store, DLA) == [first]


def test_schemes_travel_in_catalogue_packages_only(stations: tuple[Station, Station], tmp_path: Path) -> None:
    udccas, _ccas = stations
    sent = udccas_catalogue(udccas)
    fiches.save(udccas.store, FicheData(id=str(uuid.uuid4()), title="Fiche de l'UDCCAS", structure_name="UDCCAS"))
    for scope, correspondent in (("all", ""), ("since_last_exchange", "CCAS de Voiron")):
        work = export_package(udccas.store, udccas.data_dir, PackageRequest(scope, correspondent=correspondent),
                              tmp_path / f"{scope}.essaim")
        assert work.summary() == "1 fiche, 0 scénario, 0 financement sollicité et 0 pièce jointe"
        written = members(work.path)
        assert SCHEMES not in written and "content" not in written[MANIFEST]
    with pytest.raises(NotFoundError, match=r"^Dispositif introuvable ou supprimé : inconnu\. Aucun paquet"):
        export_catalogue_package(udccas.store, tmp_path / "x.essaim", [sent.addition.id, "inconnu"])
    with udccas.store.transaction() as session:
        scheme_repository.delete(session, sent.variant.id)
    with pytest.raises(NotFoundError, match="introuvable ou supprimé"):
        export_catalogue_package(udccas.store, tmp_path / "x.essaim", [sent.variant.id])
    with pytest.raises(NothingToSend, match="Aucun dispositif choisi"):
        export_catalogue_package(udccas.store, tmp_path / "x.essaim", [])
    assert not (tmp_path / "x.essaim").exists()
    everything = export_catalogue_package(udccas.store, tmp_path / "tout-le-catalogue.essaim")
    assert everything.counts["schemes"] == 125 and everything.summary() == "un catalogue de 125 dispositifs"


def rewritten(path: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """The package at `path` with the content of its first scheme changed by `change`, its manifest kept true."""
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    records = json.loads(entries[SCHEMES])
    change(records[0]["data"])
    entries[SCHEMES] = json.dumps(records, ensure_ascii=False).encode("utf-8")
    manifest = json.loads(entries.pop(MANIFEST))
    manifest["members"][SCHEMES] = {"sha256": hashlib.sha256(entries[SCHEMES]).hexdigest(),
                                    "size": len(entries[SCHEMES])}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        archive.writestr(MANIFEST, json.dumps(manifest))
    return target


@pytest.mark.parametrize(("field", "value", "refusal"), [
    ("amount_min", "-500", "Le montant ne peut pas être négatif."),
    ("level", "<b>Niveau inventé</b>", "Niveau : « <b>Niveau inventé</b> » n'est pas un code"),
    ("rate_max", "150", "Un taux va de 0 à 100 %."),
    ("status", "peut-etre", "État inconnu « peut-etre »"),
    ("deadlines", [{"on": "31/03/2026", "label": "Clôture"}], "date invalide"),
    ("description", "x" * 200_000, "Description : texte trop long (200 000 caractères ; au plus 100 000)."),
    ("description", os.urandom(5_000_000).hex(), "a un champ de plus de 1 000 000 caractères"),
])
def test_a_crafted_scheme_is_refused_in_french_and_nothing_changes(
        stations: tuple[Station, Station], tmp_path: Path, field: str, value: object, refusal: str) -> None:
    udccas, ccas = stations
    sent = udccas_catalogue(udccas)
    load_catalogue(ccas.store)
    path = export_catalogue_package(udccas.store, tmp_path / "catalogue.essaim", [sent.addition.id]).path
    crafted = rewritten(path, tmp_path / "trafique.essaim", lambda data: data.update({field: value}))
    before = store_bytes(ccas.store)
    with pytest.raises(PackageError) as refused:
        ccas.plan(crafted)
    message = " ".join(str(refused.value).split())
    assert " ".join(refusal.split()) in message and "rien n'a été importé" in message
    assert store_bytes(ccas.store) == before and not list((ccas.data_dir / "sauvegardes").glob("avant-import-*"))
    with ccas.store.read() as session:
        assert scheme_repository.load(session, sent.addition.id) is None


def test_a_code_of_a_newer_version_is_kept_and_notes_received_are_ignored(stations: tuple[Station, Station],
                                                                          tmp_path: Path) -> None:
    udccas, ccas = stations
    sent = udccas_catalogue(udccas)
    path = export_catalogue_package(udccas.store, tmp_path / "catalogue.essaim", [sent.addition.id]).path
    crafted = rewritten(path, tmp_path / "plus-recent.essaim",
                        lambda data: data.update({"level": "metropolitain", "notes": "Glissée dans le paquet"}))
    assert ccas.receive(crafted) == {sent.addition.id: "new"}
    assert (ccas.scheme(sent.addition.id).level, ccas.scheme(sent.addition.id).notes) == ("metropolitain", "")


def test_every_write_path_of_the_kind_keeps_the_notes_and_the_search_index(stations: tuple[Station, Station]) -> None:
    _udccas, ccas = stations
    storage = KINDS["scheme"].storage
    first = Scheme(id=str(uuid.uuid4()), name="Fonds Quenotte", description="Première version.")
    second = Scheme(id=str(uuid.uuid4()), name="Prix Pimprenelle")
    arrived = {"revision": 3, "created_at": utcnow(), "updated_at": utcnow(), "workstation_id": str(uuid.uuid4())}

    def received(write: Callable[[Any], None], *written: Scheme) -> None:
        """`write` in a transaction of an import, then the derived data of what it wrote."""
        with ccas.store.transaction() as session:
            session.info[KEEP_METADATA_KEY] = True
            write(session)
            storage.after_write(session, list(written))

    received(lambda session: storage.insert_many(session, [first, second], [arrived, arrived]), first, second)
    assert (ccas.found("Quenotte"), ccas.found("Pimprenelle")) == ({first.id}, {second.id})
    ccas.edit(first.id, notes="Appeler Hippolyte.")
    changed = dataclasses.replace(first, description="Seconde version, relue par Ursuline.")
    received(lambda session: storage.replace_many(session, [changed], [arrived]), changed)
    assert (ccas.scheme(first.id).notes, ccas.scheme(first.id).description) == ("Appeler Hippolyte.",
                                                                                 changed.description)
    assert ccas.found("Ursuline") == ccas.found("Hippolyte") == {first.id} and ccas.found("Première") == set()
    renamed = dataclasses.replace(changed, name="Fonds Quenotte rénové")
    received(lambda session: storage.save(session, renamed, new=False), renamed)
    assert ccas.scheme(first.id).notes == "Appeler Hippolyte." and ccas.found("rénové") == {first.id}
    received(lambda session: storage.tombstone(session, second.id))
    assert ccas.found("Pimprenelle") == set()
    with ccas.store.read() as session:
        assert scheme_repository.get(session, second.id) is None


def test_the_receive_panel_lists_the_schemes_of_a_catalogue_package(  # type: ignore[no-untyped-def]
        qtbot, window, tmp_path: Path, message_boxes) -> None:
    from app.gui.exchange.preview_dialog import ImportPreviewDialog
    from app.gui.exchange.workspace import ExchangesWorkspace

    udccas = Station(tmp_path / "udccas", "UDCCAS de l'Isère")
    sent = udccas_catalogue(udccas)
    path = export_catalogue_package(udccas.store, tmp_path / "catalogue.essaim", sent.ids).path
    udccas.context.close(with_auto_backup=False)
    exchanges = window.page("echanges")
    assert isinstance(exchanges, ExchangesWorkspace)
    exchanges.receive.import_package(path)
    preview = exchanges.receive.preview
    assert isinstance(preview, ImportPreviewDialog)
    assert preview.findChild(type(preview.summary), "importOrigin").text().startswith(
        "Paquet de catalogue de « UDCCAS de l'Isère »")
    rows = {preview.table.item(row, 1).text() for row in range(preview.table.rowCount())}
    assert rows == {f"dispositif « {name} »" for name in (sent.edited.name, sent.addition.name, sent.variant.name)}
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert message_boxes.kinds()[-1] == "information"
    with window.context.store.read() as session:
        assert scheme_repository.load(session, sent.addition.id) is not None
