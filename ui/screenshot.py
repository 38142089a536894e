"""Render the main window on a fresh demo floor to a PNG (the README's screenshot is made by this).

python -m ui.screenshot docs/screenshot.png [--lang zh_CN] [--wall] [--days 2] [--show rota,attendance:1]

``--show`` brings docks to the front of their tab group by object name (floor, handover, coverage, rota,
attendance, incidents, incident, indicators); ``NAME:N`` also picks tab N of a dock with tabs of its own
(the attendance dock: 0 roster, 1 timeline, 2 month, 3 exceptions).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="en", choices=["en", "zh_CN"])
    parser.add_argument("--wall", action="store_true")
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--db", help="use this database instead of a fresh demo floor")
    parser.add_argument("--size", default="1680x1020")
    parser.add_argument("--show", default="", help="docks to bring to the front: NAME[:TAB],…")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="watchfloor-shot-"))
    os.environ["WATCHFLOOR_CONFIG_DIR"] = str(tmp)  # never read or overwrite the user's saved layout

    from PySide6.QtCore import QTimer

    from console.connect import create_database, open_database
    from console.demo.build import create_demo_floor
    from console.settings import Settings
    from ui import i18n
    from ui.app import build_window, dispose_window, make_app

    url = args.db or f"sqlite:///{tmp / 'demo.db'}"
    if args.db:
        db = open_database(url)
    else:
        db = create_database(url)
        create_demo_floor(db, days=args.days)
    app = make_app()
    i18n.install(app, args.lang)
    settings = Settings.load(overrides={"language": args.lang, "database_url": url})
    window = build_window(app, settings, db, wall=args.wall)
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.show()

    def bring_forward() -> None:
        from PySide6.QtWidgets import QDockWidget, QTabWidget

        for item in filter(None, args.show.split(",")):
            name, _, tab = item.partition(":")
            dock = window.findChild(QDockWidget, name)
            if dock is None:
                raise SystemExit(f"no dock named {name}")
            dock.raise_()
            tabs = dock.findChild(QTabWidget)
            if tab and tabs is not None:
                tabs.setCurrentIndex(int(tab))

    def grab() -> None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.out))
        print(args.out)
        app.quit()

    window.allLoaded.connect(bring_forward)
    window.allLoaded.connect(lambda: QTimer.singleShot(1500, grab))
    window.start()
    app.exec()
    dispose_window(window)
    db.dispose()
    return 0 if args.out.exists() else 1


if __name__ == "__main__":
    sys.exit(main())
