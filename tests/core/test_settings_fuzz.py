"""Fuzzing the settings file: whatever it holds, loading it gives settings or one clear error, never a
traceback, and creates no file."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.errors import WatchfloorError
from console.settings import BY_NAME, Settings, write_value

NAMES = st.sampled_from([*BY_NAME, "chart_hour", "colour", "Language", "database_url2"])


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


VALUES = st.recursive(
    st.none().map(lambda _: "")
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=5,
)
FILES = st.dictionaries(NAMES, VALUES, max_size=6).map(
    lambda d: "".join(f"{k} = {_toml(v)}\n" for k, v in d.items())
) | st.text(max_size=200)


def _load(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.toml"
        path.write_text(text, encoding="utf-8")
        message = ""
        try:
            loaded = Settings.load(path=path, env={})
        except WatchfloorError as exc:
            message = str(exc) or "(empty message)"
        if message:
            assert "\n" not in message
            assert message != "(empty message)"
        else:
            assert math.isfinite(loaded.chart_hours)
            assert loaded.chart_hours > 0
            assert loaded.floor_timezone.strip()
        assert [p.name for p in Path(tmp).iterdir()] == ["config.toml"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILES)
def test_any_settings_file_loads_or_says_why(text: str) -> None:
    _load(text)


@settings(max_examples=200, deadline=None)
@given(NAMES, st.text(max_size=30) | st.floats(allow_nan=True) | st.booleans() | st.integers())
def test_config_set_either_writes_a_good_value_or_changes_nothing(name: str, value: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.toml"
        write_value(path, "chart_hours", 12)
        before = path.read_bytes()
        try:
            write_value(path, name, value)
        except WatchfloorError:
            assert path.read_bytes() == before
        else:
            Settings.load(path=path, env={})  # what was written reads back
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["config.toml"]
