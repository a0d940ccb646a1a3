"""Two versions of a record side by side, field by field, as the user reads them: the texts a conflict of an import
or a kept version is decided on (French labels, dates, euros, codes by their labels, lists one item a line)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.domain.codec import to_dict
from app.domain.economics import GridLine, Scenario
from app.domain.fiche import Partner
from app.domain.lab import LabItem
from app.domain.shortlist import ShortlistEntry
from app.services import exchange, fiches, history
from app.services.exchange import FieldRow, compare, planned_comparison
from app.storage.store import Store
from app.travelling import KINDS
from tests.fiche_factory import full_fiche


def rows_by_label(rows: list[FieldRow]) -> dict[str, FieldRow]:
    return {row.label: row for row in rows}


def test_a_fiche_reads_field_by_field_in_french_with_what_differs_marked() -> None:
    mine = full_fiche(str(uuid.uuid4()))
    theirs = full_fiche(mine.id)
    theirs.summary, theirs.status, theirs.start_precision = "Un camion chaque semaine.", "partagee", ""
    theirs.partners = [mine.partners[0], Partner("Mairie d'Aumale", "commune", "financier", "Un local", "emergence")]
    compared = compare("fiche", mine.title, to_dict(KINDS["fiche"].encode(mine)), to_dict(theirs))
    rows = rows_by_label(compared.rows)
    assert [row.label for row in compared.differences] == ["Résumé", "Statut", "Date de démarrage",
                                                           "Précision de la date de démarrage", "Partenaires"]
    assert (rows["Statut"].local, rows["Statut"].incoming) == ("Validée", "Partagée"), "codes by their labels"
    assert (rows["Date de démarrage"].local, rows["Date de démarrage"].incoming) == ("mars 2021", "01/03/2021")
    assert rows["Résumé"].incoming == "Un camion chaque semaine." and rows["Résumé"].local == mine.summary
    assert rows["Titre"] == FieldRow("title", "Titre", mine.title, mine.title, False), "the same text, not marked"
    assert rows["Partenaires"].incoming.splitlines() == [
        "• Banque alimentaire · Association · Opérationnel · Denrées · Émergence",
        "• Mairie d'Aumale · Commune · Financier · Un local · Émergence"], "one partner a line, codes by their labels"
    assert "Fiche d'exemple" not in rows and "id" not in {row.name for row in compared.rows}, \
        "bookkeeping the user never fills in stays out while it is the same"
    assert list(rows).index("Titre") < list(rows).index("Partenaires") < list(rows).index("Sources"), "reading order"


def test_amounts_dates_and_lists_read_the_french_way() -> None:
    entry = ShortlistEntry(id="e", fiche_id="f", scheme_id="s", scheme_name="Fonds social", status="depose",
                           amount_requested=Decimal("1234.5"), submitted_on=date(2026, 3, 9))
    other = ShortlistEntry(**{**vars(entry), "status": "obtenu", "amount_obtained": Decimal("1000")})
    rows = rows_by_label(compare("shortlist", "Fonds social", to_dict(entry), to_dict(other)).rows)
    assert rows["Montant demandé"].local == "1\u202f234,50\u00a0€" and not rows["Montant demandé"].differs
    assert (rows["Montant obtenu"].local, rows["Montant obtenu"].incoming) == ("", "1\u202f000,00\u00a0€")
    assert rows["Déposé le"].local == "09/03/2026"
    assert (rows["Statut de la demande"].local, rows["Statut de la demande"].incoming) == ("Déposé", "Obtenu")
    assert "Fiche" not in rows and "Dispositif" not in rows, "the ids it belongs to are not shown"

    scenario = Scenario(id="s", fiche_id="f", lines=[GridLine(block="fonctionnement", label="Animatrice",
                                                              days=Decimal(20), daily_cost=Decimal("250"))])
    changed = Scenario(**{**vars(scenario), "learning_discount": Decimal("0.15"),
                          "lines": [GridLine(block="fonctionnement", label="Animatrice", days=Decimal(20),
                                             daily_cost=Decimal("275.5"))]})
    rows = rows_by_label(compare("scenario", "Scénario de base", to_dict(scenario), to_dict(changed)).rows)
    assert rows["Horizon"].local == "3 ans" and rows["Remise d'apprentissage par site"].incoming == "15,0\u00a0%"
    assert rows["Lignes de la grille"].incoming == ("• Temps agent de fonctionnement — Animatrice · Jours par an : 20"
                                                    " · Coût journalier (€) : 275,50\u00a0€ · Portée : Unique")

    item = LabItem(id="i", lab_id="l", title="Réunir les élus", status="a_faire", position=3)
    done = LabItem(**{**vars(item), "status": "fait", "done_on": date(2026, 5, 2), "position": 4})
    rows = rows_by_label(compare("lab_item", "Réunir les élus", to_dict(item), to_dict(done)).rows)
    assert (rows["État"].local, rows["État"].incoming, rows["Fait le"].incoming) == ("À faire", "Fait", "02/05/2026")
    assert rows["Rang"].differs, "an internal field that differs is shown rather than hidden"


def test_the_lines_of_a_list_are_paired_item_by_item() -> None:
    row = FieldRow("partners", "Partenaires", "• Banque alimentaire\n• Mairie", "• Banque alimentaire\n• Mairie "
                   "d'Aumale\n• Département", True)
    assert row.line_pairs() == [("• Banque alimentaire", "• Banque alimentaire", False),
                                ("• Mairie", "• Mairie d'Aumale", True), ("", "• Département", True)]


def test_a_deletion_faces_the_whole_other_version() -> None:
    mine = full_fiche(str(uuid.uuid4()))
    compared = compare("fiche", mine.title, to_dict(mine), None)
    assert compared.incoming_deleted and not compared.local_deleted
    assert compared.rows and all(row.differs and row.local and not row.incoming for row in compared.rows)


def conflicting(tmp_path: Path) -> tuple[Store, Path, str]:
    """This station and another both changed the summary of a fiche they share; the other's package is ready."""
    here, other = Store.open(tmp_path / "ici"), Store.open(tmp_path / "autre")
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.attachments = []
    fiches.save(other, fiche)
    first = tmp_path / "premier.essaim"
    exchange.export_package(other, tmp_path / "autre", exchange.PackageRequest("all"), first)
    with exchange.open_package(here, first) as plan:
        exchange.apply_import(here, tmp_path / "ici", plan)
    for store, summary in ((here, "Modifié ici"), (other, "Modifié là-bas")):
        changed = fiches.load(store, fiche.id)
        changed.summary = summary
        fiches.save(store, changed)
    second = tmp_path / "second.essaim"
    exchange.export_package(other, tmp_path / "autre", exchange.PackageRequest("all"), second)
    other.close()
    return here, second, fiche.id


def test_a_conflict_and_the_version_it_set_aside_compare_with_this_station(tmp_path: Path) -> None:
    here, package, fiche_id = conflicting(tmp_path)
    with exchange.open_package(here, package) as plan:
        (entry,) = plan.conflicts
        compared = planned_comparison(entry)
        assert [(row.label, row.local, row.incoming) for row in compared.differences] == [
            ("Résumé", "Modifié ici", "Modifié là-bas")]
        assert compared.title == entry.title and compared.kind_label == "fiche"
        exchange.apply_import(here, tmp_path / "ici", plan, {entry.id: "mine"})
    (kept,) = history.kept_versions(here, fiche_id)
    against_current = history.compared_with_current(here, kept.id)
    assert against_current is not None
    assert [(row.label, row.local, row.incoming) for row in against_current.differences] == [
        ("Résumé", "Modifié ici", "Modifié là-bas")], "the current version beside the one set aside"
    here.close()
