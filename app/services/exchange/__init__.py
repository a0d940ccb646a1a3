"""Use cases of workspace 5: export work as a package, preview an import, apply it without losing anything.

Each record carries its UUID everywhere. For each correspondent the store remembers the version of each
record it last agreed on (sent or received), as a hash of its content. On import, a record changed on
both sides since that version — deleted on one side and edited on the other included — is a conflict
the user resolves: « mine », « theirs » or « both » (their version kept as a copy). Versions replaced or
set aside are kept in the record history. Every kind of record registered in `app.travelling` travels.

Parts: `outgoing` (export), `catalogue` (catalogue packages: schemes sent on their own), `planning` (open a package
and plan its import), `applying` (apply a plan), `undo` (the last import), `correspondents` (names and the outbox),
`comparison` (two versions side by side, field by field), `common` (errors, hashes, times).
"""

from app.services.exchange.applying import ImportOutcome, apply_import
from app.services.exchange.catalogue import export_catalogue_package
from app.services.exchange.common import (
    RESOLUTIONS,
    STATUS_LABELS,
    ConflictError,
    InvalidName,
    NothingToSend,
    StalePlan,
    record_hash,
    status_summary,
)
from app.services.exchange.comparison import Comparison, FieldRow, compare, planned_comparison
from app.services.exchange.correspondents import (
    NAME_LIMIT,
    Correspondent,
    correspondents,
    outbox_dir,
    rename_correspondent,
    rename_workstation,
)
from app.services.exchange.outgoing import ExportOutcome, PackageRequest, export_package
from app.services.exchange.planning import ImportPlan, PlannedRecord, open_package, plan_import
from app.services.exchange.undo import LastImport, last_import

__all__ = [
    "NAME_LIMIT", "RESOLUTIONS", "STATUS_LABELS", "Comparison", "ConflictError", "Correspondent", "ExportOutcome",
    "FieldRow", "ImportOutcome", "ImportPlan", "InvalidName", "LastImport", "NothingToSend", "PackageRequest",
    "PlannedRecord", "StalePlan", "apply_import", "compare", "correspondents", "export_catalogue_package",
    "export_package", "last_import", "open_package", "outbox_dir", "plan_import", "planned_comparison", "record_hash",
    "rename_correspondent", "rename_workstation", "status_summary",
]
