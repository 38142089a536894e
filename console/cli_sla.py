"""``watchfloor sla``: the incident SLAs per category and severity, and the departments' handoff SLAs.

``sla show`` prints both tables; ``sla set CATEGORY P1 ACK RESOLVE`` and ``sla handoff DEPARTMENT MINUTES
[--p1 MINUTES]`` change them (who may manage the organisation: supervisors and admins), audited before →
after. Incidents keep the due times they were opened with; the new targets apply to incidents opened (and
handoffs requested) from then on.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from console.errors import InvalidInput, NotFound
from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]


def add_commands(sub: Any, add_command: AddCommand) -> None:
    sla = add_command(sub, "sla", help="incident SLAs per category and severity, departments' handoff SLAs")
    slasub = sla.add_subparsers(dest="sla_command", metavar="ACTION", required=True)
    add_command(slasub, "show", help="print the SLA targets in minutes")
    put = add_command(slasub, "set", help="set one category's SLA for one severity (minutes)")
    put.add_argument("category", help="e.g. withdrawal_anomaly (sla show lists them)")
    put.add_argument("severity", help="P1 .. P4")
    put.add_argument("ack", type=int, help="minutes to acknowledge")
    put.add_argument("resolve", type=int, help="minutes to resolve")
    hand = add_command(slasub, "handoff", help="set a department's handoff SLA (minutes)")
    hand.add_argument("department", help="the department's code, e.g. compliance (sla show lists them)")
    hand.add_argument("minutes", type=int)
    hand.add_argument("--p1", type=int, default=None, help="a shorter SLA for P1 incidents")


def _severity(text: str) -> int:
    value = text.strip().upper().removeprefix("P")
    if not value.isdigit():
        raise InvalidInput(detail=f"severity {text!r} (P1 .. P4)")
    return int(value)


def cmd_sla(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_db
    from console.services import handoffs, incidents, org, sla

    db = open_db(settings)
    try:
        if args.sla_command == "set":
            actor = _signed_in(db)
            sla.set_targets(
                db,
                actor,
                args.category,
                _severity(args.severity),
                ack_minutes=args.ack,
                resolve_minutes=args.resolve,
            )
        elif args.sla_command == "handoff":
            actor = _signed_in(db)
            with db.reading() as s:
                dept = next((d for d in org.departments(s) if d.code == args.department), None)
            if dept is None:
                raise NotFound(what="Department", key=args.department)
            handoffs.set_sla(db, actor, dept.id, args.minutes, args.p1)
        with db.reading() as s:
            rows = [
                (cat, sev, *(int(t.total_seconds() // 60) for t in sla.targets(s, cat, sev)))
                for cat in incidents.CATEGORIES
                for sev in sorted(sla.DEFAULTS)
            ]
            depts = [
                (d.code, d.name, handoffs.sla_minutes(d, 2), handoffs.sla_minutes(d, 1))
                for d in org.departments(s)
            ]
        print(
            f"{'category':<22} {'P1':>12} {'P2':>12} {'P3':>12} {'P4':>12}   (acknowledge / resolve, minutes)"
        )
        for cat in incidents.CATEGORIES:
            cells = [f"{ack} / {res}" for c, _sev, ack, res in rows if c == cat]
            print(f"{cat:<22} " + " ".join(f"{c:>12}" for c in cells))
        print()
        print(f"{'department':<22} {'handoff':>8} {'P1':>6}   (minutes to answer)")
        for code, name, minutes, p1 in depts:
            print(f"{code:<22} {minutes:>8} {p1:>6}   {name}")
        return 0
    finally:
        db.dispose()
