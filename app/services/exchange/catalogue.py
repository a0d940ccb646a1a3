"""Catalogue packages: schemes of this station's funding catalogue sent on their own — a UDCCAS sending its
departmental catalogue, or a selection with its own additions, to its CCAS by e-mail.

A catalogue package is an ordinary package (`outgoing.export_package`) whose manifest says `"content":
"catalogue"` and which carries schemes only; it is received like any other (`planning`, `applying`, `undo`). The
schemes keep their ids, origin and origin key on the way: a scheme of the catalogue shipped with Essaim is the same
record on both stations, and a later version of Essaim still updates it. The user's notes never travel.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.progress import Progress
from app.services.errors import NotFoundError
from app.services.exchange.common import NothingToSend
from app.services.exchange.outgoing import ExportOutcome, PackageRequest, export_package
from app.storage import exchange_repository as repo
from app.storage.store import Store
from app.sync.package_format import CATALOGUE
from app.travelling import KINDS

SHOWN_MISSING = 5


def catalogue_ids(store: Store, scheme_ids: Sequence[str] | None) -> tuple[str, ...]:
    """The schemes to send, in the order given, each once: `scheme_ids`, or every scheme of the catalogue when None.
    NotFoundError (French) when one is not a scheme of this station (or was deleted), NothingToSend when there is
    none."""
    kind = KINDS["scheme"]
    with store.read() as session:
        if scheme_ids is None:
            every = repo.ids(session, kind)
            live = repo.live_ids(session, kind, every)
            chosen = [scheme_id for scheme_id in every if scheme_id in live]
            if not chosen:
                raise NothingToSend("Le catalogue des financements est vide : aucun paquet n'a été écrit.")
            return tuple(chosen)
        chosen = list(dict.fromkeys(scheme_ids))
        if not chosen:
            raise NothingToSend("Aucun dispositif choisi : aucun paquet n'a été écrit.")
        live = repo.live_ids(session, kind, chosen)
    missing = [scheme_id for scheme_id in chosen if scheme_id not in live]
    if missing:
        shown = ", ".join(missing[:SHOWN_MISSING]) + (" …" if len(missing) > SHOWN_MISSING else "")
        raise NotFoundError(f"Dispositif introuvable ou supprimé : {shown}. Aucun paquet n'a été écrit.")
    return tuple(chosen)


def export_catalogue_package(store: Store, path: Path, scheme_ids: Sequence[str] | None = None, *,
                             correspondent: str = "", password: str = "",
                             progress: Progress | None = None) -> ExportOutcome:
    """Write the schemes `scheme_ids` (full ids; every scheme of the catalogue when None) as a catalogue package at
    `path` (written as given: the caller adds the `.essaim` suffix).

    `correspondent`, when named, is remembered with the versions sent, as for any package; `password` seals the
    package. Returns the outcome (`summary()`: « un catalogue de 12 dispositifs »). Raises NotFoundError or
    NothingToSend (French) before writing anything.
    """
    chosen = catalogue_ids(store, scheme_ids)
    request = PackageRequest("selection", chosen, correspondent, personal_data=True, password=password,
                             content=CATALOGUE)
    return export_package(store, store.data_dir, request, path, progress)
