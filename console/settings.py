"""Every setting, declared once: type, default, translatable title.

Values come from, lowest to highest priority: the defaults here, the TOML config file in the user config dir,
``WATCHFLOOR_<NAME>`` environment variables, then the command line. Secrets never live here: a PostgreSQL
password goes to the OS keyring (:mod:`console.credentials`).
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy.engine import make_url

from console.errors import InvalidInput
from console.i18n import QT_TRANSLATE_NOOP

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


OPTIONS: tuple[Option, ...] = (
    Option(
        "database_url",
        str,
        "",
        QT_TRANSLATE_NOOP("Settings", "Database URL (empty: the embedded SQLite file)"),
    ),
    Option("language", str, "en", QT_TRANSLATE_NOOP("Settings", "Interface language"), ("en", "zh_CN")),
    Option("floor_timezone", str, "Asia/Kuala_Lumpur", QT_TRANSLATE_NOOP("Settings", "Floor time zone")),
    Option("floor_code", str, "", QT_TRANSLATE_NOOP("Settings", "Floor shown (empty: the first floor)")),
    Option("username", str, "supervisor", QT_TRANSLATE_NOOP("Settings", "User name the console acts as")),
    Option(
        "simulate_rate",
        float,
        1.0,
        QT_TRANSLATE_NOOP("Settings", "Simulator speed (events per second scale)"),
    ),
    Option(
        "chart_hours", float, 6.0, QT_TRANSLATE_NOOP("Settings", "Hours of indicator history on the charts")
    ),
    Option("wall_font_scale", float, 1.8, QT_TRANSLATE_NOOP("Settings", "Wall screen type size (x normal)")),
    Option(
        "log_level",
        str,
        "WARNING",
        QT_TRANSLATE_NOOP("Settings", "Log level"),
        ("DEBUG", "INFO", "WARNING", "ERROR"),
    ),
)
BY_NAME = {o.name: o for o in OPTIONS}


def _coerce(opt: Option, value: Any) -> Any:
    try:
        if opt.type is bool and isinstance(value, str):
            out: Any = value.strip().lower() in ("1", "true", "yes", "on")
        else:
            out = opt.type(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(detail=f"{opt.name} = {value!r}") from exc
    if opt.choices and out not in opt.choices:
        raise InvalidInput(detail=f"{opt.name} = {value!r} (one of {', '.join(map(str, opt.choices))})")
    return out


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
        if name not in BY_NAME:
            raise InvalidInput(detail=f"unknown setting {name!r}")
        value = _coerce(BY_NAME[name], value)
        if save:
            write_value(self.path, name, value)
        self._values[name] = value

    @property
    def database(self) -> str:
        """The database URL in force: the setting, or the embedded SQLite file."""
        return self._values["database_url"] or default_database_url()

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
                values[name] = _coerce(BY_NAME[name], value)
        _refuse_secrets(values["database_url"])
        return cls(values, path=path)


def _refuse_secrets(url: str) -> None:
    if url and "://" in url and make_url(url).password:
        raise InvalidInput(
            detail="the database URL holds a password; remove it and run 'watchfloor db password' to keep it "
            "in the system keyring"
        )


def read_file(path: Path) -> dict[str, Any]:
    """Settings from a TOML file (missing file: none). Unknown keys are ignored, bad values refused."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(detail=f"{path}: {exc}") from exc
    return {k: _coerce(BY_NAME[k], v) for k, v in data.items() if k in BY_NAME}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    return repr(value)


def write_value(path: Path, name: str, value: Any) -> None:
    """Set one setting in the TOML file, keeping the others; written atomically."""
    if name not in BY_NAME:
        raise InvalidInput(detail=f"unknown setting {name!r}")
    value = _coerce(BY_NAME[name], value)
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
