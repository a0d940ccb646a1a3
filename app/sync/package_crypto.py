"""A password-protected package: the whole .essaim ZIP encrypted in an envelope.

The CNIL advises encrypting files that carry personal data before e-mailing them and giving the password
by another channel. Layout (documented in docs/package-format.md):

    MAGIC · header length (4 bytes, big-endian) · header (JSON) · chunks

The key comes from the password through scrypt; each chunk of up to `CHUNK_SIZE` bytes is sealed with
AES-256-GCM, its nonce made of a random prefix, the chunk number and a last-chunk flag (the STREAM
construction), and the header as associated data: a reordered, truncated, extended or altered file
fails to open, as does a wrong password.
"""

from __future__ import annotations

import base64
import json
import os
import struct
from pathlib import Path
from typing import BinaryIO

from app.progress import Progress
from app.sync.package_format import PackageError, refusal
from app.sync.package_json import load_json

MAGIC = b"ESSAIM-PAQUET-CHIFFRE\n"
ENVELOPE_FORMAT = "essaim-package-encrypted"
ENVELOPE_VERSION = "1.0"
CHUNK_SIZE = 1024 * 1024
TAG_SIZE = 16
MAX_HEADER = 4096
MIN_PASSWORD = 8
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
MAX_SCRYPT_N = 2**20
MAX_SCRYPT_MEMORY = 256 * 1024 * 1024
"""A received header cannot make key derivation use more memory than this."""


class PasswordRequired(PackageError):
    """The package is protected and no password was given."""


class WrongPassword(PackageError):
    """The password does not open the package (or the file was altered)."""


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise PackageError(f"Le mot de passe doit compter au moins {MIN_PASSWORD} caractères.")


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(len(MAGIC)) == MAGIC


def _key(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", number) + (b"\x01" if last else b"\x00")


def encrypt_file(source: Path, target: Path, password: str, progress: Progress | None = None) -> None:
    """Write `source` encrypted to `target` (the caller makes the write atomic)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_password(password)
    salt, prefix = os.urandom(16), os.urandom(7)
    header = json.dumps({
        "format": ENVELOPE_FORMAT, "version": ENVELOPE_VERSION, "cipher": "AES-256-GCM", "chunk_size": CHUNK_SIZE,
        "kdf": {"name": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode("ascii")},
        "nonce_prefix": base64.b64encode(prefix).decode("ascii"),
    }).encode("utf-8")
    preamble = MAGIC + struct.pack(">I", len(header)) + header
    cipher = AESGCM(_key(password, salt, **SCRYPT))
    total = max(source.stat().st_size, 1)
    with source.open("rb") as plain, target.open("wb") as out:
        out.write(preamble)
        number, chunk = 0, plain.read(CHUNK_SIZE)
        while True:
            following = plain.read(CHUNK_SIZE)
            out.write(cipher.encrypt(_nonce(prefix, number, not following), chunk, preamble))
            if progress:
                progress(min(1.0, (number + 1) * CHUNK_SIZE / total))
            if not following:
                break
            number, chunk = number + 1, following
        out.flush()
        os.fsync(out.fileno())


def _read_header(stream: BinaryIO) -> tuple[bytes, dict[str, object]]:
    damaged = refusal("L'en-tête de ce paquet protégé est illisible")
    if stream.read(len(MAGIC)) != MAGIC:
        raise damaged
    raw_length = stream.read(4)
    if len(raw_length) != 4:
        raise damaged
    (length,) = struct.unpack(">I", raw_length)
    if length > MAX_HEADER:
        raise damaged
    raw = stream.read(length)
    header = load_json(raw, "L'en-tête de ce paquet protégé", MAX_HEADER)
    if not isinstance(header, dict) or header.get("format") != ENVELOPE_FORMAT \
            or not isinstance(header.get("version"), str):
        raise damaged
    if header["version"].split(".")[0] != ENVELOPE_VERSION.split(".")[0]:
        raise PackageError("Ce paquet protégé vient d'une version plus récente d'Essaim : mettez Essaim à jour "
                           "pour l'ouvrir.")
    return MAGIC + raw_length + raw, header


def _parameters(header: dict[str, object]) -> tuple[bytes, bytes, int, int, int, int]:
    invalid = refusal("Les paramètres de chiffrement de ce paquet sont invalides")
    kdf = header.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt" or header.get("cipher") != "AES-256-GCM":
        raise invalid
    try:
        salt = base64.b64decode(str(kdf["salt"]), validate=True)
        prefix = base64.b64decode(str(header["nonce_prefix"]), validate=True)
        n, r, p, chunk = (int(str(value)) for value in (kdf["n"], kdf["r"], kdf["p"], header["chunk_size"]))
    except (KeyError, ValueError) as error:
        raise invalid from error
    sound = (len(salt) >= 16 and len(prefix) == 7 and 2 <= n <= MAX_SCRYPT_N and n & (n - 1) == 0
             and 1 <= r <= 32 and 1 <= p <= 4 and 128 * n * r <= MAX_SCRYPT_MEMORY
             and 1024 <= chunk <= 16 * CHUNK_SIZE)
    if not sound:
        raise invalid
    return salt, prefix, n, r, p, chunk


def decrypt_file(source: Path, target: Path, password: str | None, progress: Progress | None = None) -> None:
    """Write the package held in the envelope `source` to `target`; refused in French if anything is wrong."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    total = max(source.stat().st_size, 1)
    with source.open("rb") as stream, target.open("wb") as out:
        preamble, header = _read_header(stream)
        salt, prefix, n, r, p, chunk_size = _parameters(header)
        if not password:
            raise PasswordRequired("Ce paquet est protégé par un mot de passe : demandez-le à son expéditeur.")
        cipher = AESGCM(_key(password, salt, n, r, p))
        number, sealed = 0, stream.read(chunk_size + TAG_SIZE)
        while True:
            following = stream.read(chunk_size + TAG_SIZE)
            try:
                out.write(cipher.decrypt(_nonce(prefix, number, not following), sealed, preamble))
            except InvalidTag as error:
                if number == 0:
                    raise WrongPassword("Mot de passe incorrect (ou paquet altéré) : rien n'a été importé.") from error
                raise refusal("Ce paquet protégé est abîmé ou incomplet") from error
            if progress:
                progress(min(1.0, stream.tell() / total))
            if not following:
                break
            number, sealed = number + 1, following
