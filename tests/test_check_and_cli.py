import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from app.__main__ import main
from app.cli.main import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from app.storage.models import Fiche
from app.storage.store import Store, store_file

ROOT = Path(__file__).resolve().parent.parent


def filled_store(data_dir: Path, count: int = 300) -> Path:
    store = Store.open(data_dir)
    with store.transaction() as session:
        for n in range(count):
            session.add(Fiche(title=f"Initiative {n}", summary="Un résumé assez long. " * 40))
    store.close()
    return store_file(data_dir)


def test_check_passes_on_a_sound_store(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled_store(data_dir, 3)
    assert main(["--data-dir", str(data_dir), "check"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "aucun problème trouvé" in out
    assert "[ERREUR]" not in out


def test_check_finds_a_corrupted_store_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = filled_store(data_dir)
    with closing(sqlite3.connect(db)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    assert pages > 10
    with db.open("r+b") as handle:
        handle.seek(page_size * 5)
        handle.write(b"\xde\xad\xbe\xef" * (page_size // 2))
    assert main(["--data-dir", str(data_dir), "check"]) == EXIT_FAILURE
    out = capsys.readouterr().out
    assert "[ERREUR]" in out
    assert "problème trouvé" in out


def test_check_finds_a_dangling_reference(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = filled_store(data_dir, 1)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("INSERT INTO fiche_tag(fiche_id, position, label) "
                     "VALUES ('00000000-0000-4000-8000-000000000000', 0, 'orphelin')")
        conn.commit()
    assert main(["--data-dir", str(data_dir), "check"]) == EXIT_FAILURE
    out = capsys.readouterr().out
    assert "fiche_tag (1)" in out
    assert "1 ligne pointe vers un enregistrement absent" in out


def test_check_finds_broken_record_metadata(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = filled_store(data_dir, 2)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE fiche SET revision = 0 WHERE rowid = 1")
        conn.commit()
    assert main(["--data-dir", str(data_dir), "check"]) == EXIT_FAILURE
    assert "Table fiche : 1 enregistrement aux" in capsys.readouterr().out


@pytest.mark.parametrize("change", [
    "workstation_id = 'poste-de-claire'",
    "id = upper(id)",
    "updated_at = '2001-01-01 00:00:00.000000'",
    "revision = -3",
])
def test_check_finds_each_kind_of_broken_record_metadata(data_dir: Path, capsys: pytest.CaptureFixture[str],
                                                        change: str) -> None:
    db = filled_store(data_dir, 2)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(f"UPDATE fiche SET {change} WHERE rowid = 2")
        conn.commit()
    main(["--data-dir", str(data_dir), "check"])
    assert "Table fiche : 1 enregistrement aux métadonnées invalides." in capsys.readouterr().out


@pytest.mark.parametrize("identity", ["poste-de-claire", "6F9619FF-8B86-D011-B42D-00C04FC964FF", None])
def test_check_finds_a_missing_or_malformed_station_identity(data_dir: Path, capsys: pytest.CaptureFixture[str],
                                                           identity: str | None) -> None:
    db = filled_store(data_dir, 1)
    with closing(sqlite3.connect(db)) as conn:
        if identity is None:
            conn.execute("DELETE FROM store_info WHERE key = 'workstation_id'")
        else:
            conn.execute("UPDATE store_info SET value = ? WHERE key = 'workstation_id'", (identity,))
        conn.commit()
    assert main(["--data-dir", str(data_dir), "check"]) == EXIT_FAILURE
    assert "Identité du poste absente ou invalide" in capsys.readouterr().out


def test_the_check_knows_every_travelling_table_by_its_columns(data_dir: Path) -> None:
    from app.storage.integrity import travelling_tables
    from app.storage.models import travelling_models

    db = filled_store(data_dir, 1)
    with closing(sqlite3.connect(db)) as conn:
        assert travelling_tables(conn) == sorted(model.__tablename__ for model in travelling_models())


def test_check_without_a_store_fails_clearly(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "check"]) == EXIT_FAILURE
    assert "Aucune base de données" in capsys.readouterr().out


def test_backup_command_writes_a_copy_or_fails_with_french_message(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "sauvegarde.sqlite3"
    assert main(["--data-dir", str(data_dir), "backup", "-o", str(target)]) == EXIT_FAILURE
    assert "rien à sauvegarder" in capsys.readouterr().err
    filled_store(data_dir, 1)
    assert main(["--data-dir", str(data_dir), "backup", "-o", str(target)]) == EXIT_OK
    assert target.exists()
    assert main(["--data-dir", str(data_dir), "backup", "-o", str(target)]) == EXIT_FAILURE
    assert "existe déjà" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "backup"]) == EXIT_OK
    assert "sauvegardes" in capsys.readouterr().out


def test_data_dir_comes_from_the_environment_when_not_given(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled_store(data_dir, 1)  # ESSAIM_DATA_DIR points there (conftest)
    assert main(["check"]) == EXIT_OK
    assert str(data_dir) in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "code", "stream", "expected"),
    [
        (["--version"], EXIT_OK, "stdout", "Essaim 0.1.0"),
        (["commande-inconnue"], EXIT_USAGE, "stderr", "erreur"),
        (["backup", "--option-inconnue"], EXIT_USAGE, "stderr", "erreur"),
    ],
)
def test_process_exit_codes(args: list[str], code: int, stream: str, expected: str) -> None:
    done = subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == code
    assert expected in getattr(done, stream)
