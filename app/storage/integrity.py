"""The store check: SQLite's own checks plus Essaim's, as a list of findings."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.formats import format_count
from app.storage.errors import explain_failure
from app.storage.migrations import SCHEMA_REVISION, known_revisions, stored_revision
from app.storage.store_file import WORKSTATION_KEY, connect


@dataclass(frozen=True)
class Finding:
    ok: bool
    message: str


@dataclass
class CheckReport:
    db_path: Path
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(finding.ok for finding in self.findings)

    def add(self, ok: bool, message: str) -> None:
        self.findings.append(Finding(ok, message))


Check = Callable[[sqlite3.Connection, CheckReport], None]


def _check_sqlite_integrity(conn: sqlite3.Connection, report: CheckReport) -> None:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows == ["ok"]:
        report.add(True, "Intégrité du fichier SQLite : correcte.")
    else:
        shown = "; ".join(rows[:5]) + (" …" if len(rows) > 5 else "")
        report.add(False, f"Intégrité du fichier SQLite : {format_count(len(rows), 'problème')} — {shown}")


def _check_foreign_keys(conn: sqlite3.Connection, report: CheckReport) -> None:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    if not rows:
        report.add(True, "Références entre tables : aucune référence cassée.")
        return
    by_table: dict[str, int] = {}
    for table, *_ in rows:
        by_table[table] = by_table.get(table, 0) + 1
    detail = ", ".join(f"{table} ({count})" for table, count in sorted(by_table.items()))
    points = "pointe" if len(rows) < 2 else "pointent"
    report.add(False, f"Références entre tables : {format_count(len(rows), 'ligne')} {points} vers un "
                      f"enregistrement absent — {detail}.")


def _check_schema_revision(conn: sqlite3.Connection, report: CheckReport) -> None:
    current = stored_revision(conn)
    if current == SCHEMA_REVISION:
        report.add(True, f"Version du schéma : {current}, à jour.")
    elif current in known_revisions():
        report.add(True, f"Version du schéma : {current} ; elle sera mise à jour au prochain lancement.")
    else:
        report.add(False, f"Version du schéma inconnue : {current!r}.")


def _check_identity(conn: sqlite3.Connection, report: CheckReport) -> None:
    row = conn.execute("SELECT coalesce(value GLOB :uuid, 0) FROM store_info WHERE key = :key",
                       {"uuid": UUID_GLOB, "key": WORKSTATION_KEY}).fetchone()
    if row and row[0]:
        report.add(True, "Identité du poste : présente.")
    else:
        report.add(False, "Identité du poste absente ou invalide dans la table store_info.")


TRAVELLING_COLUMNS = ("id", "revision", "workstation_id", "created_at", "updated_at")
"""Every table whose rows can travel between workstations has these columns (`models.TravellingRecord`)."""
_HEX = "[0-9a-f]"
UUID_GLOB = "-".join(_HEX * count for count in (8, 4, 4, 4, 12))
"""A UUID in its canonical form (lower-case hexadecimal, 8-4-4-4-12), as SQLite's GLOB matches it."""


def travelling_tables(conn: sqlite3.Connection) -> list[str]:
    """The store's tables of travelling records, known by their columns (the check does not load the models)."""
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [name for name in names
            if set(TRAVELLING_COLUMNS) <= {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')}]


def _check_travelling_records(conn: sqlite3.Connection, report: CheckReport) -> None:
    all_good = True
    for table in travelling_tables(conn):
        bad = conn.execute(
            f'SELECT count(*) FROM "{table}" WHERE coalesce(id GLOB :uuid, 0) = 0 '
            "OR coalesce(workstation_id GLOB :uuid, 0) = 0 OR coalesce(revision, 0) < 1 "
            "OR created_at IS NULL OR updated_at IS NULL OR updated_at < created_at", {"uuid": UUID_GLOB},
        ).fetchone()[0]
        if bad:
            all_good = False
            report.add(False, f"Table {table} : {format_count(bad, 'enregistrement')} aux métadonnées invalides.")
    if all_good:
        report.add(True, "Métadonnées des enregistrements (identifiant, révision, poste, dates) : correctes.")


APPLICATION_CHECKS: list[Check] = [
    _check_schema_revision,
    _check_identity,
    _check_travelling_records,
]


def check_store(db_path: Path) -> CheckReport:
    """Run every check on the store file without changing it.

    SQLite's integrity check, the longest, runs on a second connection in a thread (SQLite leaves Python free
    while it works) beside the others; Essaim's own checks count only when SQLite's found nothing."""
    report = CheckReport(db_path)
    if not db_path.exists():
        report.add(False, f"Aucune base de données à l'emplacement {db_path}.")
        return report
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            integrity = pool.submit(_integrity_report, db_path)
            try:
                references, application = _other_reports(db_path)
            except sqlite3.DatabaseError as error:
                references, application = CheckReport(db_path), CheckReport(db_path)
                references.add(False, _unreadable(error, db_path))
            sqlite_report = integrity.result()
        report.findings += sqlite_report.findings + references.findings
        if report.ok:
            report.findings += application.findings
    except sqlite3.DatabaseError as error:
        report.add(False, _unreadable(error, db_path))
    return report


def _unreadable(error: sqlite3.DatabaseError, db_path: Path) -> str:
    return f"Le fichier est illisible ou endommagé. {explain_failure(error, db_path)}"


def _other_reports(db_path: Path) -> tuple[CheckReport, CheckReport]:
    """The references between tables, and Essaim's own checks."""
    with closing(connect(db_path, read_only=True)) as conn:
        _check_foreign_keys(conn, references := CheckReport(db_path))
        application = CheckReport(db_path)
        for check in APPLICATION_CHECKS:
            check(conn, application)
    return references, application


INTEGRITY_MMAP_BYTES = 1 << 30


def _integrity_report(db_path: Path) -> CheckReport:
    """SQLite's integrity check reads every page once: mapped into memory (read-only, this connection cannot
    write) rather than copied page by page, it takes a fifth less time on a 70 MB store (issue 20)."""
    with closing(connect(db_path, read_only=True)) as conn:
        conn.execute(f"PRAGMA mmap_size={INTEGRITY_MMAP_BYTES}")
        _check_sqlite_integrity(conn, report := CheckReport(db_path))
    return report
