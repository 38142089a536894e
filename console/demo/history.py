"""Historic incidents: one for each episode in the series plus everyday ones, worked by whoever was on shift.

Acknowledge and resolve delays follow the SLAs (most inside, a few breached); owners are team leads and
senior analysts of the owning desk who were clocked in at the time. Everything is replayed through
:mod:`console.services.incidents` with ``at=`` so the timeline, audit log and change feed are real.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import numpy as np

from console.demo import titles
from console.demo.catalog import BY_KEY
from console.demo.episodes import Episode
from console.demo.people import AgentPlan
from console.demo.schedule import Worked
from console.services.incidents import OPEN_STATUSES, SLA

P_ESCALATE = {1: 0.9, 2: 0.55, 3: 0.2, 4: 0.05}
EVERYDAY_PER_DAY = 5.7


@dataclass(frozen=True)
class Step:
    status: str
    at: datetime
    message: str
    department: str | None = None


@dataclass
class IncidentPlan:
    opened_at: datetime
    category: str
    severity: int
    title: str
    desk: str
    indicator_key: str | None
    by_system: bool
    owner: AgentPlan | None = None
    steps: list[Step] = field(default_factory=list)

    @property
    def final_status(self) -> str:
        return self.steps[-1].status if self.steps else "open"

    @property
    def summary(self) -> str:
        if self.indicator_key:
            return f"Raised by the alert rule on {BY_KEY[self.indicator_key].spec.name.lower()}."
        who = self.owner.person.display_name if self.owner else "the floor"
        return f"Reported by {who}."


class OnShift:
    """Who of a desk's leads and seniors was clocked in when (from the attendance history)."""

    def __init__(self, agents: list[AgentPlan], worked: list[Worked]) -> None:
        by_id = {a.agent_id: a for a in agents}
        self._intervals: dict[str, list[tuple[datetime, datetime, AgentPlan]]] = {}
        for w in worked:
            a = by_id[w.agent_id]
            if a.title == "analyst":
                continue
            for desk in (a.team.desk, "lead") if a.title == "team_lead" else (a.team.desk,):
                self._intervals.setdefault(desk, []).append((w.since, w.until, a))
        self._fallback = {
            desk: [a for a in agents if a.title == "team_lead" and (desk == "lead" or a.team.desk == desk)]
            for desk in ("ato", "withdrawal", "kyc", "aml", "lead")
        }

    def owner(self, rng: np.random.Generator, desk: str, at: datetime) -> AgentPlan:
        present = [a for since, until, a in self._intervals.get(desk, []) if since <= at <= until]
        pool = present or self._fallback[desk]
        return pool[int(rng.integers(len(pool)))]


def _minutes(td: timedelta, factor: float) -> timedelta:
    return timedelta(seconds=max(20.0, td.total_seconds() * factor))


def lifecycle(rng: np.random.Generator, plan: IncidentPlan, not_before: datetime | None = None) -> list[Step]:
    """Acknowledge, maybe escalate, resolve and close, with SLA-shaped delays."""
    ack_sla, res_sla = SLA[plan.severity]
    breach_ack = rng.random() < 0.08
    t = plan.opened_at + _minutes(ack_sla, rng.uniform(1.05, 1.8) if breach_ack else rng.beta(2, 4) * 0.95)
    steps = [Step("acknowledged", t, titles.claim_message(rng, plan.desk))]
    if rng.random() < P_ESCALATE[plan.severity]:
        dept = titles.pick(rng, titles.ESCALATE_TO[plan.category])
        t += _minutes(res_sla, rng.uniform(0.05, 0.2))
        steps.append(Step("escalated", t, titles.escalate_message(dept), dept))
        if rng.random() < 0.35:
            t += _minutes(res_sla, rng.uniform(0.05, 0.15))
            steps.append(
                Step("acknowledged", t, f"{titles.DEPARTMENT_NAMES[dept]} took it; floor keeps containing")
            )
    breach_res = rng.random() < 0.07
    resolve = plan.opened_at + _minutes(
        res_sla, rng.uniform(1.05, 1.6) if breach_res else rng.beta(1.5, 4) * 0.9
    )
    resolve = max(resolve, t + timedelta(minutes=int(rng.integers(5, 30))), not_before or resolve)
    steps.append(Step("resolved", resolve, titles.resolve_message(rng, plan.category)))
    wait = rng.uniform(0.5, 12) if plan.severity == 4 else rng.uniform(2, 36)
    steps.append(Step("closed", resolve + timedelta(hours=float(wait)), titles.pick(rng, titles.CLOSE)))
    return steps


def _fit_before(plan: IncidentPlan, now: datetime) -> bool:
    """Squeeze a finished incident's timeline so it was resolved by ``now``; False if it cannot fit."""
    resolved = next(s for s in plan.steps if s.status == "resolved")
    room = now - timedelta(minutes=5) - plan.opened_at
    if room < timedelta(minutes=10):
        return False
    span = resolved.at - plan.opened_at
    if span > room:
        k = room / span
        plan.steps = [
            replace(s, at=plan.opened_at + (s.at - plan.opened_at) * k) if s.status != "closed" else s
            for s in plan.steps
        ]
        plan.steps[-1] = replace(plan.steps[-1], at=max(plan.steps[-1].at, plan.steps[-2].at))
    plan.steps = [s for s in plan.steps if s.at <= now]
    return True


def plan_incidents(
    rng: np.random.Generator, episodes: list[Episode], on_shift: OnShift, start: datetime, now: datetime
) -> list[IncidentPlan]:
    """Every incident of the window, in opening order; 6-10 of them still open at ``now``."""
    plans: list[IncidentPlan] = []
    for ep in episodes:
        opened = ep.start + timedelta(minutes=float(rng.uniform(2, 8)))
        plan = IncidentPlan(opened, ep.category, ep.severity, ep.title, ep.desk, ep.indicator_key, True)
        plan.owner = on_shift.owner(rng, ep.desk, opened)
        plan.steps = [
            s
            for s in lifecycle(rng, plan, ep.end + timedelta(minutes=float(rng.uniform(10, 40))))
            if s.at <= now
        ]
        plans.append(plan)
    days = (now - start).total_seconds() / 86400
    for _ in range(round(days * EVERYDAY_PER_DAY)):
        category = titles.draw_category(rng)
        opened = start + (now - timedelta(minutes=30) - start) * float(rng.random())
        by_system = category in titles.ALERT_INDICATOR and rng.random() < 0.6
        desk = titles.DESK[category]
        plan = IncidentPlan(
            opened,
            category,
            titles.draw_severity(rng),
            titles.title(rng, category),
            desk,
            titles.ALERT_INDICATOR[category] if by_system else None,
            by_system,
        )
        plan.owner = on_shift.owner(rng, desk, opened)
        plan.steps = lifecycle(rng, plan)
        if _fit_before(plan, now):
            plans.append(plan)
    still_open = sum(p.final_status in OPEN_STATUSES for p in plans)
    plans += current_incidents(rng, max(0, int(rng.integers(6, 11)) - still_open), on_shift, now)
    for p in plans:  # whole seconds, as a badge reader or alerting system would stamp them
        p.opened_at = _second(p.opened_at)
        p.steps = [replace(s, at=max(_second(s.at), p.opened_at)) for s in p.steps]
    return sorted(plans, key=lambda p: p.opened_at)


def _second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def current_incidents(
    rng: np.random.Generator, count: int, on_shift: OnShift, now: datetime
) -> list[IncidentPlan]:
    """Incidents still being worked: the first two are about to breach their SLA."""
    out = []
    statuses = (
        "open",
        "acknowledged",
        "escalated",
        "open",
        "acknowledged",
        "open",
        "escalated",
        "acknowledged",
    )
    for i in range(count):
        category = titles.draw_category(rng)
        severity = titles.draw_severity(rng, {2: 0.15, 3: 0.45, 4: 0.40})
        status = statuses[i % len(statuses)]
        ack_sla, res_sla = SLA[severity]
        if i == 0:  # acknowledge SLA runs out in about two minutes
            severity, status, opened = (
                2,
                "open",
                now - SLA[2][0] + timedelta(seconds=float(rng.uniform(90, 180))),
            )
        elif i == 1:  # a P1 that must be resolved within ten minutes
            category, severity, status = "withdrawal_anomaly", 1, "acknowledged"
            opened = now - SLA[1][1] + timedelta(minutes=float(rng.uniform(6, 10)))
        elif status == "open":
            opened = now - ack_sla * float(rng.uniform(0.1, 0.7))
        else:
            opened = now - min(
                res_sla * float(rng.uniform(0.1, 0.6)), timedelta(hours=float(rng.uniform(3, 20)))
            )
        desk = titles.DESK[category]
        by_system = category in titles.ALERT_INDICATOR and rng.random() < 0.6
        plan = IncidentPlan(
            opened,
            category,
            severity,
            titles.title(rng, category),
            desk,
            titles.ALERT_INDICATOR[category] if by_system else None,
            by_system,
        )
        if status != "open":
            ack = min(opened + SLA[severity][0] * float(rng.beta(2, 4)), now - timedelta(minutes=1))
            plan.owner = on_shift.owner(rng, desk, ack)
            plan.steps = [Step("acknowledged", ack, titles.claim_message(rng, desk))]
            if status == "escalated":
                dept = titles.pick(rng, titles.ESCALATE_TO[category])
                plan.steps.append(
                    Step(
                        "escalated",
                        ack + (now - ack) * float(rng.uniform(0.2, 0.8)),
                        titles.escalate_message(dept),
                        dept,
                    )
                )
        else:
            plan.owner = on_shift.owner(rng, desk, opened)
        out.append(plan)
    return out
