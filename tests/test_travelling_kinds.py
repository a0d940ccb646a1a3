"""A kind registered by a test travels like the built-in ones, with no edit to the exchange code.

The « note » below has a table of its own (created by the test on its own declarative base), belongs
to a fiche, and is registered only for the duration of each test.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.domain.fiche import FicheData
from app.services import fiches, history
from app.services.exchange import PackageRequest, apply_import, export_package, last_import, open_package
from app.storage.changes import Change
from app.storage.kind_storage import FlatStorage
from app.storage.models import TravellingRecord
from app.storage.store import Store
from app.travelling import KINDS, TravellingKind


class NoteBase(DeclarativeBase):
    pass


class NoteRow(TravellingRecord, NoteBase):
    __tablename__ = "test_note"
    change = Change.FICHE
    fiche_id: Mapped[str] = mapped_column(String(36))
    text: Mapped[str] = mapped_column(Text, default="")


@dataclass
class Note:
    id: str = ""
    fiche_id: str = ""
    text: str = ""


NOTE = TravellingKind(
    name="note", label="note", plural_label="notes", count_key="notes", member="records/notes.json",
    domain_class=Note, storage=FlatStorage(NoteRow, Note), field_labels={"text": "Texte"}, title_field="text",
    parent="fiche", parent_field="fiche_id", schema={"required": ["text"], "properties": {"text": {"type": "string"}}},
)


class Station:
    def __init__(self, folder: Path) -> None:
        self.data_dir = folder
        self.store = Store.open(folder)
        NoteBase.metadata.create_all(self.store.engine)

    def write_note(self, note: Note, new: bool = False) -> None:
        with self.store.transaction() as session:
            NOTE.storage.save(session, note, new=new)

    def note(self, note_id: str) -> Note | None:
        with self.store.read() as session:
            row = session.get(NoteRow, note_id)
            return None if row is None else NOTE.storage.to_domain(row)

    def send(self, path: Path) -> Path:
        export_package(self.store, self.data_dir, PackageRequest("all", correspondent="l'autre"), path)
        return path

    def receive(self, path: Path, **options: object) -> dict[str, str]:
        with open_package(self.store, path) as plan:
            statuses = {entry.id: entry.status for entry in plan.entries}
            apply_import(self.store, self.data_dir, plan, **options)  # type: ignore[arg-type]
        return statuses


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[tuple[Station, Station]]:
    with KINDS.registered(NOTE):
        a, b = Station(tmp_path / "a"), Station(tmp_path / "b")
        yield a, b
        a.store.close()
        b.store.close()
    assert "note" not in KINDS


def test_a_registered_kind_travels_with_its_fiche(stations: tuple[Station, Station], tmp_path: Path) -> None:
    a, b = stations
    fiche = fiches.save(a.store, FicheData(id=str(uuid.uuid4()), title="Épicerie solidaire", structure_name="CCAS"))
    note = Note(str(uuid.uuid4()), fiche.id, "Appeler la Banque alimentaire")
    a.write_note(note, new=True)
    package = a.send(tmp_path / "avec-note.essaim")
    with zipfile.ZipFile(package) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        sent = json.loads(archive.read("records/notes.json"))
    assert manifest["counts"]["notes"] == 1 and [record["data"]["text"] for record in sent] == [note.text]
    assert b.receive(package) == {fiche.id: "new", note.id: "new"}
    assert b.note(note.id) == note
    with a.store.read() as sa, b.store.read() as sb:
        mine, theirs = sa.get(NoteRow, note.id), sb.get(NoteRow, note.id)
        assert mine is not None and theirs is not None
        assert (theirs.revision, theirs.workstation_id) == (mine.revision, mine.workstation_id)


def shared_note(a: Station, b: Station, path: Path, title: str, text: str) -> tuple[str, Note]:
    """A fiche with a note, written on `a` and received by `b`: (the fiche's id, the note)."""
    fiche = fiches.save(a.store, FicheData(id=str(uuid.uuid4()), title=title, structure_name="CCAS"))
    note = Note(str(uuid.uuid4()), fiche.id, text)
    a.write_note(note, new=True)
    b.receive(a.send(path))
    return fiche.id, note


def test_a_registered_kind_conflicts_is_kept_aside_and_comes_back(stations: tuple[Station, Station],
                                                                  tmp_path: Path) -> None:
    a, b = stations
    fiche_id, note = shared_note(a, b, tmp_path / "1.essaim", "Jardin partagé", "Première version")
    a.write_note(Note(note.id, fiche_id, "Version du poste A"))
    b.write_note(Note(note.id, fiche_id, "Version du poste B"))
    statuses = b.receive(a.send(tmp_path / "2.essaim"), on_conflict="mine")
    assert statuses[note.id] == "conflict"
    assert b.note(note.id) == Note(note.id, fiche_id, "Version du poste B")
    (kept,) = history.kept_versions(b.store, note.id)
    assert (kept.kind_label, kept.title) == ("note", "Version du poste A")
    history.bring_back(b.store, kept.id)
    assert b.note(note.id) == Note(note.id, fiche_id, "Version du poste A")
    replaced = history.kept_versions(b.store, note.id)[0]
    assert replaced.title == "Version du poste B" and "rétablie" in replaced.reason


def test_a_change_to_a_registered_kind_moves_the_undo_fingerprint(stations: tuple[Station, Station],
                                                                  tmp_path: Path) -> None:
    a, b = stations
    fiche_id, note = shared_note(a, b, tmp_path / "navette.essaim", "Navette seniors", "Horaires à revoir")
    found = last_import(b.store, b.data_dir)
    assert found is not None and found.undoable
    b.write_note(Note(note.id, fiche_id, "Horaires revus avec le transporteur"))
    found = last_import(b.store, b.data_dir)
    assert found is not None and not found.undoable, "an undo would erase the note written after the import"


def test_a_table_nobody_registered_still_moves_the_undo_fingerprint(stations: tuple[Station, Station],
                                                                    tmp_path: Path) -> None:
    a, b = stations
    fiches.save(a.store, FicheData(id=str(uuid.uuid4()), title="Halte répit", structure_name="CCAS"))
    b.receive(a.send(tmp_path / "halte.essaim"))
    with b.store.transaction() as session:
        session.connection().exec_driver_sql("CREATE TABLE local_memo (key TEXT PRIMARY KEY, value TEXT)")
        session.connection().exec_driver_sql("INSERT INTO local_memo VALUES ('a', 'un')")
    snapshot = last_import(b.store, b.data_dir)
    assert snapshot is not None and not snapshot.undoable


def test_a_package_member_of_a_kind_this_version_does_not_know_is_refused(tmp_path: Path) -> None:
    with KINDS.registered(NOTE):
        station = Station(tmp_path / "a")
        fiche = fiches.save(station.store, FicheData(id=str(uuid.uuid4()), title="Café des aidants",
                                                     structure_name="CCAS"))
        station.write_note(Note(str(uuid.uuid4()), fiche.id, "Lieu : médiathèque"), new=True)
        package = station.send(tmp_path / "notes.essaim")
    station.store.close()
    other = Store.open(tmp_path / "b")
    try:
        from app.sync.package_format import PackageError

        with pytest.raises(PackageError, match="élément inconnu"):
            open_package(other, package)
    finally:
        other.close()


def test_registering_refuses_what_would_break_packages() -> None:
    with pytest.raises(ValueError, match="already registered"):
        KINDS.register(TravellingKind(**{**vars(NOTE), "name": "fiche"}))
    with pytest.raises(ValueError, match="parent"):
        KINDS.register(TravellingKind(**{**vars(NOTE), "parent": "inconnu"}))
    with pytest.raises(ValueError, match="taken"):
        KINDS.register(TravellingKind(**{**vars(NOTE), "member": "records/fiches.json"}))
    with pytest.raises(ValueError, match="must match"):
        KINDS.register(TravellingKind(**{**vars(NOTE), "name": "Note-à-jour"}))
    assert KINDS.names() == ("fiche", "scenario", "shortlist", "scheme", "lab", "lab_item")


def test_the_format_documentation_names_every_member_and_count() -> None:
    documentation = (Path(__file__).parent.parent / "docs" / "package-format.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"`{kind.member}`" in documentation and f'"{kind.count_key}"' in documentation
