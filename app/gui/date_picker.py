"""A calendar beside a date typed as text: the button at the end of the field opens a month to click a day in.

Typing stays possible (« 2009 » or « novembre 2014 » where a partial date is allowed); the calendar only writes
a whole date, as a user would have typed it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QWidgetAction

from app.locations import resources_dir

CALENDAR_ICON = "calendrier.svg"


class CalendarButton:
    """The calendar of one line edit: `shown_date` says which day to open on, `picked` receives the day clicked."""

    def __init__(self, field: QLineEdit, shown_date: Callable[[], date | None], picked: Callable[[date], None]) -> None:
        self.field = field
        self.shown_date = shown_date
        self.picked = picked
        self.action = QAction(QIcon(str(resources_dir() / "icons" / CALENDAR_ICON)),
                              field.tr("Choisir la date dans un calendrier"), field)
        self.action.setObjectName("calendarButton")
        self.action.triggered.connect(self.open)
        field.addAction(self.action, QLineEdit.ActionPosition.TrailingPosition)
        self.menu: QMenu | None = None
        self.calendar: QCalendarWidget | None = None

    def _build(self) -> tuple[QMenu, QCalendarWidget]:
        """The popup, made at its first opening (a field may never need it)."""
        menu = QMenu(self.field)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        calendar.clicked.connect(self._choose)
        calendar.activated.connect(self._choose)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)
        self.menu, self.calendar = menu, calendar
        return menu, calendar

    def open(self) -> None:
        menu, calendar = (self.menu, self.calendar) if self.menu and self.calendar else self._build()
        current = self.shown_date() or date.today()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.setFocus()
        menu.popup(self.field.mapToGlobal(self.field.rect().bottomLeft()))

    def _choose(self, day: QDate) -> None:
        if self.menu is not None:
            self.menu.close()
        self.picked(date(day.year(), day.month(), day.day()))
        self.field.setFocus(Qt.FocusReason.PopupFocusReason)
