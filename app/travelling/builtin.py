"""The kinds Essaim exchanges today: the fiche (workspace 1), the grid scenario (2) and the shortlist entry (3) that
belong to it."""

from __future__ import annotations

from app.domain.economics import ADDED_LINE_FIELDS, SCENARIO_FIELD_LABELS, Scenario, validate_scenario
from app.domain.fiche import ADDED_FIELDS, FIELD_LABELS, FicheData, upgrade_fiche_data, validate
from app.domain.shortlist import ADDED_ENTRY_FIELDS, SHORTLIST_FIELD_LABELS, ShortlistEntry, validate_entry
from app.storage import shortlist_repository
from app.storage.kind_storage import FicheStorage, ScenarioStorage
from app.travelling.registry import KINDS, TravellingKind

_LIST = {"type": "array"}

FICHE = KINDS.register(TravellingKind(
    name="fiche", label="fiche", plural_label="fiches", count_key="fiches", member="records/fiches.json",
    domain_class=FicheData, storage=FicheStorage(), field_labels=FIELD_LABELS, title_field="title",
    schema={"properties": {"title": {"type": "string"}, "tags": _LIST, "contacts": _LIST, "attachments": _LIST}},
    personal_fields=("contacts",), attachment_field="attachments", validate=validate,
    upgrade=upgrade_fiche_data, added_fields=ADDED_FIELDS,
))

SCENARIO = KINDS.register(TravellingKind(
    name="scenario", label="scénario", plural_label="scénarios", count_key="scenarios",
    member="records/scenarios.json", domain_class=Scenario, storage=ScenarioStorage(),
    field_labels=SCENARIO_FIELD_LABELS, title_field="name", parent="fiche", parent_field="fiche_id",
    schema={"properties": {"fiche_id": {"type": ["string", "null"], "maxLength": 36}, "name": {"type": "string"},
                           "lines": _LIST}},
    validate=validate_scenario, added_fields=ADDED_LINE_FIELDS,
))

SHORTLIST = KINDS.register(TravellingKind(
    name="shortlist", label="financement sollicité", plural_label="financements sollicités",
    count_key="shortlist", member="records/shortlist.json", domain_class=ShortlistEntry,
    storage=shortlist_repository.STORAGE, field_labels=SHORTLIST_FIELD_LABELS, title_field="scheme_name",
    parent="fiche", parent_field="fiche_id",
    schema={"properties": {"fiche_id": {"type": ["string", "null"], "maxLength": 36},
                           "scheme_name": {"type": "string"}, "attachments": _LIST}},
    attachment_field="attachments", validate=validate_entry, added_fields=ADDED_ENTRY_FIELDS,
))
