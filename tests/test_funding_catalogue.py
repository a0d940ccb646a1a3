"""The scheme record, its storage and the shipped catalogue's loading: idempotent, and the user's edits kept."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.__main__ import main
from app.domain.codec import to_dict
from app.domain.fiche import FicheData
from app.domain.schemes import Deadline, Scheme, is_open, merge_update, next_deadline, validate_scheme
from app.services import fiches, funding_catalogue
from app.services.funding_catalogue import catalogue_loaded, catalogue_outcome, load_catalogue, scheme_id
from app.storage import scheme_repository
from app.storage.store import Store

TODAY = date(2026, 11, 26)


def full_scheme(**changes: Any) -> Scheme:
    scheme = Scheme(
        name="Appel à projets « Innovation sociale »", short_name="AAP innovation sociale",
        financers=["Région Auvergne-Rhône-Alpes"], instructors=["Direction de la solidarité"],
        programme="Plan régional pour l'innovation sociale", level="regional", kinds=["appel_projets", "subvention"],
        audiences=["ccas", "cias", "association"], themes=["precarite_energetique"],
        stages=["experimentation", "changement_echelle"], supports_scaling=True, territories=["R84"],
        territory_note="Hors métropole de Lyon", amount_min=Decimal("5000"), amount_max=Decimal("30000.50"),
        rate_min=Decimal(20), rate_max=Decimal(80), recurrence="annuel", opens_on=date(2026, 1, 15),
        predeposit_on=date(2026, 2, 1),
        deadlines=[Deadline(date(2026, 3, 31), "1re relève"), Deadline(date(2026, 12, 15), "2e relève")],
        next_round="Chaque année en janvier", description="Soutient des projets qui réduisent la précarité.",
        eligibility="Structures publiques et associations du territoire régional.",
        constraints="Cofinancement obligatoire.", application_url="https://example.org/candidater",
        source_url="https://example.org/aap", contact="innovation@example.org",
        source_title="Règlement de l'appel à projets 2026", source_date=date(2026, 1, 10), source_ref="p. 3",
        checked_on=date(2026, 11, 2), status="ouvert", notes="Vu avec la DGS.")
    return replace(scheme, **changes)


def test_a_scheme_survives_save_and_reload(store: Store) -> None:
    scheme = full_scheme()
    with store.transaction() as session:
        scheme_repository.save(session, scheme)
    with store.read() as session:
        assert scheme_repository.load(session, scheme.id) == scheme


def test_the_rules_of_a_scheme_in_french() -> None:
    assert validate_scheme(full_scheme()) == []
    messages = [error.message for error in validate_scheme(full_scheme(
        name=" ", amount_min=Decimal(50000), rate_max=Decimal(120), status="peut-etre"))]
    assert "Le nom du dispositif est obligatoire." in messages
    assert "Le montant maximum est inférieur au montant minimum." in messages
    assert "Un taux va de 0 à 100 %." in messages
    assert any(message.startswith("État inconnu « peut-etre »") for message in messages)


def test_open_means_opened_not_closed_and_a_deadline_still_to_come() -> None:
    scheme = full_scheme()
    assert is_open(scheme, TODAY) and next_deadline(scheme, TODAY) == date(2026, 12, 15)
    assert not is_open(scheme, date(2026, 12, 16)), "every deadline has passed"
    assert not is_open(scheme, date(2026, 1, 1)), "not opened yet"
    assert is_open(full_scheme(deadlines=[]), TODAY), "a permanent scheme has no deadline"
    assert not is_open(full_scheme(status="arrete"), TODAY)


def test_an_update_takes_what_the_user_left_and_keeps_what_the_user_changed() -> None:
    before = to_dict(full_scheme())
    current = {**before, "eligibility": "Nos précisions", "notes": "Relancer en mars"}
    now = {**before, "eligibility": "Nouvelle rédaction", "description": "Nouvelle description", "notes": ""}
    merged = merge_update(current, before, now)
    assert merged.data["description"] == "Nouvelle description"
    assert merged.data["eligibility"] == "Nos précisions" and merged.data["notes"] == "Relancer en mars"
    assert merged.taken == ("description",) and merged.kept == ("eligibility",)


def catalogue(path: Path, *schemes: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"format": "essaim-catalogue", "version": 1, "schemes": list(schemes)},
                               ensure_ascii=False), encoding="utf-8")
    return path


def entry(key: str, **changes: Any) -> dict[str, Any]:
    data = {k: v for k, v in to_dict(full_scheme(notes="")).items() if k not in ("id", "origin", "origin_key")}
    return {"key": key, **data, **changes}


def test_loading_the_catalogue_again_adds_nothing_and_keeps_the_users_edits(store: Store, tmp_path: Path) -> None:
    first = catalogue(tmp_path / "v1.json", entry("aap-region"), entry("dla", name="DLA", level="national"),
                      entry("dla-isere", name="DLA de l'Isère", parent_key="dla", territories=["D38"]))
    assert not catalogue_loaded(store)
    outcome = load_catalogue(store, first)
    assert (outcome.added, outcome.updated, outcome.unchanged) == (3, 0, 0) and catalogue_loaded(store)
    assert catalogue_outcome(load_catalogue(store, first)) == "0 dispositif ajouté, 0 mis à jour, 3 inchangés."
    with store.read() as session:
        assert scheme_repository.load(session, scheme_id("dla-isere")).parent_id == scheme_id("dla")
        edited = scheme_repository.load(session, scheme_id("aap-region"))
    edited.eligibility, edited.notes = "Vérifié : les CCAS de moins de 10 000 habitants aussi.", "Dossier en mars"
    with store.transaction() as session:
        scheme_repository.save(session, edited)
        assert scheme_repository.delete(session, scheme_id("dla"))
    second = catalogue(tmp_path / "v2.json",
                       entry("aap-region", eligibility="Rédaction 2027", amount_max="40000"),
                       entry("dla", name="DLA", level="national"),
                       entry("dla-isere", name="DLA de l'Isère", parent_key="dla", territories=["D38"]),
                       entry("nouveau", name="Fonds nouveau"))
    outcome = load_catalogue(store, second)
    assert (outcome.added, outcome.updated, outcome.unchanged, outcome.kept, outcome.deleted_here) == (1, 1, 1, 1, 1)
    with store.read() as session:
        kept = scheme_repository.load(session, scheme_id("aap-region"))
        assert kept.eligibility == "Vérifié : les CCAS de moins de 10 000 habitants aussi."
        assert kept.notes == "Dossier en mars" and kept.amount_max == Decimal(40000)
        assert scheme_repository.load(session, scheme_id("dla")) is None, "deleted here, not brought back"


def test_the_search_index_weighs_names_above_descriptions(store: Store) -> None:
    by_name = full_scheme(name="Fonds pour la mobilité solidaire", description="Aide aux projets.")
    by_text = full_scheme(name="Appel à projets 2026", description="Projets de mobilité solidaire en zone rurale.")
    with store.transaction() as session:
        for scheme in (by_text, by_name):
            scheme_repository.save(session, scheme)
    with store.read() as session:
        entries = scheme_repository.search_ids(session)
        ranks = {entries[entry]: rank for entry, rank in
                 scheme_repository.text_ranks(session, "mobilite* solidaire*").items()}
    assert set(ranks) == {by_name.id, by_text.id}
    assert ranks[by_name.id] < ranks[by_text.id]


def test_funding_commands_load_search_and_show(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    soon = date.today() + timedelta(days=10)
    shipped = catalogue(tmp_path / "catalogue.json",
                        entry("aap-region", name="Appel « Précarité énergétique » en Rhône-Alpes",
                              deadlines=[{"on": soon.isoformat(), "label": "Date limite"}]),
                        entry("fonds-mobilite", name="Fonds mobilité", themes=["mobilite"], audiences=["association"]),
                        entry("prix-ferme", name="Prix de l'innovation", status="ferme"))
    monkeypatch.setattr(funding_catalogue, "catalogue_file", lambda: shipped)
    assert main(["--data-dir", str(data_dir), "funding", "load-catalogue"]) == 0
    assert capsys.readouterr().out == "3 dispositifs ajoutés, 0 mis à jour, 0 inchangé.\n"
    assert main(["--data-dir", str(data_dir), "funding", "search", "precarite energ", "--audience", "ccas"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 dispositif trouvé\n") and "Appel « Précarité énergétique » en Rhône-Alpes" in out
    assert f"date limite {soon:%d/%m/%Y} (proche)" in out
    assert "Bénéficiaires : CCAS 1 · CIAS 1 · Association 1" in out
    assert main(["--data-dir", str(data_dir), "funding", "search", "--status", "ferme", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [result["name"] for result in found["results"]] == ["Prix de l'innovation"]
    assert found["counts"]["status"] == {"ouvert": 2, "ferme": 1}
    prefix = scheme_id("fonds-mobilite")[:8]
    assert main(["--data-dir", str(data_dir), "funding", "show", prefix]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Fonds mobilité\n") and "Thématiques : Mobilité" in shown
    assert "Montant : de 5 000 € à 30 001 €" in shown.replace("\u202f", " ").replace("\u00a0", " ")
    assert main(["--data-dir", str(data_dir), "funding", "show", "zzzz"]) == 1
    assert "Aucun dispositif" in capsys.readouterr().err


def test_funding_match_says_why(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    shipped = catalogue(tmp_path / "catalogue.json",
                        entry("energie", name="Fonds énergie", deadlines=[], stages=["experimentation"]),
                        entry("asso", name="Prix associatif", audiences=["association"], deadlines=[]))
    monkeypatch.setattr(funding_catalogue, "catalogue_file", lambda: shipped)
    store = Store.open(data_dir)
    try:
        fiche = fiches.save(store, FicheData(title="Visites énergie", structure_name="CCAS de Vif",
                                             structure_type="ccas", themes=["precarite_energetique"],
                                             stage="experimentation"))
        load_catalogue(store)
    finally:
        store.close()
    assert main(["--data-dir", str(data_dir), "funding", "match", fiche.id[:8]]) == 0
    out = capsys.readouterr().out
    assert out.index("Fonds énergie") < out.index("Prix associatif")
    assert "+ Ouvert aux structures comme la vôtre (CCAS)." in out
    assert "+ Soutient les projets au stade « Expérimentation »." in out
    assert "− Réservé à d'autres structures que « CCAS » (Association)." in out
    assert "? Territoire du dispositif ou de la fiche non renseigné." in out


def test_a_whole_word_typed_comes_before_a_word_that_only_starts_with_it(store: Store) -> None:
    from app.domain.scheme_finder import SchemeQuery
    from app.services.funding import Finder

    with store.transaction() as session:
        scheme_repository.save(session, full_scheme(name="Réseaux et fédérations", description=""))
        scheme_repository.save(session, full_scheme(name="Fonds européen de développement régional (FEDER)",
                                                    description="Fonds structurel de l'Union européenne."))
    found = Finder(store).search(SchemeQuery(text="feder"), TODAY).results
    assert [f.scheme.name for f in found] == ["Fonds européen de développement régional (FEDER)",
                                             "Réseaux et fédérations"]
