"""``watchfloor breaks`` and ``watchfloor adherence``: the break plan, the break rules, and who is where.

``breaks show`` prints a shift's planned breaks per agent (default: the running shift), ``breaks plan``
plans them again (who may change the rota: team leads, supervisors; slots already begun stay) and says what
it could not place and why, ``breaks rules`` prints or changes the floor's rules (audited before → after).
``adherence`` prints each rostered agent's scheduled activity against their clock, adherence so far, breaks
used and overruns. Times are floor time.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from console.errors import InvalidInput, NotFound
from console.floortime import ShiftSlot, floor_zone, utcnow
from console.i18n import translate
from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]
RULE_OPTIONS = {
    "max_breaks": "--max-breaks",
    "edge_minutes": "--edge-minutes",
    "max_share_pct": "--max-share",
    "adherence_minutes": "--adherence-minutes",
}


def _shift_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the shift's floor date (with --shift)")
    p.add_argument(
        "--shift", metavar="CODE", help="the shift pattern's code, e.g. N (default: the running shift)"
    )


def add_commands(sub: Any, add_command: AddCommand) -> None:
    brk = add_command(sub, "breaks", help="the break plan of a shift and the floor's break rules")
    bsub = brk.add_subparsers(dest="breaks_command", metavar="ACTION", required=True)
    _shift_options(
        add_command(bsub, "show", help="print a shift's planned breaks (default: the running one)")
    )
    plan = add_command(bsub, "plan", help="plan a shift's breaks again (slots already begun stay)")
    _shift_options(plan)
    rules = add_command(bsub, "rules", help="print or change the floor's break rules")
    rules.add_argument("--max-breaks", type=int, help="breaks per shift at most (default 3)")
    rules.add_argument("--edge-minutes", type=int, help="no break this long after the start / before the end")
    rules.add_argument(
        "--max-share", type=int, help="percent of a desk on break at once at most (default 20)"
    )
    rules.add_argument("--adherence-minutes", type=int, help="out of adherence after this many minutes (5)")
    adh = add_command(sub, "adherence", help="each rostered agent's schedule against their clock, now")
    _shift_options(adh)


def _slot(s: Any, args: argparse.Namespace, now: datetime) -> ShiftSlot:
    from console.services import handover, rota

    if args.shift is None and args.date is None:
        return handover.shift_for(s, now)
    if args.shift is None or args.date is None:
        raise InvalidInput(detail="--date and --shift go together")
    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise InvalidInput(detail=f"date {args.date!r} (YYYY-MM-DD)") from None
    pattern = next((p for p in rota.patterns(s) if p.code == args.shift), None)
    if pattern is None:
        raise NotFound(what="Shift", key=args.shift)
    tz = floor_zone(handover.floor_tz_name(s))
    start, end = pattern.bounds(day, tz)
    return ShiftSlot(pattern, day, start, end)


def _hm(moment: datetime | None, tz: ZoneInfo) -> str:
    return "--:--" if moment is None else moment.astimezone(tz).strftime("%H:%M")


def cmd_breaks(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_db
    from console.services import adherence, breaks, handover

    db = open_db(settings)
    try:
        now = utcnow()
        if args.breaks_command == "rules":
            values = {
                name: getattr(args, name if name != "max_share_pct" else "max_share") for name in RULE_OPTIONS
            }
            values = {k: v for k, v in values.items() if v is not None}
            if values:
                breaks.set_rules(db, _signed_in(db), **values)
            with db.reading() as s:
                rules = breaks.rules(s)
            for name, option in RULE_OPTIONS.items():
                print(f"{option[2:]:<18} {getattr(rules, name)}")
            return 0
        with db.reading() as s:
            slot = _slot(s, args, now)
            tz = floor_zone(handover.floor_tz_name(s))
        if args.breaks_command == "plan":
            plan = breaks.replan(db, _signed_in(db), slot.starts_at, now)
            print(f"planned {len(plan.slots)} breaks, kept {len(plan.kept)} already begun")
            for u in plan.unplaced:
                why = translate("Breaks", breaks.REASONS[u.reason])
                print(f"not placed: {u.name} ({u.desk}) {u.minutes} min: {why}")
        with db.reading() as s:
            shifts = adherence.facts(s, starts_at=slot.starts_at)
        when = f"{_hm(slot.starts_at, tz)}-{_hm(slot.ends_at, tz)}"
        print(f"{slot.pattern.name} {slot.shift_date.isoformat()} {when}")
        for f in shifts:
            if f.status == "leave":
                continue
            pieces = (
                "  ".join(f"{_hm(p.starts_at, tz)} {p.minutes:>2}'" for p in f.planned) or "(none planned)"
            )
            print(f"{f.name:<22} {f.desk:<11} {f.allowance:>3} min  {pieces}")
    finally:
        db.dispose()
    return 0


def cmd_adherence(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import open_db
    from console.services import adherence, breaks, handover

    db = open_db(settings)
    try:
        now = utcnow()
        with db.reading() as s:
            slot = _slot(s, args, now)
            tz = floor_zone(handover.floor_tz_name(s))
            rules = breaks.rules(s)
            shifts = adherence.facts(s, starts_at=slot.starts_at)
    finally:
        db.dispose()
    at = min(now, slot.ends_at)
    print(
        f"{slot.pattern.name} {slot.shift_date.isoformat()} at {_hm(at, tz)} "
        f"(out of adherence after {rules.adherence_minutes} min)"
    )
    print(
        f"{'agent':<22} {'desk':<11} {'scheduled':<14} {'actual':<10} {'since':>5} {'adh.':>6} "
        f"{'break':>9} {'next':>5}  flags"
    )
    for f in shifts:
        st = adherence.standing(f, rules, at)
        flags = []
        if st.out:
            flags.append("OUT OF ADHERENCE")
        if st.overrun is not None:
            flags.append(f"BREAK OVERRUN (limit {st.overrun[0]:.0f} min)")
        pct = "" if st.percent is None else f"{st.percent:.0f} %"
        doing = translate("Adherence", adherence.ACTIVITY_TITLES[st.scheduled])
        state = translate("Adherence", adherence.STATE_TITLES[st.actual])
        print(
            f"{f.name:<22} {f.desk:<11} {doing:<14} {state:<10} {_hm(st.since, tz):>5} {pct:>6} "
            f"{st.break_used:>3.0f}/{f.allowance:<3}min {_hm(st.next_break, tz):>5}  {' '.join(flags)}"
        )
    return 0
