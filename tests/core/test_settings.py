"""Settings: declared defaults < TOML file < environment < command line; secrets never in the file."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from console import credentials
from console.connect import open_database
from console.errors import InvalidInput, PasswordRequired
from console.settings import Settings, default_database_url, write_value


def test_priority_file_env_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    assert Settings.load(path=path).language == "en"
    write_value(path, "language", "zh_CN")
    write_value(path, "chart_hours", "12")
    assert Settings.load(path=path).language == "zh_CN"
    assert Settings.load(path=path).chart_hours == 12.0
    monkeypatch.setenv("WATCHFLOOR_CHART_HOURS", "3")
    assert Settings.load(path=path).chart_hours == 3.0
    assert Settings.load(path=path, overrides={"language": "en"}).language == "en"


def test_embedded_database_is_the_default(tmp_path: Path) -> None:
    settings = Settings.load(path=tmp_path / "none.toml")
    assert settings.database == default_database_url()
    assert settings.database.endswith("watchfloor.db")


def test_bad_values_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('language = "fr"\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="language"):
        Settings.load(path=path)
    path.write_text("language = [broken\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="config.toml"):
        Settings.load(path=path)


def test_password_never_goes_into_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(InvalidInput, match="keyring"):
        write_value(path, "database_url", "postgresql://floor:s3cret@db.example/floor")
    assert not path.exists()
    path.write_text('database_url = "postgresql://floor:s3cret@db/floor"\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="keyring"):
        Settings.load(path=path)
    # In the query string too, from every way in; the message never echoes it.
    for url in (
        "postgresql://floor@db/floor?password=s3cret",
        "postgresql://floor@db/floor?sslmode=require&PASSWORD=s3cret",
    ):
        with pytest.raises(InvalidInput, match="keyring") as caught:
            Settings.load(path=tmp_path / "none.toml", overrides={"database_url": url})
        assert "s3cret" not in str(caught.value)
        with pytest.raises(InvalidInput, match="keyring"):
            Settings.load(path=tmp_path / "none.toml", env={"WATCHFLOOR_DATABASE_URL": url})
        with pytest.raises(InvalidInput, match="keyring"):
            write_value(tmp_path / "other.toml", "database_url", url)
    assert not (tmp_path / "other.toml").exists()
    # A passfile is allowed: it names where libpq reads the password, not the password.
    allowed = "postgresql://floor@db/floor?passfile=/home/ana/.pgpass"
    assert Settings.load(path=tmp_path / "none.toml", overrides={"database_url": allowed}).database == allowed


def test_password_comes_from_the_keyring(
    memory_keyring, pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    credentials.set_password(pg_url, "not-needed-with-trust-auth")
    assert memory_keyring.store[("watchfloor", credentials.account(pg_url))] == "not-needed-with-trust-auth"
    with pytest.raises(Exception, match="older|empty"):
        open_database(pg_url)  # reachable, password taken from the keyring; the schema is still empty
    assert "not-needed-with-trust-auth" not in caplog.text


def test_unreachable_database_says_where_and_why() -> None:
    from console.errors import DatabaseUnavailable

    with pytest.raises(DatabaseUnavailable) as err:
        open_database("postgresql://nobody@127.0.0.1:1/none")
    assert "PostgreSQL 127.0.0.1:1/none" in str(err.value)


def test_password_prompt_used_when_server_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that wants a password and a prompt that is cancelled: a clear error, nothing stored."""
    from sqlalchemy.exc import OperationalError

    import console.connect as connect

    def refuse(db):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT 1", {}, Exception('password authentication failed for user "x"'))

    monkeypatch.setattr(connect, "_reachable", refuse)
    asked: list[str] = []
    with pytest.raises(PasswordRequired):
        open_database("postgresql://x@127.0.0.1:5432/test", prompt=lambda why: asked.append(why) or None)
    assert asked == ["No password is stored for this database."]  # the test keyring exists but is empty


# -- every bad value is refused on load and on `config set`, naming the setting and what it needs -------
BAD_VALUES = [
    ("chart_hours = nan", "chart_hours = nan: expected a finite number from 0.1 to 168."),
    ("chart_hours = inf", "chart_hours = inf: expected a finite number from 0.1 to 168."),
    ("chart_hours = -5", "chart_hours = -5: expected a finite number from 0.1 to 168."),
    ("chart_hours = true", "chart_hours = True: expected a number."),
    ('chart_hours = "six"', "chart_hours = 'six': expected a number."),
    ("wall_font_scale = 0", "wall_font_scale = 0: expected a finite number from 0.5 to 4."),
    ("simulate_rate = 0", "simulate_rate = 0: expected a finite number from 0.01 to 1000."),
    ('floor_timezone = "  "', "Setting floor_timezone must not be empty."),
    ('floor_timezone = "Mars/Olympus"', "floor_timezone = 'Mars/Olympus': unknown time zone"),
    ('floor_timezone = "../../etc/passwd"', "floor_timezone = '../../etc/passwd': unknown time zone"),
    ("floor_timezone = 8", "floor_timezone = 8: expected text."),
    ('language = "fr"', "language = 'fr': expected one of en, zh_CN."),
    ("chart_hour = 5", "Unknown setting chart_hour; did you mean chart_hours?"),
    ('colour_scheme = "dark"', "Unknown setting colour_scheme."),
]


@pytest.mark.parametrize(("line", "message"), BAD_VALUES)
def test_a_bad_setting_in_the_file_is_refused_by_name(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        Settings.load(path=path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_bad_values_from_the_environment_and_config_set_are_refused_and_change_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    write_value(path, "chart_hours", "12")
    before = path.read_bytes()
    for name, value in [
        ("chart_hours", "nan"),
        ("chart_hours", "0"),
        ("wall_font_scale", "99"),
        ("floor_timezone", "Mars/Olympus"),
        ("floor_timezone", ""),
        ("chart_hour", "5"),
    ]:
        with pytest.raises(InvalidInput, match=name):
            write_value(path, name, value)
        assert path.read_bytes() == before
        if name != "chart_hour":  # the environment has other WATCHFLOOR_ names: only settings are read
            with pytest.raises(InvalidInput, match=name):
                Settings.load(path=path, env={f"WATCHFLOOR_{name.upper()}": value})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]  # no temp file left behind
    settings = Settings.load(path=path)
    with pytest.raises(InvalidInput, match="did you mean chart_hours"):
        settings.set("chart_hour", 5)
    assert settings.chart_hours == 12.0


def test_good_values_are_read_as_their_type(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'chart_hours = 12\nwall_font_scale = 2.5\nfloor_timezone = " Asia/Kolkata "\n',
        encoding="utf-8",
    )
    settings = Settings.load(path=path)
    assert settings.chart_hours == 12.0
    assert isinstance(settings.chart_hours, float)
    assert settings.wall_font_scale == 2.5
    assert settings.floor_timezone == "Asia/Kolkata"


def test_the_retired_username_setting_is_skipped_in_a_file_and_refused_by_config_set(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Who acts is the signed-in account (console.identity), never a setting: an old file still loads."""
    path = tmp_path / "config.toml"
    path.write_text('username = "supervisor"\nchart_hours = 3\n', encoding="utf-8")
    settings = Settings.load(path=path)
    assert settings.chart_hours == 3.0
    assert not hasattr(settings, "username")
    assert "username is no longer used" in caplog.text
    with pytest.raises(InvalidInput, match="no longer used"):
        write_value(path, "username", "mallory")


def test_any_text_written_reads_back(tmp_path: Path) -> None:
    """Found by fuzzing: DEL (and any control character) must be escaped in the TOML the file is."""
    path = tmp_path / "config.toml"
    for value in ("ana\x7f", "tab\there", 'quote " and \\ backslash', "零时区"):
        write_value(path, "floor_code", value)
        assert Settings.load(path=path).floor_code == value
