"""The dossier as a PDF: cover, contents, bookmarks, header and page numbers, split tables, vector charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.tableofcontents import TableOfContents

from app import __version__
from app.domain.document import BarChart, LabelledValue, LineChart, Paragraph, Section, Table
from app.domain.dossier import Dossier
from app.domain.formats import format_date
from app.exports.dossier_charts import chart_drawing
from app.exports.dossier_files import readable_cut
from app.exports.pdf_fonts import BOLD, FONT, register_fonts
from app.exports.safe_text import sanitize_text, typeset
from app.exports.table_layout import SMALL_TABLE_ROWS, TableLayout, table_layout
from app.progress import Progress

ACCENT = colors.HexColor("#1f4e79")
LIGHT = colors.HexColor("#eef3f8")
RULE = colors.HexColor("#b4c6dc")
MARGIN = 2 * cm
TOP_MARGIN = 2.4 * cm
BODY_HEIGHT = A4[1] - TOP_MARGIN - MARGIN
MIN_ROWS_ON_A_PAGE = 3
"""A longer table split over pages leaves at least this many rows on each."""
SHORT_VALUE = 90
"""Values up to this length sit beside their label; longer ones get a paragraph of their own."""


def markup(text: object) -> str:
    """User text made safe for reportlab's paragraph markup, line breaks kept."""
    return escape(typeset(text)).replace("\r\n", "\n").replace("\n", "<br/>")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, spaceAfter=4)
    return {
        "body": base,
        "label": ParagraphStyle("label", parent=base, fontName=BOLD, textColor=ACCENT, spaceAfter=1, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "number": ParagraphStyle("number", parent=base, fontSize=8.5, leading=11, spaceAfter=0, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=8.5, leading=11, spaceAfter=0,
                               textColor=colors.white),
        "head_number": ParagraphStyle("head_number", parent=base, fontName=BOLD, fontSize=8.5, leading=11, spaceAfter=0,
                                      textColor=colors.white, alignment=TA_RIGHT),
        "caption": ParagraphStyle("caption", parent=base, fontName=BOLD, fontSize=9.5, spaceBefore=6, keepWithNext=1),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=16, leading=20, textColor=ACCENT,
                             spaceBefore=14, spaceAfter=8, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=12.5, leading=16, textColor=ACCENT,
                             spaceBefore=10, spaceAfter=6, keepWithNext=1),
        "cover_title": ParagraphStyle("cover_title", parent=base, fontName=BOLD, fontSize=24, leading=30,
                                      textColor=ACCENT, spaceAfter=12),
        "cover_subtitle": ParagraphStyle("cover_subtitle", parent=base, fontSize=13, leading=17, spaceAfter=24),
        "toc_title": ParagraphStyle("toc_title", parent=base, fontName=BOLD, fontSize=16, leading=20, textColor=ACCENT,
                                    spaceAfter=12),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10.5, leading=16, leftIndent=0),
        "toc2": ParagraphStyle("toc2", parent=base, fontSize=9.5, leading=14, leftIndent=16),
    }


class Heading(PdfParagraph):
    """A section title that becomes a bookmark and a contents entry."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str) -> None:
        super().__init__(markup(text), style)
        self.plain_text = sanitize_text(text)
        self.level = level
        self.key = key


class NumberedCanvas(Canvas):
    """Draws « Page n sur N » once the number of pages is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if self._pageNumber > 1:
                self.setFont(FONT, 8)
                self.setFillColor(colors.grey)
                self.drawRightString(A4[0] - MARGIN, 1.2 * cm, f"Page {self._pageNumber} sur {total}")
            super().showPage()
        super().save()


class DossierDocument(BaseDocTemplate):
    def __init__(self, path: str, dossier: Dossier, progress: Progress | None, flowable_count: int) -> None:
        super().__init__(path, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP_MARGIN,
                         bottomMargin=MARGIN, title=sanitize_text(dossier.title), author=sanitize_text(dossier.author),
                         subject=dossier.cover.subtitle, creator=f"Essaim {__version__}", lang="fr-FR",
                         initialFontName=FONT, initialFontSize=10)
        self.dossier = dossier
        self.progress = progress
        self.flowable_count = max(flowable_count, 1)
        self.done = 0
        self.passes = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [frame]), PageTemplate("body", [frame], onPage=self._header)])

    def _header(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.grey)
        top = A4[1] - 1.4 * cm
        title = sanitize_text(self.dossier.title)[:150]
        while len(title) > 20 and canvas.stringWidth(title, FONT, 8) > self.width - 4 * cm:
            title = title[:-8].rstrip() + "…"
        canvas.drawString(MARGIN, top, title)
        canvas.drawRightString(A4[0] - MARGIN, top, "Dossier Essaim")
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, top - 4, A4[0] - MARGIN, top - 4)
        canvas.drawString(MARGIN, 1.2 * cm, f"Exporté le {format_date(self.dossier.cover.exported_on)}")
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.plain_text, flowable.key, level=flowable.level - 1, closed=False)
            self.notify("TOCEntry", (flowable.level - 1, markup(flowable.plain_text), self.page, flowable.key))
        self.done += 1
        if self.progress:
            # contents need two passes: the first half of the bar for the first, the rest for the second
            share = min(self.done / self.flowable_count, 1.0) / 2
            self.progress(share if self.passes <= 1 else 0.5 + share)

    def beforeDocument(self) -> None:
        self.passes += 1
        self.done = 0


class KeptTable(PdfTable):
    """A table that, split over pages, leaves no lonely first or last rows: at least MIN_ROWS_ON_A_PAGE on each."""

    def split(self, width: float, height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(width, height)
        # with rows this short, any 2 * MIN_ROWS_ON_A_PAGE of them fit on a page: moving rows on always ends
        short_rows = max(self._rowHeights) * (2 * MIN_ROWS_ON_A_PAGE + self.repeatRows) < BODY_HEIGHT
        if len(parts) != 2 or not short_rows:
            return parts
        first = parts[0]._nrows - self.repeatRows
        moved = max(MIN_ROWS_ON_A_PAGE - (self._nrows - self.repeatRows - first), 0)
        if first - moved < MIN_ROWS_ON_A_PAGE:
            return []
        if not moved:
            return parts
        end = self.repeatRows + first
        return list(super().split(width, height - sum(self._rowHeights[end - moved:end])))


def _table_styles(styles: dict[str, ParagraphStyle], layout: TableLayout) -> dict[str, ParagraphStyle]:
    """The cell and header styles at the table's font size."""
    return {name: ParagraphStyle(f"{name}-{layout.font_size}", parent=styles[name], fontSize=layout.font_size,
                                 leading=layout.leading)
            for name in ("cell", "number", "head", "head_number")}


def _table(table: Table, styles: dict[str, ParagraphStyle], width: float, section_title: str,
           lead: list[Flowable] | None = None) -> list[Flowable]:
    """The table with its caption (unless the section's title says it); `lead` (the section's heading, when the
    table comes first) stays on the same page as a small table."""
    lead = lead or []
    layout = table_layout(table, width)
    sized = _table_styles(styles, layout)

    def cell(text: str, column: int) -> PdfParagraph:
        return PdfParagraph(markup(text), sized["number" if column in table.numeric_columns else "cell"])

    data = [[PdfParagraph(markup(header), sized["head_number" if n in table.numeric_columns else "head"])
             for n, header in enumerate(table.headers)]]
    data += [[cell(row[n] if n < len(row) else "", n) for n in range(len(table.headers))] for row in table.rows]
    pdf_table = KeptTable(data, colWidths=layout.widths, repeatRows=1, splitByRow=1, splitInRow=1)
    pdf_table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, LIGHT]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    caption = [] if table.title == section_title else [PdfParagraph(markup(table.title), styles["caption"])]
    if len(table.rows) <= SMALL_TABLE_ROWS:
        return [KeepTogether([*lead, *caption, pdf_table]), Spacer(1, 6)]
    return [*lead, *caption, pdf_table, Spacer(1, 6)]


def _paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """One paragraph per line of user text (a long text then flows over pages); blank lines dropped."""
    return [PdfParagraph(markup(line), style) for line in text.splitlines() if line.strip()]


def _values(values: list[LabelledValue], styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    """Short values as a two-column form; long ones as a label over its paragraphs."""
    flowables: list[Flowable] = []
    short: list[list[PdfParagraph]] = []

    def flush_short() -> None:
        if short:
            form = PdfTable(list(short), colWidths=[width * 0.3, width * 0.7], splitByRow=1)
            form.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
            flowables.extend([form, Spacer(1, 4)])
            short.clear()

    for value in values:
        text = sanitize_text(value.value)
        if len(text) <= SHORT_VALUE and "\n" not in text:
            short.append([PdfParagraph(markup(value.label), styles["label"]),
                          PdfParagraph(markup(text), styles["body"])])
            continue
        flush_short()
        flowables.append(PdfParagraph(markup(value.label), styles["label"]))
        flowables.extend(_paragraphs(text, styles["body"]))
    flush_short()
    return flowables


def _section(section: Section, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    flowables: list[Flowable] = []
    if section.level == 1:
        flowables.append(CondPageBreak(6 * cm))
    flowables.append(Heading(section.title, styles["h1" if section.level == 1 else "h2"], section.level,
                             f"section-{id(section)}"))
    pending: list[LabelledValue] = []
    for item in [*section.items, None]:
        if isinstance(item, LabelledValue):
            pending.append(item)
            continue
        if pending:
            flowables.extend(_values(pending, styles, width))
            pending = []
        if isinstance(item, Paragraph):
            flowables.extend(_paragraphs(item.text, styles["body"]))
        elif isinstance(item, Table):
            lead = [flowables.pop()] if isinstance(flowables[-1], Heading) else []
            flowables.extend(_table(item, styles, width, section.title, lead))
        elif isinstance(item, (BarChart, LineChart)):
            flowables.extend([Spacer(1, 6), KeepTogether([chart_drawing(item, width)]), Spacer(1, 8)])
    return flowables


COVER_TEXT_LIMIT = 300
"""The cover is one page: a longer title or fact is cut there (the dossier's sections give it whole)."""


def _on_cover(text: str) -> str:
    return text if len(text) <= COVER_TEXT_LIMIT else readable_cut(text, COVER_TEXT_LIMIT) + " …"


def _cover(dossier: Dossier, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    cover = dossier.cover
    facts = PdfTable([[PdfParagraph(markup(f.label), styles["label"]),
                       PdfParagraph(markup(_on_cover(f.value)), styles["body"])]
                      for f in cover.facts], colWidths=[width * 0.3, width * 0.7])
    facts.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEABOVE", (0, 0), (-1, 0), 1, ACCENT), ("LINEBELOW", (0, -1), (-1, -1), 1, ACCENT),
                               ("TOPPADDING", (0, 0), (-1, -1), 5)]))
    return [Spacer(1, 5 * cm), PdfParagraph(markup(_on_cover(cover.title)), styles["cover_title"]),
            PdfParagraph(markup(cover.subtitle), styles["cover_subtitle"]), facts, Spacer(1, 2 * cm),
            PdfParagraph(markup(f"Établi avec Essaim {__version__}"), styles["body"])]


def write_pdf(dossier: Dossier, path: Path, progress: Progress | None = None) -> None:
    register_fonts()
    styles = _styles()
    width = A4[0] - 2 * MARGIN
    contents = TableOfContents(levelStyles=[styles["toc1"], styles["toc2"]], dotsMinLevel=0, tableStyle=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    body: list[Flowable] = []
    for section in dossier.sections:
        body.extend(_section(section, styles, width))
    story = [*_cover(dossier, styles, width), NextPageTemplate("body"), PageBreak(),
             PdfParagraph("Sommaire", styles["toc_title"]), contents, PageBreak()]
    story += body
    document = DossierDocument(str(path), dossier, progress, len(story))
    document.multiBuild(story, canvasmaker=NumberedCanvas)
