"""The zh_CN catalogue is complete: lupdate finds no string it lacks, and every string is translated."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "translations" / "watchfloor_zh_CN.ts"


def _lupdate() -> str:
    exe = Path(sys.executable).with_name("pyside6-lupdate")
    return str(exe) if exe.exists() else str(shutil.which("pyside6-lupdate"))


def test_every_source_string_is_in_the_catalogue(tmp_path: Path) -> None:
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    out = subprocess.run(
        [
            _lupdate(),
            "-extensions",
            "py",
            "-locations",
            "relative",
            "-no-obsolete",
            "console",
            "ui",
            "-ts",
            str(copy),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "(0 new and" in out.stdout, f"run 'make translations' and translate the new strings:\n{out.stdout}"


def test_every_string_is_translated() -> None:
    untranslated = []
    for context in ET.parse(TS).getroot():
        name = context.findtext("name")
        for message in context.findall("message"):
            translation = message.find("translation")
            # A plural message (numerus="yes") holds its text in <numerusform>s (Chinese has one form).
            forms = [] if translation is None else [f.text or "" for f in translation.findall("numerusform")]
            if (
                translation is None
                or translation.get("type") in ("unfinished", "vanished", "obsolete")
                or not ((translation.text or "").strip() or (forms and all(f.strip() for f in forms)))
            ):
                untranslated.append(f"{name}: {message.findtext('source')}")
    assert untranslated == []
