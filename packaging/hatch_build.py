"""Hatch build hook: compile the Qt Linguist ``.ts`` files to ``.qm`` at build and install time.

``.qm`` files are generated, never committed. They land in ``ui/locale/`` (the wheel ships them; an editable
install reads them from the source tree).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def lrelease_command() -> list[str]:
    exe = shutil.which("pyside6-lrelease")
    if exe:
        return [exe]
    # Inside an isolated build env the script may not be on PATH; the module always ships with PySide6.
    import PySide6

    return [str(Path(PySide6.__file__).parent / "lrelease")]


def compile_translations(root: Path) -> list[Path]:
    out_dir = root / "ui" / "locale"
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for ts in sorted((root / "translations").glob("*.ts")):
        qm = out_dir / ts.with_suffix(".qm").name
        subprocess.run([*lrelease_command(), "-silent", str(ts), "-qm", str(qm)], check=True)
        made.append(qm)
    return made


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        compile_translations(Path(self.root))


if __name__ == "__main__":
    for path in compile_translations(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(path)
