"""What the command line writes to a terminal: data shown, never obeyed (control characters escaped)."""

from __future__ import annotations

import re
from typing import TextIO

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls but line feed and tab, DEL, and the bidirectional overrides that reorder what is shown."""


def escape_controls(text: str) -> str:
    """ESC, BEL, CR… shown as \\x1b, \\x07, \\x0d: a title or a station name cannot clear the terminal or rename it."""
    return _CONTROLS.sub(lambda found: f"\\x{ord(found.group()):02x}" if ord(found.group()) < 0x100
                         else f"\\u{ord(found.group()):04x}", text)


class EscapingStream:
    """A text stream that escapes control characters in everything written to it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(escape_controls(text))

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)
