"""Passwords: every command that connects asks on a terminal (or says what to do without one); the keyring is
looked at only once the server refused; a stored one is used without a word; the LISTEN connection is made
exactly like the engine's, password included. (A whole session against a password-protected server is in
tests/ui/test_password_session.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

import console.connect as connect
from console import cli, credentials
from console.connect import connect_database
from console.db import migrate
from console.db.engine import Database, make_engine
from console.errors import PasswordRequired
from console.feed import FeedFollower
from tests.conftest import modules_loaded_by_opening

REFUSED = 'password authentication failed for user "floor"'
SECRET = "s3cret-tr0mbone"


@pytest.fixture
def server_wants(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The server (any address) refuses every password but :data:`SECRET`; returns the passwords tried."""
    tried: list[str | None] = []
    real = connect._reachable

    def reachable(db: Database) -> None:
        tried.append(db.engine.url.password)
        if db.engine.url.password != SECRET:
            raise OperationalError("SELECT 1", {}, Exception(REFUSED))
        if db.engine.url.port != 1:  # a real server behind: reach it too
            real(db)

    monkeypatch.setattr(connect, "_reachable", reachable)
    return tried


UNREACHABLE = "postgresql://floor@127.0.0.1:1/floor"


def test_a_stored_password_is_used_without_a_word_after_the_server_refused(
    server_wants: list[str | None], memory_keyring: Any
) -> None:
    credentials.set_password(UNREACHABLE, SECRET)
    asked: list[str] = []
    db = connect_database(UNREACHABLE, prompt=lambda why: asked.append(why) or None)
    assert server_wants == [None, SECRET]  # first without: a server that trusts never loads the keyring
    assert asked == []
    db.dispose()


def test_a_refused_stored_password_is_asked_again_saying_why(
    server_wants: list[str | None], memory_keyring: Any
) -> None:
    credentials.set_password(UNREACHABLE, "stale")
    asked: list[str] = []

    def prompt(why: str) -> str | None:
        asked.append(why)
        return SECRET

    db = connect_database(UNREACHABLE, prompt=prompt)
    assert server_wants == [None, "stale", SECRET]
    assert asked == ["The password stored in the system keyring was not accepted."]
    db.dispose()


def test_a_wrong_typed_password_is_asked_for_three_times_at_most(server_wants: list[str | None]) -> None:
    asked: list[str] = []
    with pytest.raises(Exception, match="did not accept the password"):
        connect_database(UNREACHABLE, prompt=lambda why: asked.append(why) or "wrong")
    assert len(asked) == 3
    assert server_wants == [None, "wrong", "wrong", "wrong"]


CONNECTING_COMMANDS = [
    ["db", "upgrade"],
    ["db", "current"],
    ["db", "downgrade", "base"],
    ["db", "feed-retention"],
    ["demo", "--days", "1"],
    ["simulate", "--duration", "1"],
]


@pytest.mark.parametrize("command", CONNECTING_COMMANDS, ids=" ".join)
def test_without_a_terminal_every_command_says_what_to_do(
    command: list[str], server_wants: list[str | None], capsys: pytest.CaptureFixture[str]
) -> None:
    """``db upgrade`` and ``db current`` used to end in a ``fe_sendauth: no password supplied`` traceback."""
    assert not cli.has_terminal()  # pytest's standard input
    assert cli.main(["--db", UNREACHABLE, *command]) == 1
    err = capsys.readouterr().err
    assert err == (
        "watchfloor: A password is needed for PostgreSQL 127.0.0.1:1/floor: No password is stored for this "
        "database. There is no terminal to ask for it: run the command in a terminal, or store the password "
        "first with 'watchfloor db password'.\n"
    )


def test_without_a_keyring_or_a_terminal_the_advice_is_the_terminal(
    server_wants: list[str | None], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(credentials, "keyring_status", lambda: credentials.NO_KEYRING)
    assert cli.main(["--db", UNREACHABLE, "db", "current"]) == 1
    assert capsys.readouterr().err.endswith(
        ": No system keyring is available on this machine. There is no terminal to ask for it: run the "
        "command in a terminal.\n"
    )


@pytest.mark.postgres
def test_on_a_terminal_the_password_is_asked_for(
    pg_url: str,
    server_wants: list[str | None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "has_terminal", lambda: True)
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: SECRET)
    assert cli.main(["--db", pg_url, "db", "current"]) == 0
    out = capsys.readouterr()
    assert server_wants == [None, SECRET]
    assert "empty (newest known" in out.out
    assert out.err == (
        "The database wants a password. No password is stored for this database. What you type is not "
        "stored ('watchfloor db password' keeps it in the system keyring).\n"
    )
    assert SECRET not in out.out + out.err


def test_cancelled_on_a_terminal_is_the_plain_message(
    server_wants: list[str | None], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "has_terminal", lambda: True)
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: "")
    with pytest.raises(PasswordRequired) as caught:
        cli.open_db(cli.load_settings(cli.parse_args(cli.build_parser(), ["--db", UNREACHABLE, "demo"])))
    assert str(caught.value) == (
        "A password is needed for PostgreSQL 127.0.0.1:1/floor: No password is stored for this database."
    )


@pytest.mark.postgres
def test_a_server_that_trusts_the_workstation_never_loads_the_keyring(pg_url: str) -> None:
    assert modules_loaded_by_opening(pg_url, ("keyring", "console.credentials")) == []


@pytest.mark.postgres
def test_the_listen_connection_is_made_exactly_like_the_engines(pg_url: str) -> None:
    """Same address, password (the one obtained at connect), libpq options from the URL (``sslmode`` was
    dropped before), keepalives and timeouts; only its application name and connect timeout are its own."""
    url = f"{pg_url}&sslmode=disable&keepalives_idle=7"
    db = Database(make_engine(url, password=SECRET))  # trust auth: the password is carried, not checked
    migrate.upgrade(db.engine)
    with db.engine.connect() as conn:
        engine_info = conn.connection.dbapi_connection.info  # type: ignore[union-attr]
        engine_params, engine_password = engine_info.get_parameters(), engine_info.password
    follower = FeedFollower(db, 0)
    try:
        follower.step(timeout=0)
        assert follower.online, follower.reason_text()
        assert follower._pg is not None
        listen_params, listen_password = follower._pg.info.get_parameters(), follower._pg.info.password
    finally:
        follower.close()
        db.dispose()
    assert listen_password == engine_password == SECRET
    assert engine_params["sslmode"] == "disable"
    assert engine_params["keepalives_idle"] == "5"  # ours win over the URL's, on both
    own = {"application_name", "connect_timeout"}
    assert {k: v for k, v in listen_params.items() if k not in own} == {
        k: v for k, v in engine_params.items() if k not in own
    }
    assert (listen_params["application_name"], engine_params["application_name"]) == (
        "watchfloor-listen",
        "watchfloor",
    )
