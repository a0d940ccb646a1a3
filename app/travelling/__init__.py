"""Kinds of records that travel in packages: see `registry`; the built-in ones are registered on import."""

from app.travelling.builtin import FICHE, SCENARIO
from app.travelling.registry import KINDS, InvalidRecord, KindStorage, Registry, TravellingKind

__all__ = ["FICHE", "KINDS", "SCENARIO", "InvalidRecord", "KindStorage", "Registry", "TravellingKind"]
