"""Find the app's own files (icons) in a source checkout, an installed wheel or the frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resource_path(name: str) -> Path | None:
    here = Path(__file__).resolve().parent
    candidates = [here / "resources" / name, here.parent / "resources" / name]
    if getattr(sys, "frozen", False):
        candidates.insert(0, Path(getattr(sys, "_MEIPASS", "")) / "resources" / name)
    return next((p for p in candidates if p.exists()), None)


def app_icon() -> QIcon:
    path = resource_path("watchfloor.svg")
    return QIcon(str(path)) if path else QIcon()
