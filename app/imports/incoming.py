"""What every catalogue reader hands over: the schemes a file gives, the records it refused, and whether it lists
every scheme of its origin (only then is a scheme missing from it « no longer published »)."""

from __future__ import annotations

import gc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.formats import shorten
from app.domain.schemes import Scheme
from app.errors import UserError

MAX_IMPORT_BYTES = 100 * 1024 * 1024
"""A catalogue file larger than this is refused before it is read (10 000 Aides-territoires aids weigh ~50 Mo)."""
IMPORT_NAMESPACE = uuid.UUID("5b0f3c2e-8d41-4a6b-9e57-2f1c7a9d3e60")


class ImportFileError(UserError):
    """The file cannot be read at all (its message is French and says why); nothing was changed."""


@dataclass
class IncomingScheme:
    """A scheme as a file gives it, before it meets the store."""

    scheme: Scheme
    """Its values, `origin` and `origin_key` set; its id is `incoming_id(origin, origin_key)`."""
    raw: dict[str, Any] | None = None
    """The record as it came, kept with the scheme (Aides-territoires' JSON object, a spreadsheet row)."""
    updated: datetime | None = None
    """When its source last changed it (Aides-territoires' `date_updated`), if the file says."""
    place: str = ""
    """Where it is in the file, for messages: « ligne 12 », « aide 4242 »."""


@dataclass(frozen=True)
class FileProblem:
    """A record the reader refused, and why (French): « ligne 12, colonne Niveau : … »."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place} : {self.message}" if self.place else self.message


@dataclass
class CatalogueFile:
    origin: str
    """A `SchemeOrigin` value: who the schemes come from."""
    label: str
    """What the file is, in French: « Aides-territoires, 3 pages, 150 aides »."""
    schemes: list[IncomingScheme] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    """Records refused: nothing is applied until there are none or the user chose to leave them out."""
    complete: bool = False
    """The file lists every scheme of its origin (a full dump, every page of a listing)."""


def incoming_id(origin: str, origin_key: str) -> str:
    """The id a scheme from `origin` gets here: the same on every workstation that imports the same record."""
    return str(uuid.uuid5(IMPORT_NAMESPACE, f"{origin}:{origin_key}"))


@contextmanager
def collection_paused() -> Iterator[None]:
    """Thousands of records built at once: Python's cycle collector paused meanwhile (it would walk every object
    held — the catalogue in memory included — over and over), and restored after, whatever happens."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_limited(path: Path, limit: int, refuse: Callable[[str], Exception], too_large: Callable[[int], str]) -> bytes:
    """The bytes of a file from outside, refused — `refuse(reason)`, the reason in French without its final stop —
    when it is missing, a folder, not readable, or larger than `limit` bytes (`too_large(size)` says so), the size
    checked before reading and while reading (a file that grows meanwhile)."""
    name = shorten(path.name)
    raw = b""
    try:
        size = path.stat().st_size
        if size <= limit:
            with path.open("rb") as stream:
                raw = stream.read(limit + 1)
            size = len(raw)
    except FileNotFoundError:
        raise refuse(f"Le fichier « {name} » est introuvable") from None
    except IsADirectoryError:
        raise refuse(f"« {name} » est un dossier, pas un fichier") from None
    except PermissionError:
        raise refuse(f"Essaim n'a pas le droit de lire le fichier « {name} »") from None
    except OSError:
        raise refuse(f"Le fichier « {name} » ne peut pas être lu") from None
    if size > limit:
        raise refuse(too_large(size))
    return raw
