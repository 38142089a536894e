"""The Windows VERSIONINFO generator (packaging/versioninfo.py), which only a Windows freeze runs for real."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import console

ROOT = Path(__file__).resolve().parents[1]


def _versioninfo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("versioninfo", ROOT / "packaging" / "versioninfo.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("2", (2, 0, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("1.2.3rc1", (1, 2, 3, 0)),
        ("1.2.3.dev4+g1234", (1, 2, 3, 0)),
    ],
)
def test_version_tuple(version: str, expected: tuple[int, int, int, int]) -> None:
    assert _versioninfo().version_tuple(version) == expected


@pytest.mark.parametrize("version", ["", "v1.2", "1.70000.0"])
def test_version_tuple_rejects(version: str) -> None:
    with pytest.raises(ValueError, match="ersion"):
        _versioninfo().version_tuple(version)


def test_render_is_the_package_version(tmp_path: Path) -> None:
    path = _versioninfo().write(tmp_path / "v.txt", console.__version__)
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, mode="eval")  # PyInstaller evaluates it as one expression
    assert isinstance(tree.body, ast.Call)
    assert tree.body.func.id == "VSVersionInfo"  # type: ignore[attr-defined]
    assert f"StringStruct('ProductVersion', '{console.__version__}')" in text
    assert "StringStruct('OriginalFilename', 'watchfloor.exe')" in text


def test_the_runbooks_are_packaged() -> None:
    """The runbooks are read by path: the PyInstaller spec collects them, the frozen bundle's check looks for
    them, and the wheel (which takes the console package whole) is not told to leave .md files out."""
    import tomllib

    spec = (ROOT / "packaging" / "watchfloor.spec").read_text(encoding="utf-8")
    assert 'collect_data_files("console", subdir="runbooks")' in spec
    entry = (ROOT / "packaging" / "entry.py").read_text(encoding="utf-8")
    assert '"runbooks": _check_runbooks' in entry
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]
    assert "console" in wheel["targets"]["wheel"]["packages"]
    assert not any(".md" in x or "runbooks" in x for x in wheel["targets"]["wheel"].get("exclude", []))
    assert sorted(p.name for p in (ROOT / "console" / "runbooks").glob("*.md"))
