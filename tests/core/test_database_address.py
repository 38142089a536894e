"""A database address that names nothing Watchfloor can open gets one clear line, and nothing is created."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console import cli
from console.connect import create_database, open_database
from console.db import migrate
from console.db.engine import make_engine, normalise_url
from console.db.migrate import SchemaState
from console.errors import (
    BadDatabaseAddress,
    DatabaseFileExists,
    NoSuchDatabaseFile,
    NoSuchFolder,
    NotADatabase,
    NotASqlitePath,
    WatchfloorError,
)
from console.settings import Settings


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_an_unknown_kind_of_address_is_refused_without_showing_the_rest() -> None:
    with pytest.raises(BadDatabaseAddress) as caught:
        normalise_url("mysql://ana:s3cret@db/floor")
    assert "mysql" in str(caught.value)
    assert "s3cret" not in str(caught.value)
    with pytest.raises(BadDatabaseAddress):
        open_database("foo://x")


def test_a_mistyped_address_creates_no_folder_and_no_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoSuchFolder, match="folder .*postgresql/host does not exist"):
        open_database("postgresql//host/floor")  # the colon forgotten: a relative path
    with pytest.raises(NoSuchFolder):
        open_database(str(tmp_path / "typo" / "floor.db"))
    assert _files(tmp_path) == []


def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shift handover notes\n", encoding="utf-8")
    with pytest.raises(NotADatabase, match="notes.txt is not a SQLite database file"):
        open_database(str(notes))
    assert notes.read_text(encoding="utf-8") == "shift handover notes\n"
    with pytest.raises(NotADatabase):
        open_database(str(tmp_path))  # a folder
    assert _files(tmp_path) == ["notes.txt"]


def test_an_explicit_file_that_is_not_there_is_refused_and_not_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "floor.db"
    for address in (str(missing), f"sqlite:///{missing}"):
        with pytest.raises(NoSuchDatabaseFile) as caught:
            open_database(address)
        assert str(caught.value) == (
            f"There is no database file {missing}; to make a new one: watchfloor db create {missing}"
        )
    # Every command that opens the database, with the address from --db, the environment or the file.
    for argv in (["db", "current"], ["db", "upgrade"], ["demo", "--days", "1"], ["db", "feed-retention"]):
        assert cli.main(["--db", str(missing), *argv]) == 1, argv
        assert capsys.readouterr().err.count("\n") == 1
    assert _files(tmp_path) == []
    # A name a shell would split is quoted in the command to copy; a newline stays on one line.
    spaced = tmp_path / "night shift.db"
    with pytest.raises(NoSuchDatabaseFile, match=f"watchfloor db create '{spaced}'$"):
        open_database(str(spaced))
    with pytest.raises(NoSuchDatabaseFile) as caught:
        open_database(str(tmp_path / "a\nb.db"))
    assert "\n" not in str(caught.value)
    assert _files(tmp_path) == []


def test_only_the_embedded_default_is_made_when_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHFLOOR_DATA_DIR", str(tmp_path / "data" / "watchfloor"))
    default = Settings.load(path=tmp_path / "none.toml")
    assert default.database_is_default
    assert cli.main(["config", "show"]) == 0  # shows it, makes nothing
    assert not (tmp_path / "data").exists()
    db = cli.open_db(default)  # folder and file, migrated
    db.dispose()
    assert (tmp_path / "data" / "watchfloor" / "watchfloor.db").exists()
    # The same path given explicitly is explicit: it is used because it exists, never made.
    same = Settings.load(path=tmp_path / "none.toml", overrides={"database_url": default.database})
    assert not same.database_is_default
    (tmp_path / "data" / "watchfloor" / "watchfloor.db").unlink()
    with pytest.raises(NoSuchDatabaseFile):
        cli.open_db(same)
    env = Settings.load(path=tmp_path / "none.toml", env={"WATCHFLOOR_DATABASE_URL": str(tmp_path / "x.db")})
    assert not env.database_is_default


def test_db_create_makes_a_new_migrated_file_and_refuses_an_existing_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "floor.db"
    assert cli.main(["db", "create", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"Created SQLite {path} (schema {migrate.head_revision()})" in out
    assert f"watchfloor config set database_url {path}" in out
    db = open_database(str(path))
    assert migrate.schema_status(db.engine).state is SchemaState.CURRENT
    db.dispose()
    before = path.read_bytes()
    assert cli.main(["db", "create", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"watchfloor: {path} already exists: 'watchfloor db create' makes only new database files.\n"
    )
    assert path.read_bytes() == before
    with pytest.raises(DatabaseFileExists):
        create_database(str(tmp_path))  # a folder exists too
    with pytest.raises(NoSuchFolder):
        create_database(str(tmp_path / "typo" / "floor.db"))
    with pytest.raises(NotASqlitePath, match="PostgreSQL database on its server"):
        create_database("postgresql://floor@db/floor")
    assert _files(tmp_path) == ["floor.db"]


def test_db_create_removes_what_it_made_when_the_migration_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(engine: object, revision: str = "head") -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrate, "upgrade", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        create_database(str(tmp_path / "floor.db"))
    assert _files(tmp_path) == []


ADDRESSES = st.text(max_size=60) | st.builds(
    lambda scheme, rest: f"{scheme}://{rest}",
    st.sampled_from(["sqlite", "postgresql", "postgres", "mysql", "foo", "", "sqlite+pysqlite", "http"]),
    st.text(max_size=40),
)


@settings(max_examples=300, deadline=None)
@given(ADDRESSES)
def test_any_address_gives_an_engine_or_one_clear_error_and_creates_nothing(address: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)
        message = ""
        try:
            engine = make_engine(address)
        except WatchfloorError as exc:
            message = str(exc) or "(empty message)"
        else:
            engine.dispose()  # not connected: nothing is opened or created
        finally:
            os.chdir(cwd)
        assert "\n" not in message
        assert message != "(empty message)"
        assert _files(Path(tmp)) == []
