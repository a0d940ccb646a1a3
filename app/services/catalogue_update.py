"""Catalogue updates by file: what a file would change (`preview`), then the change itself (`apply`), in one
transaction after a backup.

A scheme is known by its origin and its key there (Aides-territoires' id, a spreadsheet's « Identifiant »): a
file from the same origin updates it field by field, the fields the user edited staying the user's unless the
user takes the file's value (`schemes.merge_update`); its notes are never touched. A record older than the one
already held (by its `updated` date) changes nothing. A new scheme that looks like one already held from another
origin (same name) is proposed as the same scheme: linked to it rather than doubled. Nothing is ever deleted: a
scheme a complete file no longer lists is marked « plus publié » (on a shortlist or not). New and changed schemes
are marked until the user has seen them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from app.domain.catalogue_columns import key_target
from app.domain.codec import from_dict, to_dict
from app.domain.scheme_sections import field_text
from app.domain.schemes import Scheme, SchemeOrigin, merge_update
from app.domain.territories import fold
from app.errors import UserError
from app.imports.detect import read_catalogue_file
from app.imports.incoming import CatalogueFile, IncomingScheme, collection_paused, incoming_id
from app.progress import Progress, part, reported, silent
from app.storage import scheme_repository as repo
from app.storage.backup import BackupKind, forget_backup
from app.storage.models import SchemeLink, SchemeRow, StoreInfo
from app.storage.store import Store

log = logging.getLogger(__name__)

NEW, CHANGED = repo.NEW, repo.CHANGED
LAST_UPDATE_KEY = "maj_catalogue:{origin}"
"""store_info: the day of the last update from an origin (for « date limite passée depuis »)."""


@dataclass(frozen=True)
class Changed:
    """A scheme held here that the file changes."""

    incoming: IncomingScheme
    scheme_id: str
    taken: tuple[str, ...]
    """Fields the update changes (the user had left them as the origin gave them)."""
    conflicts: tuple[str, ...]
    """Fields the user changed that the file changes too: the user's value stays unless chosen otherwise."""
    mine: dict[str, str] = field(default_factory=dict, compare=False)
    """The user's value of each conflicting field as a reader sees it, to show beside the file's."""
    designated: bool = False
    """The file names a scheme of another origin (a spreadsheet row « catalogue:… »): its values are taken, what
    the file gave is kept in a link, the scheme's own origin version is left as it is."""


@dataclass(frozen=True)
class Duplicate:
    """A new scheme of the file that looks like one held from another origin."""

    incoming: IncomingScheme
    scheme_id: str
    name: str
    origin: str


@dataclass
class UpdatePreview:
    file: CatalogueFile
    new: list[IncomingScheme] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    unchanged: list[IncomingScheme] = field(default_factory=list)
    refreshed: list[IncomingScheme] = field(default_factory=list)
    """Records whose values are those already held but whose origin record changed (its date, fields Essaim
    does not read): only what is kept of the origin is written."""
    older: list[IncomingScheme] = field(default_factory=list)
    """Records older than the version held (an older file imported after a newer one): left aside."""
    gone: list[tuple[str, str]] = field(default_factory=list)
    """(id, name) of schemes of this origin the (complete) file no longer lists."""
    back: list[str] = field(default_factory=list)
    """Ids of schemes marked « plus publié » that the file lists again."""
    passed: list[tuple[str, date]] = field(default_factory=list)
    """(name, deadline) of the deadlines passed since the last update from this origin."""
    duplicates: list[Duplicate] = field(default_factory=list)
    designated: dict[str, str] = field(default_factory=dict)
    """Key in the file → id of the scheme of another origin it names (see `Changed.designated`)."""
    deleted_here: int = 0
    """Schemes of the file deleted on this station: left deleted."""

    @property
    def nothing_to_do(self) -> bool:
        return not (self.new or self.changed or self.refreshed or self.gone or self.back or self.duplicates)


@dataclass
class Decisions:
    """What the user chose in the preview."""

    theirs: dict[str, set[str]] = field(default_factory=dict)
    """Scheme id → conflicting fields where the file's value is taken."""
    separate: set[str] = field(default_factory=set)
    """Origin keys of proposed duplicates the user says are different schemes (added as new ones)."""
    skip_problems: bool = False
    """Apply although some records of the file were refused (they are left out)."""


@dataclass(frozen=True)
class UpdateOutcome:
    added: int
    updated: int
    linked: int
    unpublished: int
    backup: Path | None


class UpdateCancelled(Exception):
    """The user cancelled the preview or the update (raised by the progress callback); nothing was changed."""


class StalePreview(UserError):
    """The store changed between the preview and its application."""


class ProblemsLeft(UserError):
    """The file has refused records and the user did not choose to leave them out."""


READING_SHARE = 0.9
"""Of the bar of a file's preview, what reading it takes (the comparison with the store is quick)."""


def preview_file(store: Store, path: Path, today: date | None = None,
                 progress: Progress | None = None) -> UpdatePreview:
    """Read `path` in whichever catalogue format it is (`read_catalogue_file`) and preview it."""
    file = read_catalogue_file(path, part(progress, 0.0, READING_SHARE))
    return preview(store, file, today, part(progress, READING_SHARE, 1 - READING_SHARE))


def preview(store: Store, file: CatalogueFile, today: date | None = None,
            progress: Progress | None = None) -> UpdatePreview:
    """What applying `file` would change, read in one transaction; nothing is written."""
    today = today or date.today()
    result = UpdatePreview(file)
    with collection_paused(), store.read() as session:
        held = repo.held_of(session, file.origin)
        links = repo.links(session, file.origin)
        names = _names_elsewhere(session, file.origin)
        last = session.get(StoreInfo, LAST_UPDATE_KEY.format(origin=file.origin))
        listed: set[str] = set()
        for incoming in reported(file.schemes, progress):
            key = incoming.scheme.origin_key
            listed.add(key)
            link = links.get(key)
            target = _designated(session, file.origin, key)
            if target is not None:
                result.designated[key] = target.id
                _classify_designated(result, incoming, target, link)
                continue
            if link is not None:
                _classify_linked(result, incoming, link)
                continue
            row = held.get(key)
            if row is None:
                match = names.get(fold(incoming.scheme.name))
                if match is not None:
                    result.duplicates.append(Duplicate(incoming, match.id, match.name, match.origin))
                else:
                    result.new.append(incoming)
            elif row.deleted:
                result.deleted_here += 1
            else:
                _classify_held(session, result, incoming, row)
        if file.complete:
            result.gone = [(row.id, row.name) for key, row in held.items()
                           if key not in listed and not row.deleted and row.unpublished_on is None]
        if last is not None:
            since = date.fromisoformat(last.value)
            result.passed = sorted(((row.name, on) for row in held.values() if not row.deleted
                                    for on in repo.deadline_days(row.deadlines) if since <= on < today),
                                   key=lambda pair: (pair[1], pair[0]))
    return result


class _Named(NamedTuple):
    id: str
    name: str
    origin: str


def _names_elsewhere(session: Any, origin: str) -> dict[str, _Named]:
    """Schemes of other origins by their folded name (the first one of a name wins)."""
    found: dict[str, _Named] = {}
    for scheme_id, name, other in repo.names_of_others(session, origin):
        found.setdefault(fold(name), _Named(scheme_id, name, other))
    return found


def _classify_held(session: Any, result: UpdatePreview, incoming: IncomingScheme, held: repo.HeldScheme) -> None:
    if held.unpublished_on is not None:
        result.back.append(held.id)
    if _older(incoming, held.source_updated):
        result.older.append(incoming)
        return
    given = _given(incoming, held.id)
    if held.shipped == repo.as_text(given):
        (result.refreshed if _record_changed(incoming, held.source_updated) else result.unchanged).append(
            incoming)  # the origin gives what it gave last time: nothing to merge, whatever the user changed
        return
    row = repo.get(session, held.id)
    if row is None:
        return
    held_scheme = repo.to_domain(row)
    merged = merge_update(to_dict(held_scheme), repo.shipped_of(row), given)
    if merged.taken or merged.kept:
        result.changed.append(Changed(incoming, row.id, merged.taken, merged.kept,
                                      _texts(held_scheme, merged.kept)))
    else:
        result.refreshed.append(incoming)


def _designated(session: Any, origin: str, key: str) -> SchemeRow | None:
    """The scheme of another origin a spreadsheet's « Identifiant » names, if this station holds it."""
    if origin != SchemeOrigin.TABLEUR.value:
        return None
    target_origin, target_key = key_target(key)
    if target_origin == origin:
        return None
    row = repo.get(session, target_key) if not target_origin else repo.by_key(session, target_origin, target_key)
    return row if row is not None and row.deleted_at is None else None


def _classify_designated(result: UpdatePreview, incoming: IncomingScheme, row: SchemeRow,
                         link: SchemeLink | None) -> None:
    """Merged against what this file gave last time (its link), or the first time against what the scheme's own
    origin gave: the fields the user left take the file's values, those the user edited are conflicts."""
    given = _given(incoming, row.id)
    if link is not None and link.shipped == repo.as_text(given):
        result.unchanged.append(incoming)
        return
    before = _before(row, link)
    held_scheme = repo.to_domain(row)
    merged = merge_update(to_dict(held_scheme), before, given)
    if merged.taken or merged.kept:
        result.changed.append(Changed(incoming, row.id, merged.taken, merged.kept,
                                      _texts(held_scheme, merged.kept), designated=True))
    else:
        (result.unchanged if link is None else result.refreshed).append(incoming)


def _texts(scheme: Scheme, names: tuple[str, ...]) -> dict[str, str]:
    return {name: field_text(scheme, name) for name in names}


def _before(row: SchemeRow, link: SchemeLink | None) -> dict[str, Any] | None:
    """What the origin of an update gave last time: through the link of a scheme the file names (a spreadsheet
    row « catalogue:… ») once it gave something, else what the scheme's own origin gave."""
    return json.loads(link.shipped) if link is not None and link.shipped else repo.shipped_of(row)


def _classify_linked(result: UpdatePreview, incoming: IncomingScheme, link: SchemeLink) -> None:
    """A record linked to a scheme of another origin: nothing is taken from it (the scheme stays as its own
    origin and the user keep it); what it gave is remembered when it changed."""
    same = link.shipped == repo.as_text(_given(incoming, link.scheme_id))
    if same and not _record_changed(incoming, link.source_updated):
        result.unchanged.append(incoming)
    else:
        result.refreshed.append(incoming)


def _record_changed(incoming: IncomingScheme, updated: datetime | None) -> bool:
    """Whether the origin's record is newer than the one kept, by its date (a record without date that gives the
    same values is the same)."""
    return incoming.updated is not None and incoming.updated != updated


def _older(incoming: IncomingScheme, held: datetime | None) -> bool:
    return incoming.updated is not None and held is not None and incoming.updated < held


def _given(incoming: IncomingScheme, scheme_id: str) -> dict[str, Any]:
    data: dict[str, Any] = to_dict(incoming.scheme)
    data["id"] = scheme_id
    return data


def apply(store: Store, result: UpdatePreview, decisions: Decisions | None = None,
          today: date | None = None, progress: Progress | None = None) -> UpdateOutcome:
    """Apply `result` (a fresh `preview`) in one transaction, after a backup; refused records must have been
    accepted as left out (`Decisions.skip_problems`)."""
    decisions = decisions or Decisions()
    today = today or date.today()
    if result.file.problems and not decisions.skip_problems:
        raise ProblemsLeft(f"{len(result.file.problems)} enregistrement(s) du fichier sont refusés : corrigez le "
                           "fichier ou choisissez de les laisser de côté.")
    if result.nothing_to_do:
        return UpdateOutcome(0, 0, 0, 0, None)
    backup = store.backup(BackupKind.IMPORT)
    report = progress or silent
    try:
        counts = _write(store, result, decisions, today, report)
    except BaseException:
        forget_backup(backup)
        raise
    log.info("catalogue update from %s applied: %s (backup %s)", result.file.origin, counts, backup.name)
    return UpdateOutcome(*counts, backup=backup)


def _write(store: Store, result: UpdatePreview, decisions: Decisions, today: date,
           progress: Progress) -> tuple[int, int, int, int]:
    origin = result.file.origin
    added = updated = linked = 0
    total = max(len(result.new) + len(result.changed) + len(result.duplicates) + len(result.refreshed), 1)
    done = 0
    with collection_paused(), store.transaction() as session:
        fresh = [*result.new, *(duplicate.incoming for duplicate in result.duplicates
                                if duplicate.incoming.scheme.origin_key in decisions.separate)]
        links = repo.links(session, origin)
        known_as = {incoming_id(origin, key): link.scheme_id for key, link in links.items()}
        known_as |= {incoming_id(origin, key): duplicate.scheme_id for duplicate in result.duplicates
                     if (key := duplicate.incoming.scheme.origin_key) not in decisions.separate}
        additions = [_new_row(incoming, incoming_id(origin, incoming.scheme.origin_key), known_as)
                     for incoming in fresh]
        if repo.existing_ids(session, [scheme.id for scheme, _shipped, _columns in additions]):
            raise StalePreview("Le catalogue a changé depuis l'aperçu (une autre mise à jour ?) : rien n'a été "
                               "appliqué. Relancez la mise à jour pour voir ce qu'elle change maintenant.")
        repo.add_new(session, additions)
        added = len(fresh)
        progress(added / total)
        for duplicate in result.duplicates:
            key = duplicate.incoming.scheme.origin_key
            if key not in decisions.separate:
                repo.link(session, origin, key, duplicate.scheme_id, _given(duplicate.incoming, duplicate.scheme_id),
                          duplicate.incoming.updated)
                linked += 1
        done += added + linked
        progress(done / total)
        changed: list[Scheme] = []
        for change in reported(result.changed, part(progress, done / total, len(result.changed) / total)):
            link = links.get(change.incoming.scheme.origin_key) if change.designated else None
            scheme = _update(session, change, link, decisions.theirs.get(change.scheme_id, set()))
            if scheme is not None:
                changed.append(scheme)
        repo.reindex(session, changed)
        updated = len(changed)
        rows = repo.by_origin(session, origin) if result.refreshed else {}
        for incoming in result.refreshed:
            key = incoming.scheme.origin_key
            if (target := result.designated.get(key)) is not None:
                repo.link(session, origin, key, target, _given(incoming, target), incoming.updated)
            elif (row := rows.get(key)) is not None:
                repo.remember_shipped(row, _given(incoming, row.id))
                repo.record_origin(row, incoming.raw, incoming.updated)
            elif (link := links.get(key)) is not None:
                repo.link(session, origin, key, link.scheme_id, _given(incoming, link.scheme_id), incoming.updated)
        progress(1.0)
        for scheme_id in result.back:
            repo.set_unpublished(session, scheme_id, None)
        for scheme_id, _name in result.gone:
            repo.set_unpublished(session, scheme_id, today)
        session.merge(StoreInfo(key=LAST_UPDATE_KEY.format(origin=origin), value=today.isoformat()))
    return added, updated, linked, len(result.gone)


def _new_row(incoming: IncomingScheme, scheme_id: str,
             known_as: dict[str, str]) -> tuple[Scheme, dict[str, Any], dict[str, Any]]:
    """A new scheme's row; a local variant whose national scheme is linked to one held from another origin is
    grouped under that one (`known_as`: id the file's national scheme would have → id of the scheme held)."""
    parent = known_as.get(incoming.scheme.parent_id, incoming.scheme.parent_id)
    scheme = replace(incoming.scheme, id=scheme_id, parent_id=parent)
    return scheme, _given(incoming, scheme_id), {**repo.origin_columns(incoming.raw, incoming.updated), "news": NEW}


def _update(session: Any, change: Changed, link: SchemeLink | None, theirs: set[str]) -> Scheme | None:
    """The scheme as the update leaves it, saved (to be reindexed with the others), or None when nothing of it
    changed (the user kept every conflicting field)."""
    row = repo.get(session, change.scheme_id)
    if row is None:
        return None
    now = _given(change.incoming, row.id)
    origin, key = change.incoming.scheme.origin, change.incoming.scheme.origin_key
    merged = merge_update(to_dict(repo.to_domain(row)), _before(row, link), now)
    data = dict(merged.data)
    for name in set(merged.kept) & theirs:
        data[name] = now[name]
    if change.designated:
        repo.link(session, origin, key, row.id, now, change.incoming.updated)
    else:
        repo.record_origin(row, change.incoming.raw, change.incoming.updated)
    if not (merged.taken or set(merged.kept) & theirs):
        if not change.designated:
            repo.remember_shipped(row, now)
        return None
    scheme: Scheme = from_dict(Scheme, data)
    scheme.id = row.id
    repo.save(session, scheme, shipped=None if change.designated else now, index=False)
    row.news = row.news or CHANGED
    return scheme
