"""The JSON files Aides-territoires publishes, read into Essaim's scheme records (`CatalogueFile`).

A file is accepted in any of these shapes (`shared/domain/aides-territoires.md`):

- one page of the API: `{"count", "next", "previous", "results": [aids]}` (Symfony and Django eras alike);
- several pages saved one after another in one file (JSON documents concatenated, as `curl` appends them), or a
  JSON list of page objects;
- a bare list of aids, or one aid alone (what `/api/aids/by-id/<id>/` answers);
- the full dump of the Django era: `{"timestamp", "api_url", "aids_api_url", "count", "results"}`.

An aid appearing twice (two pages saved a day apart, when the listing moved in between) is kept once: the copy
with the latest `date_updated`, the later one in the file on a tie. Each aid becomes a scheme
(`aides_territoires_mapping`); an aid that cannot be read, or whose scheme `validate_scheme` refuses, becomes a
`FileProblem` named « aide <id> » and the others are kept.

National aids and their local variants: Aides-territoires lets a local financer publish its version of a national
aid under the same initial name (`name_initial`) or the same name. When the aids sharing a name (initial name or
name, accents and case aside) count exactly one whose perimeter is France, the others get it as `parent_id`; with
two national aids of that name, which one a variant belongs to cannot be told, and none is set.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from app.domain.formats import format_count, format_date, format_decimal, shorten
from app.domain.schemes import validate_scheme
from app.domain.territories import FRANCE, fold, load_territories
from app.domain.vocabulary import FundingLevel
from app.imports import incoming
from app.imports.aides_territoires_mapping import ORIGIN, SOURCE_TITLE, Refused, aid_key, aid_updated, scheme_of
from app.imports.aides_territoires_perimeters import PerimeterReader
from app.imports.html_text import one_line
from app.imports.incoming import CatalogueFile, FileProblem, ImportFileError, IncomingScheme, incoming_id
from app.progress import Progress, reported

PAGE_KEYS = frozenset({"count", "next", "previous"})
DUMP_KEYS = frozenset({"timestamp", "api_url", "aids_api_url"})
AID_KEYS = frozenset({"slug", "name_initial", "short_title", "financers", "financers_full", "instructors",
                      "instructors_full", "programs", "perimeter", "perimeter_scale", "targeted_audiences",
                      "aid_types", "aid_types_full", "categories", "mobilization_steps", "destinations",
                      "submission_deadline", "start_date", "predeposit_date", "origin_url", "application_url",
                      "is_call_for_project", "is_charged", "eligibility", "project_examples",
                      "subvention_rate_lower_bound", "subvention_rate_upper_bound", "loan_amount",
                      "recoverable_advance_amount", "recurrence", "date_created", "date_updated", "is_live"})
"""Keys only an aid has: an object with an id, a name and one of these is taken for an aid."""
LISTING_PARAMETERS = frozenset({"page", "itemsperpage", "size", "version", "format", "orderby", "order_by",
                                "ordering"})
"""Query parameters that page or sort a listing without filtering it (names compared in lower case)."""
LISTING_PATHS = ("/aids", "/aids/all")
_EARLIEST = datetime.min.replace(tzinfo=UTC)
_BLANKS = re.compile(r"[ \t\r\n]*")
NOT_AN_AID = "Cet élément n'est pas une aide (un objet JSON était attendu)."
_SHAPES = ("une page de l'API (count, next, previous, results), plusieurs pages à la suite, une liste d'aides "
           "ou l'export complet (timestamp, results)")


def looks_like_aid(value: object) -> bool:
    return isinstance(value, dict) and "id" in value and "name" in value and not AID_KEYS.isdisjoint(value)


def _looks_like_page(value: object) -> bool:
    """A page of the API or the dump: `results` a list of aids (or empty), with a page's or a dump's keys."""
    if not isinstance(value, dict) or not isinstance(value.get("results"), list):
        return False
    if PAGE_KEYS.isdisjoint(value) and DUMP_KEYS.isdisjoint(value):
        return False
    results = value["results"]
    return not results or any(looks_like_aid(item) for item in results)


def looks_like_aides_territoires(data: object) -> bool:
    """Whether parsed JSON has one of the shapes Aides-territoires publishes (see the module's docstring)."""
    if isinstance(data, list):
        if data and all(isinstance(item, dict) and "results" in item for item in data):
            return all(_looks_like_page(item) for item in data)
        return any(looks_like_aid(item) for item in data)
    return _looks_like_page(data) or looks_like_aid(data)


def read_aides_territoires(path: Path, progress: Progress | None = None) -> CatalogueFile:
    """The aids of an Aides-territoires JSON file; `ImportFileError` (French) for a file too large, unreadable,
    not in UTF-8, not JSON or broken, or of no shape Aides-territoires publishes."""
    text = _decoded(_read(path), path.name)
    return _catalogue(_documents(text, path.name), path.name, progress)


def read_aides_territoires_data(data: object, label_hint: str = "") -> CatalogueFile:
    """The aids of already parsed JSON (one document of the shapes above); `label_hint` (a file name) is shown in
    the label. `ImportFileError` for a shape Aides-territoires does not publish."""
    return _catalogue([data], label_hint)


# Reading the file


def _size(count: int) -> str:
    if count < 1024:
        return format_count(count, "octet")
    if count < 1024 * 1024:
        return f"{format_decimal(count // 1024)} Ko"
    return f"{format_decimal(round(count / (1024 * 1024)))} Mo"


def _read(path: Path) -> bytes:
    """The file's bytes, refused before reading when it is larger than `incoming.MAX_IMPORT_BYTES`."""
    limit = incoming.MAX_IMPORT_BYTES
    return incoming.read_limited(
        path, limit, lambda reason: ImportFileError(f"{reason}."),
        lambda size: f"Le fichier « {shorten(path.name)} » est trop gros ({_size(size)}) : Essaim ne lit pas de "
                     f"catalogue de plus de {_size(limit)}. Enregistrez les pages d'Aides-territoires dans plusieurs "
                     "fichiers")


def _decoded(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise ImportFileError(f"Le fichier « {shorten(name)} » est vide.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            f"Le fichier « {shorten(name)} » n'est pas un texte en UTF-8 : ce n'est pas un fichier JSON "
            "d'Aides-territoires.") from None


def _documents(text: str, name: str) -> list[Any]:
    """The JSON documents of `text`, one after another (one for most files; one per page when pages were saved
    one after another)."""
    decoder = json.JSONDecoder()
    documents: list[Any] = []
    position = _skip_blanks(text, 0)
    while position < len(text):
        try:
            document, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise ImportFileError(_broken(text, error, name, first=not documents)) from None
        except RecursionError:
            raise ImportFileError(f"Le fichier « {shorten(name)} » est un JSON trop imbriqué pour être lu.") from None
        except ValueError:
            raise ImportFileError(
                f"Le fichier « {shorten(name)} » contient un nombre démesuré : ce n'est pas un fichier "
                "d'Aides-territoires.") from None
        documents.append(document)
        position = _skip_blanks(text, position)
    return documents


def _skip_blanks(text: str, position: int) -> int:
    """Where the next JSON document starts, white space (as JSON defines it) skipped."""
    found = _BLANKS.match(text, position)
    return found.end() if found is not None else position


def _broken(text: str, error: json.JSONDecodeError, name: str, first: bool) -> str:
    shown = shorten(name)
    start = text[error.pos:error.pos + 1] if first and error.pos == _skip_blanks(text, 0) else ""
    if start == "<":
        return (f"Le fichier « {shown} » est une page web (HTML), pas le JSON de l'API d'Aides-territoires : "
                "enregistrez la réponse de l'API (adresse en /api/aids/).")
    if start and start not in "{[":
        return f"Le fichier « {shown} » n'est pas du JSON : ce n'est pas un fichier d'Aides-territoires."
    if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
        return (f"Le fichier « {shown} » s'arrête au milieu des données : il est incomplet (téléchargement "
                "interrompu ?). Téléchargez-le de nouveau.")
    return (f"Le fichier « {shown} » est un JSON abîmé (ligne {format_decimal(error.lineno)}, colonne "
            f"{format_decimal(error.colno)}) : il ne peut pas être lu.")


# Shapes


@dataclass
class _Contents:
    """What a file holds, shape by shape, and its records in file order (each with its place when it has no id)."""

    pages: list[dict[str, Any]] = field(default_factory=list)
    dumps: list[dict[str, Any]] = field(default_factory=list)
    lists: int = 0
    records: list[tuple[object, str]] = field(default_factory=list)

    def add_results(self, results: list[Any], where: str) -> None:
        for n, record in enumerate(results, start=1):
            self.records.append((record, f"{where}élément {n}"))


def _contents(documents: list[Any], hint: str) -> _Contents:
    contents = _Contents()
    for document in documents:
        for page in document if _is_page_list(document) else [document]:
            _add(contents, page, hint)
    return contents


def _is_page_list(document: object) -> bool:
    return isinstance(document, list) and bool(document) and all(
        isinstance(item, dict) and "results" in item for item in document)


def _add(contents: _Contents, document: object, hint: str) -> None:
    if not looks_like_aides_territoires(document):
        raise ImportFileError(_wrong_shape(document, hint))
    if isinstance(document, list):
        contents.lists += 1
        contents.add_results(document, "")
    elif isinstance(document, dict) and "results" in document:
        is_dump = not DUMP_KEYS.isdisjoint(document)
        (contents.dumps if is_dump else contents.pages).append(document)
        where = f"page {len(contents.pages)}, " if not is_dump else ""
        contents.add_results(document["results"], where)
    else:
        contents.lists += 1
        contents.add_results([document], "")


def _wrong_shape(document: object, hint: str) -> str:
    named = f"Le fichier « {shorten(hint)} »" if hint else "Le fichier"
    if isinstance(document, dict) and isinstance(document.get("detail"), str):
        detail = shorten(one_line(document["detail"]))
        return f"{named} contient une réponse d'erreur d'Aides-territoires (« {detail} ») et non des aides."
    if document == [] or (isinstance(document, dict) and document.get("results") == []):
        return f"{named} ne contient aucune aide."
    return f"{named} est bien du JSON, mais pas des aides d'Aides-territoires : Essaim attend {_SHAPES}."


# Aids


@dataclass
class _Found:
    """An aid of the file: the copy kept, when it was last updated, and where it first appears."""

    record: dict[str, Any]
    updated: datetime | None
    order: int


def _catalogue(documents: list[Any], hint: str, progress: Progress | None = None) -> CatalogueFile:
    contents = _contents(documents, hint)
    kept, refused = _latest(contents.records)
    areas = PerimeterReader(load_territories())
    schemes: list[IncomingScheme] = []
    for key, found in reported(list(kept.items()), progress):
        place = f"aide {key}"
        try:
            scheme = scheme_of(found.record, areas)
        except Refused as refusal:
            refused.append((found.order, FileProblem(place, str(refusal.args[0]))))
            continue
        errors = validate_scheme(scheme)
        if errors:
            refused.append((found.order, FileProblem(place, " ".join(error.message for error in errors))))
            continue
        schemes.append(IncomingScheme(scheme, raw=found.record, updated=found.updated, place=place))
    _link_variants(schemes)
    complete = _complete(contents, len(kept))
    problems = [problem for _order, problem in sorted(refused, key=lambda item: item[0])]
    return CatalogueFile(ORIGIN, _label(contents, len(kept), hint, complete), schemes, problems, complete)


def _latest(records: list[tuple[object, str]]) -> tuple[dict[str, _Found], list[tuple[int, FileProblem]]]:
    """The aids by id, each the copy last updated (the later in the file on a tie), and the records refused with
    their rank in the file."""
    kept: dict[str, _Found] = {}
    refused: list[tuple[int, FileProblem]] = []
    for order, (record, place) in enumerate(records):
        if not isinstance(record, dict):
            refused.append((order, FileProblem(place, NOT_AN_AID)))
            continue
        try:
            key = aid_key(record)
            updated = aid_updated(record)
        except Refused as refusal:
            refused.append((order, FileProblem(_place(record, place), str(refusal.args[0]))))
            continue
        previous = kept.get(key)
        if previous is None:
            kept[key] = _Found(record, updated, order)
        elif (updated or _EARLIEST) >= (previous.updated or _EARLIEST):
            kept[key] = _Found(record, updated, previous.order)
    return kept, refused


def _place(record: dict[str, Any], place: str) -> str:
    try:
        return f"aide {aid_key(record)}"
    except Refused:
        return place


def _link_variants(schemes: list[IncomingScheme]) -> None:
    """Set each local variant's `parent_id` to its national aid (see the module's docstring)."""
    national: dict[str, set[str]] = {}
    for item in schemes:
        if _is_national(item):
            for name in _names(item):
                national.setdefault(name, set()).add(item.scheme.origin_key)
    for item in schemes:
        if _is_national(item):
            continue
        parents = {key for name in _names(item) for key in national.get(name, ())}
        if len(parents) == 1:
            item.scheme.parent_id = incoming_id(ORIGIN, parents.pop())


def _is_national(item: IncomingScheme) -> bool:
    return item.scheme.territories == [FRANCE] and item.scheme.level == FundingLevel.NATIONAL


def _names(item: IncomingScheme) -> set[str]:
    initial = item.raw.get("name_initial") if item.raw is not None else None
    names = {fold(item.scheme.name)}
    if isinstance(initial, str):
        names.add(fold(initial))
    return names - {""}


# What the file is


def _complete(contents: _Contents, aids: int) -> bool:
    """Whether the file lists every aid Aides-territoires publishes, so that an aid missing from it is no longer
    published.

    - The dump of the Django era (alone in its file) is complete, unless its `count` differs from the number of
      aids it holds.
    - Pages are complete when they all give the same `count`, the last page is there (`next` null), every `next`
      and `previous` address is of an unfiltered listing (`/api/aids/all/`, or `/api/aids/`, which lists the live
      aids only, with nothing but `LISTING_PARAMETERS` in its query), and the distinct aids number `count`: then
      no page is missing, whatever the order in which they were saved. A page of a search (a keyword, an
      audience, a perimeter…) lists only what matched, and a lone page whose `next` and `previous` are both null
      does not say which listing it is: neither is complete.
    - A bare list of aids, or a mix of shapes, is not complete.
    """
    if contents.lists or (contents.dumps and contents.pages):
        return False
    if contents.dumps:
        count = contents.dumps[0].get("count")
        return len(contents.dumps) == 1 and (count is None or count == aids)
    return _pages_complete(contents.pages, aids)


def _pages_complete(pages: list[dict[str, Any]], aids: int) -> bool:
    counts = {page.get("count") for page in pages}
    count = next(iter(counts)) if len(counts) == 1 else None
    if not isinstance(count, int) or isinstance(count, bool) or count != aids:
        return False
    if not any("next" in page and page["next"] is None for page in pages):
        return False
    addresses = [page.get(key) for page in pages for key in ("next", "previous") if page.get(key) is not None]
    return bool(addresses) and all(_unfiltered_listing(address) for address in addresses)


def _unfiltered_listing(address: object) -> bool:
    if not isinstance(address, str):
        return False
    parts = urlsplit(address)
    path = parts.path.rstrip("/")
    if not path.endswith(LISTING_PATHS):
        return False
    return all(name.lower() in LISTING_PARAMETERS for name, _value in parse_qsl(parts.query, keep_blank_values=True))


def _label(contents: _Contents, aids: int, hint: str, complete: bool) -> str:
    """« Aides-territoires (aides.json), 3 pages, 150 aides sur 3 000 »."""
    head = f"{SOURCE_TITLE} ({shorten(hint)})" if hint else SOURCE_TITLE
    parts = [head]
    if contents.dumps:
        stamp = _stamp(contents.dumps[0].get("timestamp"))
        parts.append(f"export complet du {stamp}" if stamp else "export complet")
    if contents.pages:
        parts.append(format_count(len(contents.pages), "page"))
    counted = format_count(aids, "aide")
    total = contents.pages[0].get("count") if contents.pages else None
    if not complete and isinstance(total, int) and not isinstance(total, bool) and total > aids:
        counted += f" sur {format_decimal(total)}"
    parts.append(counted)
    return ", ".join(parts)


def _stamp(value: object) -> str:
    if not isinstance(value, str):
        return ""
    try:
        return format_date(datetime.fromisoformat(value.strip()))
    except ValueError:
        return ""
