"""A catalogue update by file as a user meets it: what the preview says, what applying changes, and what it never
touches (the user's edits and notes, a scheme on a shortlist, a scheme deleted here)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.domain.fiche import FicheData
from app.domain.scheme_finder import SchemeQuery
from app.domain.schemes import Deadline, Scheme, SchemeOrigin
from app.imports.incoming import CatalogueFile, FileProblem, IncomingScheme, incoming_id
from app.services import catalogue_update as update
from app.services import fiches, shortlist
from app.services.funding import Finder, load_scheme
from app.storage import scheme_repository
from app.storage.store import Store

AT = SchemeOrigin.AIDES_TERRITOIRES.value
TODAY = date(2026, 11, 26)


def aid(key: str, name: str, updated: datetime | None = None, **values: Any) -> IncomingScheme:
    values = {"level": "national", "kinds": ["subvention"], "audiences": ["commune", "public-org"],
              "themes": ["precarite_energetique"], **values}
    scheme = Scheme(name=name, origin=AT, origin_key=key, **values)
    return IncomingScheme(scheme, raw={"id": int(key), "name": name}, updated=updated, place=f"aide {key}")


def at_file(*schemes: IncomingScheme, complete: bool = False,
            problems: list[FileProblem] | None = None) -> CatalogueFile:
    return CatalogueFile(AT, "Aides-territoires", list(schemes), problems or [], complete)


MAY = datetime(2026, 5, 1, tzinfo=UTC)
JUNE = datetime(2026, 6, 1, tzinfo=UTC)
ENERGY = aid("101", "Fonds précarité énergétique", MAY, amount_max=Decimal(20000), description="Aide aux visites.")
SENIORS = aid("102", "Bien vieillir chez soi", MAY, deadlines=[Deadline(date(2026, 12, 15), "Date limite")])


def fingerprint(store: Store) -> str:
    return hashlib.sha256(store.path.read_bytes()).hexdigest()


def test_new_schemes_are_added_marked_new_and_a_second_import_changes_nothing(store: Store) -> None:
    first = update.preview(store, at_file(ENERGY, SENIORS), TODAY)
    assert [incoming.scheme.name for incoming in first.new] == ["Fonds précarité énergétique",
                                                                "Bien vieillir chez soi"]
    outcome = update.apply(store, first, today=TODAY)
    assert (outcome.added, outcome.updated) == (2, 0) and outcome.backup is not None and outcome.backup.exists()
    energy = load_scheme(store, incoming_id(AT, "101"))
    assert energy.amount_max == Decimal(20000) and energy.origin == AT and energy.origin_key == "101"
    with store.read() as session:
        assert scheme_repository.news_of(session) == {incoming_id(AT, "101"): "nouveau",
                                                      incoming_id(AT, "102"): "nouveau"}
        row = scheme_repository.get(session, energy.id)
        assert row is not None and '"id": 101' in (row.raw or "") and row.source_updated == MAY
    before = fingerprint(store)
    again = update.preview(store, at_file(ENERGY, SENIORS), TODAY)
    assert again.nothing_to_do and len(again.unchanged) == 2
    assert update.apply(store, again, today=TODAY).backup is None
    assert fingerprint(store) == before, "re-importing the same file changes nothing"


def test_an_update_takes_what_the_user_left_and_shows_what_the_user_edited(store: Store) -> None:
    update.apply(store, update.preview(store, at_file(ENERGY), TODAY), today=TODAY)
    mine = load_scheme(store, incoming_id(AT, "101"))
    with store.transaction() as session:
        scheme_repository.save(session, replace(mine, description="Nos visites à domicile, notre texte.",
                                                notes="Contact pris avec la DDETS."))
    newer = aid("101", "Fonds précarité énergétique", JUNE, amount_max=Decimal(25000),
                description="Aide aux visites à domicile (2027).")
    result = update.preview(store, at_file(newer), TODAY)
    (change,) = result.changed
    assert change.taken == ("amount_max",) and change.conflicts == ("description",)
    assert change.mine["description"] == "Nos visites à domicile, notre texte."
    update.apply(store, result, today=TODAY)
    kept = load_scheme(store, mine.id)
    assert kept.amount_max == Decimal(25000), "a field the user left takes the new value"
    assert kept.description == "Nos visites à domicile, notre texte.", "a field the user edited stays the user's"
    assert kept.notes == "Contact pris avec la DDETS.", "notes are never touched"
    newest = aid("101", "Fonds précarité énergétique", datetime(2026, 7, 1, tzinfo=UTC), amount_max=Decimal(25000),
                 description="Aide aux visites à domicile (2028).")
    result = update.preview(store, at_file(newest), TODAY)
    assert result.changed[0].conflicts == ("description",)
    update.apply(store, result, update.Decisions(theirs={mine.id: {"description"}}), today=TODAY)
    assert load_scheme(store, mine.id).description == "Aide aux visites à domicile (2028).", "the user chose theirs"


def test_an_older_record_than_the_one_held_changes_nothing(store: Store) -> None:
    update.apply(store, update.preview(store, at_file(replace(ENERGY, updated=JUNE)), TODAY), today=TODAY)
    stale = aid("101", "Fonds précarité énergétique", MAY, amount_max=Decimal(1000))
    result = update.preview(store, at_file(stale), TODAY)
    assert [incoming.place for incoming in result.older] == ["aide 101"] and result.nothing_to_do
    assert load_scheme(store, incoming_id(AT, "101")).amount_max == Decimal(20000)


def test_a_scheme_no_longer_published_is_marked_never_deleted_even_on_a_shortlist(store: Store) -> None:
    update.apply(store, update.preview(store, at_file(ENERGY, SENIORS, complete=True), TODAY), today=TODAY)
    fiche = fiches.save(store, FicheData(title="Visites énergie", structure_name="CCAS de Vif"))
    shortlist.add(store, fiche.id, incoming_id(AT, "102"))
    partial = update.preview(store, at_file(ENERGY), TODAY)
    assert partial.gone == [], "a partial file says nothing of what it does not list"
    result = update.preview(store, at_file(ENERGY, complete=True), TODAY)
    assert result.gone == [(incoming_id(AT, "102"), "Bien vieillir chez soi")]
    assert update.apply(store, result, today=TODAY).unpublished == 1
    assert load_scheme(store, incoming_id(AT, "102")).name == "Bien vieillir chez soi", "still there"
    assert [entry.scheme_id for entry in shortlist.entries(store, fiche.id)] == [incoming_id(AT, "102")]
    with store.read() as session:
        assert scheme_repository.unpublished_of(session) == {incoming_id(AT, "102"): TODAY}
    again = update.preview(store, at_file(ENERGY, SENIORS, complete=True), TODAY)
    assert again.back == [incoming_id(AT, "102")]
    update.apply(store, again, today=TODAY)
    with store.read() as session:
        assert scheme_repository.unpublished_of(session) == {}, "published again"


def test_a_scheme_already_held_from_another_origin_is_linked_not_doubled(store: Store) -> None:
    with store.transaction() as session:
        shipped = Scheme(id="0000aaaa-0000-4000-8000-000000000001", name="Fonds précarité énergétique",
                         origin=SchemeOrigin.CATALOGUE.value, origin_key="fonds-energie", level="regional",
                         description="Texte du catalogue d'Essaim.")
        scheme_repository.save(session, shipped)
    result = update.preview(store, at_file(ENERGY, SENIORS), TODAY)
    (duplicate,) = result.duplicates
    assert (duplicate.scheme_id, duplicate.origin) == (shipped.id, SchemeOrigin.CATALOGUE.value)
    outcome = update.apply(store, result, today=TODAY)
    assert (outcome.added, outcome.linked) == (1, 1)
    assert len(Finder(store).schemes()) == 2, "one scheme, not two"
    assert load_scheme(store, shipped.id).description == "Texte du catalogue d'Essaim."
    assert update.preview(store, at_file(ENERGY, SENIORS), TODAY).nothing_to_do, "the link is remembered"


def test_the_user_may_say_a_proposed_duplicate_is_another_scheme(store: Store) -> None:
    with store.transaction() as session:
        scheme_repository.save(session, Scheme(name="Fonds précarité énergétique", origin="saisie"))
    result = update.preview(store, at_file(ENERGY), TODAY)
    update.apply(store, result, update.Decisions(separate={"101"}), today=TODAY)
    assert len(Finder(store).schemes()) == 2


def test_refused_records_stop_the_update_unless_left_out(store: Store) -> None:
    problem = FileProblem("aide 103", "le nom est obligatoire.")
    result = update.preview(store, at_file(ENERGY, problems=[problem]), TODAY)
    before = fingerprint(store)
    with pytest.raises(update.ProblemsLeft, match="refusés"):
        update.apply(store, result, today=TODAY)
    assert fingerprint(store) == before
    assert update.apply(store, result, update.Decisions(skip_problems=True), today=TODAY).added == 1


def test_deadlines_passed_since_the_last_update_are_listed(store: Store) -> None:
    update.apply(store, update.preview(store, at_file(SENIORS), date(2026, 12, 1)), today=date(2026, 12, 1))
    result = update.preview(store, at_file(SENIORS), date(2026, 12, 20))
    assert result.passed == [("Bien vieillir chez soi", date(2026, 12, 15))]


def test_a_scheme_seen_is_no_longer_marked_new(store: Store) -> None:
    update.apply(store, update.preview(store, at_file(ENERGY), TODAY), today=TODAY)
    finder = Finder(store)
    assert finder.news() == {incoming_id(AT, "101"): "nouveau"}
    only_new = finder.search(SchemeQuery(only=frozenset(finder.news()), statuses={"ouvert"}))
    assert [found.scheme.id for found in only_new.results] == [incoming_id(AT, "101")]
    finder.seen(incoming_id(AT, "101"))
    assert finder.news() == {}
    with store.read() as session:
        assert scheme_repository.news_of(session) == {}, "stored: still seen after a restart"


def test_the_command_line_previews_applies_and_says_what_is_new_for_a_fiche(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from app.__main__ import main

    monkeypatch.setattr(update, "read_catalogue_file", lambda _path, _progress=None: at_file(ENERGY, SENIORS))
    assert main(["--data-dir", str(data_dir), "funding", "import", "aides.json", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "2 nouveaux, 0 modifié, 0 inchangé." in out and "Essai à blanc : rien n'a été importé." in out
    assert main(["--data-dir", str(data_dir), "funding", "import", "aides.json"]) == 0
    assert "2 dispositifs ajoutés, 0 mis à jour, 0 lié" in capsys.readouterr().out
    store = Store.open(data_dir)
    try:
        fiche = fiches.save(store, FicheData(title="Visites énergie", structure_name="CCAS de Vif",
                                             structure_type="ccas", themes=["precarite_energetique"]))
    finally:
        store.close()
    assert main(["--data-dir", str(data_dir), "funding", "match", fiche.id]) == 0
    assert "Fonds précarité énergétique (score" in (out := capsys.readouterr().out) and "— nouveau" in out
    monkeypatch.setattr(update, "read_catalogue_file", lambda _path, _progress=None: at_file(
        ENERGY, problems=[FileProblem("ligne 3, colonne Niveau", "« mondial » n'est pas un niveau connu.")]))
    assert main(["--data-dir", str(data_dir), "funding", "import", "aides.json"]) == 1
    assert "ligne 3, colonne Niveau : « mondial » n'est pas un niveau connu." in capsys.readouterr().out


def test_a_local_variant_stays_under_its_national_scheme_even_when_that_one_is_linked(store: Store) -> None:
    with store.transaction() as session:
        shipped = Scheme(id="0000aaaa-0000-4000-8000-000000000002", name="Fonds précarité énergétique",
                         origin=SchemeOrigin.CATALOGUE.value, origin_key="fonds-energie", level="national")
        scheme_repository.save(session, shipped)
    variant = aid("201", "Fonds précarité énergétique — Isère", MAY, parent_id=incoming_id(AT, "101"),
                  level="departemental")
    update.apply(store, update.preview(store, at_file(ENERGY, variant), TODAY), today=TODAY)
    assert load_scheme(store, incoming_id(AT, "201")).parent_id == shipped.id
    (national,) = Finder(store).search(SchemeQuery(statuses={"ouvert"})).results
    assert national.scheme.id == shipped.id and [v.name for v in national.variants] == [variant.scheme.name]


def test_a_spreadsheet_of_the_shipped_catalogue_edited_and_imported_back_updates_those_schemes(
        store: Store, tmp_path: Path) -> None:
    from app.exports.catalogue_xlsx import write_catalogue_xlsx
    from app.imports.catalogue_sheet import read_catalogue_xlsx
    from app.services.funding_catalogue import load_catalogue
    from tests.test_catalogue_sheet import edit

    load_catalogue(store)
    schemes = sorted(Finder(store).schemes(), key=lambda scheme: scheme.name)[:3]
    path = write_catalogue_xlsx(schemes, tmp_path / "catalogue.xlsx")
    assert update.preview(store, read_catalogue_xlsx(path), TODAY).nothing_to_do, "exported as it is: no change"
    edit(path, {(2, "Contact"): "udccas38@example.fr"})
    result = update.preview(store, read_catalogue_xlsx(path), TODAY)
    (change,) = result.changed
    assert change.scheme_id == schemes[0].id and change.taken == ("contact",) and not result.new
    update.apply(store, result, today=TODAY)
    assert load_scheme(store, schemes[0].id).contact == "udccas38@example.fr", "the same scheme, updated"
    assert len(Finder(store).schemes()) == 124, "nothing doubled"
    assert update.preview(store, read_catalogue_xlsx(path), TODAY).nothing_to_do, "imported again: nothing"
    assert load_catalogue(store).updated == 0
    assert load_scheme(store, schemes[0].id).contact == "udccas38@example.fr", "a catalogue reload keeps it"


@pytest.mark.parametrize(("content", "message"), [
    (b'{"count": 2, "next": null, "previous": null, "results": [{"id": 1, "na', "incomplet"),
    (b'"juste une phrase"', "Aides-territoires"),
    (b"<html><body>Aides-territoires</body></html>", "JSON"),
])
def test_a_bad_file_changes_nothing(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    content: bytes, message: str) -> None:
    from app.__main__ import main

    assert main(["--data-dir", str(data_dir), "funding", "load-catalogue"]) == 0
    store = Store.open(data_dir)
    before = fingerprint(store)
    store.close()
    bad = tmp_path / "aides.json"
    bad.write_bytes(content)
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "funding", "import", str(bad)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Erreur : ") and message in error and "Traceback" not in error
    store = Store.open(data_dir)
    try:
        assert fingerprint(store) == before, "the store is left byte for byte"
        assert not list((data_dir / "sauvegardes").glob("avant-import-*")), "no backup taken for nothing"
    finally:
        store.close()


def test_a_preview_applied_after_the_store_changed_is_refused_in_french(store: Store) -> None:
    first, second = update.preview(store, at_file(ENERGY), TODAY), update.preview(store, at_file(ENERGY), TODAY)
    update.apply(store, first, today=TODAY)
    before = fingerprint(store)
    with pytest.raises(update.StalePreview, match="a changé depuis l'aperçu"):
        update.apply(store, second, today=TODAY)
    assert fingerprint(store) == before


def test_the_garbage_collector_paused_for_a_read_is_restored_even_when_the_file_is_refused(tmp_path: Path) -> None:
    import gc

    from app.imports.detect import read_catalogue_file
    from app.imports.incoming import ImportFileError

    bad = tmp_path / "aides.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ImportFileError):
        read_catalogue_file(bad)
    assert gc.isenabled()


def test_a_conflict_shows_both_values_as_a_reader_reads_them(store: Store) -> None:
    from app.domain.scheme_sections import field_text

    update.apply(store, update.preview(store, at_file(SENIORS), TODAY), today=TODAY)
    mine = load_scheme(store, incoming_id(AT, "102"))
    with store.transaction() as session:
        scheme_repository.save(session, replace(mine, deadlines=[Deadline(date(2027, 1, 10), "Relève de janvier")],
                                                themes=["logement"]))
    newer = aid("102", "Bien vieillir chez soi", JUNE, deadlines=[Deadline(date(2027, 3, 31), "Date limite")],
                themes=["mobilite"])
    (change,) = update.preview(store, at_file(newer), TODAY).changed
    assert set(change.conflicts) == {"deadlines", "themes"}
    assert change.mine == {"deadlines": "10/01/2027 (Relève de janvier)", "themes": "Logement et hébergement"}
    assert field_text(newer.scheme, "deadlines") == "31/03/2027 (Date limite)"
    assert field_text(newer.scheme, "audiences") == "Commune, Établissement public, services de l'État"


def aides_territoires_page(count: int) -> dict[str, Any]:
    """A page of the API holding `count` aids that differ only by id and name."""
    results = [{"id": 500 + n, "name": f"Aide {n}", "slug": f"aide-{n}", "perimeter": "France",
                "perimeter_scale": "Pays", "date_updated": "2026-06-01T10:00:00+00:00"} for n in range(count)]
    return {"count": count, "next": None, "previous": None, "results": results}


def test_reading_a_large_file_moves_the_bar_and_cancelling_it_changes_nothing(store: Store, tmp_path: Path) -> None:
    import json

    source = tmp_path / "aides.json"
    source.write_text(json.dumps(aides_territoires_page(1000)), encoding="utf-8")
    shares: list[float] = []
    result = update.preview_file(store, source, TODAY, progress=shares.append)
    assert len(result.new) == 1000
    reading = [share for share in shares if share < update.READING_SHARE]
    assert len(reading) >= 5, "the bar moves while the aids are read, not only once they all are"
    assert shares == sorted(shares) and shares[-1] <= 1

    class Cancelled(Exception):
        pass

    def cancel_halfway(share: float) -> None:
        if share > update.READING_SHARE / 2:
            raise Cancelled

    before = fingerprint(store)
    with pytest.raises(Cancelled):
        update.preview_file(store, source, TODAY, progress=cancel_halfway)
    assert fingerprint(store) == before
