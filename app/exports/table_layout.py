"""Column widths of a dossier table, shared by the PDF and Word writers."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from app.domain.document import Table
from app.exports.pdf_fonts import BOLD, FONT, register_fonts
from app.exports.safe_text import sanitize_text


def column_widths(table: Table, width: float) -> list[float]:
    """Widths in points, summing to `width`: each column fits its longest word, the rest goes by content length."""
    register_fonts()
    padding = 14
    wanted, least = [], []
    for column in range(len(table.headers)):
        cells = [table.headers[column]] + [row[column] if column < len(row) else "" for row in table.rows[:200]]
        words = [word for cell in cells for word in sanitize_text(cell).split()]
        longest_word = max((stringWidth(word, BOLD, 8.5) for word in words[:2000]), default=10)
        least.append(min(longest_word, width * 0.35) + padding)
        widest = max(stringWidth(sanitize_text(cell)[:400], FONT, 8.5) for cell in cells)
        wanted.append(max(min(widest, width), 10) + padding)
    if sum(wanted) <= width:
        return [w * width / sum(wanted) for w in wanted]
    if sum(least) >= width:
        return [w * width / sum(least) for w in least]
    spare = width - sum(least)
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e / (sum(extra) or 1) for m, e in zip(least, extra, strict=True)]
