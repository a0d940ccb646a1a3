"""Worksheet names as Excel accepts them: at most 31 characters, none of []:*?/\\, unique whatever the case."""

from __future__ import annotations

import re
from collections.abc import Collection

from app.exports.safe_text import sanitize_text

NAME_LIMIT = 31
"""Excel's longest sheet name, in UTF-16 code units."""
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SEPARATOR = " – "


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fit(title: str, detail: str, suffix: str) -> str:
    """« title – detail suffix », the detail shortened with « … » when the whole is too long."""
    if not detail:
        return title + suffix
    name = f"{title}{SEPARATOR}{detail}{suffix}"
    while _units(name) > NAME_LIMIT and detail:
        detail = detail[:-1].rstrip()
        name = f"{title}{SEPARATOR}{detail}…{suffix}"
    return name


def sheet_name(title: str, detail: str, taken: Collection[str]) -> str:
    """A free sheet name « title – detail » (« Synthèse – Scénario de base »).

    Characters Excel refuses become « - », an apostrophe may neither start nor end the detail, a detail too
    long is shortened with « … », and a name already in `taken` (whatever the case) gets « (2) », « (3) »…
    """
    detail = " ".join(FORBIDDEN.sub("-", sanitize_text(detail)).split()).strip("'")
    folded = {name.casefold() for name in taken}
    number = 1
    while True:
        name = _fit(title, detail, "" if number == 1 else f" ({number})")
        if name.casefold() not in folded:
            return name
        number += 1
