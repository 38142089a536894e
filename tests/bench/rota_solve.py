"""Rota generation: 4 weeks for the demo floor's 150 agents (target: 30 s), beside same-run baselines.

Run: ``.venv/bin/python -m tests.bench.rota_solve [--weeks 4] [--time-limit 20] [--demo] [--json]``

The agents are the demo's (:func:`console.demo.people.plan_agents`, seed 7), the requirements the demo
floor's (:data:`console.demo.layout.REQUIREMENTS`), and the two weeks before the period their standing rota
(each on their team's template, five on and two off, with the demo's leave), so the first days follow on
from real history. Figures, each with the plan's unmet coverage and the spread of nights and weekend shifts
per agent (min / max / mean over the floor):

- ``cp_sat``: :func:`console.rota.solver.generate` as the console runs it (fairness on, 2 workers);
- ``cp_sat_no_fairness``: the same model without the fairness terms (coverage, the weekly share, the usual
  template);
- ``roll_forward``: the standing rota repeated (what ``rota.roll_forward`` does), no search at all.

``--demo`` also builds the demo floor in a scratch SQLite file and times
:func:`console.services.rota.generate` (reading the floor + solving) and
:func:`console.services.rota.publish` for the four weeks after today.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from console.demo import layout
from console.demo.build import SHIFTS, stream
from console.demo.people import plan_agents
from console.demo.schedule import plan_leave
from console.rota.check import check
from console.rota.model import AGENT_KINDS, Agent, Rules, Shift, Template
from console.rota.solver import Plan, Problem, generate, roll_forward_plan
from console.services.staffing import Requirement

TZ = ZoneInfo("Asia/Kuala_Lumpur")


def demo_problem(first: date, weeks: int) -> Problem:
    history = [first - timedelta(days=14 - i) for i in range(14)]
    days = [first + timedelta(days=i) for i in range(weeks * 7)]
    plans = plan_agents(stream(7, "people"), history[0])
    leave = plan_leave(stream(7, "leave"), plans, history + days, first)
    templates = [
        Template(i, code, dtime(hour), minutes) for i, (code, _, hour, minutes) in enumerate(SHIFTS, 1)
    ]
    agents = []
    context: list[Shift] = []
    away: dict[tuple[int, date], str] = {}
    for i, a in enumerate(plans):
        aid = i + 1
        agents.append(
            Agent(
                aid,
                a.person.full_name,
                a.zone,
                a.team.code,
                frozenset(a.skills),
                frozenset(a.person.languages),
                a.team.pattern,
            )
        )
        for d in history:
            if a.works_on(d):
                kind = leave[i].days.get(d)
                context.append(Shift(aid, d, a.team.pattern, "leave" if kind else "scheduled", kind))
        for d in days:
            if d in leave[i].days:
                away[aid, d] = leave[i].days[d]
    reqs = [
        Requirement(n, 0, d, fh, th, 127, sk, lg, c)
        for n, (d, fh, th, c, sk, lg) in enumerate(layout.REQUIREMENTS)
    ]
    return Problem(agents, templates, days, reqs, Rules(), TZ, context=context, leave=away)


def figures(name: str, plan: Plan, p: Problem) -> dict[str, Any]:
    broken = check(
        [*p.context, *plan.shifts],
        {a.id: a for a in p.agents},
        p.requirements,
        p.rules,
        templates={t.code: t for t in p.templates},
        tz=p.tz,
        days=p.days,
        leave=p.leave,
    )
    summary = plan.summary()["all"]
    return {
        "name": name,
        "seconds": round(plan.seconds, 2),
        "status": plan.status,
        "shifts": len(plan.shifts),
        "unmet_gaps": len(plan.unmet),
        "unmet_person_hours": sum(v.hours * (v.detail["need"] - v.detail["have"]) for v in plan.unmet),
        "agent_rule_violations": sum(1 for v in broken if v.kind in AGENT_KINDS),
        "nights_min_max_mean": summary["nights"],
        "weekends_min_max_mean": summary["weekends"],
    }


def demo_end_to_end(weeks: int, time_limit: float) -> dict[str, Any]:
    from console.auth import Actor
    from console.db.engine import Database, make_engine
    from console.db.migrate import upgrade
    from console.demo.build import create_demo_floor
    from console.floortime import utcnow
    from console.services import rota

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'floor.db'}"
        engine = make_engine(url, create=True)
        upgrade(engine)
        db = Database(engine)
        t = time.perf_counter()
        create_demo_floor(db, days=14)
        built = time.perf_counter() - t
        first = utcnow().astimezone(TZ).date() + timedelta(days=1)
        t = time.perf_counter()
        plan = rota.generate(db, first, weeks, time_limit=time_limit)
        generated = time.perf_counter() - t
        t = time.perf_counter()
        counts = rota.publish(db, Actor("supervisor", "supervisor"), plan)
        published = time.perf_counter() - t
        t = time.perf_counter()
        left = rota.check_period(db, first, plan.last)
        checked = time.perf_counter() - t
    return {
        "demo_build_s": round(built, 1),
        "service_generate_s": round(generated, 2),
        "status": plan.status,
        "publish_s": round(published, 2),
        "publish": counts,
        "check_period_s": round(checked, 2),
        "violations_after_publish": len(left),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weeks", type=int, default=4)
    ap.add_argument("--time-limit", type=float, default=20.0)
    ap.add_argument("--demo", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    first = date(2027, 1, 4)
    t = time.perf_counter()
    p = demo_problem(first, args.weeks)
    setup = time.perf_counter() - t
    rows = [
        figures("cp_sat", generate(p, time_limit=args.time_limit), p),
        figures("cp_sat_no_fairness", generate(p, time_limit=args.time_limit, fairness=False), p),
        figures("roll_forward", roll_forward_plan(p), p),
    ]
    out: dict[str, Any] = {
        "agents": len(p.agents),
        "days": len(p.days),
        "setup_s": round(setup, 2),
        "runs": rows,
    }
    if args.demo:
        out["demo"] = demo_end_to_end(args.weeks, args.time_limit)
    if args.json:
        print(json.dumps(out, indent=2, default=str))
        return
    print(f"{out['agents']} agents, {out['days']} days (problem set up in {out['setup_s']} s)")
    head = ("run", "seconds", "status", "shifts", "gaps", "p-hours", "rules")
    print("{:<20} {:>8} {:>12} {:>7} {:>5} {:>8} {:>6}".format(*head), " nights (min, max, mean)  weekends")
    for r in rows:
        print(
            f"{r['name']:<20} {r['seconds']:>8} {r['status']:>12} {r['shifts']:>7} {r['unmet_gaps']:>5} "
            f"{r['unmet_person_hours']:>8} {r['agent_rule_violations']:>6}  "
            f"{r['nights_min_max_mean']}  {r['weekends_min_max_mean']}"
        )
    if args.demo:
        print("demo floor, end to end:", out["demo"])


if __name__ == "__main__":
    main()
