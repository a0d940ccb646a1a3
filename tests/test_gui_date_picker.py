"""The calendar beside date fields (issue 21): a day clicked in the month is the date typed, stored and undone
as one change; typing stays possible."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableView

from app.domain.lab_template import LabAnswers
from app.gui.fiches.form_fields import ParsedField
from app.gui.main_window import MainWindow
from app.services import labs
from tests.test_gui_fiches import new_fiche, wait_saved
from tests.test_gui_lab import TEMPLATE, item_row, open_labo


def pick(qtbot, field: ParsedField, day: date) -> None:  # type: ignore[no-untyped-def]
    """Open the field's calendar with its button, move to `day` and press Entrée, as a user would."""
    assert field.calendar is not None, "a date field has its calendar"
    field.calendar.action.trigger()
    menu, calendar = field.calendar.menu, field.calendar.calendar
    assert menu is not None and calendar is not None
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    calendar.setSelectedDate(QDate(day.year, day.month, day.day))
    qtbot.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Return)
    assert not menu.isVisible(), "the calendar closes once a day is chosen"


def test_a_lab_items_due_date_is_picked_in_the_calendar_stored_and_undone_at_once(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    labs.start(window.context.open_store, "Lab de Vif", "CCAS de Vif", LabAnswers("lab_dedie", "creer", 50_000),
               TEMPLATE)
    page = open_labo(qtbot, window)
    page.tree.setCurrentItem(item_row(page, "1.2"))
    due = page.editor.due
    pick(qtbot, due, date(2027, 3, 15))
    assert due.text() == "15/03/2027"
    page.editor.save_now()

    def stored_due() -> date | None:
        view = labs.load(window.context.open_store, page.current_lab_id() or "")
        return next(item.due_on for item in view.items if item.number == "1.2")

    qtbot.waitUntil(lambda: stored_due() == date(2027, 3, 15), timeout=5000)
    page.undo_stack.undo()
    assert due.text() == "", "one undo takes the picked date back whole"


def test_the_calendar_opens_on_the_date_typed_and_a_fiche_start_date_can_still_be_a_year(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow) -> None:
    page = new_fiche(qtbot, window, "Accueil de jour mobile", "CCAS de Crest")
    start = next(field for field in page.editor.findChildren(ParsedField) if field.kind == "partial_date")
    start.setText("novembre 2014")
    assert start.calendar is not None
    start.calendar.action.trigger()
    calendar = start.calendar.calendar
    assert calendar is not None
    assert calendar.selectedDate() == QDate(2014, 11, 1), "opens on the month typed"
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    qtbot.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Right)
    qtbot.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Return)
    assert start.text() == "02/11/2014"
    wait_saved(qtbot, page)
    start.setText("2009")
    assert start.value() == (date(2009, 1, 1), "annee"), "typing a year alone is still allowed"
    assert start.input_errors() == []


def test_a_number_field_has_no_calendar() -> None:
    assert ParsedField("int").calendar is None
