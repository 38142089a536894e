"""``watchfloor rota``: generate, check and edit the rota, its fairness, shift swaps and the floor's rules.

``rota generate --from DATE --weeks N [--publish]`` solves the period with CP-SAT and prints the fairness
(nights and weekend shifts per agent: min / max / mean per desk) and the coverage it could not meet; with
``--publish`` it stores it (the period's scheduled shifts not yet started are replaced, leave and started
shifts kept). ``rota check`` prints every rule the stored rota breaks, ``rota fairness`` its spread.
``rota set EMPLOYEE_NO DATE CODE|off [--reason TEXT]`` edits one day (a change that breaks a rule needs a
reason). ``rota swap ...`` asks, takes, accepts, approves and rejects swaps; ``rota rules`` shows or changes
the floor's rules (supervisors, team leads and admins, audited).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from console.errors import InvalidInput
from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def add_commands(sub: Any, add_command: AddCommand) -> None:
    r = add_command(sub, "rota", help="generate, check and edit the rota; swaps; the floor's rota rules")
    rsub = r.add_subparsers(dest="rota_command", metavar="ACTION", required=True)
    gen = add_command(rsub, "generate", help="solve a rota for N weeks (CP-SAT) and print its fairness")
    gen.add_argument("--from", dest="first", type=_date, required=True, help="first day (YYYY-MM-DD)")
    gen.add_argument("--weeks", type=int, default=4)
    gen.add_argument("--publish", action="store_true", help="store it (replaces the period's future shifts)")
    gen.add_argument(
        "--time-limit", type=float, default=20.0, help="seconds the solver may take (default 20)"
    )
    gen.add_argument("--no-fairness", action="store_true", help="do not spread nights and weekends")
    for name, text in (("check", "every rule the stored rota breaks"), ("fairness", "nights and weekends")):
        c = add_command(rsub, name, help=text)
        c.add_argument("--from", dest="first", type=_date, default=None, help="first day (default: today)")
        c.add_argument("--weeks", type=int, default=4)
    st = add_command(rsub, "set", help="put one agent on a shift for a day, or off ('off')")
    st.add_argument("employee_no")
    st.add_argument("day", type=_date)
    st.add_argument("code", help="a shift template's code (M, E, N, D12, N12) or off")
    st.add_argument("--reason", default="", help="needed when the change breaks a rule (audited)")
    sw = add_command(rsub, "swap", help="shift swaps and 'take this shift' offers")
    swsub = sw.add_subparsers(dest="swap_command", metavar="ACTION", required=True)
    req = add_command(swsub, "request", help="ask to swap a shift (--with) or offer it to be taken")
    req.add_argument("employee_no")
    req.add_argument("day", type=_date)
    req.add_argument("--with", dest="other", nargs=2, metavar=("EMPLOYEE_NO", "DAY"), help="the shift wanted")
    req.add_argument("--note", default="")
    take = add_command(swsub, "take", help="take an offered shift")
    take.add_argument("id", type=int)
    take.add_argument("--agent", default=None, help="for this employee (a manager); default: yourself")
    for name, text in (("accept", "agree to a swap asked of you"), ("approve", "approve (rules re-checked)")):
        add_command(swsub, name, help=text).add_argument("id", type=int)
    rej = add_command(swsub, "reject", help="reject a swap")
    rej.add_argument("id", type=int)
    rej.add_argument("--reason", default="")
    add_command(swsub, "cancel", help="withdraw your request").add_argument("id", type=int)
    lst = add_command(swsub, "list", help="the open swaps (--all: every one)")
    lst.add_argument("--all", action="store_true")
    ru = add_command(rsub, "rules", help="show or change the floor's rota rules")
    ru.add_argument("--min-rest", type=float, default=None, help="hours between shifts (default 11)")
    ru.add_argument("--max-nights", type=int, default=None, help="nights in a row (default 4)")
    ru.add_argument("--max-days", type=int, default=None, help="working days in a row (default 6)")
    ru.add_argument("--max-week", type=int, default=None, help="shifts in an ISO week (default 5)")


def _print_plan(plan: Any) -> None:
    print(
        f"{plan.first} – {plan.last}: {len(plan.shifts)} shifts, solver {plan.status}, {plan.seconds:.1f} s"
    )
    print(f"{'desk':<12} {'agents':>6}  {'shifts min/max/mean':>20}  {'nights':>16}  {'weekends':>16}")
    groups: dict[str, int] = {}
    for row in plan.fairness:
        groups[row.desk] = groups.get(row.desk, 0) + 1
    for name, figures in plan.summary().items():
        count = len(plan.fairness) if name == "all" else groups.get(name, 0)
        cells = ["{} / {} / {}".format(*figures[k]) for k in ("shifts", "nights", "weekends")]
        print(f"{name:<12} {count:>6}  {cells[0]:>20}  {cells[1]:>16}  {cells[2]:>16}")
    if plan.unmet:
        print(f"Unmet coverage ({len(plan.unmet)}):")
        for v in plan.unmet:
            print(f"  {v.day} {v.describe()}")
    else:
        print("Every requirement is covered.")


def cmd_rota(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_db
    from console.floortime import utcnow
    from console.services import rota

    db = open_db(settings)
    try:
        cmd = args.rota_command
        if cmd in ("check", "fairness"):
            with db.reading() as s:
                today = utcnow().astimezone(rota.floor_tz(s)).date()
            first = args.first or today
            if cmd == "check":
                found = rota.check_period(db, first, first + timedelta(days=args.weeks * 7 - 1))
                with db.reading() as s:
                    names = {a.id: a.name for a in rota.agents(s).values()}
                for v in found:
                    who = names.get(v.agent_id, "") if v.agent_id else v.desk
                    print(f"{v.day} {who}: {v.describe()}")
                print(f"{len(found)} violation(s)")
                return 3 if found else 0
            _print_plan(rota.stored_plan(db, first, args.weeks))
            return 0
        if cmd == "generate":
            plan = rota.generate(
                db, args.first, args.weeks, time_limit=args.time_limit, fairness=not args.no_fairness
            )
            _print_plan(plan)
            if args.publish:
                counts = rota.publish(db, _signed_in(db), plan)
                print("Published: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
            return 0
        if cmd == "set":
            actor = _signed_in(db)
            with db.reading() as s:
                agent = rota.agent_by_employee_no(s, args.employee_no)
            code = None if args.code.lower() == "off" else args.code.upper()
            left = rota.set_shift(db, actor, agent, args.day, code, reason=args.reason)
            for v in left:
                print(f"still broken: {v.day} {v.describe()}")
            return 0
        if cmd == "rules":
            changes = {
                k: v
                for k, v in (
                    ("min_rest_hours", args.min_rest),
                    ("max_consecutive_nights", args.max_nights),
                    ("max_consecutive_days", args.max_days),
                    ("max_shifts_per_week", args.max_week),
                )
                if v is not None
            }
            if changes:
                rota.set_rules(db, _signed_in(db), **changes)
            with db.reading() as s:
                for k, v in rota.rules(s).as_dict().items():
                    print(f"{k} = {v:g}")
            return 0
        return _swap(args, db)
    finally:
        db.dispose()


def _swap(args: argparse.Namespace, db: Any) -> int:
    from console.cli import _signed_in
    from console.services import rota, swaps

    cmd = args.swap_command
    if cmd == "list":
        with db.reading() as s:
            rows = swaps.swaps(s, open_only=not args.all)
        for w in rows:
            theirs = f"{w.counterpart or '(open offer)'}" + (
                f" {w.counterpart_day} {w.counterpart_code}" if w.counterpart_day else ""
            )
            asked = f"{w.requester} {w.requester_day} {w.requester_code}"
            print(f"#{w.id} {w.status:<10} {asked} ⇄ {theirs}  {w.note}")
        return 0
    actor = _signed_in(db)
    if cmd == "request":
        with db.reading() as s:
            mine = rota.row_id(s, rota.agent_by_employee_no(s, args.employee_no), args.day)
            other = None
            if args.other:
                other_day = date.fromisoformat(args.other[1])
                other = rota.row_id(s, rota.agent_by_employee_no(s, args.other[0]), other_day)
        print(f"Swap #{swaps.request(db, actor, mine, other, note=args.note)} requested")
    elif cmd == "take":
        agent = None
        if args.agent:
            with db.reading() as s:
                agent = rota.agent_by_employee_no(s, args.agent)
        swaps.take(db, actor, args.id, agent)
    elif cmd == "accept":
        swaps.accept(db, actor, args.id)
    elif cmd == "approve":
        swaps.approve(db, actor, args.id)
    elif cmd == "reject":
        swaps.reject(db, actor, args.id, args.reason)
    elif cmd == "cancel":
        swaps.cancel(db, actor, args.id)
    else:
        raise InvalidInput(detail=cmd)
    return 0
