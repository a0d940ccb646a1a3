"""Errors of the storage layer. Their messages are French: they reach the user as they are."""

from __future__ import annotations

from app.errors import UserError


class StoreError(UserError):
    """A store problem the user must be told about; `str(error)` is a French sentence."""


class StoreLockedError(StoreError):
    pass


class StoreCorruptError(StoreError):
    pass


class StoreTooNewError(StoreError):
    pass


class BackupError(StoreError):
    pass
