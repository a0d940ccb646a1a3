"""The kinds Essaim exchanges today: the fiche (workspace 1), the grid scenario (2) and the shortlist entry (3) that
belong to it, the scheme of the funding catalogue (3), sent on its own in catalogue packages, and the lab project
(4) with the items of its checklist."""

from __future__ import annotations

from typing import Any

from app.domain.economics import ADDED_LINE_FIELDS, SCENARIO_FIELD_LABELS, Scenario, validate_scenario
from app.domain.fiche import ADDED_FIELDS, FIELD_LABELS, FicheData, upgrade_fiche_data, validate
from app.domain.fiche_sections import fiche_field_text
from app.domain.grid_sections import scenario_field_text
from app.domain.lab import (
    LAB_FIELD_LABELS,
    LAB_FIELD_TEXT,
    LAB_ITEM_FIELD_LABELS,
    LAB_ITEM_FIELD_TEXT,
    LabItem,
    LabProject,
    validate_lab,
    validate_lab_item,
)
from app.domain.scheme_sections import field_text as scheme_field_text
from app.domain.schemes import SCHEME_FIELD_LABELS, STATION_FIELDS, Scheme, SchemeOrigin, validate_scheme
from app.domain.shortlist import (
    ADDED_ENTRY_FIELDS,
    SHORTLIST_FIELD_LABELS,
    SHORTLIST_FIELD_TEXT,
    ShortlistEntry,
    validate_entry,
)
from app.storage import lab_repository, shortlist_repository
from app.storage.kind_storage import FicheStorage, ScenarioStorage, SchemeStorage
from app.travelling.registry import KINDS, TravellingKind

_LIST = {"type": "array"}
_TEXT = {"type": "string"}
_CODE = {"type": "string", "maxLength": 32}
_DECIMAL = {"type": ["string", "null"], "maxLength": 40}
_DATE = {"type": ["string", "null"], "maxLength": 10}

FICHE = KINDS.register(TravellingKind(
    name="fiche", label="fiche", plural_label="fiches", count_key="fiches", member="records/fiches.json",
    domain_class=FicheData, storage=FicheStorage(), field_labels=FIELD_LABELS, title_field="title",
    schema={"properties": {"title": {"type": "string"}, "tags": _LIST, "contacts": _LIST, "attachments": _LIST}},
    personal_fields=("contacts",), attachment_field="attachments", validate=validate,
    upgrade=upgrade_fiche_data, added_fields=ADDED_FIELDS, field_text=fiche_field_text,
    internal_fields=frozenset({"start_precision", "is_example"}),
))

SCENARIO = KINDS.register(TravellingKind(
    name="scenario", label="scénario", plural_label="scénarios", count_key="scenarios",
    member="records/scenarios.json", domain_class=Scenario, storage=ScenarioStorage(),
    field_labels=SCENARIO_FIELD_LABELS, title_field="name", parent="fiche", parent_field="fiche_id",
    schema={"properties": {"fiche_id": {"type": ["string", "null"], "maxLength": 36}, "name": {"type": "string"},
                           "lines": _LIST}},
    validate=validate_scenario, added_fields=ADDED_LINE_FIELDS, field_text=scenario_field_text,
))

SHORTLIST = KINDS.register(TravellingKind(
    name="shortlist", label="financement sollicité", plural_label="financements sollicités",
    count_key="shortlist", member="records/shortlist.json", domain_class=ShortlistEntry,
    storage=shortlist_repository.STORAGE, field_labels=SHORTLIST_FIELD_LABELS, title_field="scheme_name",
    parent="fiche", parent_field="fiche_id",
    schema={"properties": {"fiche_id": {"type": ["string", "null"], "maxLength": 36},
                           "scheme_name": {"type": "string"}, "attachments": _LIST}},
    attachment_field="attachments", validate=validate_entry, added_fields=ADDED_ENTRY_FIELDS,
    field_text=SHORTLIST_FIELD_TEXT, internal_fields=frozenset({"scheme_id"}),
))


def _scheme_copy(data: dict[str, Any]) -> dict[str, Any]:
    """A received scheme kept beside this station's own: it comes from the package, known there by the original's
    id, so that a later update of the catalogue the original came from finds the original only."""
    return {**data, "origin": SchemeOrigin.PAQUET.value, "origin_key": str(data.get("id") or "")}


_SCHEME_STORAGE = SchemeStorage()

SCHEME = KINDS.register(TravellingKind(
    name="scheme", label="dispositif", plural_label="dispositifs", count_key="schemes",
    member="records/schemes.json", domain_class=Scheme, storage=_SCHEME_STORAGE, field_labels=SCHEME_FIELD_LABELS,
    title_field="name",
    schema={"required": ["name"],
            "properties": {"name": _TEXT, "level": _CODE, "status": _CODE, "recurrence": _CODE, "origin": _CODE,
                           "origin_key": _TEXT, "parent_id": {"type": "string", "maxLength": 36},
                           "financers": _LIST, "kinds": _LIST, "audiences": _LIST, "themes": _LIST, "stages": _LIST,
                           "territories": _LIST, "amount_min": _DECIMAL, "amount_max": _DECIMAL,
                           "rate_min": _DECIMAL, "rate_max": _DECIMAL, "opens_on": _DATE, "predeposit_on": _DATE,
                           "deadlines": {"type": "array", "items": {
                               "type": "object", "properties": {"on": _DATE, "label": _TEXT}}}}},
    validate=validate_scheme, station_fields=STATION_FIELDS, chosen_only=True, as_given=_SCHEME_STORAGE.as_given,
    as_copy=_scheme_copy, field_text=scheme_field_text, internal_fields=frozenset({"origin_key", "parent_id"}),
))

LAB = KINDS.register(TravellingKind(
    name="lab", label="projet de lab", plural_label="projets de lab", count_key="labs", member="records/labs.json",
    domain_class=LabProject, storage=lab_repository.PROJECTS, field_labels=LAB_FIELD_LABELS, title_field="name",
    schema={"required": ["name"],
            "properties": {"name": _TEXT, "model": _CODE, "path": _CODE, "population": {"type": ["integer", "null"]},
                           "template_id": {"type": "string", "maxLength": 64}, "fiche_ids": _LIST,
                           "started_on": _DATE}},
    validate=validate_lab, quiet_when_empty=True, field_text=LAB_FIELD_TEXT,
    internal_fields=frozenset({"template_id", "template_revision", "fiche_ids"}),
))

LAB_ITEM = KINDS.register(TravellingKind(
    name="lab_item", label="élément de liste de lab", plural_label="éléments de liste de lab", count_key="lab_items",
    member="records/lab_items.json", domain_class=LabItem, storage=lab_repository.ITEMS,
    field_labels=LAB_ITEM_FIELD_LABELS, title_field="title", parent="lab", parent_field="lab_id",
    schema={"required": ["lab_id", "title"],
            "properties": {"lab_id": {"type": "string", "maxLength": 36},
                           "item_id": {"type": "string", "maxLength": 64}, "title": _TEXT, "status": _CODE,
                           "depends_on": _LIST, "evidence": _LIST, "links": _LIST, "due_on": _DATE,
                           "done_on": _DATE}},
    attachment_field="evidence", validate=validate_lab_item, quiet_when_empty=True, field_text=LAB_ITEM_FIELD_TEXT,
    internal_fields=frozenset({"item_id", "position", "phase_id", "parent_item_id", "depends_on"}),
))
