"""``watchfloor attendance``: badge imports, the exception policies, the exception queue and an agent's
discipline ledger.

- ``attendance import FILE|-``: a badge system's attendance log (:mod:`console.services.badge_import`),
  checked line by line and stored all or nothing; importing it again stores nothing new.
- ``attendance policy [KIND MINUTES SEVERITY | KIND --off]``: print the floor's exception rules, or change
  one (supervisors and admins; audited).
- ``attendance exceptions [--days N] [--all]``: the open queue (or everything) in floor time.
- ``attendance month YYYY-MM [--xlsx FILE]``: the month's figures (:mod:`console.cli_leave`).
- ``attendance ledger EMPLOYEE_NO [--days N]``: the agent's exceptions, coaching notes (and adherence misses
  once wired), newest first.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from console import cli_leave
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]

IMPORTED = QT_TRANSLATE_NOOP(
    "Cli",
    "{stored:,} punches stored, {already:,} already there ({read:,} read from {source} in {took:.2f} s)",
)
POLICY_SET = QT_TRANSLATE_NOOP("Cli", "{kind}: {rule}")
RULE_OFF = QT_TRANSLATE_NOOP("Cli", "off")
NO_ENTRIES = QT_TRANSLATE_NOOP("Cli", "Nothing on the ledger of {who} in the last {days} days.")
NO_EXCEPTIONS = QT_TRANSLATE_NOOP("Cli", "No attendance exceptions to show.")


def add_commands(sub: Any, add_command: AddCommand) -> None:
    att = add_command(
        sub,
        "attendance",
        help="badge imports, exception policies, the exception queue, ledgers, the month's figures",
    )
    attsub = att.add_subparsers(dest="attendance_command", metavar="ACTION", required=True)
    imp = add_command(
        attsub,
        "import",
        help="store a badge system's attendance log (CSV: badge id, floor time YYYY-MM-DD HH:MM:SS, device, "
        "direction in/out or ZKTeco punch state 0-3); - for stdin",
    )
    imp.add_argument("file")
    pol = add_command(attsub, "policy", help="print the exception rules, or change one (supervisors)")
    pol.add_argument(
        "kind", nargs="?", help="late, no_show, early_leave, missed_punch, unscheduled_absence, …"
    )
    pol.add_argument("minutes", nargs="?", type=int, help="the rule's threshold in minutes")
    pol.add_argument("severity", nargs="?", choices=["info", "warning", "critical"])
    pol.add_argument("--off", action="store_true", help="switch the rule off")
    pol.add_argument("--cap", type=int, help="break_overrun only: the longest single break (minutes)")
    exc = add_command(attsub, "exceptions", help="the attendance exception queue (open ones by default)")
    exc.add_argument("--days", type=int, default=2)
    exc.add_argument("--all", action="store_true", help="worked ones too")
    led = add_command(attsub, "ledger", help="an agent's discipline ledger: exceptions and coaching notes")
    led.add_argument("employee_no")
    led.add_argument("--days", type=int, default=30)
    cli_leave.add_month_command(attsub, add_command)


def cmd_attendance(args: argparse.Namespace, settings: Settings) -> int:
    handler = {
        "import": _import,
        "policy": _policy,
        "exceptions": _exceptions,
        "ledger": _ledger,
        "month": cli_leave.cmd_month,
    }[args.attendance_command]
    return handler(args, settings)


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_writable
    from console.errors import InvalidInput
    from console.services import badge_import

    db = open_writable(settings, existing=True)
    try:
        actor = _signed_in(db)
        started = time.perf_counter()
        source = "stdin" if args.file == "-" else args.file
        if args.file == "-":
            done = badge_import.import_punches(db, actor, sys.stdin.buffer, source=source)
        else:
            path = Path(args.file)
            if not path.is_file():
                raise InvalidInput(detail=f"{path}: no such file")
            with path.open("rb") as stream:
                done = badge_import.import_punches(db, actor, stream, source=source)
        took = time.perf_counter() - started
        print(
            translate("Cli", IMPORTED).format(
                stored=done.stored, already=done.already, read=done.read, source=source, took=took
            )
        )
        return 0
    finally:
        db.dispose()


def rule_text(kind: str, rule: Any) -> str:
    """One rule as people read it, translated."""
    from console.services.exceptions import KIND_RULES, SEVERITY_TITLES

    if not rule.enabled:
        return translate("Cli", RULE_OFF)
    what = translate("ExceptionKind", KIND_RULES[kind]).format(minutes=rule.minutes, cap=rule.cap)
    return f"{what} ({translate('ExceptionSeverity', SEVERITY_TITLES[rule.severity])})"


def _policy(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_db
    from console.errors import InvalidInput
    from console.services import exceptions

    db = open_db(settings)
    try:
        if args.kind is not None:
            if not args.off and (args.minutes is None or args.severity is None) and args.cap is None:
                raise InvalidInput(detail="policy KIND MINUTES SEVERITY, or KIND --off")
            actor = _signed_in(db)
            exceptions.set_policy(
                db,
                actor,
                args.kind,
                minutes=args.minutes,
                severity=args.severity,
                enabled=not args.off,
                cap=args.cap,
            )
        with db.reading() as s:
            policy = exceptions.load_policy(s)
        for kind in exceptions.KINDS:
            print(f"{kind:<20} {rule_text(kind, policy.rule(kind))}")
        return 0
    finally:
        db.dispose()


def _exceptions(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import open_db
    from console.floortime import utcnow
    from console.views.attendance_exceptions import ExceptionsKey, read_rows

    db = open_db(settings)
    try:
        now = utcnow()
        with db.reading() as s:
            rows = read_rows(s, ExceptionsKey(now - timedelta(days=args.days), now, not args.all))
        if not rows:
            print(translate("Cli", NO_EXCEPTIONS))
        for row in rows:
            print(_exception_line(row, settings))
        return 0
    finally:
        db.dispose()


def _exception_line(row: Any, settings: Settings) -> str:
    from console.floortime import floor_zone, to_floor
    from console.services.exception_queue import REASONS, STATUSES
    from console.services.exceptions import KIND_TITLES, SEVERITY_TITLES

    tz = floor_zone(settings.floor_timezone)
    at = to_floor(row.at, tz).strftime("%Y-%m-%d %H:%M")
    minutes = "" if row.minutes is None else f"{row.minutes} min"
    parts = [
        f"#{row.id:<6}",
        at,
        f"{row.employee_no:<8}",
        f"{row.name:<18}",
        f"{translate('ExceptionKind', KIND_TITLES[row.kind]):<20}",
        f"{minutes:>8}",
        f"{translate('ExceptionSeverity', SEVERITY_TITLES[row.severity]):<9}",
        translate("ExceptionStatus", STATUSES[row.status]),
    ]
    if row.reason_code:
        parts.append(translate("ExceptionReason", REASONS[row.reason_code]))
    if row.note:
        parts.append(f"“{row.note}”")
    return "  ".join(parts)


def _ledger(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import select

    from console.cli import open_db
    from console.db.models import Agent
    from console.errors import NotFound
    from console.floortime import floor_zone, to_floor, utcnow
    from console.services import ledger
    from console.services.exception_queue import REASONS, STATUSES
    from console.services.exceptions import KIND_TITLES

    db = open_db(settings)
    try:
        now = utcnow()
        with db.reading() as s:
            agent = s.scalar(select(Agent).where(Agent.employee_no == args.employee_no))
            if agent is None:
                raise NotFound(what="Agent", key=args.employee_no)
            who = f"{agent.display_name} ({agent.employee_no})"
            lines = ledger.entries(s, agent.id, now - timedelta(days=args.days), now + timedelta(minutes=1))
        if not lines:
            print(translate("Cli", NO_ENTRIES).format(who=who, days=args.days))
            return 0
        print(who)
        tz = floor_zone(settings.floor_timezone)
        for e in lines:
            at = to_floor(e.at, tz).strftime("%Y-%m-%d %H:%M")
            if e.source == "exception":
                what = translate("ExceptionKind", KIND_TITLES.get(e.kind, e.kind))
                if e.minutes is not None:
                    what += f" {e.minutes} min"
                what += " · " + translate("ExceptionStatus", STATUSES.get(e.status or "open", "open"))
                if e.reason_code:
                    what += " · " + translate("ExceptionReason", REASONS[e.reason_code])
                if e.text:
                    what += f" · “{e.text}”"
            elif e.source == "note":
                what = translate("Cli", "Note by {author}: {text}").format(author=e.author, text=e.text)
            else:
                what = translate("Cli", "Adherence: {text}").format(text=e.text or "")
            print(f"  {at}  {what}")
        return 0
    finally:
        db.dispose()


QT_TRANSLATE_NOOP("Cli", "Note by {author}: {text}")
QT_TRANSLATE_NOOP("Cli", "Adherence: {text}")
