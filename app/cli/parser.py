"""The argument parser shared by the GUI launcher and the command line."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

from app import __version__
from app.cli import argparse_fr

argparse_fr.install()


ACTION_HELP = "ce qu'il faut faire"


def parts_argument(text: str) -> frozenset[str]:
    """`--parts` read by the export command's own reader, imported only when the option is given (building the
    parser imports no command)."""
    from app.cli.export_commands import parts_argument as read_parts

    return read_parts(text)


class FrenchHelpFormatter(argparse.HelpFormatter):
    """Section titles followed by « : » as French writes them."""

    def start_section(self, heading: str | None) -> None:
        super().start_section(f"{heading} " if heading else heading)


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse with its own messages in French (see `argparse_fr`), usage and errors on standard error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def add_personal_data_options(command: argparse.ArgumentParser, where: str) -> None:
    """Contacts are personal data: left out unless asked for (CNIL advice), as in the application."""
    personal = command.add_mutually_exclusive_group()
    personal.add_argument("--with-personal-data", dest="personal_data", action="store_true", default=False,
                          help=f"inclure les contacts (données personnelles) {where} ; sans cette option, "
                          "ils sont laissés de côté")
    personal.add_argument("--without-personal-data", dest="personal_data", action="store_false",
                          help="laisser les contacts de côté (c'est le choix par défaut)")


def actions_of(command: argparse.ArgumentParser, dest: str) -> Any:
    """The actions of a command (`essaim fiche list|show`…), one of which must be given."""
    return command.add_subparsers(dest=dest, metavar="ACTION", required=True, help=ACTION_HELP,
                                  parser_class=FrenchArgumentParser)


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
    parser.add_argument("--visit-workspaces", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes", help="la commande",
                                     parser_class=FrenchArgumentParser)

    backup = commands.add_parser("backup", help="sauvegarder la base", add_help=True)
    backup.add_argument("-o", "--output", metavar="FICHIER",
                        help="fichier de sauvegarde à écrire (sinon dans le dossier des sauvegardes)")

    commands.add_parser("check", help="vérifier l'intégrité de la base")

    fiche = commands.add_parser("fiche", help="lister et afficher les fiches")
    fiche_commands = actions_of(fiche, "fiche_command")
    listing = fiche_commands.add_parser("list", help="lister les fiches (avec une recherche éventuelle)")
    listing.add_argument("--search", metavar="TEXTE", default="", help="texte recherché dans toute la fiche")
    listing.add_argument("--json", action="store_true", help="sortie JSON")
    show = fiche_commands.add_parser("show", help="afficher une fiche entière")
    show.add_argument("fiche_id", metavar="ID", help="identifiant de la fiche (ou son début)")
    show.add_argument("--json", action="store_true", help="sortie JSON avec tous les champs")

    grid = commands.add_parser("grid", help="modèle économique d'une fiche")
    grid_commands = actions_of(grid, "grid_command")
    grid_show = grid_commands.add_parser("show", help="afficher les indicateurs d'un scénario")
    grid_show.add_argument("fiche_id", metavar="FICHE_ID", help="identifiant de la fiche (ou son début)")
    grid_show.add_argument("--scenario", metavar="NOM", help="nom du scénario (sinon le premier)")
    grid_show.add_argument("--json", action="store_true", help="sortie JSON")
    grid_export = grid_commands.add_parser("export", help="exporter un scénario en classeur Excel")
    grid_export.add_argument("fiche_id", metavar="FICHE_ID", help="identifiant de la fiche (ou son début)")
    grid_export.add_argument("--scenario", metavar="NOM", help="nom du scénario (sinon le premier)")
    grid_export.add_argument("-o", "--output", metavar="FICHIER.xlsx", required=True, help="classeur à écrire")

    export = commands.add_parser("export", help="exporter le dossier d'une fiche (Word, Excel, PDF)")
    export_commands = actions_of(export, "export_command")
    dossier = export_commands.add_parser(
        "dossier", help="écrire le dossier d'une fiche",
        description="Écrit le dossier d'une fiche. Avec un seul format, -o peut être le fichier à écrire ; "
        "sinon c'est un dossier, où les fichiers sont nommés d'après le titre et la date.")
    dossier.add_argument("fiche_id", metavar="FICHE_ID", help="identifiant de la fiche (ou son début)")
    dossier.add_argument("--format", choices=["docx", "xlsx", "pdf", "all"], default="all",
                         help="format à écrire (all : les trois)")
    dossier.add_argument("-o", "--output", metavar="CHEMIN", required=True, help="fichier ou dossier de sortie")
    dossier.add_argument("--parts", type=parts_argument, metavar="PARTIES",
                         help="parties à inclure, séparées par des virgules (sinon toutes)")
    dossier.add_argument("--scenario", action="append", metavar="NOM_OU_ID", dest="scenarios",
                         help="scénario du modèle économique à inclure, par son nom ou son identifiant (ou son "
                         "début) ; à répéter pour en inclure plusieurs (sinon tous)")
    add_personal_data_options(dossier, "dans le dossier")
    dossier.add_argument("--overwrite", action="store_true", help="remplacer les fichiers qui existent déjà")

    package = commands.add_parser("package", help="échanger avec un autre poste par paquet .essaim")
    package_commands = actions_of(package, "package_command")
    package_export = package_commands.add_parser("export", help="écrire un paquet")
    scope = package_export.add_mutually_exclusive_group(required=True)
    scope.add_argument("--all", action="store_true", help="tout (fiches, scénarios, pièces jointes, suppressions)")
    scope.add_argument("--fiche", nargs="+", metavar="ID", help="ces fiches avec leurs scénarios et pièces jointes")
    scope.add_argument("--since-last-exchange", metavar="NOM",
                       help="ce qui a changé depuis le dernier échange avec ce correspondant")
    package_export.add_argument("--to", metavar="NOM", help="correspondant destinataire (pour --all et --fiche)")
    add_personal_data_options(package_export, "dans le paquet")
    package_export.add_argument("-o", "--output", metavar="FICHIER.essaim", required=True,
                                help="paquet à écrire (.essaim est ajouté au besoin)")
    package_inspect = package_commands.add_parser("inspect", help="vérifier un paquet et montrer ce qu'il ferait")
    package_inspect.add_argument("file", metavar="FICHIER", help="le paquet .essaim à vérifier")
    package_import = package_commands.add_parser("import", help="importer un paquet")
    package_import.add_argument("file", metavar="FICHIER", help="le paquet .essaim à importer")
    for command, verb in ((package_export, "protéger le paquet par"), (package_inspect, "ouvrir le paquet avec"),
                          (package_import, "ouvrir le paquet avec")):
        secret = command.add_mutually_exclusive_group()
        secret.add_argument("--ask-password", action="store_true", help=f"{verb} un mot de passe saisi au clavier")
        secret.add_argument("--password-file", metavar="FICHIER",
                            help=f"{verb} le mot de passe écrit sur la première ligne de ce fichier")
    package_import.add_argument("--dry-run", action="store_true", help="montrer ce qui serait fait, sans rien changer")
    package_import.add_argument("--on-conflict", choices=["fail", "mine", "theirs", "both"], default="fail",
                                help="en cas de conflit : échouer sans rien importer (défaut), garder la mienne, "
                                "prendre la leur, ou garder les deux")
    station = package_commands.add_parser("station", help="afficher ou changer le nom de ce poste dans ses paquets")
    station.add_argument("--name", metavar="NOM", help="le nouveau nom (ex. « CCAS de Grenoble — accueil »)")
    peers = package_commands.add_parser("correspondents", help="lister les correspondants (ou en renommer un)")
    peers.add_argument("--rename", nargs=2, metavar=("ANCIEN", "NOUVEAU"), help="renommer un correspondant")

    kept = commands.add_parser("history", help="versions mises de côté par les imports, et les rétablir")
    kept_commands = actions_of(kept, "history_command")
    kept_list = kept_commands.add_parser("list", help="lister les versions conservées (les plus récentes d'abord)")
    kept_list.add_argument("record_id", metavar="ID", nargs="?", help="seulement celles de cet enregistrement")
    kept_restore = kept_commands.add_parser("restore", help="rétablir une version conservée")
    kept_restore.add_argument("version", metavar="NUMÉRO", type=int, help="numéro donné par « history list »")

    funding = commands.add_parser("funding", help="trouver des financements et des appuis (catalogue)")
    funding_commands = actions_of(funding, "funding_command")
    funding_commands.add_parser("load-catalogue", help="charger ou mettre à jour le catalogue livré avec Essaim "
                                "(vos modifications sont gardées)")
    search = funding_commands.add_parser("search", help="chercher dans le catalogue, avec le nombre par valeur")
    _scheme_filters(search)
    search.add_argument("--sort", choices=["pertinence", "date_limite", "montant"], default="pertinence",
                        help="ordre des résultats")
    search.add_argument("--json", action="store_true", help="sortie JSON")
    funding_match = funding_commands.add_parser("match", help="classer le catalogue pour une fiche, avec les raisons")
    funding_match.add_argument("fiche_id", metavar="FICHE_ID", help="identifiant de la fiche (ou son début)")
    funding_match.add_argument("--limit", type=int, default=20, metavar="N", help="nombre de dispositifs montrés (20)")
    funding_match.add_argument("--json", action="store_true", help="sortie JSON")
    deadlines = funding_commands.add_parser("deadlines", help="les dates limites à venir (et celles passées "
                                            "depuis moins de 30 jours)")
    deadlines.add_argument("--days", type=int, default=30, metavar="N", help="jours à venir couverts (30 par défaut)")
    deadlines.add_argument("--ics", metavar="FICHIER.ics", help="écrire aussi un fichier calendrier (iCalendar)")
    short = funding_commands.add_parser("shortlist", help="les financements sollicités pour une fiche : lister, "
                                        "ajouter, suivre, joindre des fichiers, retirer")
    short.add_argument("fiche_id", metavar="FICHE_ID", help="identifiant de la fiche (ou son début)")
    short.add_argument("action", nargs="?", choices=["list", "add", "set", "attach", "detach", "remove"],
                       default="list", help="list (défaut) ; add DISPOSITIF ; set DEMANDE [options] ; "
                       "attach DEMANDE FICHIER… ; detach DEMANDE NOM_DU_FICHIER ; remove DEMANDE")
    short.add_argument("target", nargs="?", metavar="ID",
                       help="le dispositif (add) ou la demande (set, attach, detach, remove)")
    short.add_argument("files", nargs="*", metavar="FICHIER",
                       help="les fichiers à joindre (attach) ; le nom de la pièce jointe à retirer (detach)")
    short.add_argument("--status", choices=["repere", "en_preparation", "depose", "obtenu", "refuse", "verse"],
                       help="statut de la demande")
    for option, what in (("--requested", "montant demandé"), ("--obtained", "montant obtenu"),
                         ("--paid", "montant versé")):
        short.add_argument(option, metavar="EUROS", help=what)
    short.add_argument("--notes", metavar="TEXTE", help="notes")
    funding_import = funding_commands.add_parser(
        "import", help="mettre à jour le catalogue depuis un fichier : JSON d'Aides-territoires, modèle de tableur "
        "(.xlsx), schéma dispositif-aide (.csv, .json) ou paquet .essaim de catalogue")
    funding_import.add_argument("file", metavar="FICHIER", help="le fichier à importer")
    funding_import.add_argument("--dry-run", action="store_true", help="montrer ce qui serait fait, sans rien changer")
    funding_import.add_argument("--skip-bad", action="store_true",
                                help="importer les bons enregistrements et laisser de côté ceux refusés")
    funding_import.add_argument("--on-conflict", choices=["mine", "theirs", "fail", "both"],
                                help="un champ que vous avez modifié et que le fichier change : garder le vôtre "
                                "(défaut pour un catalogue) ou prendre celui du fichier ; pour un paquet, comme "
                                "« package import » (échouer par défaut)")
    funding_import.add_argument("--separate", metavar="CLÉ", action="append", default=[],
                                help="un dispositif du fichier proposé comme doublon est un autre dispositif "
                                "(sa clé d'origine) ; répétable")
    funding_export = funding_commands.add_parser(
        "export", help="exporter le catalogue (ou ce que trouvent les filtres) en tableur, dispositif-aide ou paquet")
    funding_export.add_argument("--format", choices=["xlsx", "dispositif-aide", "paquet"], required=True,
                                help="xlsx : le modèle de tableur d'Essaim ; dispositif-aide : le schéma national "
                                "(.csv ou .json selon le nom) ; paquet : un paquet .essaim de catalogue")
    funding_export.add_argument("-o", "--output", metavar="FICHIER", required=True, help="le fichier écrit")
    _scheme_filters(funding_export)
    funding_show = funding_commands.add_parser("show", help="afficher un dispositif entier")
    funding_show.add_argument("scheme_id", metavar="ID", help="identifiant du dispositif (ou son début)")
    funding_show.add_argument("--json", action="store_true", help="sortie JSON avec tous les champs")

    lab = commands.add_parser("lab", help="créer ou rejoindre un lab d'innovation : les listes de mise en place")
    lab_commands = actions_of(lab, "lab_command")
    lab_commands.add_parser("templates", help="lister les modèles de liste installés")
    lab_commands.add_parser("list", help="lister les projets de lab avec leur avancement")
    lab_start = lab_commands.add_parser("start", help="commencer un projet de lab (sa liste suit les réponses)")
    lab_start.add_argument("name", metavar="NOM", help="le nom du projet")
    lab_start.add_argument("--structure", metavar="STRUCTURE", help="la structure qui le porte (CCAS de …)")
    lab_start.add_argument("--model", choices=["lab_dedie", "lab_integre"], default="lab_integre",
                           help="lab avec sa propre identité (lab_dedie) ou intégré à la structure (lab_integre)")
    lab_start.add_argument("--path", choices=["creer", "rejoindre"], default="creer",
                           help="créer un lab ou rejoindre un lab existant")
    lab_start.add_argument("--population", type=int, metavar="N", help="habitants de la commune ou de "
                                                                        "l'intercommunalité")
    lab_start.add_argument("--template", default="unccas-fabriquer", metavar="MODÈLE",
                           help="le modèle de liste (voir « lab templates »)")
    lab_show = lab_commands.add_parser("show", help="afficher la liste d'un projet, phase par phase")
    lab_show.add_argument("lab_id", metavar="ID", help="identifiant du projet (ou son début)")
    lab_show.add_argument("--json", action="store_true", help="sortie JSON avec tous les champs")
    lab_export = lab_commands.add_parser("export", help="écrire le plan d'action (Word, PDF) ou la liste (Excel)")
    lab_export.add_argument("lab_id", metavar="ID", help="identifiant du projet (ou son début)")
    lab_export.add_argument("--format", choices=["docx", "pdf", "xlsx"], required=True, help="le format")
    lab_export.add_argument("-o", "--output", metavar="FICHIER", required=True, help="le fichier écrit")
    lab_import = lab_commands.add_parser("import-template", help="importer un modèle de liste (nouvelle version "
                                                                 "ou modèle d'une UDCCAS)")
    lab_import.add_argument("file", metavar="FICHIER", help="le fichier .json du modèle")
    lab_import.add_argument("--dry-run", action="store_true", help="montrer ce qui serait fait, sans rien changer")

    examples = commands.add_parser("examples", help="fiches d'exemple")
    examples_commands = actions_of(examples, "examples_command")
    examples_commands.add_parser("load", help="charger les fiches d'exemple (sans doublon)")
    return parser


def _scheme_filters(command: argparse.ArgumentParser) -> None:
    """The finder's filters, for `funding search` and `funding export`."""
    command.add_argument("text", metavar="TEXTE", nargs="?", default="", help="mots cherchés (nom, financeurs, texte)")
    for option, metavar, what in (("--level", "NIVEAU", "niveau (europeen, national, regional…)"),
                                  ("--kind", "NATURE", "nature (subvention, appel_projets, pret…)"),
                                  ("--audience", "PUBLIC", "bénéficiaire (ccas, cias, commune, association…)"),
                                  ("--theme", "THÈME", "thématique (precarite_energetique…)"),
                                  ("--stage", "STADE", "stade (emergence, experimentation…)"),
                                  ("--status", "ÉTAT", "état (ouvert, ferme, arrete ; ouvert par défaut)")):
        command.add_argument(option, metavar=metavar, action="append", default=[], help=f"{what} ; répétable")
    command.add_argument("--territory", metavar="CODE", default="",
                         help="un territoire : code INSEE d'une commune, SIREN d'un EPCI, code de département, "
                         "région précédée de R (R84), FR")
    command.add_argument("--open", action="store_true", help="seulement ceux ouverts aujourd'hui")
    command.add_argument("--before", metavar="JJ/MM/AAAA", help="une date limite avant ce jour")
    command.add_argument("--min-amount", metavar="EUROS", help="montant maximal d'au moins ce montant")
