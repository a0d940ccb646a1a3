"""The one base class of errors meant for the user, importable from every layer.

`str(error)` is a French sentence saying what happened and what was (not) changed. The GUI shows these as
a warning and the command line prints them; any other exception is a bug and reaches the exception dialog.
"""

from __future__ import annotations

import errno

from app.domain.formats import shorten


class UserError(Exception):
    """A problem to tell the user about, in French; nothing was changed unless the message says so."""


_OS_ERRORS = {
    errno.ENOSPC: "le disque est plein : libérez de la place puis recommencez",
    errno.EDQUOT: "le quota de disque est atteint : libérez de la place puis recommencez",
    errno.EROFS: "le disque ou le dossier est en lecture seule : choisissez un autre emplacement",
    errno.EACCES: "l'accès est refusé : vérifiez les droits sur ce dossier ou choisissez-en un autre",
    errno.EPERM: "l'opération n'est pas permise : vérifiez les droits sur ce dossier",
    errno.EISDIR: "un dossier se trouve là où un fichier est attendu",
    errno.ENOTDIR: "un fichier se trouve là où un dossier est attendu",
    errno.ENOENT: "le fichier ou le dossier est introuvable",
    errno.EEXIST: "un fichier de ce nom existe déjà",
    errno.ENAMETOOLONG: "le nom du fichier est trop long : choisissez un chemin plus court",
    errno.EMFILE: "trop de fichiers sont ouverts : fermez d'autres programmes puis recommencez",
    errno.EIO: "le disque a signalé une erreur de lecture ou d'écriture : vérifiez-le",
}


def describe_os_error(error: OSError) -> str:
    """What a refusal of the file system means, in French, with the file concerned (cut if long); never the
    system's own English wording."""
    reason = _OS_ERRORS.get(error.errno or 0, f"le système a refusé l'opération (code {error.errno})")
    where = f" (« {shorten(str(error.filename), 120)} »)" if error.filename else ""
    return f"Le fichier n'a pas pu être lu ou écrit{where} : {reason}."
