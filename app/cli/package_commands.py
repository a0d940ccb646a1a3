"""`essaim package export | inspect | import`."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.fiche_commands import resolve_id
from app.services.exchange import (
    STATUS_LABELS,
    ConflictError,
    ImportPlan,
    PackageRequest,
    apply_import,
    export_package,
    plan_import,
)
from app.storage.store import Store
from app.sync.package_format import SUFFIX
from app.sync.package_reader import read_package


def package_export(args: argparse.Namespace, store: Store) -> int:
    if args.all:
        request = PackageRequest("all", correspondent=args.to or "", personal_data=not args.without_personal_data)
    elif args.since_last_exchange:
        request = PackageRequest("since_last_exchange", correspondent=args.since_last_exchange,
                                 personal_data=not args.without_personal_data)
    else:
        ids = tuple(resolve_id(store, fiche_id) for fiche_id in args.fiche)
        request = PackageRequest("selection", ids, args.to or "", not args.without_personal_data)
    output = Path(args.output).expanduser().resolve()
    if output.suffix.lower() != SUFFIX:
        output = output.with_name(output.name + SUFFIX)
    outcome = export_package(store, store.data_dir, request, output)
    counts = outcome.counts
    print(f"Paquet écrit : {outcome.path} ({counts['fiches']} fiche(s), {counts['scenarios']} scénario(s), "
          f"{counts['attachments']} pièce(s) jointe(s))")
    return 0


def _print_plan(plan: ImportPlan) -> None:
    manifest = plan.package.manifest
    print(f"Paquet de « {manifest['workstation']['label']} » ({plan.correspondent}), "
          f"créé le {manifest['created_at']}, format {manifest['format_version']}")
    print("  " + " · ".join(f"{count} {STATUS_LABELS[status]}" for status, count in plan.counts().items()))
    for entry in plan.entries:
        if entry.status == "unchanged":
            continue
        kind = "fiche" if entry.kind == "fiche" else "scénario"
        fields = f" — champs : {', '.join(entry.changed_labels)}" if entry.changed_fields else ""
        print(f"  [{STATUS_LABELS[entry.status]}] {kind} « {entry.title} » ({entry.id[:8]}){fields}")


def package_inspect(args: argparse.Namespace, store: Store) -> int:
    package = read_package(Path(args.file).expanduser())
    try:
        _print_plan(plan_import(store, package))
    finally:
        package.cleanup()
    return 0


def package_import(args: argparse.Namespace, store: Store) -> int:
    package = read_package(Path(args.file).expanduser())
    try:
        plan = plan_import(store, package)
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
    finally:
        package.cleanup()
    if outcome.backup is None:
        print("Rien à importer : tout est déjà à jour.")
    else:
        print(f"Import terminé (sauvegarde prise avant : {outcome.backup.name}).")
        for title in outcome.copies:
            print(f"  copie créée : « {title} »")
    return 0
