"""Kinds of records that travel in packages: see `registry`; the built-in ones are registered on import."""

from app.travelling.builtin import FICHE, SCENARIO
from app.travelling.registry import KINDS, KindStorage, Registry, TravellingKind

__all__ = ["FICHE", "KINDS", "SCENARIO", "KindStorage", "Registry", "TravellingKind"]
