"""The argument parser shared by the GUI launcher and the command line."""

from __future__ import annotations

import argparse

from app import __version__


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse with its own messages in French."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage()
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="essaim",
        description="Essaim — décrire, chiffrer, financer et essaimer les innovations sociales. "
        "Sans commande, ouvre l'application.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    parser.add_argument("--version", action="version", version=f"Essaim {__version__}",
                        help="afficher la version et quitter")
    parser.add_argument("--data-dir", metavar="DOSSIER",
                        help="dossier de données à utiliser (sinon ESSAIM_DATA_DIR, puis les préférences)")
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes",
                                     parser_class=FrenchArgumentParser)

    backup = commands.add_parser("backup", help="sauvegarder la base", add_help=True)
    backup.add_argument("-o", "--output", metavar="FICHIER",
                        help="fichier de sauvegarde à écrire (sinon dans le dossier des sauvegardes)")

    commands.add_parser("check", help="vérifier l'intégrité de la base")
    return parser
