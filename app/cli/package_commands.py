"""`essaim package export | inspect | import`."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
from pathlib import Path

from app.cli.fiche_commands import resolve_id
from app.cli.fiche_reading import personal_data_note
from app.domain.formats import format_datetime
from app.services.exchange import (
    STATUS_LABELS,
    ConflictError,
    ImportPlan,
    PackageRequest,
    apply_import,
    correspondents,
    export_package,
    open_package,
    rename_correspondent,
    rename_workstation,
    status_summary,
)
from app.storage.errors import StoreError
from app.storage.store import Store
from app.sync.package_crypto import PasswordRequired
from app.sync.package_format import SUFFIX


def package_export(args: argparse.Namespace, store: Store) -> int:
    if args.all:
        request = PackageRequest("all", correspondent=args.to or "", personal_data=args.personal_data)
    elif args.since_last_exchange:
        request = PackageRequest("since_last_exchange", correspondent=args.since_last_exchange,
                                 personal_data=args.personal_data)
    else:
        ids = tuple(resolve_id(store, fiche_id) for fiche_id in args.fiche)
        request = PackageRequest("selection", ids, args.to or "", args.personal_data)
    request = dataclasses.replace(request, password=_password(args, confirm=True) or "")
    output = Path(args.output).expanduser().resolve()
    if output.suffix.lower() != SUFFIX:
        output = output.with_name(output.name + SUFFIX)
    outcome = export_package(store, store.data_dir, request, output)
    print(f"Paquet écrit : {outcome.path} ({outcome.summary()})")
    print(personal_data_note(args.personal_data))
    if outcome.first_exchange:
        print(f"Aucun échange connu avec « {request.correspondent} » : tout a été mis dans le paquet.")
    return 0


def _print_plan(plan: ImportPlan) -> None:
    manifest = plan.package.manifest
    what = "Paquet de catalogue" if plan.is_catalogue else "Paquet"
    print(f"{what} de « {manifest['workstation']['label']} » (correspondant : {plan.correspondent}), "
          f"créé le {format_datetime(plan.created_at) or 'date inconnue'}, format {manifest['format_version']}")
    print("  " + status_summary(plan.counts()))
    for entry in plan.entries:
        if entry.status == "unchanged":
            continue
        fields = f" — champs : {', '.join(entry.changed_labels)}" if entry.changed_fields else ""
        print(f"  [{STATUS_LABELS[entry.status]}] {entry.kind_label} « {entry.title} » ({entry.id[:8]}){fields}")


def _password(args: argparse.Namespace, confirm: bool = False) -> str | None:
    """From --password-file (its first line) or typed after --ask-password; None without either."""
    if args.password_file:
        try:
            lines = Path(args.password_file).expanduser().read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise StoreError(f"Fichier du mot de passe illisible : {error}") from error
        return lines[0] if lines else ""
    if not args.ask_password:
        return None
    password = getpass.getpass("Mot de passe du paquet : ")
    if confirm and getpass.getpass("Confirmez le mot de passe : ") != password:
        raise StoreError("Les deux mots de passe saisis diffèrent : rien n'a été écrit.")
    return password


def _open(args: argparse.Namespace, store: Store) -> ImportPlan:
    try:
        return open_package(store, Path(args.file).expanduser(), password=_password(args))
    except PasswordRequired as error:
        raise PasswordRequired(f"{error} Relancez avec --ask-password ou --password-file FICHIER.") from error


def package_inspect(args: argparse.Namespace, store: Store) -> int:
    with _open(args, store) as plan:
        _print_plan(plan)
    return 0


def package_import(args: argparse.Namespace, store: Store) -> int:
    with _open(args, store) as plan:
        _print_plan(plan)
        if args.dry_run:
            print("Essai à blanc : rien n'a été importé.")
            return 0
        choice = None if args.on_conflict == "fail" else args.on_conflict
        try:
            outcome = apply_import(store, store.data_dir, plan, on_conflict=choice)
        except ConflictError as error:
            print(f"Erreur : {error}")
            return 1
    if outcome.up_to_date or outcome.backup is None:
        print("Rien à importer : tout est déjà à jour.")
    else:
        print(f"Import terminé (sauvegarde prise avant : {outcome.backup.name}).")
        for title in outcome.copies:
            print(f"  copie créée : « {title} »")
    return 0


def package_station(args: argparse.Namespace, store: Store) -> int:
    if args.name is not None:
        rename_workstation(store, args.name)
    print(f"Ce poste : « {store.workstation_label} » (identifiant {store.workstation_id})")
    return 0


def package_correspondents(args: argparse.Namespace, store: Store) -> int:
    if args.rename:
        old, new = args.rename
        print(f"Correspondant renommé : « {old} » → « {rename_correspondent(store, old, new)} »")
        return 0
    known = correspondents(store)
    if not known:
        print("Aucun correspondant : aucun paquet envoyé à un correspondant nommé ni reçu.")
    for peer in known:
        print(f"{peer.name}  —  dernier envoi : {format_datetime(peer.last_sent_at) or 'jamais'}, "
              f"dernière réception : {format_datetime(peer.last_received_at) or 'jamais'}")
    return 0
