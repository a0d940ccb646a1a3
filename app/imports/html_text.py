"""Text that comes from outside, made safe to store and show: HTML turned into lines, control characters removed.

Aides-territoires writes its descriptions in HTML from a rich-text editor (paragraphs, lists, inline styles,
`&nbsp;`, `\\r\\n`); older copies hold plain text. `html_to_text` keeps what a reader sees: one line per paragraph,
heading or table row, each list item a line starting with « – », a link's address after its words when they
differ; scripts, styles and other non-text elements are dropped with their content. `clean_text` removes what no
text field should hold (control characters but the line break, lone surrogates, invisible direction overrides)
and `one_line` makes a name fit on one line.
"""

from __future__ import annotations

import re
from html import unescape

BULLET = "– "
_BARE_BULLET = BULLET.strip()
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]")
_BLANK_LINES = re.compile(r"\n{3,}")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>|<!--")

_SKIPPED = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math", "head",
                      "title", "select", "button", "textarea"})
"""Elements whose content is not text a reader sees (or must never see)."""
_BLOCKS = frozenset({"p", "div", "br", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                     "table", "thead", "tbody", "tfoot", "blockquote", "section", "article", "header", "footer",
                     "aside", "nav", "figure", "figcaption", "pre", "hr", "address", "details", "summary", "form",
                     "fieldset", "legend", "main"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "embed", "param",
                   "source", "track"})
_LINKS = ("http://", "https://", "mailto:")
_LINK_PARTS = 64
"""How far into a link's words its address is looked for (links nested by the thousand stay linear)."""
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)([^<>]*?)(/?)>|([^<]+)|<[!?][^<>]*>|(<)")
"""A tag (closing?, name, attributes, self-closing?), text, a declaration or processing instruction (dropped),
or a lone « < » (text)."""
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


class _TextCollector:
    """Reads HTML token by token (one regular expression, much faster than `html.parser` on the thousands of
    descriptions of an Aides-territoires file) and keeps what a reader sees."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.links: list[str] = []
        self.link_text: list[int] = []
        self.item_opened = False
        """A list item has just begun: a paragraph opening inside it stays on the item's line."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag == self.skipping[-1] and tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _SKIPPED:
            self.skipping.append(tag)
        elif tag == "li":
            self.parts.append("\n" + BULLET)
            self.item_opened = True
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "a":
            href = next((value or "" for name, value in attrs if name == "href"), "").strip()
            self.links.append(href if href.lower().startswith(_LINKS) else "")
            self.link_text.append(len(self.parts))
        elif tag in _BLOCKS and not self.item_opened:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag == "a" and self.links:
            self._close_link()
        elif tag in _BLOCKS or tag == "li":
            self.parts.append("\n")
            self.item_opened = False

    def _close_link(self) -> None:
        href, start = self.links.pop(), self.link_text.pop()
        address = href.removeprefix("mailto:")
        if not address:
            return
        words = " ".join("".join(self.parts[start:start + _LINK_PARTS]).split())
        if address not in words:
            self.parts.append(f" ({address})" if words else address)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.parts.append(data if data.isprintable() and "  " not in data else _collapsed(data))
        self.item_opened = self.item_opened and not data.strip()

    def feed(self, markup: str) -> None:
        for match in _TOKEN.finditer(markup):
            closing, tag, attributes, self_closing, data, lone = match.groups()
            if data is not None or lone is not None:
                self.handle_data(unescape(data) if data is not None else "<")
            elif tag is None:
                continue
            elif closing:
                self.handle_endtag(tag.lower())
            elif self_closing:
                self.handle_startendtag(tag.lower(), _attributes(attributes))
            else:
                self.handle_starttag(tag.lower(), _attributes(attributes))

    def close(self) -> None:
        while self.links:
            self._close_link()


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """The one attribute the collector reads: a link's address."""
    found = _HREF.search(text) if text else None
    if found is None:
        return []
    return [("href", unescape(next(value for value in found.groups() if value is not None)))]


def _collapsed(data: str) -> str:
    """Every run of white space (no-break spaces, line breaks…) one space, as HTML shows text."""
    if data.isspace():
        return " "
    words = " ".join(data.split())
    if not words:
        return ""
    return (" " if data[0].isspace() else "") + words + (" " if data[-1].isspace() else "")


def clean_text(text: str) -> str:
    """`text` without control characters (the line break kept, a tab becomes a space), lone surrogates or
    direction overrides; line breaks normalised to \\n."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROL.sub("", text)


def _tidy_lines(text: str) -> str:
    """Spaces collapsed (no-break ones too), lines trimmed, at most one blank line in a row, none at the ends."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def _without_comments(markup: str) -> str:
    """`markup` without its comments (an unclosed one runs to the end, as in a browser), in one pass: the
    parser of Python 3.11 takes a time quadratic in the number of unclosed « <!-- »."""
    if "<!--" not in markup:
        return markup
    kept: list[str] = []
    position = 0
    while (start := markup.find("<!--", position)) != -1:
        kept.append(markup[position:start])
        end = markup.find("-->", start + 4)
        if end == -1:
            return "".join(kept)
        position = end + 3
    kept.append(markup[position:])
    return "".join(kept)


def html_to_text(markup: str) -> str:
    """The text a reader sees in `markup` (HTML, or plain text with entities), cleaned as `clean_text` does."""
    if not markup:
        return ""
    if not _TAG.search(markup):
        return _tidy_lines(clean_text(unescape(markup)))
    collector = _TextCollector()
    collector.feed(_without_comments(markup))
    collector.close()
    lines = (" ".join(line.split()) for line in clean_text("".join(collector.parts)).split("\n"))
    return "\n".join(line for line in lines if line and line != _BARE_BULLET)


def one_line(text: str) -> str:
    """`text` cleaned, on one line (for a name, a financer, a programme)."""
    if text.isprintable() and "  " not in text and text.strip(" ") == text:
        return text
    return " ".join(clean_text(text).split())
