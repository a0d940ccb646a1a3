"""SQLAlchemy models of the store.

Every entity that can travel between workstations derives from `TravellingRecord`: a UUID identity,
UTC creation and change times, a revision counter, the workstation that last changed it and a
soft-delete mark (so a deletion can travel as a tombstone). These columns are kept up to date by
`app.storage.session`, never by hand.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import ClassVar

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid.uuid4())


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


class Base(DeclarativeBase):
    pass


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

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Fiche(TravellingRecord, Base):
    """An initiative fiche (workspace 1). Its full set of fields is added by the fiche migrations."""

    __tablename__ = "fiche"

    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), default="brouillon")
    tags: Mapped[list["FicheTag"]] = relationship(
        back_populates="fiche", cascade="all, delete-orphan", order_by="FicheTag.position"
    )


class FicheTag(Base):
    """A free tag of a fiche; part of the fiche, it travels with it."""

    __tablename__ = "fiche_tag"
    travels_with: ClassVar[str] = "fiche"

    fiche_id: Mapped[str] = mapped_column(ForeignKey("fiche.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(Text)
    fiche: Mapped[Fiche] = relationship(back_populates="tags")


def travelling_models() -> list[type[TravellingRecord]]:
    """Every mapped class that carries the travelling columns."""
    return [
        mapper.class_
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, TravellingRecord)
    ]
