import json
from pathlib import Path

import pytest

from app.locations import default_data_dir, resolve_data_dir
from app.services.preferences import Preferences, load_preferences, preferences_path, save_preferences


def test_defaults_when_nothing_is_saved() -> None:
    assert load_preferences() == Preferences()


def test_saved_preferences_come_back() -> None:
    prefs = Preferences(backup_keep=4, default_author="Claire Martin", default_structure="CCAS de Grenoble")
    save_preferences(prefs)
    assert load_preferences() == prefs


def test_invalid_values_are_refused_and_nothing_is_written() -> None:
    with pytest.raises(ValueError, match="entre 1 et 365"):
        save_preferences(Preferences(backup_keep=0))
    assert not preferences_path().exists()


def test_a_damaged_file_gives_defaults_and_wrong_types_are_ignored() -> None:
    path = preferences_path()
    path.parent.mkdir(parents=True)
    path.write_text("{pas du json", encoding="utf-8")
    assert load_preferences() == Preferences()
    path.write_text(json.dumps({"backup_keep": "beaucoup", "default_author": "Lou"}), encoding="utf-8")
    assert load_preferences() == Preferences(default_author="Lou")


def test_data_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ESSAIM_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(str(tmp_path / "cli"), str(tmp_path / "prefs")) == tmp_path / "cli"
    assert resolve_data_dir(None, str(tmp_path / "prefs")) == tmp_path / "env"
    monkeypatch.delenv("ESSAIM_DATA_DIR")
    assert resolve_data_dir(None, str(tmp_path / "prefs")) == tmp_path / "prefs"
    assert resolve_data_dir(None, "") == default_data_dir()
