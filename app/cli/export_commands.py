"""`essaim export dossier`."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import date
from pathlib import Path

from app.cli.fiche_reading import fiche_id_of, personal_data_note
from app.exports.dossier_files import FORMATS
from app.services.dossier import DossierOptions, part_titles, scenario_ids_named
from app.services.dossier_export import ExportError, ExportExistsError, ExportRequest, export_dossier
from app.storage.plain_reading import PlainReading


def parts_argument(text: str) -> frozenset[str]:
    """« identite,modele » → the part keys; an unknown key is a usage error listing the known ones."""
    known = dict(part_titles())
    keys = frozenset(key.strip() for key in text.split(",") if key.strip())
    unknown = sorted(keys - known.keys())
    if unknown or not keys:
        raise argparse.ArgumentTypeError(
            f"parties inconnues : {', '.join(unknown) or '(aucune)'} ; parties possibles : {', '.join(known)}")
    return keys


def _scenario_ids(args: argparse.Namespace, reading: PlainReading, fiche_id: str) -> frozenset[str] | None:
    """The scenarios named by --scenario (None: all of them); refused when the grid part is left out."""
    if not args.scenarios:
        return None
    if args.parts is not None and "modele" not in args.parts:
        raise ExportError("--scenario choisit des scénarios du modèle économique, mais la partie « modele » n'est pas "
                          "dans --parts : ajoutez-la ou retirez --scenario.")
    return scenario_ids_named(reading.scenarios(fiche_id), args.scenarios)


def _request(args: argparse.Namespace, fiche_id: str, scenario_ids: frozenset[str] | None) -> ExportRequest:
    formats = tuple(FORMATS) if args.format == "all" else (args.format,)
    output = Path(args.output).expanduser().resolve()
    single_file = len(formats) == 1 and output.suffix.lower() == FORMATS[formats[0]].suffix
    if len(formats) == 1 and output.suffix and not single_file and not output.is_dir():
        suffix = FORMATS[formats[0]].suffix
        raise ExportError(f"Le fichier de sortie d'un export {args.format} doit finir par {suffix}.")
    options = DossierOptions(parts=args.parts, scenario_ids=scenario_ids, include_personal=args.personal_data,
                             exported_on=date.today())
    return ExportRequest(fiche_id, formats, output.parent if single_file else output, options,
                         replace=args.overwrite, file_name=output.name if single_file else "")


def export_dossier_command(args: argparse.Namespace, conn: sqlite3.Connection) -> int:
    """Read through plain SQLite (the command only reads the store), write with the dossier's writers."""
    fiche_id, reading = fiche_id_of(conn, args.fiche_id), PlainReading(conn)
    request = _request(args, fiche_id, _scenario_ids(args, reading, fiche_id))
    try:
        written = export_dossier(reading, request)
    except ExportExistsError as error:
        raise ExportError(f"{error} (option --overwrite pour remplacer)") from error
    for path in written:
        print(f"Dossier écrit : {path}")
    print(personal_data_note(args.personal_data))
    return 0
