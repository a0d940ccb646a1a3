"""Deadlines of the catalogue: the view of the next days, and the calendar file parsed back."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from app.__main__ import main
from app.domain.scheme_deadlines import deadlines_within
from app.domain.schemes import Deadline, Scheme
from app.exports.deadlines_ics import write_deadlines_ics
from app.services import funding_catalogue
from tests.test_funding_catalogue import catalogue, entry

TODAY = date(2026, 11, 26)
SCHEMES = [
    Scheme(id="a", name="Appel régional", financers=["Région"], application_url="https://example.org/a",
           deadlines=[Deadline(date(2026, 12, 10), "1re relève"), Deadline(date(2027, 3, 1), "2e relève")]),
    Scheme(id="b", name="Fonds passé", deadlines=[Deadline(date(2026, 11, 20))]),
    Scheme(id="c", name="Prix fermé", status="ferme", deadlines=[Deadline(date(2026, 12, 1))]),
    Scheme(id="d", name="Vieux fonds", deadlines=[Deadline(date(2026, 9, 1))]),
]


def test_the_next_days_and_the_ones_just_passed() -> None:
    entries = deadlines_within(SCHEMES, TODAY, 30)
    assert [(e.title, e.on, e.days_left, e.passed) for e in entries] == [
        ("Fonds passé", date(2026, 11, 20), -6, True), ("Appel régional", date(2026, 12, 10), 14, False)]
    assert len(deadlines_within(SCHEMES, TODAY, 120)) == 3, "the second round within 120 days"


def test_the_calendar_file_parses_back_with_its_events_dates_uids_and_reminders(tmp_path: Path) -> None:
    entries = [e for e in deadlines_within(SCHEMES, TODAY, 120) if not e.passed]
    path = write_deadlines_ics(entries, tmp_path / "echeances.ics")
    calendar = Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(event["summary"]) for event in events] == ["Date limite (1re relève) : Appel régional",
                                                           "Date limite (2e relève) : Appel régional"]
    assert [event.decoded("dtstart") for event in events] == [date(2026, 12, 10), date(2027, 3, 1)]
    assert [event.decoded("dtend") for event in events] == [date(2026, 12, 11), date(2027, 3, 2)]
    assert [str(event["uid"]) for event in events] == ["a-2026-12-10@essaim", "a-2027-03-01@essaim"]
    (alarm,) = events[0].walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(days=7)
    again = write_deadlines_ics(entries, tmp_path / "encore.ics")
    assert [str(e["uid"]) for e in Calendar.from_ical(again.read_bytes()).walk("VEVENT")] == \
        [str(e["uid"]) for e in events], "a new export updates the same events"
    assert str(calendar["prodid"]) == "-//Essaim//Financements//FR" and str(calendar["version"]) == "2.0"


def test_funding_deadlines_command(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    soon = date.today() + timedelta(days=5)
    shipped = catalogue(tmp_path / "catalogue.json",
                        entry("proche", name="Appel proche", deadlines=[{"on": soon.isoformat(), "label": ""}]),
                        entry("loin", name="Appel lointain", deadlines=[
                            {"on": (date.today() + timedelta(days=200)).isoformat(), "label": ""}]))
    monkeypatch.setattr(funding_catalogue, "catalogue_file", lambda: shipped)
    assert main(["--data-dir", str(data_dir), "funding", "load-catalogue"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "funding", "deadlines", "--ics", str(tmp_path / "dates")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 échéance d'ici 30 jours")
    assert f"{soon:%d/%m/%Y}  (dans 5 jours)  Appel proche" in out
    events = list(Calendar.from_ical((tmp_path / "dates.ics").read_bytes()).walk("VEVENT"))
    assert [event.decoded("dtstart") for event in events] == [soon]
    assert main(["--data-dir", str(data_dir), "funding", "deadlines", "--days", "-1"]) == 1
    assert "négatif" in capsys.readouterr().err


def test_the_due_dates_of_lab_items_join_the_deadlines_and_the_calendar(tmp_path: Path) -> None:
    from app.domain.lab import LabItem, LabProject

    project = LabProject(id="lab", name="Lab de Vif", structure_name="CCAS de Vif")
    due = LabItem(id="item-1", lab_id="lab", number="1.2", title="Rencontrer le Lab Occitanie", owner="Mme Roux",
                  phase_number="1", phase_title="Faut-il créer un lab ?", due_on=date(2026, 12, 3))
    done = LabItem(id="item-2", lab_id="lab", number="1.3", title="Fait", status="fait", due_on=date(2026, 12, 4))
    late = LabItem(id="item-3", lab_id="lab", number="2.1", title="Repérer un appel", due_on=date(2026, 11, 16))
    left_out = LabItem(id="item-4", lab_id="lab", number="5.1", title="Équipe", status="sans_objet",
                       due_on=date(2026, 12, 5))
    entries = deadlines_within(SCHEMES, TODAY, 30, [(project, item) for item in (due, done, late, left_out)])
    assert [(e.title, e.when) for e in entries] == [
        ("Lab de Vif — 2.1 Repérer un appel", "passée depuis 10 jours"), ("Fonds passé", "passée depuis 6 jours"),
        ("Lab de Vif — 1.2 Rencontrer le Lab Occitanie", "dans 7 jours"), ("Appel régional", "dans 14 jours")]
    path = write_deadlines_ics([e for e in entries if not e.passed], tmp_path / "echeances.ics")
    (event, _later) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Lab « Lab de Vif » : 1.2 Rencontrer le Lab Occitanie"
    assert str(event["uid"]) == "item-1@essaim", "the item's event keeps its UID when its date moves"
    assert "Responsable : Mme Roux" in str(event["description"])
