"""SQLAlchemy models of the store.

Every entity that can travel between workstations derives from `TravellingRecord`: a UUID identity,
UTC creation and change times, a revision counter, the workstation that last changed it and a
soft-delete mark (so a deletion can travel as a tombstone). These columns are kept up to date by
`app.storage.session`, never by hand.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.domain.fiche import Attachment
from app.domain.lab import EvidenceLink
from app.storage.changes import Change
from app.storage.json_columns import decode_attachments, decode_list, decode_records
from app.storage.stamps import new_uuid, utcnow


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime, stored as ISO text by SQLite."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class DecimalText(TypeDecorator[Decimal]):
    """An exact decimal, stored as its text (SQLite has no decimal type; floats would round)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: object) -> str | None:
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: str | None, dialect: object) -> Decimal | None:
        return None if value is None else Decimal(value)


class Base(DeclarativeBase):
    pass


def _children(class_name: str, order_by: str | None = None) -> Any:
    """A fiche's list: ordered by position, deleted with the fiche, rows removed when dropped."""
    return relationship(
        class_name, cascade="all, delete-orphan", order_by=order_by or f"{class_name}.position",
        passive_deletes=True, backref="fiche",
    )


class TravellingRecord:
    """Columns shared by every entity table that can travel in a package."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    workstation_id: Mapped[str] = mapped_column(String(36))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class StoreInfo(Base):
    """Key/value facts about this store: its workstation id and label, when it was created."""

    __tablename__ = "store_info"
    change: ClassVar[Change] = Change.EXCHANGE

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Fiche(TravellingRecord, Base):
    """An initiative fiche (workspace 1). Lists live in child tables that travel with it."""

    __tablename__ = "fiche"
    change: ClassVar[Change] = Change.FICHE

    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), default="brouillon")
    structure_name: Mapped[str] = mapped_column(Text, default="")
    structure_type: Mapped[str] = mapped_column(String(32), default="")
    commune: Mapped[str] = mapped_column(Text, default="")
    insee_code: Mapped[str] = mapped_column(String(5), default="")
    departement: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str] = mapped_column(Text, default="")
    territory_kind: Mapped[str] = mapped_column(String(32), default="")
    need: Mapped[str] = mapped_column(Text, default="")
    target_public: Mapped[str] = mapped_column(Text, default="")
    beneficiaries_per_year: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date | None] = mapped_column(Date)
    start_precision: Mapped[str] = mapped_column(String(8), default="")
    stage: Mapped[str] = mapped_column(String(32), default="")
    stop_reason: Mapped[str] = mapped_column(Text, default="")
    public_role: Mapped[str] = mapped_column(Text, default="")
    intensity: Mapped[str] = mapped_column(String(32), default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    impacts: Mapped[str] = mapped_column(Text, default="")
    evaluation_method: Mapped[str] = mapped_column(String(32), default="")
    evaluation_duration: Mapped[str] = mapped_column(Text, default="")
    evaluation_committee: Mapped[str] = mapped_column(Text, default="")
    evaluator: Mapped[str] = mapped_column(Text, default="")
    evaluation_findings: Mapped[str] = mapped_column(Text, default="")
    evidence_level: Mapped[str] = mapped_column(String(8), default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    difficulties: Mapped[str] = mapped_column(Text, default="")
    levers_helped: Mapped[str] = mapped_column(Text, default="")
    levers_for_others: Mapped[str] = mapped_column(Text, default="")
    core_concept: Mapped[str] = mapped_column(Text, default="")
    room_to_adapt: Mapped[str] = mapped_column(Text, default="")
    initiator_willing: Mapped[bool | None] = mapped_column(Boolean)
    initiator_available: Mapped[bool | None] = mapped_column(Boolean)
    materials_ready: Mapped[bool | None] = mapped_column(Boolean)
    readiness_notes: Mapped[str] = mapped_column(Text, default="")
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    trashed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    """In the trash (restorable); `deleted_at` is the tombstone of a fiche gone for good."""
    title_key: Mapped[str] = mapped_column(Text, default="")
    structure_key: Mapped[str] = mapped_column(Text, default="")
    """Accent- and case-folded title and structure, so that the list sorts in SQL the French way."""

    tags: Mapped[list[FicheTag]] = _children("FicheTag")
    contacts: Mapped[list[FicheContact]] = _children("FicheContact")
    choices: Mapped[list[FicheChoice]] = _children("FicheChoice", order_by="FicheChoice.position")
    steps: Mapped[list[FicheStep]] = _children("FicheStep")
    human_means: Mapped[list[FicheHumanMean]] = _children("FicheHumanMean")
    sites: Mapped[list[FicheSite]] = _children("FicheSite")
    partners: Mapped[list[FichePartner]] = _children("FichePartner")
    indicators: Mapped[list[FicheIndicator]] = _children("FicheIndicator")
    factors: Mapped[list[FicheFactor]] = _children("FicheFactor")
    attachments: Mapped[list[FicheAttachment]] = _children("FicheAttachment")
    sources: Mapped[list[FicheSource]] = _children("FicheSource")


class FicheChild:
    """A row of one of a fiche's lists: it belongs to the fiche and travels with it."""

    travels_with: ClassVar[str] = "fiche"
    change: ClassVar[Change] = Change.FICHE
    fiche_id: Mapped[str] = mapped_column(ForeignKey("fiche.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)


class FicheTag(FicheChild, Base):
    __tablename__ = "fiche_tag"
    label: Mapped[str] = mapped_column(Text)


class FicheContact(FicheChild, Base):
    """Personal data: left out of packages and exports on request, erasable."""

    __tablename__ = "fiche_contact"
    name: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(Text, default="")


class FicheChoice(FicheChild, Base):
    """One vocabulary code of a multi-valued field (themes, natures, objects, scaling objectives and models)."""

    __tablename__ = "fiche_choice"
    field: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(64))


class FicheStep(FicheChild, Base):
    __tablename__ = "fiche_step"
    text: Mapped[str] = mapped_column(Text, default="")


class FicheHumanMean(FicheChild, Base):
    __tablename__ = "fiche_human_mean"
    role: Mapped[str] = mapped_column(Text, default="")
    fte: Mapped[Decimal | None] = mapped_column(DecimalText)


class FicheSite(FicheChild, Base):
    __tablename__ = "fiche_site"
    name: Mapped[str] = mapped_column(Text, default="")
    commune: Mapped[str] = mapped_column(Text, default="")
    since_year: Mapped[int | None] = mapped_column(Integer)
    taken_up: Mapped[bool] = mapped_column(Boolean, default=False)


class FichePartner(FicheChild, Base):
    __tablename__ = "fiche_partner"
    name: Mapped[str] = mapped_column(Text, default="")
    structure_type: Mapped[str] = mapped_column(String(32), default="")
    role: Mapped[str] = mapped_column(String(32), default="")
    contribution: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[str] = mapped_column(String(32), default="")


class FicheIndicator(FicheChild, Base):
    __tablename__ = "fiche_indicator"
    name: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[Decimal | None] = mapped_column(DecimalText)
    target: Mapped[Decimal | None] = mapped_column(DecimalText)
    measured: Mapped[Decimal | None] = mapped_column(DecimalText)
    measured_on: Mapped[date | None] = mapped_column(Date)


class FicheFactor(FicheChild, Base):
    __tablename__ = "fiche_factor"
    factor: Mapped[str] = mapped_column(String(32))
    rating: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")


class Blob(Base):
    """A stored file, kept once under its SHA-256 in the store's attachments folder (`app.storage.blobs`).

    The register is shared by fiches and funding applications: it names no `change` of its own, the row that
    points to a file says what changed."""

    __tablename__ = "blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)


class FicheAttachment(FicheChild, Base):
    __tablename__ = "fiche_attachment"
    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"))
    file_name: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text, default="")


class FicheSource(FicheChild, Base):
    __tablename__ = "fiche_source"
    title: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class GridScenario(TravellingRecord, Base):
    """A named scenario of the economic-model grid of a fiche (workspace 2)."""

    __tablename__ = "grid_scenario"
    change: ClassVar[Change] = Change.SCENARIO

    fiche_id: Mapped[str] = mapped_column(ForeignKey("fiche.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text, default="")
    horizon_years: Mapped[int] = mapped_column(Integer, default=3)
    beneficiaries_per_year: Mapped[int | None] = mapped_column(Integer)
    learning_discount: Mapped[Decimal | None] = mapped_column(DecimalText)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    lines: Mapped[list[GridLineRow]] = relationship(
        back_populates="scenario", cascade="all, delete-orphan", order_by="GridLineRow.position",
        passive_deletes=True,
    )


class GridLineRow(Base):
    """A line of one of the six blocks of a scenario; it travels with its scenario."""

    __tablename__ = "grid_line"
    travels_with: ClassVar[str] = "scenario"
    change: ClassVar[Change] = Change.SCENARIO

    scenario_id: Mapped[str] = mapped_column(ForeignKey("grid_scenario.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    block: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(String(16), default="unique")
    days: Mapped[Decimal | None] = mapped_column(DecimalText)
    daily_cost: Mapped[Decimal | None] = mapped_column(DecimalText)
    amount: Mapped[Decimal | None] = mapped_column(DecimalText)
    year: Mapped[int | None] = mapped_column(Integer)
    depreciation_years: Mapped[int | None] = mapped_column(Integer)
    nature: Mapped[str] = mapped_column(Text, default="")
    beneficiary: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[str] = mapped_column(String(16), default="")
    funding_ref: Mapped[str] = mapped_column(String(36), default="")
    uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str] = mapped_column(String(16), default="")
    origin_ref: Mapped[str] = mapped_column(Text, default="")
    scenario: Mapped[GridScenario] = relationship(back_populates="lines")


class JsonList(TypeDecorator[list[Any]]):
    """A list stored as JSON text (the scheme's lists: the finder filters them in memory)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[Any] | None, dialect: object) -> str:
        return json.dumps(value or [], ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: object) -> list[Any]:
        return decode_list(value)


class AttachmentList(TypeDecorator[list[Attachment]]):
    """A record's attachments stored as JSON text in its own row: [{"sha256", "file_name", "size", "label"}]."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[Attachment] | None, dialect: object) -> str:
        return json.dumps([{"sha256": item.sha256, "file_name": item.file_name, "size": item.size, "label": item.label}
                           for item in value or []], ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: object) -> list[Attachment]:
        return decode_attachments(value)


class SchemeRow(TravellingRecord, Base):
    """A funding or support scheme of the catalogue (workspace 3); see `app.domain.schemes.Scheme`."""

    __tablename__ = "scheme"
    change: ClassVar[Change] = Change.SCHEME

    name: Mapped[str] = mapped_column(Text, default="")
    short_name: Mapped[str] = mapped_column(Text, default="")
    financers: Mapped[list[str]] = mapped_column(JsonList, default=list)
    instructors: Mapped[list[str]] = mapped_column(JsonList, default=list)
    programme: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(32), default="")
    kinds: Mapped[list[str]] = mapped_column(JsonList, default=list)
    without_money: Mapped[bool] = mapped_column(Boolean, default=False)
    audiences: Mapped[list[str]] = mapped_column(JsonList, default=list)
    themes: Mapped[list[str]] = mapped_column(JsonList, default=list)
    stages: Mapped[list[str]] = mapped_column(JsonList, default=list)
    supports_scaling: Mapped[bool | None] = mapped_column(Boolean)
    territories: Mapped[list[str]] = mapped_column(JsonList, default=list)
    territory_note: Mapped[str] = mapped_column(Text, default="")
    amount_min: Mapped[Decimal | None] = mapped_column(DecimalText)
    amount_max: Mapped[Decimal | None] = mapped_column(DecimalText)
    rate_min: Mapped[Decimal | None] = mapped_column(DecimalText)
    rate_max: Mapped[Decimal | None] = mapped_column(DecimalText)
    recurrence: Mapped[str] = mapped_column(String(32), default="")
    opens_on: Mapped[date | None] = mapped_column(Date)
    predeposit_on: Mapped[date | None] = mapped_column(Date)
    deadlines: Mapped[list[dict[str, str]]] = mapped_column(JsonList, default=list)
    next_round: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")
    constraints: Mapped[str] = mapped_column(Text, default="")
    application_url: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    source_title: Mapped[str] = mapped_column(Text, default="")
    source_date: Mapped[date | None] = mapped_column(Date)
    source_ref: Mapped[str] = mapped_column(Text, default="")
    checked_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(32), default="ouvert")
    origin: Mapped[str] = mapped_column(String(32), default="saisie")
    origin_key: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    shipped: Mapped[str | None] = mapped_column(Text)
    """The scheme as its origin last gave it (JSON of `Scheme`): what an update compares the user's edits with."""
    raw: Mapped[str | None] = mapped_column(Text)
    """The record as its origin sent it (JSON), e.g. Aides-territoires' aid object."""
    source_updated: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the origin last changed it (Aides-territoires' date_updated)."""
    unpublished_on: Mapped[date | None] = mapped_column(Date)
    """Since when its origin no longer publishes it (a complete file without it); None while published."""
    news: Mapped[str] = mapped_column(String(16), default="")
    """« nouveau » or « modifie » since the last catalogue update, until the user has seen it."""


class SchemeLink(Base):
    """A scheme as another origin knows it: the same scheme arrived from there too (a shipped one also on
    Aides-territoires). What that origin last gave is kept so that its next update is recognised."""

    __tablename__ = "scheme_link"
    change: ClassVar[Change] = Change.SCHEME

    origin: Mapped[str] = mapped_column(String(32), primary_key=True)
    origin_key: Mapped[str] = mapped_column(Text, primary_key=True)
    scheme_id: Mapped[str] = mapped_column(ForeignKey("scheme.id", ondelete="CASCADE"))
    shipped: Mapped[str | None] = mapped_column(Text)
    source_updated: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ShortlistRow(TravellingRecord, Base):
    """An application of a fiche to a scheme (its shortlist); see `app.domain.shortlist.ShortlistEntry`."""

    __tablename__ = "shortlist_entry"
    change: ClassVar[Change] = Change.SHORTLIST

    fiche_id: Mapped[str] = mapped_column(ForeignKey("fiche.id", ondelete="CASCADE"), index=True)
    scheme_id: Mapped[str] = mapped_column(String(36), default="")
    scheme_name: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), default="repere")
    target_deadline: Mapped[date | None] = mapped_column(Date)
    amount_requested: Mapped[Decimal | None] = mapped_column(DecimalText)
    amount_obtained: Mapped[Decimal | None] = mapped_column(DecimalText)
    amount_paid: Mapped[Decimal | None] = mapped_column(DecimalText)
    submitted_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    attachments: Mapped[list[Attachment]] = mapped_column(AttachmentList, default=list)
    """Registered in `Blob` before the row is written (`FlatStorage`'s attachment field)."""


class RecordList(TypeDecorator[list[Any]]):
    """A list of small dataclasses (`item_class`) stored as JSON text in their record's row."""

    impl = Text
    cache_ok = True

    def __init__(self, item_class: type) -> None:
        super().__init__()
        self.item_class = item_class

    def process_bind_param(self, value: list[Any] | None, dialect: object) -> str:
        from app.domain.codec import to_dict

        return json.dumps([to_dict(item) for item in value or []], ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: object) -> list[Any]:
        return decode_records(self.item_class, value)


class LabProjectRow(TravellingRecord, Base):
    """A lab project followed with its checklist (workspace 4); see `app.domain.lab.LabProject`."""

    __tablename__ = "lab_project"
    change: ClassVar[Change] = Change.LAB

    name: Mapped[str] = mapped_column(Text, default="")
    structure_name: Mapped[str] = mapped_column(Text, default="")
    model: Mapped[str] = mapped_column(String(32), default="lab_integre")
    path: Mapped[str] = mapped_column(String(32), default="creer")
    population: Mapped[int | None] = mapped_column(Integer)
    template_id: Mapped[str] = mapped_column(String(64), default="")
    template_revision: Mapped[int] = mapped_column(Integer, default=0)
    template_title: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    fiche_ids: Mapped[list[str]] = mapped_column(JsonList, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")


class LabItemRow(TravellingRecord, Base):
    """One item of a lab project's checklist; see `app.domain.lab.LabItem`."""

    __tablename__ = "lab_item"
    change: ClassVar[Change] = Change.LAB

    lab_id: Mapped[str] = mapped_column(ForeignKey("lab_project.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(64), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    phase_id: Mapped[str] = mapped_column(String(64), default="")
    phase_number: Mapped[str] = mapped_column(String(20), default="")
    phase_title: Mapped[str] = mapped_column(Text, default="")
    number: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    parent_item_id: Mapped[str] = mapped_column(String(64), default="")
    depends_on: Mapped[list[str]] = mapped_column(JsonList, default=list)
    status: Mapped[str] = mapped_column(String(32), default="a_faire")
    not_applicable_reason: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[Attachment]] = mapped_column(AttachmentList, default=list)
    """Registered in `Blob` before the row is written (`FlatStorage`'s attachment field)."""
    links: Mapped[list[Any]] = mapped_column(RecordList(EvidenceLink), default=list)
    removed_from_template: Mapped[bool] = mapped_column(Boolean, default=False)


class LabTemplateRow(Base):
    """A checklist template imported from a file (the shipped ones are read from `resources/checklists/`)."""

    __tablename__ = "lab_template"
    change: ClassVar[Change] = Change.LAB

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[str] = mapped_column(Text, default="")
    """The template as JSON, as `app.domain.codec.to_dict` writes it."""
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source_name: Mapped[str] = mapped_column(Text, default="")
    """The name of the file it came from."""


def travelling_models() -> list[type[TravellingRecord]]:
    """Every mapped class that carries the travelling columns."""
    return [
        mapper.class_
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, TravellingRecord)
    ]


class ExchangePeer(Base):
    """A correspondent this store exchanges packages with (by name, and by workstation once received from)."""

    __tablename__ = "exchange_peer"
    change: ClassVar[Change] = Change.EXCHANGE

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    name: Mapped[str] = mapped_column(Text, unique=True)
    workstation_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    their_ref: Mapped[str | None] = mapped_column(String(36))
    """The id under which this correspondent knows us (its own exchange_peer id), sent back in our packages."""
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ExchangeRecord(Base):
    """The version of a record this store and one correspondent last agreed on (sent or received)."""

    __tablename__ = "exchange_record"
    change: ClassVar[Change] = Change.EXCHANGE

    peer_id: Mapped[str] = mapped_column(ForeignKey("exchange_peer.id", ondelete="CASCADE"), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    agreed_hash: Mapped[str] = mapped_column(String(64))
    agreed_revision: Mapped[int] = mapped_column(Integer)


class RecordHistory(Base):
    """A version replaced by an import or set aside by a conflict, kept so that it can be brought back."""

    __tablename__ = "record_history"
    change: ClassVar[Change] = Change.HISTORY

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer)
    workstation_id: Mapped[str] = mapped_column(String(36))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    data: Mapped[str | None] = mapped_column(Text)
