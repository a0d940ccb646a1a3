"""Hostile .essaim packages built by hand: the low-level helpers (`raw_package`, `zip_with`…) write
packages that break exactly one rule."""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

from app.domain.codec import to_dict
from app.sync.package_format import FORMAT_NAME, MANIFEST
from app.sync.package_reader import PackageRecord
from tests.fiche_factory import full_fiche

WORKSTATION = "5d0c3a4e-6a53-4c2b-9f5e-0e9a3c1f2b7d"
RECORDS = "records/fiches.json"


def fiche_record(fiche_id: str | None = None, **changes: object) -> PackageRecord:
    fiche = full_fiche(fiche_id or str(uuid.uuid4()))
    data = to_dict(fiche)
    data["attachments"] = []
    data.update(changes)
    return PackageRecord("fiche", fiche.id, 3, "2026-11-20T10:00:00+00:00", WORKSTATION, None, data,
                         "2026-11-01T10:00:00+00:00")


def record_row(record: PackageRecord) -> dict[str, Any]:
    row = dict(record.__dict__)
    row.pop("kind")
    return row


def records_bytes(*records: PackageRecord) -> bytes:
    return json.dumps([record_row(record) for record in records]).encode()


def manifest_document(entries: dict[str, bytes], version: str = "1.0") -> dict[str, Any]:
    members = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for name, data in entries.items()}
    return {"format": FORMAT_NAME, "format_version": version, "app_version": "0.1.0",
            "workstation": {"id": WORKSTATION, "label": "Poste test"}, "created_at": "2026-11-22T10:00:00+00:00",
            "scope": {"kind": "all", "personal_data": True}, "counts": {"fiches": 1}, "members": members}


def raw_package(path: Path, entries: dict[str, bytes], manifest: dict[str, Any] | None = None,
                version: str = "1.0", manifest_text: str | None = None) -> Path:
    """A package written by hand, so that each test can break one thing (`manifest_text` replaces the JSON)."""
    document = manifest_document(entries, version)
    document.update(manifest or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        archive.writestr(MANIFEST, json.dumps(document) if manifest_text is None else manifest_text)
    return path


def zip_with(path: Path, name: str, data: bytes = b"x", external_attr: int | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo(name)
        if external_attr is not None:
            info.external_attr = external_attr
        archive.writestr(info, data)
        archive.writestr(MANIFEST, "{}")
    return path


def with_attachments(path: Path, contents: list[bytes], referenced: bool = True) -> Path:
    """A fiche and one attachment member per content; the fiche names them all, or none."""
    shas = [hashlib.sha256(content).hexdigest() for content in contents]
    listed = [{"sha256": sha, "file_name": f"piece-{n}.txt", "size": len(content), "label": ""}
              for n, (sha, content) in enumerate(zip(shas, contents, strict=True))]
    entries = {RECORDS: records_bytes(fiche_record(attachments=listed if referenced else []))}
    entries.update({f"attachments/{sha}": content for sha, content in zip(shas, contents, strict=True)})
    return raw_package(path, entries)
