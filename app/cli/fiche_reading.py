"""Fiches for the commands that only read, through a plain SQLite connection (`app.storage.plain_reading`): a fiche
from the first characters of its id, `essaim fiche show`, the note on personal data. Neither SQLAlchemy nor the
services are loaded."""

from __future__ import annotations

import argparse
import json
import sqlite3

from app.domain.codec import to_dict
from app.domain.fiche_sections import fiche_sections, sections_as_text
from app.services.errors import NotFoundError
from app.storage.plain_reading import live_fiche_ids, read_fiche


def personal_data_note(included: bool) -> str:
    """What a written package or dossier says about contacts, so that nobody sends them without knowing."""
    if included:
        return "Écrit avec les contacts (données personnelles) : transmettez-le par un moyen sûr."
    return "Écrit sans les contacts (données personnelles) ; --with-personal-data pour les inclure."


def one_fiche(given: str, matches: list[str]) -> str:
    """The one fiche whose id begins with `given` among `matches`, or a French refusal."""
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"Aucune fiche ne commence par « {given} ».")
    raise NotFoundError(f"« {given} » désigne {len(matches)} fiches : donnez plus de caractères.")


def fiche_id_of(conn: sqlite3.Connection, given: str) -> str:
    """A full id, or a prefix that names exactly one fiche."""
    return given if len(given) == 36 else one_fiche(given, live_fiche_ids(conn, given))


def fiche_show(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    fiche_id = fiche_id_of(conn, args.fiche_id)
    data = read_fiche(conn, fiche_id)
    if data is None:
        raise NotFoundError(f"Aucune fiche n'a l'identifiant {fiche_id}.")
    if args.json:
        print(json.dumps(to_dict(data), ensure_ascii=False, indent=2))
    else:
        print(sections_as_text(fiche_sections(data)))
    return 0
