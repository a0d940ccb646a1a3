"""`essaim fiche show`, read through a plain SQLite connection (`app.storage.plain_reading`): it loads neither
SQLAlchemy nor the services."""

from __future__ import annotations

import argparse
import json
import sqlite3

from app.domain.codec import to_dict
from app.domain.fiche_sections import fiche_sections, sections_as_text
from app.services.errors import NotFoundError
from app.storage.plain_reading import live_fiche_ids, read_fiche


def one_fiche(given: str, matches: list[str]) -> str:
    """The one fiche whose id begins with `given` among `matches`, or a French refusal."""
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"Aucune fiche ne commence par « {given} ».")
    raise NotFoundError(f"« {given} » désigne {len(matches)} fiches : donnez plus de caractères.")


def fiche_show(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    given = args.fiche_id
    fiche_id = given if len(given) == 36 else one_fiche(given, live_fiche_ids(conn, given))
    data = read_fiche(conn, fiche_id)
    if data is None:
        raise NotFoundError(f"Aucune fiche n'a l'identifiant {fiche_id}.")
    if args.json:
        print(json.dumps(to_dict(data), ensure_ascii=False, indent=2))
    else:
        print(sections_as_text(fiche_sections(data)))
    return 0
