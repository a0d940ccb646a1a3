import json
import uuid
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.__main__ import main
from app.domain.fiche import Contact, FicheData, Partner
from app.domain.fiche_search import FicheQuery
from app.services import fiches
from app.services.attachments import AttachmentError, blob_path, import_file
from app.services.errors import ValidationError
from app.services.examples import load_examples, read_examples
from app.storage import fiche_repository
from app.storage.models import Fiche
from app.storage.store import Store
from tests.fiche_factory import fiches as fiche_strategy
from tests.fiche_factory import full_fiche


def titles(store: Store, **query) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.title for row in fiches.search(store, FicheQuery(**query))]


def test_every_field_survives_save_and_reload(store: Store) -> None:
    original = full_fiche()
    assert all(getattr(original, f.name) not in ("", [], None) for f in fields(FicheData)
               if f.name not in ("materials_ready", "is_example")), "the factory fills every field"
    fiches.save(store, original)
    assert fiches.load(store, original.id) == original


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=fiche_strategy)
def test_generated_fiches_survive_save_and_reload(store: Store, generated: FicheData) -> None:
    fiches.save(store, generated)
    assert fiches.load(store, generated.id) == generated


def test_saving_an_unchanged_fiche_makes_no_new_revision(store: Store) -> None:
    saved = fiches.save(store, full_fiche())
    fiches.save(store, saved)
    with store.read() as session:
        assert session.get(Fiche, saved.id).revision == 1
    saved.partners[0].contribution = "Denrées et bénévoles"
    fiches.save(store, saved)
    with store.read() as session:
        assert session.get(Fiche, saved.id).revision == 2


def test_invalid_fiche_is_refused_with_french_messages_and_nothing_written(store: Store) -> None:
    bad = full_fiche()
    bad.title = "  "
    bad.contacts = [Contact("X", "", "pas-un-mail", "abc")]
    with pytest.raises(ValidationError) as raised:
        fiches.save(store, bad)
    fields_in_error = {error.field for error in raised.value.errors}
    assert fields_in_error == {"title", "contacts.0.email", "contacts.0.phone"}
    assert "Le titre est obligatoire." in str(raised.value)
    assert titles(store) == []


@pytest.fixture
def searchable(store: Store) -> Store:
    grenoble = FicheData(id="", title="Plateforme précarité énergétique", structure_name="CCAS de Grenoble",
                         structure_type="ccas", departement="Isère", region="Auvergne-Rhône-Alpes",
                         stage="en_essaimage",
                         themes=["precarite_energetique"], scaling_models=["duplication_souple"], status="validee",
                         partners=[Partner(name="Compagnons Bâtisseurs")])
    garage = FicheData(id="", title="Garage solidaire", structure_name="Convergences Plurielles",
                       structure_type="association", departement="Nord", region="Hauts-de-France", stage="consolidee",
                       themes=["mobilite", "emploi_insertion"], scaling_models=["duplication_souple"],
                       contacts=[Contact(name="Soufiane Iquioussen")])
    epicerie = FicheData(id="", title="Épicerie solidaire", structure_name="CCAS d'Échirolles", structure_type="ccas",
                         departement="Isère", region="Auvergne-Rhône-Alpes", stage="experimentation",
                         themes=["alimentation"], scaling_models=["fertilisation"])
    for fiche in (grenoble, garage, epicerie):
        fiches.save(store, fiche)
    return store


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("precarite energetique", ["Plateforme précarité énergétique"]),
        ("PRÉCARITÉ", ["Plateforme précarité énergétique"]),
        ("préc éner", ["Plateforme précarité énergétique"]),
        ("batisseurs", ["Plateforme précarité énergétique"]),
        ("iquiou", ["Garage solidaire"]),
        ("solidaire", ["Épicerie solidaire", "Garage solidaire"]),
        ("echirolles", ["Épicerie solidaire"]),
        ("mobilité", ["Garage solidaire"]),
        ("introuvable", []),
        ("", ["Épicerie solidaire", "Garage solidaire", "Plateforme précarité énergétique"]),
    ],
)
def test_search_ignores_case_and_accents_and_matches_prefixes(searchable: Store, text: str,
                                                              expected: list[str]) -> None:
    assert titles(searchable, text=text) == expected


def test_filters_combine(searchable: Store) -> None:
    assert titles(searchable, structure_types={"ccas"}) == ["Épicerie solidaire", "Plateforme précarité énergétique"]
    assert titles(searchable, structure_types={"ccas"}, scaling_models={"duplication_souple"}) == [
        "Plateforme précarité énergétique"]
    assert titles(searchable, departement="Isère", stages={"experimentation"}) == ["Épicerie solidaire"]
    assert titles(searchable, themes={"mobilite"}, region="Hauts-de-France") == ["Garage solidaire"]
    assert titles(searchable, text="solidaire", statuses={"validee"}) == []
    assert titles(searchable, themes={"alimentation", "mobilite"}) == ["Épicerie solidaire", "Garage solidaire"]


def test_spellings_of_a_place_are_one_filter_value_that_finds_them_all(searchable: Store) -> None:
    for title, departement, region in (("Jardin", "Isere", "auvergne-rhone-alpes"), ("Atelier", " ISÈRE ", ""),
                                       ("Bus", "Cotes d'Armor", "Bretagne"), ("Halle", "Côtes-d'Armor", "bretagne")):
        fiches.save(searchable, FicheData(id="", title=title, structure_name="CCAS", departement=departement,
                                          region=region))
    departements, regions = fiches.places(searchable)
    assert departements == ["Côtes-d'Armor", "Isère", "Nord"], "one value per place, in its accented spelling"
    assert regions == ["Auvergne-Rhône-Alpes", "Bretagne", "Hauts-de-France"]
    isere = ["Atelier", "Épicerie solidaire", "Jardin", "Plateforme précarité énergétique"]
    assert titles(searchable, departement="Isère") == isere
    assert titles(searchable, departement="isere") == isere
    assert titles(searchable, departement="Côtes-d'Armor") == ["Bus", "Halle"]
    assert titles(searchable, region="Auvergne-Rhône-Alpes") == ["Épicerie solidaire", "Jardin",
                                                                 "Plateforme précarité énergétique"]
    assert titles(searchable, departement="Isère", region="Bretagne") == []


def test_sorting(searchable: Store) -> None:
    assert titles(searchable, sort_key="title", descending=True)[0] == "Plateforme précarité énergétique"
    assert titles(searchable, sort_key="stage") == [
        "Épicerie solidaire", "Garage solidaire", "Plateforme précarité énergétique"]
    assert titles(searchable, sort_key="structure_name") == [  # CCAS d’Échirolles, CCAS de Grenoble, Convergences
        "Épicerie solidaire", "Plateforme précarité énergétique", "Garage solidaire"]


def test_trash_hides_then_restores_and_emptying_leaves_a_tombstone(searchable: Store) -> None:
    garage = next(r for r in fiches.search(searchable, FicheQuery(text="garage")))
    fiches.move_to_trash(searchable, garage.id)
    assert titles(searchable, text="garage") == []
    assert titles(searchable, in_trash=True) == ["Garage solidaire"]
    fiches.restore_from_trash(searchable, garage.id)
    assert titles(searchable, text="garage") == ["Garage solidaire"]
    fiches.move_to_trash(searchable, garage.id)
    assert fiches.empty_trash(searchable) == 1
    assert titles(searchable, in_trash=True) == []
    with searchable.read() as session:
        tombstone = session.get(Fiche, garage.id)
        assert tombstone.deleted_at is not None and tombstone.contacts == []


def test_duplicate_makes_an_independent_draft(searchable: Store) -> None:
    source = fiches.search(searchable, FicheQuery(text="garage"))[0]
    twin = fiches.duplicate(searchable, source.id)
    assert twin.id != source.id and twin.title == "Copie de Garage solidaire" and twin.status == "brouillon"
    assert fiches.load(searchable, twin.id).contacts == fiches.load(searchable, source.id).contacts


def test_erasing_personal_data_removes_contacts_only(searchable: Store) -> None:
    garage = fiches.search(searchable, FicheQuery(text="garage"))[0]
    assert fiches.erase_personal_data(searchable, garage.id) == 1
    reloaded = fiches.load(searchable, garage.id)
    assert reloaded.contacts == [] and reloaded.title == "Garage solidaire"
    assert titles(searchable, text="iquioussen") == []


def test_attachment_is_stored_once_by_content_and_size_is_limited(store: Store, tmp_path: Path) -> None:
    first = tmp_path / "plaquette.pdf"
    first.write_bytes(b"%PDF-1.4 contenu" * 100)
    same = tmp_path / "copie.pdf"
    same.write_bytes(first.read_bytes())
    a = import_file(store.data_dir, first)
    b = import_file(store.data_dir, same)
    assert a.sha256 == b.sha256 and a.file_name == "plaquette.pdf" and b.file_name == "copie.pdf"
    assert blob_path(store.data_dir, a.sha256).read_bytes() == first.read_bytes()
    assert len(list(blob_path(store.data_dir, a.sha256).parent.iterdir())) == 1
    big = tmp_path / "gros.bin"
    big.write_bytes(b"0" * 2048)
    with pytest.raises(AttachmentError, match="ne peut dépasser"):
        import_file(store.data_dir, big, max_bytes=1024)


def test_examples_are_rich_load_once_and_are_marked(store: Store) -> None:
    examples = read_examples()
    assert len(examples) >= 12
    assert load_examples(store).added == len(examples)
    outcome = load_examples(store)
    assert outcome.added == 0 and outcome.already_there == len(examples)
    rows = fiches.search(store, FicheQuery())
    assert len(rows) == len(examples) and all(row.is_example for row in rows)
    from app.services import grid
    with_grids = [fiche for fiche, scenarios in examples if scenarios]
    assert len(with_grids) >= 6
    champ_commun = next(f for f, _ in examples if f.title.startswith("Champ Commun"))
    funding = [line.amount for line in grid.find(store, champ_commun.id).lines if line.block == "financements"]
    assert 36340 in funding, "the crowdfunding of the source is in the example grid"
    assert any(s.illustrative for _, scenarios in examples for s in scenarios), "illustrative grids are marked"
    grenoble = fiches.search(store, FicheQuery(text="grenoble guichet"))[0]
    assert fiches.load(store, grenoble.id).structure_type == "ccas"


def test_fiche_commands(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples", "load"]) == 0
    assert "14 fiches d’exemple ajoutées, 0 déjà à jour." in capsys.readouterr().out
    assert main(["fiche", "list", "--search", "garage", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [row["title"] for row in listed] == [
        "Garage solidaire du Hainaut : réparer et vendre des véhicules à bas coût pour l'emploi"]
    assert main(["fiche", "show", listed[0]["id"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {f.name for f in fields(FicheData)} <= set(shown)
    assert shown["partners"][1]["name"] == "Nord Actif"
    assert main(["fiche", "show", listed[0]["id"][:8]]) == 0
    text = capsys.readouterr().out
    assert "== Partenaires ==" in text and "Nord Actif" in text
    assert main(["fiche", "show", "ffffffff"]) == 1
    assert "Aucune fiche" in capsys.readouterr().err


@pytest.mark.parametrize("sort_key", ["title", "structure_name", "departement", "stage", "updated_at"])
@pytest.mark.parametrize("descending", [False, True])
def test_the_lazy_list_path_gives_the_same_order_as_the_full_search(searchable: Store, sort_key: str,
                                                                    descending: bool) -> None:
    query = FicheQuery(sort_key=sort_key, descending=descending)
    full = fiches.search(searchable, query)
    ids = fiches.search_ids(searchable, query)
    assert ids == [row.id for row in full]
    assert fiches.summaries(searchable, ids) == {row.id: row for row in full}


def test_live_summaries_leave_out_the_trash(searchable: Store) -> None:
    ids = fiches.search_ids(searchable, FicheQuery())
    fiches.move_to_trash(searchable, ids[0])
    assert set(fiches.summaries(searchable, ids)) == set(ids)
    assert set(fiches.summaries(searchable, ids, live_only=True)) == set(ids[1:])


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=st.lists(fiche_strategy, max_size=4, unique_by=lambda fiche: fiche.id))
def test_reading_every_fiche_at_once_gives_what_each_load_gives(store: Store, generated: list[FicheData]) -> None:
    """The index rebuild after a migration reads the whole store with plain queries: the same fiches, field for
    field, as one by one (the trash included, tombstones left out)."""
    trashed, gone = full_fiche(str(uuid.uuid4())), full_fiche(str(uuid.uuid4()))
    for fiche in [trashed, gone, *generated]:
        fiches.save(store, fiche)
    fiches.move_to_trash(store, trashed.id)
    with store.transaction() as session:
        fiche_repository.make_tombstone(session, gone.id)
    with store.read() as session:
        every = {fiche.id: fiche for fiche in fiche_repository.load_all(session)}
        assert trashed.id in every and gone.id not in every
        assert every == {fiche_id: fiche_repository.load(session, fiche_id) for fiche_id in every}
