"""``watchfloor floor export|import FILE``: the floor plan as a JSON file (console.services.floor_plan)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]


def add_commands(sub: Any, add_command: AddCommand) -> None:
    """The ``floor`` subcommand (``add_command``: :func:`console.cli.add_command`)."""
    fl = add_command(sub, "floor", help="the floor plan (座位平面图) as a JSON file")
    flsub = fl.add_subparsers(dest="floor_command", metavar="ACTION", required=True)
    exp = add_command(flsub, "export", help="write the floor plan to FILE ('-': print it)")
    exp.add_argument("file")
    exp.add_argument("--floor", metavar="CODE", help="which floor (default: the first)")
    imp = add_command(
        flsub, "import", help="create or update the floor FILE describes (checked whole; all or nothing)"
    )
    imp.add_argument("file")


def cmd_floor(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_db
    from console.services import floor_plan

    db = open_db(settings)
    try:
        if args.floor_command == "export":
            with db.reading() as s:
                text = floor_plan.export_text(s, args.floor or settings.floor_code or None)
            if args.file == "-":
                sys.stdout.write(text)
            else:
                target = Path(args.file)
                tmp = target.with_name(target.name + ".part")
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(target)
                print(target, file=sys.stderr)
            return 0
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
        floor_id = floor_plan.import_floor(db, _signed_in(db), text, args.file)
        print(f"floor {floor_id}: imported from {args.file}", file=sys.stderr)
        return 0
    finally:
        db.dispose()
