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
    auto = add_command(
        flsub,
        "auto-assign",
        help="seat everyone rostered without a seat, by desk, skill and language (Mandarin spread)",
    )
    auto.add_argument("--next", action="store_true", help="the coming shift (default: the running one)")
    auto.add_argument("--floor", metavar="CODE", help="which floor (default: the first)")


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
        if args.floor_command == "auto-assign":
            return _auto_assign(db, args, settings)
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
        floor_id = floor_plan.import_floor(db, _signed_in(db), text, args.file)
        print(f"floor {floor_id}: imported from {args.file}", file=sys.stderr)
        return 0
    finally:
        db.dispose()


def _auto_assign(db: Any, args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in
    from console.floortime import floor_zone, shift_at, to_floor, utcnow
    from console.services import floor, rota

    with db.reading() as s:
        plan = floor.floor_plan(s, args.floor or settings.floor_code or None)[0]
        tz = floor_zone(plan.timezone)
        patterns = rota.patterns(s)
        floor_id = plan.id
    slot = shift_at(patterns, utcnow(), tz)
    if args.next:
        slot = shift_at(patterns, slot.ends_at if slot else utcnow(), tz)
    if slot is None:
        print("watchfloor: no shift to seat", file=sys.stderr)
        return 1
    made = floor.auto_assign(db, _signed_in(db), floor_id, slot.pattern.id, slot.shift_date, slot.starts_at)
    start = to_floor(slot.starts_at, tz).strftime("%Y-%m-%d %H:%M")
    print(f"{slot.pattern.name} shift {start}: agents seated: {len(made)}", file=sys.stderr)
    return 0
