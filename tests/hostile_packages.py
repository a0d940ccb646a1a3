"""Hostile .essaim packages built by hand, one builder per case, for parametrised tests.

`HOSTILE` names every case (issue 15 and earlier ones): its builder writes the package into a folder and
returns its path, and `expected` is a piece of the French refusal. Some are sealed in a password envelope
(`password`), so that the decrypted copy's folder is checked too. The low-level helpers (`raw_package`,
`hand_zip`…) write packages that break exactly one rule.
"""

from __future__ import annotations

import hashlib
import json
import struct
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.codec import to_dict
from app.sync.package_crypto import MAGIC, encrypt_file
from app.sync.package_format import FORMAT_NAME, MANIFEST, MAX_ATTACHMENTS
from app.sync.package_reader import PackageRecord
from tests.fiche_factory import full_fiche

WORKSTATION = "5d0c3a4e-6a53-4c2b-9f5e-0e9a3c1f2b7d"
PASSWORD = "Chèvre-Lune-2026"
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


# ZIP structures written byte by byte (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16)

DEFLATED, STORED = 8, 0


def local_header(name: str, crc: int, compressed: int, size: int, method: int = DEFLATED) -> bytes:
    raw = name.encode()
    return struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, method, 0, 0x21, crc, compressed, size,
                       len(raw), 0) + raw


def central_entry(name: str, crc: int, compressed: int, size: int, offset: int, method: int = DEFLATED) -> bytes:
    raw = name.encode()
    return struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, method, 0, 0x21, crc, compressed, size,
                       len(raw), 0, 0, 0, 0, 0o100644 << 16, offset) + raw


@dataclass
class HandMember:
    name: str
    crc: int
    compressed: int
    size: int
    offset: int
    method: int = DEFLATED


def hand_zip(path: Path, body: bytes, members: list[HandMember]) -> Path:
    """`body` (local headers and data, laid out by the caller) followed by a central directory of `members`."""
    directory = b"".join(central_entry(m.name, m.crc, m.compressed, m.size, m.offset, m.method) for m in members)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return path


def stored(name: str, data: bytes, offset: int) -> tuple[bytes, HandMember]:
    """A plain member (stored, not compressed) placed at `offset`: its bytes and its directory entry."""
    crc = zlib.crc32(data)
    return local_header(name, crc, len(data), len(data), STORED) + data, \
        HandMember(name, crc, len(data), len(data), offset, STORED)


def deflate_raw(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def quoted_overlap_bomb(path: Path, members: int = 40, expanded: int = 1_000_000) -> Path:
    """David Fifield's « A better zip bomb » (2019), quoted-overlap variant, as an Essaim package.

    The last attachment is a kernel of zeros compressed once; every earlier one is a stored deflate block
    that quotes the next member's local header, followed by the next member's data itself. Each member
    expands to less than `expanded` bytes (under the size where the ratio is checked), its header and
    sizes are true and its CRC right, and the fiche names every attachment: only the overlap is wrong.
    """
    kernel = b"\0" * (expanded - members * 110)
    content, data = kernel, deflate_raw(kernel)
    chain: list[tuple[str, bytes, bytes, int]] = []  # name, local header, data, size, from last to first
    for _ in range(members):
        name = "attachments/" + hashlib.sha256(content).hexdigest()
        crc = zlib.crc32(content)
        header = local_header(name, crc, len(data), len(content))
        chain.append((name, header, data, len(content)))
        quote = b"\x00" + struct.pack("<HH", len(header), len(header) ^ 0xFFFF)
        content, data = header + content, quote + header + data
    chain.reverse()
    listed = [{"sha256": name.removeprefix("attachments/"), "file_name": f"piece-{n}.bin", "size": size, "label": ""}
              for n, (name, _, _, size) in enumerate(chain)]
    records = records_bytes(fiche_record(attachments=listed))
    body, first = stored(RECORDS, records, 0)
    entries = [first]
    start = len(body)
    body += chain[0][1] + chain[0][2]  # the first member holds all the others
    offset = start
    declared: dict[str, dict[str, Any]] = {RECORDS: {"sha256": hashlib.sha256(records).hexdigest(),
                                                      "size": len(records)}}
    for name, header, member_data, size in chain:
        entries.append(HandMember(name, struct.unpack("<L", header[14:18])[0], len(member_data), size, offset))
        offset += len(header) + 5
    for name, _, _, size in chain:
        declared[name] = {"sha256": name.removeprefix("attachments/"), "size": size}
    manifest = manifest_document({})
    manifest["members"] = declared
    manifest_bytes, manifest_entry = stored(MANIFEST, json.dumps(manifest).encode(), len(body))
    entries.append(manifest_entry)
    return hand_zip(path, body + manifest_bytes, entries)


def shared_local_header(path: Path, members: int = 5) -> Path:
    """Several directory entries, under several names, all pointing at one local header and its data."""
    records = records_bytes(fiche_record())
    body, first = stored(RECORDS, records, 0)
    content = b"\0" * 500_000
    data = deflate_raw(content)
    name = "attachments/" + hashlib.sha256(content).hexdigest()
    offset = len(body)
    body += local_header(name, zlib.crc32(content), len(data), len(content)) + data
    entries = [first] + [HandMember(name if n == 0 else f"attachments/{n:064x}", zlib.crc32(content), len(data),
                                    len(content), offset) for n in range(members)]
    manifest = manifest_document({RECORDS: records})
    manifest["members"].update({entry.name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
                                for entry in entries[1:]})
    manifest_bytes, manifest_entry = stored(MANIFEST, json.dumps(manifest).encode(), len(body))
    return hand_zip(path, body + manifest_bytes, [*entries, manifest_entry])


def with_compression_method(path: Path, method: int) -> Path:
    """A good package whose records member claims a compression method that Python's zipfile cannot read."""
    records = records_bytes(fiche_record())
    body, first = stored(RECORDS, records, 0)
    manifest_bytes, manifest_entry = stored(MANIFEST, json.dumps(manifest_document({RECORDS: records})).encode(),
                                            len(body))
    body = body[:8] + struct.pack("<H", method) + body[10:]
    first.method = method
    return hand_zip(path, body + manifest_bytes, [first, manifest_entry])


def with_broken_deflate(path: Path) -> Path:
    """A good package whose records member, said to be deflated, holds a block of a type that does not exist."""
    records = records_bytes(fiche_record())
    data = b"\xff" * 64
    name = RECORDS
    body = local_header(name, zlib.crc32(records), len(data), len(records)) + data
    entry = HandMember(name, zlib.crc32(records), len(data), len(records), 0)
    manifest_bytes, manifest_entry = stored(MANIFEST, json.dumps(manifest_document({RECORDS: records})).encode(),
                                            len(body))
    return hand_zip(path, body + manifest_bytes, [entry, manifest_entry])


def records_text(path: Path, text: str) -> Path:
    """A package whose fiches member is exactly `text` (UTF-8), listed in the manifest with its true hash."""
    return raw_package(path, {RECORDS: text.encode("utf-8")})


def a_record_with(text_in_place_of_title: str) -> str:
    """The JSON text of one good fiche record whose title is replaced by raw JSON text."""
    row = record_row(fiche_record(title="TITRE"))
    return json.dumps([row]).replace('"TITRE"', text_in_place_of_title)


def a_record_dated(**fields: object) -> str:
    """The JSON text of one good fiche record with some fields of its envelope replaced."""
    row = record_row(fiche_record())
    row.update(fields)
    return json.dumps([row])


def sealed(builder: Callable[[Path], Path]) -> Callable[[Path], Path]:
    """The same hostile package, sealed in a password envelope."""
    def build(folder: Path) -> Path:
        plain = builder(folder)
        path = plain.with_name(plain.stem + "-scelle.essaim")
        encrypt_file(plain, path, PASSWORD)
        plain.unlink()
        return path
    return build


def envelope(path: Path, header: bytes) -> Path:
    path.write_bytes(MAGIC + struct.pack(">I", len(header)) + header + b"\0" * 64)
    return path


@dataclass(frozen=True)
class Hostile:
    build: Callable[[Path], Path]
    expected: str
    """A piece of the French refusal."""
    password: str | None = None


def _orphans(folder: Path, count: int = 50) -> Path:
    return with_attachments(folder / "orphelines.essaim", [f"pièce {n}".encode() for n in range(count)], False)


def _too_many(folder: Path) -> Path:
    return with_attachments(folder / "trop.essaim", [str(n).encode() for n in range(MAX_ATTACHMENTS + 1)])


def _small_bombs(folder: Path) -> Path:
    """Members under the size where each one's ratio is checked, that expand 1 000 times all together."""
    return with_attachments(folder / "petites-bombes.essaim",
                            [bytes([n]) + b"\0" * 1_000_000 for n in range(120)])


HOSTILE: dict[str, Hostile] = {
    # issue 15, item 4: overlapping members
    "chevauchement-cite": Hostile(lambda f: quoted_overlap_bomb(f / "chevauchement.essaim"), "se chevauchent"),
    "en-tete-partage": Hostile(lambda f: shared_local_header(f / "partage.essaim"), "se chevauchent"),
    "petites-bombes": Hostile(_small_bombs, "bombe de compression"),
    # item 5: a flood of schema errors (its cost is measured in test_package_hostile)
    "inondation-schema": Hostile(lambda f: records_text(f / "inondation.essaim", json.dumps([{"a": 1}] * 2000)),
                                 "ne respecte pas le format"),
    # item 6: attachments no record names, or too many
    "pieces-jointes-orphelines": Hostile(_orphans, "aucun enregistrement ne cite"),
    "trop-de-pieces-jointes": Hostile(_too_many, "trop de pièces jointes"),
    "piece-jointe-mal-designee": Hostile(
        lambda f: raw_package(f / "designee.essaim", {RECORDS: records_bytes(fiche_record(
            attachments=[{"sha256": {"pas": "un texte"}, "file_name": "x.pdf", "size": 1}]))}),
        "pièce jointe mal désignée"),
    # item 7: what Python refuses in English
    "entier-geant": Hostile(lambda f: records_text(f / "entier.essaim", a_record_with("1" * 5000)),
                            "nombre trop long"),
    "entier-geant-manifeste": Hostile(
        lambda f: raw_package(f / "entier-m.essaim", {}, manifest_text='{"format": "essaim-package", "n": '
                              + "9" * 5000 + "}"), "nombre trop long"),
    "entier-hors-limites": Hostile(lambda f: records_text(f / "revision.essaim", a_record_dated().replace(
        '"revision": 3', '"revision": ' + "9" * 40)), "nombre trop long"),
    "nombre-infini": Hostile(lambda f: records_text(f / "infini.essaim", a_record_with("1e400")),
                             "nombre hors limites"),
    "nombre-nan": Hostile(lambda f: records_text(f / "nan.essaim", a_record_with("NaN")), "nombre hors limites"),
    "imbrication-profonde": Hostile(lambda f: records_text(f / "profond.essaim", a_record_with("[" * 100_000)),
                                    "trop imbriqué"),
    "imbrication-moyenne": Hostile(
        lambda f: records_text(f / "moyen.essaim", a_record_with('"x", "autre": ' + "[" * 900 + "]" * 900)),
        "trop imbriqué"),
    "surrogat-isole": Hostile(lambda f: records_text(f / "surrogat.essaim", a_record_with('"abc\\ud800def"')),
                              "caractère invalide"),
    "surrogat-cle": Hostile(lambda f: records_text(f / "surrogat-cle.essaim", a_record_with(
        '"x", "\\udfff": 1')), "caractère invalide"),
    "surrogat-manifeste": Hostile(lambda f: raw_package(f / "surrogat-m.essaim", {RECORDS: records_bytes(
        fiche_record())}, {"workstation": {"id": WORKSTATION, "label": "Poste \ud83d"}}), "caractère invalide"),
    "compression-inconnue": Hostile(lambda f: with_compression_method(f / "zstd.essaim", 93),
                                    "méthode de compression"),
    "deflate-abime": Hostile(lambda f: with_broken_deflate(f / "deflate.essaim"), "abîmée"),
    "compression-aes": Hostile(lambda f: with_compression_method(f / "aes.essaim", 99), "méthode de compression"),
    "date-trop-ancienne": Hostile(lambda f: records_text(f / "date-an-1.essaim", a_record_dated(
        updated_at="0001-01-01T00:00:00+05:00")), "date hors limites"),
    "date-trop-lointaine": Hostile(lambda f: records_text(f / "date-an-9999.essaim", a_record_dated(
        deleted_at="9999-12-31T23:59:59-05:00", data=None)), "date hors limites"),
    "date-illisible": Hostile(lambda f: records_text(f / "date-illisible.essaim", a_record_dated(
        created_at="le 3 mars")), "date illisible"),
    "date-manifeste": Hostile(lambda f: raw_package(f / "date-m.essaim", {RECORDS: records_bytes(fiche_record())},
                                                    {"created_at": "0001-01-01T00:00:00+14:00"}), "date hors limites"),
    "date-manifeste-illisible": Hostile(lambda f: raw_package(f / "date-m2.essaim", {RECORDS: records_bytes(
        fiche_record())}, {"created_at": "hier"}), "date illisible"),
    "texte-geant-nom": Hostile(lambda f: zip_with(f / "nom.essaim", "records/" + "x" * 60_000), "élément inconnu"),
    # the password envelope
    "enveloppe-profonde": Hostile(lambda f: envelope(f / "env-profonde.essaim", b"[" * 4000), "en-tête"),
    "enveloppe-imbriquee": Hostile(lambda f: envelope(f / "env-imbriquee.essaim", json.dumps(
        {"format": "essaim-package-encrypted", "version": "1.0", "kdf": json.loads("[" * 500 + "]" * 500)}).encode()),
        "trop imbriqué"),
    "enveloppe-version-objet": Hostile(lambda f: envelope(f / "env-version.essaim", json.dumps(
        {"format": "essaim-package-encrypted", "version": {"majeure": 1}}).encode()), "en-tête"),
    "surrogat-scelle": Hostile(sealed(lambda f: records_text(f / "surrogat.essaim", a_record_with('"\\ud800"'))),
                               "caractère invalide", PASSWORD),
    "chevauchement-scelle": Hostile(sealed(lambda f: quoted_overlap_bomb(f / "chevauchement.essaim", 10)),
                                    "se chevauchent", PASSWORD),
}
