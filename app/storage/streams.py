"""Copying a byte stream while hashing it and counting its bytes, never trusting a size given beforehand."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import IO

CHUNK = 1024 * 1024


def copy_hashed(source: IO[bytes], out: IO[bytes], limit: int, too_big: Callable[[], Exception]) -> tuple[str, int]:
    """Copy `source` to `out`; raise `too_big()` as soon as more than `limit` bytes came. Returns (sha256, size)."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise too_big()
        digest.update(chunk)
        out.write(chunk)
    return digest.hexdigest(), size
