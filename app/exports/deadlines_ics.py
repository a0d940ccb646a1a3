"""Deadlines as an iCalendar file (RFC 5545): one all-day event per deadline, with a reminder a week before.

Each event's UID is stable (`DeadlineEntry.uid`), so importing a newer export into the same calendar updates the
events rather than doubling them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.domain.scheme_deadlines import DeadlineEntry
from app.exports.safe_text import sanitize_text

REMINDER = timedelta(days=7)
PRODUCT_ID = "-//Essaim//Financements//FR"


def write_deadlines_ics(entries: list[DeadlineEntry], path: Path) -> Path:
    """Write the calendar atomically (a half-written file never replaces a good one)."""
    from icalendar import Alarm, Calendar, Event  # loaded when a calendar is written, not at start-up

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Essaim — dates limites des financements")
    stamp = datetime.now(UTC)
    for entry in entries:
        scheme = entry.scheme
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + timedelta(days=1))
        what = f" ({entry.label})" if entry.label else ""
        event.add("summary", sanitize_text(f"Date limite{what} : {scheme.name}"))
        details = [", ".join(scheme.financers), scheme.application_url or scheme.source_url,
                   f"Source : {scheme.source_title}" if scheme.source_title else ""]
        event.add("description", sanitize_text("\n".join(detail for detail in details if detail)))
        if scheme.application_url:
            event.add("url", scheme.application_url)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", sanitize_text(f"Dans une semaine : {scheme.name}"))
        alarm.add("trigger", -REMINDER)
        event.add_component(alarm)
        calendar.add_component(event)
    partial = path.with_name(path.name + ".partiel")
    partial.write_bytes(calendar.to_ical())
    partial.replace(path)
    return path
