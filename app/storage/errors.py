"""Errors of the storage layer. Their messages are French: they reach the user as they are.

`explain_failure` and `store_error_from` turn what the file system, SQLite or SQLAlchemy raise (`OSError`,
`sqlite3.Error`, `sqlalchemy.exc.DBAPIError`) into a French sentence that says what happened and what to
do — never the driver's English text, its SQL or its parameters. The GUI and the command line may use them
for any failure of the file system too.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from pathlib import Path

from app.errors import UserError


class StoreError(UserError):
    """A store problem the user must be told about; `str(error)` is a French sentence."""


class StoreLockedError(StoreError):
    pass


class StoreCorruptError(StoreError):
    pass


class StoreTooNewError(StoreError):
    pass


class BackupError(StoreError):
    pass


class BackupDamagedError(BackupError):
    """The store was copied but the copy fails SQLite's check: the store itself is damaged."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_PERM, _SQLITE_READONLY = 5, 6, 3, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26
_SQLITE_AUTH = 23

_SQLITE_WORDING = (
    # what SQLite says when no result code came with the error (older drivers, tests)
    ("readonly", _SQLITE_READONLY),
    ("disk is full", _SQLITE_FULL),
    ("unable to open", _SQLITE_CANTOPEN),
    ("disk i/o error", _SQLITE_IOERR),
    ("malformed", _SQLITE_CORRUPT),
    ("not a database", _SQLITE_NOTADB),
    ("is locked", _SQLITE_BUSY),
)

_RETRY = "Choisissez un autre dossier de données (Édition › Préférences ou --data-dir), ou "


def _where(path: Path | str | None, default: str = "le dossier de données") -> str:
    return f"« {path} »" if path else default


def _explain_os_error(error: OSError, path: Path | str | None) -> str:
    where = _where(error.filename or path)
    code = error.errno
    if code == errno.EROFS:
        return (f"{where} est sur un support en lecture seule : Essaim ne peut rien y écrire. "
                + _RETRY + "rendez ce support accessible en écriture, puis réessayez.")
    if code in (errno.EACCES, errno.EPERM):
        return (f"Essaim n'a pas le droit d'écrire dans {where} (accès refusé par le système). "
                "Vérifiez les droits de ce dossier et de ses fichiers (ou qu'aucun antivirus ne les bloque), "
                "ou choisissez un autre dossier de données.")
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return (f"Le disque qui contient {where} est plein : l'écriture n'a pas pu se faire. "
                "Libérez de la place (vieilles sauvegardes du dossier « sauvegardes », corbeille…), "
                "puis réessayez.")
    if code == errno.EISDIR:
        return (f"{where} est un dossier, alors qu'Essaim attend un fichier à cet endroit. "
                "Déplacez ou renommez ce dossier, puis réessayez.")
    if code in (errno.ENOTDIR, errno.EEXIST):
        return (f"{where} est un fichier (ou se trouve dans un fichier), alors qu'Essaim attend un dossier. "
                "Déplacez ce fichier ou choisissez un autre dossier de données.")
    if code == errno.ENOENT:
        return f"{where} n'existe pas (ou plus). Vérifiez que le disque est branché, puis réessayez."
    if code == errno.EIO:
        return (f"Le disque qui contient {where} n'a pas pu être lu ou écrit (erreur matérielle ou disque "
                "retiré). Vérifiez le disque, puis réessayez.")
    name = errno.errorcode.get(code or 0, "inconnu")
    return (f"{where} n'a pas pu être lu ou écrit (erreur système {name}). Vérifiez le disque et les droits "
            "du dossier, puis réessayez.")


def _sqlite_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(error).lower()
    return next((known for wording, known in _SQLITE_WORDING if wording in text), None)


def _explain_sqlite_error(error: sqlite3.Error, path: Path | str | None) -> str:
    where = _where(path, "la base de données")
    code = _sqlite_code(error)
    if code == _SQLITE_READONLY:
        return (f"La base {where} est en lecture seule (fichier protégé, dossier ou support en lecture seule) : "
                "rien n'a été enregistré. " + _RETRY + "rendez le fichier et son dossier modifiables.")
    if code == _SQLITE_FULL:
        return (f"Le disque qui contient {where} est plein : rien n'a été enregistré. Libérez de la place "
                "(vieilles sauvegardes du dossier « sauvegardes », corbeille…), puis réessayez.")
    if code == _SQLITE_CANTOPEN:
        return (f"La base {where} ne peut pas être ouverte : le fichier ou son dossier est absent, en lecture "
                "seule ou inaccessible. Vérifiez le disque et les droits du dossier, ou choisissez un autre "
                "dossier de données.")
    if code in (_SQLITE_PERM, _SQLITE_AUTH):
        return (f"L'accès à la base {where} est refusé. Vérifiez les droits du fichier et de son dossier, "
                "puis réessayez.")
    if code == _SQLITE_IOERR:
        return (f"La base {where} n'a pas pu être lue ou écrite (erreur du disque : disque plein, retiré ou "
                "défaillant). Rien n'a été enregistré. Vérifiez le disque, puis réessayez.")
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return (f"La base {where} est endommagée ou n'est pas une base Essaim. Restaurez une sauvegarde "
                "(Outils › Restaurer une sauvegarde…, ou « essaim backup »).")
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return (f"La base {where} est occupée par un autre programme (sauvegarde, antivirus, synchronisation). "
                "Rien n'a été enregistré : réessayez dans un instant.")
    name = getattr(error, "sqlite_errorname", None) or type(error).__name__
    return (f"La base {where} a renvoyé une erreur ({name}) : rien n'a été enregistré. Réessayez ; si cela "
            "recommence, vérifiez la base (Aide › Vérifier l'intégrité de la base).")


def explain_failure(error: BaseException, path: Path | str | None = None) -> str:
    """A French sentence for a failure of the file system, SQLite or SQLAlchemy, naming `path` when the
    error does not name a file itself. A `UserError` keeps its own message."""
    if isinstance(error, UserError):
        return str(error)
    if (driver_error := _wrapped_driver_error(error)) is not None:
        return explain_failure(driver_error, path)
    if isinstance(error, sqlite3.Error):
        return _explain_sqlite_error(error, path)
    if isinstance(error, OSError):
        return _explain_os_error(error, path)
    where = f" {_where(path)}" if path else ""
    return (f"Échec de lecture ou d'écriture{where} ({type(error).__name__}). Réessayez ; si cela recommence, "
            "vérifiez la base (Aide › Vérifier l'intégrité de la base).")


_ENVIRONMENT = {_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT,
                _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB, _SQLITE_AUTH}


def _wrapped_driver_error(error: BaseException) -> BaseException | None:
    """The driver's error that a SQLAlchemy `DBAPIError` wraps, else None. SQLAlchemy is not imported for the
    question: when it is not loaded, no such error can exist (the light commands never load it)."""
    sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_errors is not None and isinstance(error, sqlalchemy_errors.DBAPIError) \
            and isinstance(error.orig, BaseException):
        return error.orig
    return None


def is_environment_failure(error: BaseException) -> bool:
    """Whether `error` comes from the disk, the file or another program (read-only, full, locked, damaged,
    missing…) — what the user can act on — rather than from a faulty statement, which is a bug."""
    if (driver_error := _wrapped_driver_error(error)) is not None:
        return is_environment_failure(driver_error)
    if isinstance(error, sqlite3.Error):
        return _sqlite_code(error) in _ENVIRONMENT
    return isinstance(error, OSError)


def store_error_from(error: BaseException, path: Path | str | None = None) -> StoreError:
    """`error` as a `StoreError` with a French message (see `explain_failure`); raise it `from error`."""
    if isinstance(error, StoreError):
        return error
    message = explain_failure(error, path)
    driver_error = _wrapped_driver_error(error) or error
    code = _sqlite_code(driver_error) if isinstance(driver_error, sqlite3.Error) else None
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return StoreCorruptError(message)
    return StoreError(message)
