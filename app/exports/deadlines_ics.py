"""Deadlines as an iCalendar file (RFC 5545): one all-day event per deadline (a scheme's, or a lab item's due date),
with a reminder a week before.

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
    calendar.add("x-wr-calname", "Essaim — échéances des financements et des labs")
    stamp = datetime.now(UTC)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + timedelta(days=1))
        event.add("summary", sanitize_text(entry.summary))
        event.add("description", sanitize_text("\n".join(entry.details)))
        if entry.url:
            event.add("url", entry.url)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", sanitize_text(f"Dans une semaine : {entry.title}"))
        alarm.add("trigger", -REMINDER)
        event.add_component(alarm)
        calendar.add_component(event)
    partial = path.with_name(path.name + ".partiel")
    partial.write_bytes(calendar.to_ical())
    partial.replace(path)
    return path
