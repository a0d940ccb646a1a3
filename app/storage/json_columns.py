"""The lists a record keeps as JSON text in its own row, read back without SQLAlchemy: the models' column types
(`models.JsonList`, `AttachmentList`, `RecordList`) and `plain_reading` decode them here alike."""

from __future__ import annotations

import json
from typing import Any

from app.domain.fiche import Attachment


def decode_list(text: str | None) -> list[Any]:
    loaded = json.loads(text) if text else []
    return loaded if isinstance(loaded, list) else []


def decode_attachments(text: str | None) -> list[Attachment]:
    return [Attachment(str(item.get("sha256", "")), str(item.get("file_name", "")), int(item.get("size", 0)),
                       str(item.get("label", "")))
            for item in decode_list(text) if isinstance(item, dict)]


def decode_records(item_class: type, text: str | None) -> list[Any]:
    """The items that decode as `item_class`; one that does not (written by a newer Essaim, damaged) is left out."""
    from app.domain.codec import DecodeError, from_dict

    items: list[Any] = []
    for item in decode_list(text):
        try:
            items.append(from_dict(item_class, item))
        except DecodeError:
            continue
    return items
