"""DejaVu Sans, shipped with Essaim and embedded in every PDF: it has « », ’, œ, €, and the narrow no-break space."""

from __future__ import annotations

from reportlab import rl_config
from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.locations import resources_dir

FONT = "EssaimSans"
BOLD = "EssaimSans-Bold"
ITALIC = "EssaimSans-Italic"
BOLD_ITALIC = "EssaimSans-BoldItalic"
_FILES = {FONT: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf",
          BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf"}


def register_fonts() -> None:
    """Register the family once per process (reportlab keeps a global registry)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources_dir() / "fonts"
    for name, file_name in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, ITALIC)
    addMapping(FONT, 1, 1, BOLD_ITALIC)
    # drawings and new documents start with these fonts: make them ours so that no font is left unembedded
    STATE_DEFAULTS["fontName"] = FONT
    rl_config.canvas_basefontname = FONT
