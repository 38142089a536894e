"""``watchfloor coverage`` and ``watchfloor staffing``: coverage against live risk load, and the staffing
requirements it is measured against.

``coverage [--day YYYY-MM-DD] [--desk CODE]`` prints, per desk (and per skill or language requirement), the
required / scheduled / present count of each floor hour of the day (``!`` marks a gap, ``·`` an hour still to
come), then the live risk load per desk with the understaffed verdict and its reasons, and who could move.

``staffing list [--desk CODE]``, ``staffing set DESK FROM TO COUNT [--skill S] [--language L] [--days
mon,tue,…|all|weekdays|weekend]`` (hours in floor time, the end exclusive, crossing midnight when it is not
after the start) and ``staffing remove ID`` change them (rota managers: team leads, supervisors and admins),
audited before → after, through :mod:`console.services.staffing`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from console.errors import InvalidInput
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_SETS = {"all": 127, "weekdays": 31, "weekend": 96}
BAD_DAYS = QT_TRANSLATE_NOOP(
    "Errors", "Unknown day {day}: use mon … sun separated by commas, or all, weekdays, weekend."
)
BAD_DATE = QT_TRANSLATE_NOOP("Errors", "A day is written YYYY-MM-DD (got {given}).")


def add_commands(sub: Any, add_command: AddCommand) -> None:
    cov = add_command(
        sub, "coverage", help="required / scheduled / present per hour and desk, and risk load now"
    )
    cov.add_argument("--day", default=None, help="floor day YYYY-MM-DD (default: today, floor time)")
    cov.add_argument("--desk", default=None, help="only this desk (zone code)")

    st = add_command(sub, "staffing", help="staffing requirements: how many people each desk needs per hour")
    stsub = st.add_subparsers(dest="staffing_command", metavar="ACTION", required=True)
    ls = add_command(stsub, "list", help="print the requirements")
    ls.add_argument("--desk", default=None, help="only this desk (zone code)")
    put = add_command(stsub, "set", help="add a requirement, or change the count of the same window")
    put.add_argument("desk", help="the desk's zone code, e.g. ato")
    put.add_argument("from_hour", type=int, help="first floor hour, 0-23")
    put.add_argument("to_hour", type=int, help="end hour, 1-24, exclusive (not after FROM: crosses midnight)")
    put.add_argument("count", type=int, help="at least this many people")
    put.add_argument("--skill", default=None, help="count only people with this skill")
    put.add_argument("--language", default=None, help="count only people speaking this language (en, zh, …)")
    put.add_argument("--days", default="all", help="mon,tue,… or all, weekdays, weekend (default all)")
    rm = add_command(stsub, "remove", help="delete a requirement by its id (staffing list shows them)")
    rm.add_argument("id", type=int)


def weekdays_mask(text: str) -> int:
    """``mon,wed`` → 5; ``all`` / ``weekdays`` / ``weekend``. Unknown names are refused by name."""
    mask = 0
    for part in (p.strip().lower() for p in text.split(",")):
        if part in DAY_SETS:
            mask |= DAY_SETS[part]
        elif part in WEEKDAYS:
            mask |= 1 << WEEKDAYS.index(part)
        else:
            raise InvalidInput(BAD_DAYS, day=part or "''")
    return mask


def days_text(mask: int) -> str:
    for name, value in DAY_SETS.items():
        if mask == value:
            return name
    return ",".join(d for n, d in enumerate(WEEKDAYS) if mask & (1 << n))


def cmd_staffing(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_db
    from console.services import staffing

    db = open_db(settings)
    try:
        if args.staffing_command == "set":
            rid = staffing.set_requirement(
                db,
                _signed_in(db),
                args.desk,
                args.from_hour,
                args.to_hour,
                args.count,
                skill=args.skill or None,
                language=args.language or None,
                weekdays=weekdays_mask(args.days),
            )
            print(f"requirement {rid} set")
        elif args.staffing_command == "remove":
            staffing.remove_requirement(db, _signed_in(db), args.id)
            print(f"requirement {args.id} removed")
        with db.reading() as s:
            reqs = staffing.requirements(s)
        desk = getattr(args, "desk", None) if args.staffing_command == "list" else None
        print(
            f"{'id':>5} {'desk':<12} {'hours':<7} {'days':<14} {'skill':<10} {'language':<8} {'at least':>8}"
        )
        for r in reqs:
            if desk and r.zone_code != desk:
                continue
            print(
                f"{r.id:>5} {r.zone_code:<12} {r.from_hour:02d}-{r.to_hour:02d}   "
                f"{days_text(r.weekdays):<14} {r.skill or '':<10} {r.language or '':<8} {r.min_count:>8}"
            )
        return 0
    finally:
        db.dispose()


def _day(text: str | None, today: date) -> date:
    if not text:
        return today
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(BAD_DATE, given=text) from None


def cmd_coverage(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import open_db
    from console.floortime import floor_zone, utcnow
    from console.services.coverage import LANGUAGE_TITLES, SKILL_TITLES, floor_day
    from console.views.coverage import CoverageKey, limits_from, read

    db = open_db(settings)
    try:
        tz = floor_zone(settings.floor_timezone)
        now = utcnow()
        day = _day(args.day, floor_day(now, tz))
        with db.reading() as s:
            snap = read(s, CoverageKey(day, now, tz.key, settings.floor_code or None, limits_from(settings)))
    finally:
        db.dispose()
    names = {d.code: d.name for d in snap.desks}
    print(f"Coverage {day.isoformat()} (floor time {tz.key}); per hour: required / scheduled / present")
    print("  ! fewer than required   · still to come")
    print(" " * 26 + "".join(f"{h:>4}" for h in range(24)))
    for line in snap.rows:
        if args.desk and line.desk != args.desk:
            continue
        if line.is_desk:
            title = names.get(line.desk, line.desk)
        elif line.skill:
            title = "  " + translate("Coverage", SKILL_TITLES.get(line.skill, line.skill))
        else:
            title = "  " + translate(
                "Coverage", LANGUAGE_TITLES.get(line.language or "", line.language or "")
            )
        for label, values in (
            ("required", [(c.required, False) for c in line.cells]),
            ("scheduled", [(c.scheduled, bool(c.scheduled_gap)) for c in line.cells]),
            ("present", [(c.present, bool(c.present_gap)) for c in line.cells]),
        ):
            cells = "".join(f"{'·' if v is None else v:>3}{'!' if gap else ' '}" for v, gap in values)
            print(f"{title[:15]:<15} {label:<10}{cells}")
            title = ""
    risk = snap.risk
    if risk is None:
        return 0
    print()
    print(f"Now ({now.astimezone(tz):%H:%M}): risk load per desk")
    print(f"{'desk':<20} {'present':>7} {'req':>4} {'break':>5} {'P1':>3} {'P2':>3} {'P3':>3} {'P4':>3} "
          f"{'unack':>5} {'backlog':>8}  verdict")  # fmt: skip
    for load in risk.desks:
        if args.desk and load.desk != args.desk:
            continue
        p1, p2, p3, p4 = load.open_by_severity
        backlog = "" if load.backlog is None else f"{load.backlog:,.0f}"
        verdict = "UNDERSTAFFED: " + "; ".join(r.text() for r in load.reasons) if load.understaffed else "ok"
        print(
            f"{names.get(load.desk, load.desk)[:20]:<20} {load.present:>7} {load.required:>4} "
            f"{load.on_break:>5} {p1:>3} {p2:>3} {p3:>3} {p4:>3} {load.unacknowledged:>5} {backlog:>8}"
            f"  {verdict}"
        )
        if load.nobody_can_move:
            print(f"{'':<20} {translate('Coverage', 'Nobody can move without opening a gap')}")
    f = risk.floor
    backlog = (
        "no data"
        if f.backlog is None
        else f"{f.backlog:,.0f} cases" + (" (by desk)" if f.backlog_by_desk else "")
    )
    print(f"Floor: {f.present} present, {f.required} required; {f.open} open incidents ({f.unacknowledged} "
          f"unacknowledged, {f.no_desk} on no desk); backlog {backlog}")  # fmt: skip
    if f.understaffed:
        why = [names.get(c, c) for c in f.understaffed_desks] + [r.text() for r in f.reasons]
        print("FLOOR UNDERSTAFFED FOR CURRENT RISK: " + "; ".join(why))
    for m in risk.moves:
        print(f"  move {m.name}: {names.get(m.from_desk, m.from_desk)} -> {names.get(m.to_desk, m.to_desk)} "
              f"({m.why(names.get(m.from_desk, m.from_desk))})")  # fmt: skip
    return 0
