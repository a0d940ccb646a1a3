"""What an .essaim package is: a ZIP with a manifest, records as JSON and attachments under their SHA-256.

The full description, for people and other programs, is docs/package-format.md with the JSON Schemas
in resources/schemas/. Format versions: a reader accepts every minor version of its major version
(unknown fields are ignored) and refuses a newer major version.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import UTC, datetime
from functools import cache
from typing import Any

from app.locations import resources_dir
from app.storage.errors import StoreError
from app.travelling import KINDS, TravellingKind

FORMAT_NAME = "essaim-package"
FORMAT_VERSION = (1, 3)
SUFFIX = ".essaim"
MANIFEST = "manifest.json"
ATTACHMENTS = "attachments/"
ATTACHMENT_NAME = re.compile(r"^attachments/[0-9a-f]{64}$")

MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 200 * 1024 * 1024
"""No single member is larger (records of thousands of fiches stay far below)."""
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_RATIO = 100
"""A member that expands more than this many times its compressed size is a bomb."""
RATIO_FLOOR = 1024 * 1024
"""Small members may compress very well (a page of spaces); the ratio is checked above this size."""
MAX_TEXT = 1_000_000
"""Characters in any one text field of a received record."""
MAX_ATTACHMENTS = 5_000
"""Attachments in one package (each one named by a record): far above what a store sends, far below MAX_MEMBERS."""
METHODS = {zipfile.ZIP_STORED: "stocké", zipfile.ZIP_DEFLATED: "deflate"}
"""The compression methods a reader accepts: those Essaim writes (others fail in zipfile, or cost more to expand)."""
EARLIEST = datetime(1970, 1, 2, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, tzinfo=UTC)
"""Dates of a received record or manifest lie between these: every date Essaim may show in local time on any
system (Windows' localtime refuses dates before 1970 and after 3000; Python's, years 1 and 9999 once shifted)."""
QUOTE = 40
"""Characters of a received value quoted in a message, at most."""
CATALOGUE = "catalogue"
"""The manifest's `content` of a catalogue package: schemes of a funding catalogue (absent: a station's work)."""


class PackageError(StoreError):
    """A package that cannot be read or must not be trusted; nothing was changed."""


def quoted(value: object) -> str:
    """A received value as a message quotes it: cut to QUOTE characters, never echoed at length."""
    text = str(value)
    return text if len(text) <= QUOTE else text[:QUOTE - 1] + "…"


def refusal(reason: str) -> PackageError:
    """A PackageError saying what is wrong, then that the package is refused and nothing was imported."""
    return PackageError(f"{reason} : le paquet est refusé, rien n'a été importé.")


class PackageCancelled(Exception):
    """Raised by a progress callback to stop reading, writing or importing a package; nothing is left half done."""


"""Receives the share of the work done, from 0 to 1; may raise PackageCancelled."""


def format_version_text(version: tuple[int, int] = FORMAT_VERSION) -> str:
    return f"{version[0]}.{version[1]}"


def parse_format_version(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor)


@cache
def schema(name: str) -> dict[str, Any]:
    """One of the JSON Schemas shipped in resources/schemas/ ("manifest" or "records")."""
    path = resources_dir() / "schemas" / f"essaim-package-{name}.schema.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def records_schema(kind: TravellingKind) -> dict[str, Any]:
    """The schema of one kind's member: the shared record envelope, its content as the kind describes it."""
    envelope = schema("records")
    item = envelope["items"]
    content = {"anyOf": [{"type": "null"}, {"type": "object", **kind.schema}]}
    return {**envelope, "title": f"{envelope['title']} — {kind.member}",
            "items": {**item, "properties": {**item["properties"], "data": content}}}


def check_member_name(name: str) -> None:
    """Refuse any member name that could escape the staging folder or that the format does not know."""
    if (not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name or "\x00" in name
            or any(part in ("", ".", "..") for part in name.split("/"))):
        raise refusal(f"Le paquet contient un chemin dangereux (« {quoted(name)} »)")
    if name != MANIFEST and KINDS.by_member(name) is None and not ATTACHMENT_NAME.match(name):
        raise refusal(f"Le paquet contient un élément inconnu (« {quoted(name)} »)")
