"""``watchfloor log`` and ``watchfloor handover``: the shift log and the handover brief from the command line.

For the supervisors who keep the floor in spreadsheets and terminals: the same services as the console (the
same checks, the same audit), the brief printed as Markdown (or written to a file) in the configured
language, times in the floor's zone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from console.errors import UnknownLink
from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]


def add_commands(sub: Any, add_command: AddCommand) -> None:
    """The ``log`` and ``handover`` subcommands (``add_command``: :func:`console.cli.add_command`)."""
    log = add_command(sub, "log", help="the supervisor's shift log")
    logsub = log.add_subparsers(dest="log_command", metavar="ACTION", required=True)
    add = add_command(logsub, "add", help="add an entry to the shift log (now)")
    add.add_argument("text", help="what happened (quote it)")
    add.add_argument("--incident", metavar="REF", help="about this incident, e.g. INC-251125-00042")
    add.add_argument("--agent", metavar="EMPLOYEE_NO", help="about this agent, e.g. KL0042")
    add.add_argument("--indicator", metavar="KEY", help="about this indicator, e.g. ato.failed_logins")
    show = add_command(logsub, "show", help="the running shift's log entries")
    show.add_argument("--previous", action="store_true", help="the shift before the running one")

    hand = add_command(sub, "handover", help="the shift handover brief (交接班)")
    handsub = hand.add_subparsers(dest="handover_command", metavar="ACTION", required=True)
    brief = add_command(handsub, "brief", help="prepare and keep the running shift's handover brief")
    brief.add_argument(
        "--previous", action="store_true", help="the shift that just ended (just after a change of shift)"
    )
    brief.add_argument("--markdown", metavar="FILE", help="write the brief to FILE instead of printing it")
    again = add_command(handsub, "show", help="print a kept handover (default: the newest)")
    again.add_argument("id", nargs="?", type=int, help="the handover's number (printed by 'brief')")
    again.add_argument("--markdown", metavar="FILE", help="write it to FILE instead of printing it")
    sign = add_command(
        handsub, "sign-off", help="take the shift over on handover ID (the incoming supervisor)"
    )
    sign.add_argument("id", type=int)
    sign.add_argument("--note", default="", help="what the incoming supervisor adds")


def _out(markdown: str, path: str | None) -> None:
    if path is None:
        sys.stdout.write(markdown)
        return
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    tmp.write_text(markdown, encoding="utf-8")
    tmp.replace(target)
    print(f"{target}", file=sys.stderr)


def cmd_log(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_db
    from console.floortime import floor_zone, utcnow
    from console.services import handover, shiftlog

    db = open_db(settings)
    try:
        actor = _signed_in(db)
        if args.log_command == "add":
            agent = indicator = None
            with db.reading() as s:
                if args.agent:
                    agent = shiftlog.agent_by_employee_no(s, args.agent)
                    if agent is None:
                        raise UnknownLink(what="Agent", key=args.agent)
                if args.indicator:
                    indicator = shiftlog.indicator_by_key(s, args.indicator)
                    if indicator is None:
                        raise UnknownLink(what="Indicator", key=args.indicator)
            entry = shiftlog.add_entry(
                db, actor, args.text, incident_ref=args.incident, agent_id=agent, indicator_id=indicator
            )
            print(f"shift log entry {entry} added")
            return 0
        tz = floor_zone(settings.floor_timezone)
        with db.reading() as s:
            slot = handover.shift_for(s, utcnow(), previous=args.previous)
            rows = shiftlog.entries(s, slot.starts_at, slot.ends_at)
        for e in rows:
            about = [x for x in (e.incident_ref, e.agent_name, e.indicator_key) if x]
            link = f" [{' · '.join(about)}]" if about else ""
            body = e.body.replace("\n", "\n      ")
            print(f"{e.at.astimezone(tz):%H:%M}  {e.author}{link}: {body}")
        return 0
    finally:
        db.dispose()


def cmd_handover(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_db
    from console.floortime import floor_zone
    from console.services import handover, handover_text

    db = open_db(settings)
    try:
        actor = _signed_in(db)
        tz = floor_zone(settings.floor_timezone)
        if args.handover_command == "sign-off":
            handover.sign_off(db, actor, args.id, note=args.note)
            print(f"handover {args.id} signed off by {actor.username}")
            return 0
        if args.handover_command == "brief":
            hid = handover.prepare(db, actor, previous=args.previous)
            print(f"handover {hid} prepared", file=sys.stderr)
        else:
            hid = args.id
        with db.reading() as s:
            record = handover.get(s, hid) if hid is not None else handover.latest(s)
        if record is None:
            print("no handover has been prepared yet", file=sys.stderr)
            return 1
        _out(handover_text.render(record, settings.language, tz), args.markdown)
        return 0
    finally:
        db.dispose()
