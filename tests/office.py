"""LibreOffice headless for tests: open files as a user's office suite would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        import pytest

        pytest.skip("LibreOffice (soffice) n'est pas installé")
    return found


def convert(source: Path, target_format: str, out_dir: Path) -> Path:
    """Convert with LibreOffice (which recalculates formulas); returns the converted file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "profil-libreoffice"
    done = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
         "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    result = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    assert done.returncode == 0 and result.exists(), f"LibreOffice conversion failed: {done.stdout} {done.stderr}"
    return result
