"""Writing dossier files: the formats, their file names, and atomic writes that a cancel leaves clean.

Whole exports (one dossier in several formats) are `app.services.dossier_export.export_dossier`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.domain.dossier import Dossier
from app.progress import Progress

WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
OPENING_MARKS = (("«", "»"), ("(", ")"), ("[", "]"))
DANGLING = " .,;:-–—(«["
"""Characters a cut name must not end with."""
FUNCTION_WORDS = frozenset({
    "à", "au", "aux", "de", "des", "du", "d", "la", "le", "les", "l", "un", "une", "et", "ou", "ni", "pour", "par",
    "sur", "sous", "en", "dans", "avec", "sans", "chez", "vers", "entre", "comme", "ce", "cet", "cette", "ces",
    "son", "sa", "ses", "leur", "leurs", "qui", "que", "qu", "dont", "où", "se", "ne", "y",
})
"""Short French words that leave a phrase hanging when a cut name ends with them."""


class ExportCancelled(Exception):
    """Raised by a progress callback to stop writing; the half-written file is removed."""


@dataclass(frozen=True)
class DossierFormat:
    key: str
    label: str
    suffix: str

    def write(self, dossier: Dossier, path: Path, progress: Progress | None) -> None:
        # each writer imports its library only when used, which keeps the application's start fast
        if self.key == "docx":
            from app.exports.dossier_docx import write_docx as writer
        elif self.key == "xlsx":
            from app.exports.dossier_xlsx import write_xlsx as writer
        else:
            from app.exports.dossier_pdf import write_pdf as writer
        writer(dossier, path, progress)


FORMATS: dict[str, DossierFormat] = {
    "docx": DossierFormat("docx", "Word (.docx)", ".docx"),
    "xlsx": DossierFormat("xlsx", "Excel (.xlsx)", ".xlsx"),
    "pdf": DossierFormat("pdf", "PDF (.pdf)", ".pdf"),
}


def safe_file_name(title: str, limit: int = 80) -> str:
    """A file name that Windows, macOS and Linux all accept, from a title, cut where a reader would if too long."""
    cleaned = re.sub(r"\s*:\s*", " - ", title)
    cleaned = re.sub(r'[<>"/\\|?*\x00-\x1f\x7f]', " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .-")
    if len(cleaned) > limit:
        cleaned = readable_cut(cleaned, limit)
    if not cleaned or WINDOWS_RESERVED.match(cleaned):
        cleaned = f"fiche {cleaned}".strip()
    return cleaned


def readable_cut(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word, without an unclosed « or (, dangling punctuation or a
    trailing « de », « pour »…; a single word longer than half the limit is cut where it must."""
    space = text.rfind(" ", 0, limit + 1)
    cut = text[:space] if space > limit // 2 else text[:limit]
    for opening, closing in OPENING_MARKS:
        if cut.count(opening) > cut.count(closing):
            cut = cut[:cut.rfind(opening)]
    words = cut.split()
    while len(words) > 1 and (words[-1].strip(DANGLING + "'’").lower() in FUNCTION_WORDS
                              or not words[-1].strip(DANGLING)):
        words.pop()
    return " ".join(words).rstrip(DANGLING)


def dossier_file_name(title: str, exported_on: date, format_key: str) -> str:
    """« Titre - dossier - 2026-11-22.pdf »: the date sorts the files in a folder."""
    return f"{safe_file_name(title)} - dossier - {exported_on:%Y-%m-%d}{FORMATS[format_key].suffix}"


def write_dossier_file(dossier: Dossier, format_key: str, path: Path, progress: Progress | None = None) -> Path:
    """Write one format to `path`; a file already there is replaced only once the new one is complete."""
    partial = path.with_name(path.name + ".partiel")
    try:
        FORMATS[format_key].write(dossier, partial, progress)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path
