"""Warn when the store sits where SQLite's WAL is unsafe: network drives and synced folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SYNCED_FOLDER_MARKERS = ("onedrive", "dropbox", "google drive", "googledrive", "icloud", "nextcloud", "owncloud")
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afs", "davfs"}


def risky_location_reason(path: Path) -> str | None:
    """A French warning when `path` is on a network drive or in a synced folder, else None."""
    resolved = path.expanduser().resolve()
    lowered = [part.lower() for part in resolved.parts]
    for marker in SYNCED_FOLDER_MARKERS:
        if any(marker in part for part in lowered):
            return (
                "Le dossier de données est dans un dossier synchronisé "
                f"({resolved}). La synchronisation peut endommager la base : "
                "choisissez un dossier local dans les préférences."
            )
    if _on_network_drive(resolved):
        return (
            f"Le dossier de données est sur un lecteur réseau ({resolved}). "
            "SQLite n'y est pas fiable : choisissez un dossier local dans les préférences."
        )
    return None


def _on_network_drive(path: Path) -> bool:
    if sys.platform == "win32":
        if str(path).startswith("\\\\"):
            return True
        import ctypes

        drive = os.path.splitdrive(str(path))[0] + "\\"
        drive_remote = 4
        return ctypes.windll.kernel32.GetDriveTypeW(drive) == drive_remote
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    best, best_type = "", ""
    for line in mounts:
        fields = line.split()
        if len(fields) >= 3 and str(path).startswith(fields[1]) and len(fields[1]) > len(best):
            best, best_type = fields[1], fields[2]
    return best_type in NETWORK_FILESYSTEMS
