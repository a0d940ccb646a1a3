"""How long work tells how far it has gone, importable from every layer (no Qt).

A `Progress` callback receives the share done, from 0 to 1; the GUI's moves a bar and raises its layer's
« cancelled » exception once the user cancels, which the work lets through after cleaning up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
Progress = Callable[[float], None]
REPORT_EVERY = 200
"""Items between two reports (each report may raise to cancel)."""


def silent(_done: float) -> None:
    """The callback of work nobody watches."""


def part(progress: Progress | None, start: float, share: float) -> Progress:
    """A callback for one part of the work, `share` of the whole starting at `start`."""
    return (lambda done: progress(start + share * done)) if progress else silent


def reported(items: Sequence[T], progress: Progress | None) -> Iterator[T]:
    """`items` one by one, the share done reported before the first and every `REPORT_EVERY` items."""
    report = progress or silent
    total = max(len(items), 1)
    for position, item in enumerate(items):
        if position % REPORT_EVERY == 0:
            report(position / total)
        yield item
