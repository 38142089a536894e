"""A database address that names nothing Watchfloor can open gets one clear line, and nothing is created."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.connect import open_database
from console.db.engine import make_engine, normalise_url
from console.errors import BadDatabaseAddress, NoSuchFolder, NotADatabase, WatchfloorError


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


def test_a_new_file_in_an_existing_folder_and_the_embedded_default_still_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(str(tmp_path / "floor.db"))
    db.dispose()
    assert (tmp_path / "floor.db").exists()
    # The embedded default is the one database made implicitly, folder and all.
    monkeypatch.setenv("WATCHFLOOR_DATA_DIR", str(tmp_path / "data" / "watchfloor"))
    from console.settings import default_database_url

    db = open_database(default_database_url())
    db.dispose()
    assert (tmp_path / "data" / "watchfloor" / "watchfloor.db").exists()


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
