"""Every setting, declared once: type, default, translatable title.

Values come from, lowest to highest priority: the defaults here, the TOML config file in the user config dir,
``WATCHFLOOR_<NAME>`` environment variables, then the command line. Secrets never live here: a PostgreSQL
password goes to the OS keyring (:mod:`console.credentials`).
"""

from __future__ import annotations

import difflib
import json
import logging
import math
import os
import tomllib
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy.engine import make_url

from console.errors import InvalidInput
from console.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)


class InvalidSetting(InvalidInput):
    """A setting's value (or name) that cannot be used; the message names the setting and what it needs."""

    text = QT_TRANSLATE_NOOP("Errors", "Setting {name} = {value}: not a valid value.")


NOT_TEXT = QT_TRANSLATE_NOOP("Errors", "Setting {name} = {value}: expected text.")
NOT_NUMBER = QT_TRANSLATE_NOOP("Errors", "Setting {name} = {value}: expected a number.")
OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    "Errors", "Setting {name} = {value}: expected a finite number from {low} to {high}."
)
NOT_A_CHOICE = QT_TRANSLATE_NOOP("Errors", "Setting {name} = {value}: expected one of {choices}.")
EMPTY = QT_TRANSLATE_NOOP("Errors", "Setting {name} must not be empty.")
UNKNOWN_ZONE = QT_TRANSLATE_NOOP(
    "Errors", "Setting {name} = {value}: unknown time zone (expected a name such as Asia/Kuala_Lumpur)."
)
UNKNOWN_NAME = QT_TRANSLATE_NOOP("Errors", "Unknown setting {name}.")
RETIRED_NAME = QT_TRANSLATE_NOOP(
    "Errors",
    "The setting {name} is no longer used: who acts is the signed-in account, with its role from the floor's "
    "users (watchfloor user list).",
)
# Settings earlier versions wrote: skipped (with a warning) when a file has them, refused by ``config set``.
RETIRED = frozenset({"username"})
PASSWORD_IN_URL = QT_TRANSLATE_NOOP(
    "Errors",
    "The database address holds a password: remove it, and run 'watchfloor db password' to keep it in the "
    "system keyring.",
)
UNKNOWN_NAME_NEAR = QT_TRANSLATE_NOOP("Errors", "Unknown setting {name}; did you mean {near}?")

APP = "watchfloor"
SETTINGS_VERSION = 1


def user_config_dir() -> Path:
    return Path(os.environ.get("WATCHFLOOR_CONFIG_DIR") or platformdirs.user_config_dir(APP, appauthor=False))


def user_data_dir() -> Path:
    return Path(os.environ.get("WATCHFLOOR_DATA_DIR") or platformdirs.user_data_dir(APP, appauthor=False))


def default_database_url() -> str:
    return f"sqlite:///{user_data_dir() / 'watchfloor.db'}"


@dataclass(frozen=True)
class Option:
    name: str
    type: type
    default: Any
    title: str
    choices: tuple[Any, ...] = ()
    bounds: tuple[float, float] | None = None  # inclusive, for numbers
    required: bool = False  # text that must not be empty
    zone: bool = False  # an IANA time zone name


OPTIONS: tuple[Option, ...] = (
    Option(
        "database_url",
        str,
        "",
        QT_TRANSLATE_NOOP("Settings", "Database URL (empty: the embedded SQLite file)"),
    ),
    Option("language", str, "en", QT_TRANSLATE_NOOP("Settings", "Interface language"), ("en", "zh_CN")),
    Option(
        "floor_timezone",
        str,
        "Asia/Kuala_Lumpur",
        QT_TRANSLATE_NOOP("Settings", "Floor time zone"),
        required=True,
        zone=True,
    ),
    Option("floor_code", str, "", QT_TRANSLATE_NOOP("Settings", "Floor shown (empty: the first floor)")),
    Option(
        "simulate_rate",
        float,
        1.0,
        QT_TRANSLATE_NOOP("Settings", "Simulator speed (events per second scale)"),
        bounds=(0.01, 1000.0),
    ),
    Option(
        "chart_hours",
        float,
        6.0,
        QT_TRANSLATE_NOOP("Settings", "Hours of indicator history on the charts"),
        # The raw samples the indicators table holds (levels, "since"), in memory: a week at most; the charts
        # open at the range nearest to it and read any range through the rollups.
        bounds=(0.1, 168.0),
    ),
    Option(
        "alert_sound",
        str,
        "p1_p2",
        QT_TRANSLATE_NOOP("Settings", "Alert sound for incidents: off, P1 only, or P1 and P2 (p1_p2)"),
        ("off", "p1", "p1_p2"),
    ),
    Option(
        "wall_font_scale",
        float,
        1.8,
        QT_TRANSLATE_NOOP("Settings", "Wall screen type size (x normal)"),
        bounds=(0.5, 4.0),
    ),
    Option(
        "log_level",
        str,
        "WARNING",
        QT_TRANSLATE_NOOP("Settings", "Log level"),
        ("DEBUG", "INFO", "WARNING", "ERROR"),
    ),
    Option(
        "coverage_incidents_per_agent",
        float,
        1.0,
        QT_TRANSLATE_NOOP(
            "Settings", "Coverage: open incidents per present person before a desk is understaffed"
        ),
        bounds=(0.1, 100.0),
    ),
    Option(
        "coverage_backlog_per_agent",
        float,
        30.0,
        QT_TRANSLATE_NOOP(
            "Settings", "Coverage: review backlog cases per present person before understaffed"
        ),
        bounds=(1.0, 100000.0),
    ),
)
BY_NAME = {o.name: o for o in OPTIONS}


def _coerce(opt: Option, value: Any) -> Any:
    """``value`` as ``opt`` needs it, or :class:`InvalidSetting` saying what is wrong (never a traceback)."""
    shown = repr(value) if isinstance(value, str) else str(value)
    fields = {"name": opt.name, "value": shown[:80]}
    if opt.type is float:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise InvalidSetting(NOT_NUMBER, **fields)  # TOML's true is not 1.0
        try:
            out: Any = float(value)
        except ValueError:
            raise InvalidSetting(NOT_NUMBER, **fields) from None
        if opt.bounds is not None:
            low, high = opt.bounds
            if not (math.isfinite(out) and low <= out <= high):
                raise InvalidSetting(OUT_OF_RANGE, low=f"{low:g}", high=f"{high:g}", **fields)
        elif not math.isfinite(out):
            raise InvalidSetting(OUT_OF_RANGE, low="-inf", high="inf", **fields)
        return out
    if not isinstance(value, str):
        raise InvalidSetting(NOT_TEXT, **fields)
    out = value.strip() if opt.required else value
    if opt.required and not out:
        raise InvalidSetting(EMPTY, **fields)
    if opt.choices and out not in opt.choices:
        raise InvalidSetting(NOT_A_CHOICE, choices=", ".join(map(str, opt.choices)), **fields)
    if opt.zone:
        try:
            zoneinfo.ZoneInfo(out)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            raise InvalidSetting(UNKNOWN_ZONE, **fields) from None
    return out


def option(name: str) -> Option:
    """The declared setting ``name``, or :class:`InvalidSetting` naming the nearest known one."""
    if name in BY_NAME:
        return BY_NAME[name]
    if name in RETIRED:
        raise InvalidSetting(RETIRED_NAME, name=name)
    near = difflib.get_close_matches(name, list(BY_NAME), n=1)
    if near:
        raise InvalidSetting(UNKNOWN_NAME_NEAR, name=name, near=near[0])
    raise InvalidSetting(UNKNOWN_NAME, name=name)


class Settings:
    """Resolved settings. Read with attribute access: ``settings.database_url``."""

    def __init__(self, values: Mapping[str, Any], *, path: Path) -> None:
        self._values = dict(values)
        self.path = path

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def set(self, name: str, value: Any, *, save: bool = False) -> None:
        """Change a setting for this run (checked like any other value); ``save`` also writes the file."""
        value = _coerce(option(name), value)
        if save:
            write_value(self.path, name, value)
        self._values[name] = value

    @property
    def database(self) -> str:
        """The database URL in force: the setting, or the embedded SQLite file."""
        return self._values["database_url"] or default_database_url()

    @property
    def database_is_default(self) -> bool:
        """Whether the database in force is the embedded default, the one database made when missing.

        An address given anywhere (file, environment, ``--db``) is explicit, even if it names the default's
        own path: a missing explicit file is refused (``watchfloor db create`` makes one).
        """
        return not self._values["database_url"]

    @classmethod
    def load(
        cls,
        *,
        path: Path | None = None,
        env: Mapping[str, str] | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> Settings:
        path = path or user_config_dir() / "config.toml"
        env = os.environ if env is None else env
        values = {o.name: o.default for o in OPTIONS}
        values.update(read_file(path))
        for opt in OPTIONS:
            key = f"WATCHFLOOR_{opt.name.upper()}"
            if key in env:
                values[opt.name] = _coerce(opt, env[key])
        for name, value in (overrides or {}).items():
            if value is not None:
                values[name] = _coerce(option(name), value)
        _refuse_secrets(values["database_url"])
        return cls(values, path=path)


def _refuse_secrets(url: str) -> None:
    """A password in the address (``user:pw@`` or ``?password=``) is refused without echoing it: it would
    sit in the settings file and in every message that shows the address."""
    if not url or "://" not in url:
        return
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - a malformed address is reported where it is opened
        return
    if parsed.password or any(key.lower() == "password" for key in parsed.query):
        raise InvalidSetting(PASSWORD_IN_URL, name="database_url", value="…")


def read_file(path: Path) -> dict[str, Any]:
    """Settings from a TOML file (missing file: none). Unknown keys and bad values are refused, each with
    the setting's name (and, for a misspelt name, the nearest known one)."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(detail=f"{path}: {exc}") from exc
    for name in RETIRED & data.keys():
        log.warning("%s: %s", path, InvalidSetting(RETIRED_NAME, name=name).english())
    return {k: _coerce(option(k), v) for k, v in data.items() if k not in RETIRED}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # A JSON string is a TOML basic string, except that TOML also wants DEL escaped (found by fuzzing:
        # `config set` wrote a file it could not read back).
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    return repr(value)


def write_value(path: Path, name: str, value: Any) -> None:
    """Set one setting in the TOML file, keeping the others; written atomically."""
    value = _coerce(option(name), value)
    if name == "database_url":
        _refuse_secrets(value)
    data = read_file(path)
    data[name] = value
    lines = [f"# Watchfloor settings (version {SETTINGS_VERSION})"]
    for key in sorted(data):
        lines.append(f"{key} = {_toml_value(data[key])}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
