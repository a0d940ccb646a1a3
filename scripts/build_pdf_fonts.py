"""Developer tool: rebuild the PDF fonts of `resources/fonts/` — DejaVu Sans cut to what a French dossier may hold.

    python scripts/build_pdf_fonts.py [--source-dir DIR] [--output-dir DIR]

Reads the four DejaVu Sans files (regular, bold, oblique, bold oblique; Debian's `fonts-dejavu-core` puts them in
/usr/share/fonts/truetype/dejavu, the default `--source-dir`) and keeps the glyphs of the scripts and symbols
listed in `RANGES`: Latin with every accent and the combining marks, Greek, Cyrillic, punctuation, currencies,
arrows, mathematical operators, shapes and dingbats. Hinting and the OpenType layout tables go: reportlab draws
neither. A dossier's PDF embeds only the glyphs it uses either way; the cut fonts make the bundle 2 MB lighter and
every PDF written start faster (reportlab reads the whole font file at the first export of a session).
Needs fontTools (`bash scripts/setup-venv.sh data`). Neither the app nor the tests run this script.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf")
RANGES = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0250, 0x036F),  # IPA, spacing modifiers, combining diacritical marks (text typed in decomposed form)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x206F),  # General Punctuation (narrow no-break space, ’, –, —, …, ‰)
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x20A0, 0x20CF),  # currencies (€)
    (0x2100, 0x218F),  # letterlike symbols (№, ™), number forms (½)
    (0x2190, 0x23FF),  # arrows, mathematical operators (≤, ≥, −), technical symbols
    (0x2460, 0x24FF),  # enclosed alphanumerics (①)
    (0x2500, 0x27BF),  # box drawing, blocks, geometric shapes (●), symbols (★, ⚠), dingbats (✓, ✗)
    (0xFB00, 0xFB06),  # Latin ligatures
    (0xFFFD, 0xFFFD),  # replacement character
)


def unicodes() -> list[int]:
    return [code for first, last in RANGES for code in range(first, last + 1)]


def cut(source: Path, target: Path) -> None:
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source-dir", type=Path, default=Path("/usr/share/fonts/truetype/dejavu"))
    parser.add_argument("--output-dir", type=Path, default=ROOT / "resources" / "fonts")
    args = parser.parse_args()
    for name in FILES:
        cut(args.source_dir / name, args.output_dir / name)
        print(f"{name}: {(args.source_dir / name).stat().st_size // 1024} Kio -> "
              f"{(args.output_dir / name).stat().st_size // 1024} Kio")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
