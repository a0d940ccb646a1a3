"""The dossier as a Word document: heading styles for the navigation pane and the contents, tables whose
header row repeats on each page, page numbers in the footer, charts as pictures."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as WordParagraph

from app import __version__
from app.domain.document import BarChart, LabelledValue, LineChart, Paragraph, Section, Table
from app.domain.dossier import Dossier
from app.domain.formats import format_date
from app.exports.dossier_charts import chart_png
from app.exports.dossier_files import readable_cut
from app.exports.safe_text import typeset
from app.exports.table_layout import SMALL_TABLE_ROWS, table_layout
from app.progress import Progress

ACCENT = RGBColor(0x1F, 0x4E, 0x79)
ACCENT_HEX = "1F4E79"
SHORT_VALUE = 90
TEXT_WIDTH = Cm(17)


def _set_language(document: WordDocument) -> None:
    """French for spelling and hyphenation in Word."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        return
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), "fr-FR")


def _field_char(paragraph: WordParagraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _field_start(paragraph: WordParagraph, instruction: str) -> None:
    """Open a Word field (PAGE, TOC…); what follows until `_field_char(…, "end")` is its shown result."""
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _field_char(paragraph, "separate")


def _field(paragraph: WordParagraph, instruction: str, cached: str = "") -> None:
    """A one-paragraph field with the text shown until Word updates it."""
    _field_start(paragraph, instruction)
    paragraph.add_run(cached)
    _field_char(paragraph, "end")


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_margins(table: WordTable, top_bottom: Length) -> None:
    """A little room above and below the text of every cell, as in the PDF."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "bottom"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(top_bottom.pt * 20)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # the schema wants the margins before the table look
    if look is None:
        properties.append(margins)
    else:
        look.addprevious(margins)


def _repeat_as_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_on_one_page(row: _Row, with_next: bool) -> None:
    """The row never breaks across pages; `with_next` keeps it on the same page as the next row too."""
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(cant_split)
    if with_next:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


CORE_PROPERTY_LIMIT = 255
"""Word refuses a title, subject or author longer than this."""


def _property(text: str, limit: int) -> str:
    return text if len(text) <= limit else readable_cut(text, limit)


def _text_paragraphs(document: WordDocument, text: str, style: str | None = None) -> None:
    """One paragraph per line of user text, blank lines dropped. The last one is appended, the others inserted
    before it: appending looks for the end of the body each time, which a 100 000-line text makes quadratic."""
    lines = [part for part in typeset(text).splitlines() if part.strip()]
    if not lines:
        return
    last = document.add_paragraph(lines[-1], style)
    for line in lines[:-1]:
        last.insert_paragraph_before(line, style)


class DocxWriter:
    def __init__(self, dossier: Dossier, progress: Progress | None) -> None:
        self.dossier = dossier
        self.progress = progress
        self.document = Document()

    def write(self, path: Path) -> None:
        self._set_up()
        self._cover()
        self._contents()
        total = max(len(self.dossier.sections), 1)
        for done, section in enumerate(self.dossier.sections, start=1):
            self._section(section)
            if self.progress:
                self.progress(done / total * 0.9)
        self.document.save(str(path))
        if self.progress:
            self.progress(1.0)

    # -- page set-up ----------------------------------------------------------------------------
    def _set_up(self) -> None:
        document = self.document
        _set_language(document)
        normal = document.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        for name, size in (("Heading 1", 16), ("Heading 2", 13)):
            style = document.styles[name]
            style.font.color.rgb = ACCENT
            style.font.size = Pt(size)
        properties = document.core_properties
        properties.title = _property(typeset(self.dossier.title), CORE_PROPERTY_LIMIT)
        properties.subject = _property(self.dossier.cover.subtitle, CORE_PROPERTY_LIMIT)
        properties.author = _property(typeset(self.dossier.author), CORE_PROPERTY_LIMIT) or "Essaim"
        properties.comments = f"Établi avec Essaim {__version__}"
        properties.language = "fr-FR"
        section = document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.text = typeset(self.dossier.title)
        header.runs[0].font.size = Pt(8)
        header.runs[0].font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer.add_run(f"Exporté le {format_date(self.dossier.cover.exported_on)} — Page ")
        _field(footer, "PAGE", "1")
        footer.add_run(" sur ")
        _field(footer, "NUMPAGES", "1")
        for run in footer.runs:
            run.font.size = Pt(8)

    def _cover(self) -> None:
        document = self.document
        cover = self.dossier.cover
        for _ in range(6):
            document.add_paragraph()
        title = document.add_paragraph(typeset(cover.title), "Title")
        title.runs[0].font.color.rgb = ACCENT
        document.add_paragraph(cover.subtitle, "Subtitle")
        facts = document.add_table(rows=0, cols=2)
        for fact in cover.facts:
            cells = facts.add_row().cells
            cells[0].text = typeset(fact.label)
            cells[0].paragraphs[0].runs[0].bold = True
            cells[1].text = typeset(fact.value)
        self._widths(facts, [Cm(5), Cm(12)])
        document.add_paragraph()
        document.add_paragraph(f"Établi avec Essaim {__version__}")
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _contents(self) -> None:
        """A contents field; until Word updates it (F9), it lists the section titles."""
        document = self.document
        document.add_paragraph("Sommaire", "TOC Heading")
        _field_start(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u')
        for section in self.dossier.sections:
            entry = document.add_paragraph(("    " if section.level > 1 else "") + typeset(section.title))
            entry.paragraph_format.space_after = Pt(2)
        _field_char(document.add_paragraph(), "end")
        note = document.add_paragraph("Pour afficher les numéros de page du sommaire dans Word : clic droit sur le "
                                      "sommaire, « Mettre à jour les champs ».")
        note.runs[0].italic = True
        note.runs[0].font.size = Pt(8)
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- content --------------------------------------------------------------------------------
    def _section(self, section: Section) -> None:
        heading = self.document.add_heading(typeset(section.title), level=min(section.level, 2))
        heading.paragraph_format.keep_with_next = True
        for item in section.items:
            if isinstance(item, LabelledValue):
                self._value(item)
            elif isinstance(item, Paragraph):
                _text_paragraphs(self.document, item.text)
            elif isinstance(item, Table):
                self._table(item, section.title)
            elif isinstance(item, (BarChart, LineChart)):
                self._chart(item)

    def _value(self, value: LabelledValue) -> None:
        text = typeset(value.value)
        label = typeset(value.label)
        if len(text) <= SHORT_VALUE and "\n" not in text:
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{label} : ").bold = True
            paragraph.add_run(text)
            paragraph.paragraph_format.space_after = Pt(3)
            return
        heading = self.document.add_paragraph()
        heading.add_run(label).bold = True
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.space_after = Pt(1)
        _text_paragraphs(self.document, text)

    def _table(self, table: Table, section_title: str) -> None:
        document = self.document
        if table.title != section_title:
            caption = document.add_paragraph()
            caption.add_run(typeset(table.title)).bold = True
            caption.paragraph_format.keep_with_next = True
            caption.paragraph_format.space_after = Pt(2)
        word_table = document.add_table(rows=1, cols=len(table.headers))
        word_table.style = document.styles["Table Grid"]
        word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
        word_table.autofit = False
        _cell_margins(word_table, Pt(2))
        layout = table_layout(table, TEXT_WIDTH.pt)
        size = Pt(layout.font_size)
        widths = [Pt(width) for width in layout.widths]
        for column, width in zip(word_table.columns, widths, strict=True):
            column.width = width
        header = word_table.rows[0]
        _repeat_as_header(header)
        for n, (cell, title) in enumerate(zip(header.cells, table.headers, strict=True)):
            cell.text = typeset(title)
            run = cell.paragraphs[0].runs[0]
            run.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            run.font.size = size
            _shade(cell, ACCENT_HEX)
            cell.width = widths[n]
            if n in table.numeric_columns:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for row in table.rows:
            cells = word_table.add_row().cells
            for n, cell in enumerate(cells):
                cell.width = widths[n]
                paragraph = cell.paragraphs[0]
                run = paragraph.add_run(typeset(row[n] if n < len(row) else ""))
                run.font.size = size
                if n in table.numeric_columns:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        small = len(table.rows) <= SMALL_TABLE_ROWS
        for n, row in enumerate(word_table.rows):
            _keep_on_one_page(row, with_next=small and n < len(word_table.rows) - 1)
        document.add_paragraph().paragraph_format.space_after = Pt(2)

    def _chart(self, chart: BarChart | LineChart) -> None:
        self.document.add_picture(BytesIO(chart_png(chart)), width=Cm(16))
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    @staticmethod
    def _widths(table: WordTable, widths: list[Length]) -> None:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width


def write_docx(dossier: Dossier, path: Path, progress: Progress | None = None) -> None:
    DocxWriter(dossier, progress).write(path)
