"""A fiche's shortlist of funding: kept, followed, sent with the fiche, in the dossier, fed to the grid."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.document import LabelledValue, Table
from app.domain.economics import compute
from app.domain.fiche import FicheData
from app.domain.schemes import Deadline, Scheme
from app.domain.shortlist import ShortlistEntry
from app.errors import UserError
from app.services import exchange, fiches, grid, shortlist
from app.services.dossier import build_dossier
from app.services.errors import ValidationError
from app.services.exchange import PackageRequest, apply_import, export_package
from app.storage import scheme_repository
from app.storage.store import Store

SCHEME = Scheme(id=str(uuid.uuid4()), name="Fonds « Précarité énergétique »", financers=["Région"],
                deadlines=[Deadline(date(2026, 12, 15), "1re relève"), Deadline(date(2027, 4, 1))])


def fiche_with_scheme(store: Store) -> FicheData:
    with store.transaction() as session:
        scheme_repository.save(session, SCHEME)
    return fiches.save(store, FicheData(id=str(uuid.uuid4()), title="Visites énergie", structure_name="CCAS de Vif"))


def test_an_application_is_followed_from_spotted_to_paid(store: Store) -> None:
    fiche = fiche_with_scheme(store)
    entry = shortlist.add(store, fiche.id, SCHEME.id, today=date(2026, 11, 26))
    assert (entry.scheme_name, entry.status, entry.target_deadline) == (SCHEME.name, "repere", date(2026, 12, 15))
    with pytest.raises(UserError, match="déjà dans la liste"):
        shortlist.add(store, fiche.id, SCHEME.id)
    entry.status, entry.amount_requested, entry.amount_obtained = "obtenu", Decimal(30000), Decimal("25000.50")
    entry.amount_paid = Decimal(30000)
    with pytest.raises(ValidationError, match="Le montant versé dépasse le montant obtenu"):
        shortlist.save(store, entry)
    entry.amount_paid = Decimal(10000)
    shortlist.save(store, entry)
    assert shortlist.entries(store, fiche.id) == [entry]
    shortlist.remove(store, entry.id)
    assert shortlist.entries(store, fiche.id) == []


def test_the_shortlist_is_a_dossier_part_and_feeds_the_grid(store: Store) -> None:
    fiche = fiche_with_scheme(store)
    entry = shortlist.add(store, fiche.id, SCHEME.id)
    entry.status, entry.amount_requested, entry.amount_obtained = "depose", Decimal(30000), Decimal(20000)
    shortlist.save(store, entry)
    sections = {s.key: s for s in build_dossier(store, fiche.id).sections}
    part = sections["financements"]
    (table,) = [item for item in part.items if isinstance(item, Table)]
    assert table.rows[0][:2] == [SCHEME.name, "Déposé"]
    totals = {item.label: item.value for item in part.items if isinstance(item, LabelledValue)}
    assert totals["Total demandé"] == "30\u202f000,00\u00a0€" and totals["Total obtenu"] == "20\u202f000,00\u00a0€"
    grid.create(store, fiche.id, "Base")
    line = shortlist.to_grid(store, entry)
    assert line.uncertain and line.funding_ref == SCHEME.id, "not secured while only « déposé »"
    scenario = grid.find(store, fiche.id, "Base")
    result = compute(scenario)
    assert result.uncertain_funding == Decimal(20000) and result.exceptional_funding == 0


def test_the_shortlist_travels_with_its_fiche(tmp_path: Path) -> None:
    a, b = Store.open(tmp_path / "a"), Store.open(tmp_path / "b")
    try:
        fiche = fiche_with_scheme(a)
        entry = shortlist.add(a, fiche.id, SCHEME.id)
        entry.notes = "Dossier déposé par la directrice"
        shortlist.save(a, entry)
        path = tmp_path / "envoi.essaim"
        export_package(a, a.data_dir, PackageRequest("all"), path)
        plan = exchange.open_package(b, path)
        try:
            apply_import(b, b.data_dir, plan)
        finally:
            plan.package.cleanup()
        assert shortlist.entries(b, fiche.id) == [entry], "read the same where the scheme is not in the catalogue"
    finally:
        a.close()
        b.close()


def test_an_entry_without_its_fiche_or_name_is_refused() -> None:
    from app.domain.shortlist import validate_entry

    messages = [e.message for e in validate_entry(ShortlistEntry(status="peut-etre", amount_requested=Decimal(-1)))]
    assert "Une demande de financement appartient à une fiche." in messages
    assert "Le nom du dispositif est obligatoire." in messages
    assert any(m.startswith("Statut inconnu") for m in messages)
    assert "Montant demandé : un montant ne peut pas être négatif." in messages


def test_funding_shortlist_command(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.__main__ import main

    store = Store.open(data_dir)
    try:
        fiche = fiche_with_scheme(store)
    finally:
        store.close()
    base = ["--data-dir", str(data_dir), "funding", "shortlist", fiche.id[:8]]
    assert main([*base, "add", SCHEME.id[:8]]) == 0
    added = capsys.readouterr().out
    assert added.count("\n") == 1, "one line: what was added"
    assert added.startswith("Ajouté à la liste de « Visites énergie » : Fonds « Précarité énergétique »")
    entry_prefix = added.rsplit("(", 1)[1][:8]
    assert main([*base, "set", entry_prefix, "--status", "obtenu", "--obtained", "12 000"]) == 0
    assert capsys.readouterr().out == "Demande mise à jour : Fonds « Précarité énergétique » — Obtenu.\n"
    assert main(base) == 0
    listed = capsys.readouterr().out.replace("\u202f", " ").replace("\u00a0", " ")
    assert "1 demande" in listed and "Obtenu" in listed and "obtenu 12 000,00 €" in listed
    assert main([*base, "set", entry_prefix, "--paid", "douze"]) == 1
    assert "n'est pas un nombre" in capsys.readouterr().err
    assert main([*base, "remove", "zzzz"]) == 1
    assert main([*base, "remove", entry_prefix]) == 0
