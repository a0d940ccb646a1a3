"""One cleaning of user text for every writer: no XML-illegal characters, no formula injection."""

from __future__ import annotations

import re

from app.domain.formats import french_spacing

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def sanitize_text(text: object) -> str:
    """`text` as a string without the characters XML 1.0 forbids (tabs and line breaks are kept)."""
    return _XML_ILLEGAL.sub("", "" if text is None else str(text))


def typeset(text: object) -> str:
    """User text cleaned as `sanitize_text` does, with French spacing inside « » (for paragraphs that wrap)."""
    return french_spacing(sanitize_text(text))


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet read this text as a formula?"""
    return text.startswith(FORMULA_PREFIXES)
