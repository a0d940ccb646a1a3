"""Write an .essaim package: records as JSON, attachments under their SHA-256, and the manifest last."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app import __version__
from app.progress import Progress
from app.sync.package_crypto import check_password, encrypt_file
from app.sync.package_format import (
    ATTACHMENTS,
    FORMAT_NAME,
    MANIFEST,
    format_version_text,
)
from app.sync.package_reader import PackageRecord
from app.travelling import KINDS


@dataclass
class OutgoingPackage:
    workstation_id: str
    workstation_label: str
    scope: str
    """"selection", "all" or "since_last_exchange"."""
    personal_data: bool
    records: list[PackageRecord]
    attachments: dict[str, Path] = field(default_factory=dict)
    """SHA-256 → the stored file."""
    correspondent: str = ""
    correspondent_ref: str | None = None
    """Our id for the correspondent: it keeps it and sends it back as `reply_to`."""
    reply_to: str | None = None
    """The correspondent's id for us, when we have received it."""
    content: str = ""
    """`CATALOGUE` for a catalogue package (the manifest's `content`); "" for a station's work."""


def _record_json(record: PackageRecord) -> dict[str, object]:
    written: dict[str, object] = {
        "id": record.id, "revision": record.revision, "created_at": record.created_at,
        "updated_at": record.updated_at, "workstation_id": record.workstation_id, "deleted_at": record.deleted_at,
        "base_hash": record.base_hash, "data": record.data}
    if record.origin_hash is not None:
        written["origin_hash"] = record.origin_hash
    return written


def write_package(package: OutgoingPackage, path: Path, progress: Progress | None = None,
                  password: str | None = None) -> Path:
    """Write atomically: a half-written package never replaces a good file. With a password, the package
    is sealed in an encrypted envelope (see `package_crypto`)."""
    partial = path.with_name(path.name + ".partiel")
    archive_path = partial.with_name(partial.name + ".zip") if password else partial
    if password:
        check_password(password)
    members: dict[str, dict[str, object]] = {}
    steps = len(KINDS.names()) + len(package.attachments) + (len(package.attachments) // 10 + 1 if password else 0)
    done = 0
    try:
        with zipfile.ZipFile(archive_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            first = KINDS.names()[0]
            for kind in KINDS:
                name = kind.member
                records = [_record_json(r) for r in package.records if r.kind == kind.name]
                # a kind's member only when it has records (the fiches' always): an older reader refuses a member
                # it lacks
                if not records and kind.name != first:
                    done += 1
                    continue
                payload = json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                archive.writestr(name, payload)
                members[name] = {"sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload)}
                done += 1
                if progress:
                    progress(done / steps)
            for sha, source in sorted(package.attachments.items()):
                archive.write(source, ATTACHMENTS + sha, compresslevel=1)
                members[ATTACHMENTS + sha] = {"sha256": sha, "size": source.stat().st_size}
                done += 1
                if progress:
                    progress(done / steps)
            counts = Counter(record.kind for record in package.records)
            manifest = {
                "format": FORMAT_NAME,
                "format_version": format_version_text(),
                "app_version": __version__,
                "workstation": {"id": package.workstation_id, "label": package.workstation_label},
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "scope": {"kind": package.scope, "correspondent": package.correspondent,
                          "personal_data": package.personal_data,
                          **{key: value for key, value in (("correspondent_ref", package.correspondent_ref),
                                                           ("reply_to", package.reply_to)) if value}},
                "counts": {**{kind.count_key: counts[kind.name] for kind in KINDS},
                           "attachments": len(package.attachments)},
                **({"content": package.content} if package.content else {}),
                "members": members,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        if password:
            encrypt_file(archive_path, partial, password,
                         progress and (lambda share: progress((done + share * (steps - done)) / steps)))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
        archive_path.unlink(missing_ok=True)
    return path
