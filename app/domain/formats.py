"""French formats, in one place: 1 234,50 €, 21/11/2026, 12,5 %."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def format_decimal(value: Decimal | int | float | None, places: int | None = None) -> str:
    """1 234,5 — thousands split by a narrow no-break space; `places` fixes the decimals."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    digits = f"{abs(number):f}"
    whole, _, fraction = digits.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + NARROW_NBSP.join(groups)
    return f"{text},{fraction}" if fraction else text


def format_money(value: Decimal | int | float | None, places: int = 2) -> str:
    """1 234,50 €; rounded like every figure here, half up (34,125 → 34,13), as Excel and LibreOffice show it."""
    return "" if value is None else f"{format_decimal(value, places)}{NBSP}€"


_OPENING_QUOTE = re.compile(r"«[ \t]+")
_CLOSING_QUOTE = re.compile(r"[ \t]+»")


def french_spacing(text: str) -> str:
    """No line break inside « … » next to the guillemets: the spaces after « and before » become no-break
    spaces, as French typesetting wants."""
    return _CLOSING_QUOTE.sub(f"{NBSP}»", _OPENING_QUOTE.sub(f"«{NBSP}", text))


def shorten(text: str, limit: int = 40) -> str:
    """`text` cut to `limit` characters, « … » marking the cut: a value quoted in a message never runs on."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def format_count(count: int, singular: str, plural: str | None = None) -> str:
    """« 0 fiche », « 1 fiche », « 2 fiches », « 5 nouveaux »: French takes the plural from 2 on."""
    word = singular if abs(count) < 2 else (plural or singular + "s")
    return f"{format_decimal(count)} {word}"


def yes_no(value: bool | None) -> str:
    """Oui, Non, or nothing when the answer is not known."""
    return "" if value is None else ("Oui" if value else "Non")


def format_years(count: int) -> str:
    """1 an, 3 ans."""
    return format_count(count, "an")


def format_percent(value: Decimal | float | None, places: int = 1) -> str:
    """12,5 % for 0.125."""
    if value is None:
        return ""
    return f"{format_decimal(Decimal(str(value)) * 100, places)}{NBSP}%"


def format_date(value: date | datetime | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def format_partial_date(value: date | None, precision: str = "") -> str:
    """A date as precise as it is known: « 2009 » (precision « annee »), « novembre 2014 » (« mois ») or 03/11/2014."""
    if value is None:
        return ""
    if precision == "annee":
        return str(value.year)
    if precision == "mois":
        return f"{MONTHS[value.month - 1]} {value.year}"
    return format_date(value)


def parse_partial_date(text: str) -> tuple[date | None, str]:
    """Read « 2009 », « 11/2014 », « novembre 2014 » or a whole date: (first day of what is known, precision).

    Raises ValueError with a French message when the text is none of these.
    """
    cleaned = " ".join(text.strip().lower().split())
    if re.fullmatch(r"\d{4}", cleaned):
        return _first_day(int(cleaned), 1, text), "annee"
    numeric = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", cleaned)
    if numeric:
        return _first_day(int(numeric[2]), int(numeric[1]), text), "mois"
    named = re.fullmatch(r"([a-zéû]+) (\d{4})", cleaned)
    months = [_plain(month) for month in MONTHS]
    if named and _plain(named[1]) in months:
        return _first_day(int(named[2]), months.index(_plain(named[1])) + 1, text), "mois"
    try:
        return parse_date(text), ""
    except ValueError:
        raise ValueError(f"« {text} » n'est pas une date (attendu : AAAA, MM/AAAA ou JJ/MM/AAAA).") from None


def _plain(word: str) -> str:
    return word.replace("é", "e").replace("û", "u")


def _first_day(year: int, month: int, text: str) -> date:
    try:
        return date(year, month, 1)
    except ValueError:
        raise ValueError(f"« {text} » n'est pas une date (attendu : AAAA, MM/AAAA ou JJ/MM/AAAA).") from None


def format_datetime(value: datetime | None) -> str:
    """21/11/2026 14:05, in local time (a naive value is taken as local already)."""
    return "" if value is None else value.astimezone().strftime("%d/%m/%Y %H:%M")


def parse_decimal(text: str) -> Decimal | None:
    """Read a number typed the French way (1 234,5) or the plain way (1234.5); None when empty.

    Raises ValueError with a French message when it is not a number.
    """
    cleaned = text.strip()
    for ignored in (NARROW_NBSP, NBSP, " ", "€"):
        cleaned = cleaned.replace(ignored, "")
    cleaned = cleaned.replace(",", ".")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except ArithmeticError:
        raise ValueError(f"« {text} » n'est pas un nombre.") from None
    if not number.is_finite():
        raise ValueError(f"« {text} » n'est pas un nombre.")
    return number


def parse_int(text: str) -> int | None:
    """Read a whole number (spaces allowed: 1 200); None when empty; ValueError (French) otherwise."""
    cleaned = text.strip().replace(NARROW_NBSP, "").replace(NBSP, "").replace(" ", "")
    if not cleaned:
        return None
    if not cleaned.lstrip("-").isdigit():
        raise ValueError(f"« {text} » n'est pas un nombre entier.")
    return int(cleaned)


def parse_date(text: str) -> date | None:
    """Read 21/11/2026 or 2026-11-21; None when empty; ValueError (French) otherwise."""
    cleaned = text.strip()
    if not cleaned:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"« {text} » n'est pas une date (attendu : JJ/MM/AAAA).")
