"""``watchfloor leave`` and ``watchfloor attendance month``: leave requests and the month's attendance.

``leave request AGENT TYPE FIRST [LAST] [--reason TEXT]`` asks for leave (AGENT: employee number or id);
``leave approve ID``, ``leave reject ID`` and ``leave cancel ID`` decide (approving and rejecting need a role
that changes the rota); ``leave list [--month YYYY-MM] [--status S]`` prints the requests.
``attendance month YYYY-MM [--xlsx FILE]`` prints the month's figures per team and agent, and writes them
to an Excel workbook.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from console.errors import InvalidInput, NotFound
from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]


def add_commands(sub: Any, add_command: AddCommand) -> None:
    leave = add_command(sub, "leave", help="leave requests: ask, approve, reject, cancel, list")
    lsub = leave.add_subparsers(dest="leave_command", metavar="ACTION", required=True)
    req = add_command(lsub, "request", help="ask for leave for an agent")
    req.add_argument("agent", help="the agent's employee number (e.g. KL0012) or id")
    req.add_argument("type", choices=["annual", "sick", "emergency"])
    req.add_argument("first", type=_day, help="first day off (YYYY-MM-DD, floor date)")
    req.add_argument("last", type=_day, nargs="?", help="last day off (default: the first)")
    req.add_argument("--reason", default="", help="why (shown to whoever approves)")
    for verb, text in (
        ("approve", "approve request ID: the agent's shifts in its range become leave"),
        ("reject", "reject request ID"),
        ("cancel", "cancel request ID (an approved leave's shifts go back on the rota)"),
    ):
        cmd = add_command(lsub, verb, help=text)
        cmd.add_argument("id", type=int)
    lst = add_command(lsub, "list", help="print the leave requests")
    lst.add_argument("--month", help="only those touching this month (YYYY-MM)")
    lst.add_argument("--status", choices=["requested", "approved", "rejected", "cancelled"])


def add_month_command(asub: Any, add_command: AddCommand) -> None:
    """``attendance month``, added to :mod:`console.cli_attendance`'s actions."""
    month = add_command(asub, "month", help="print a month's figures; --xlsx writes them to Excel")
    month.add_argument("month", help="YYYY-MM")
    month.add_argument("--xlsx", metavar="FILE", type=Path, help="write an Excel workbook")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def _agent_id(s: Any, text: str) -> int:
    from console.db.models import Agent

    found = s.scalar(select(Agent.id).where(Agent.employee_no == text))
    if found is None and text.isdigit():
        found = s.scalar(select(Agent.id).where(Agent.id == int(text)))
    if found is None:
        raise NotFound(what="Agent", key=text)
    return int(found)


def cmd_leave(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_db
    from console.services import leave
    from console.views.attendance_month import month_days, parse_month

    db = open_db(settings)
    try:
        command = args.leave_command
        if command == "request":
            actor = _signed_in(db)
            with db.reading() as s:
                agent = _agent_id(s, args.agent)
            rid = leave.request(db, actor, agent, args.type, args.first, args.last or args.first, args.reason)
            print(f"leave request {rid}: requested")
            return 0
        if command in ("approve", "reject", "cancel"):
            actor = _signed_in(db)
            if command == "approve":
                n = leave.approve(db, actor, args.id)
                print(f"leave request {args.id}: approved ({n} rostered shifts marked as leave)")
            elif command == "reject":
                leave.reject(db, actor, args.id)
                print(f"leave request {args.id}: rejected")
            else:
                n = leave.cancel(db, actor, args.id)
                print(f"leave request {args.id}: cancelled ({n} shifts back on the rota)")
            return 0
        first = last = None
        if args.month:
            first, last = month_days(parse_month(args.month))
        with db.reading() as s:
            lines = leave.requests(
                s, first_day=first, last_day=last, statuses=(args.status,) if args.status else None
            )
        print(
            f"{'id':>5}  {'agent':<24} {'type':<10} {'first':<10} {'last':<10} {'days':>4}  {'status':<9} by"
        )
        for line in lines:
            who = line.decided_by or line.requested_by
            print(
                f"{line.id:>5}  {line.agent[:24]:<24} {line.leave_type:<10} {line.first_day} {line.last_day}"
                f" {line.days:>4}  {line.status:<9} {who}"
            )
        return 0
    finally:
        db.dispose()


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def cmd_month(args: argparse.Namespace, settings: Settings) -> int:
    from console.attendance_xlsx import write_month
    from console.cli import open_db
    from console.floortime import floor_zone, utcnow
    from console.services.handover import floor_tz_name
    from console.views.attendance_month import month_summary, parse_month

    month = parse_month(args.month)
    if args.xlsx is not None and args.xlsx.suffix.lower() != ".xlsx":
        raise InvalidInput(detail=f"{args.xlsx}: the workbook's name must end in .xlsx")
    db = open_db(settings)
    try:
        with db.reading() as s:
            summary = month_summary(s, month, utcnow())
            tz = floor_zone(floor_tz_name(s))
    finally:
        db.dispose()
    head = (
        f"{'':<26} {'rostered':>8} {'worked':>6} {'leave':>5} {'absent':>6} {'attend.':>7} {'punct.':>7}"
        f" {'late min':>8} {'overtime':>8} {'break':>6}"
    )
    print(f"Attendance {month:%Y-%m}")
    print(head)
    rows = [(f"[{t.team}]", t.figures) for t in summary.teams] + [(a.name, a.figures) for a in summary.agents]
    for name, f in rows:
        print(
            f"{name[:26]:<26} {f.rostered:>8} {f.worked:>6} {f.leave_days:>5} {f.absences:>6}"
            f" {_pct(f.attendance_rate):>7} {_pct(f.punctuality):>7} {f.minutes_late:>8}"
            f" {f.overtime_minutes:>8} {round(f.break_minutes):>6}"
        )
    if args.xlsx is not None:
        n = write_month(args.xlsx, summary, tz)
        print(f"wrote {n} agents to {args.xlsx}")
    return 0
