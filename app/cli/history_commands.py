"""`essaim history list | restore`: versions kept aside by imports."""

from __future__ import annotations

import argparse

from app.domain.formats import format_datetime
from app.services import history
from app.storage.store import Store


def history_list(args: argparse.Namespace, store: Store) -> int:
    versions = history.kept_versions(store, args.record_id)
    if not versions:
        print("Aucune version conservée.")
    for version in versions:
        print(f"{version.id:>5}  {format_datetime(version.saved_at)}  {version.kind_label} "
              f"« {version.title} » (révision {version.revision}, {version.record_id[:8]}) — {version.reason}")
    return 0


def history_restore(args: argparse.Namespace, store: Store) -> int:
    version = history.bring_back(store, args.version)
    print(f"Version rétablie : {version.kind_label} « {version.title} ». "
          "La version qu'elle remplace est conservée à son tour.")
    return 0
