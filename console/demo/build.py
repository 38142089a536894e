"""Create the realistic demo floor, entirely through the services (so it is audited and on the change feed).

The floor is deterministic for a given ``seed`` and ``now``: every part draws from its own random stream,
so changing how one part is drawn does not reshuffle the others.
"""

from __future__ import annotations

import logging
import time
import zlib
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import func, select

from console.auth import SYSTEM, Actor
from console.db.engine import Database
from console.db.models import Floor, RotaAssignment, Seat, Zone
from console.demo import layout
from console.demo.catalog import INDICATORS
from console.demo.episodes import plan_episodes
from console.demo.history import IncidentPlan, OnShift, plan_incidents
from console.demo.people import DEPARTMENTS, AgentPlan, plan_agents, teams
from console.demo.schedule import RotaRow, attendance_history, plan_leave, rota_entries
from console.demo.series import generate, minute_floor
from console.errors import InvalidInput
from console.floortime import DEFAULT_TZ, utcnow
from console.services import attendance, floor, incidents, indicators, org, rota
from console.services.org import AgentSpec

log = logging.getLogger(__name__)

ADMIN = Actor("demo", "admin")
SUPERVISOR = Actor("supervisor", "supervisor")
SHIFTS = (("M", "Morning", 7), ("E", "Evening", 15), ("N", "Night", 23))


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent random stream per part of the demo."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def has_floor(db: Database) -> bool:
    with db.reading() as s:
        return s.scalar(select(Floor.id).limit(1)) is not None


def actor_of(agent: AgentPlan) -> Actor:
    return Actor(agent.username, "team_lead" if agent.title == "team_lead" else "analyst")


def create_demo_floor(
    db: Database, *, days: int = 30, seed: int = 7, tz_name: str = DEFAULT_TZ, now: datetime | None = None
) -> str:
    """Build the KL risk-operations floor with ``days`` of history up to ``now``; returns a summary line."""
    if days < 1:
        raise InvalidInput(detail=f"days = {days}")
    tz = ZoneInfo(tz_name)
    now = (now or utcnow()).astimezone(UTC).replace(microsecond=0)
    start = now - timedelta(days=days)
    today = now.astimezone(tz).date()
    rota_days = [today - timedelta(days=days - i) for i in range(days + 7)]
    clock = _Clock()

    dept_ids = dict(
        zip(
            [d[0] for d in DEPARTMENTS],
            org.add_departments(db, ADMIN, [(c, n, {"zh_CN": zh}) for c, n, zh in DEPARTMENTS]),
            strict=True,
        )
    )
    team_ids = {t.code: org.add_team(db, ADMIN, t.code, t.name, t.desk) for t in teams()}
    shift_ids = {
        code: rota.add_shift_template(db, ADMIN, code, name, dtime(hour), 480) for code, name, hour in SHIFTS
    }
    floor.create_floor(db, ADMIN, layout.FLOOR_CODE, layout.FLOOR_NAME, tz_name, layout.zone_specs())
    agents = plan_agents(stream(seed, "people"), rota_days[0])
    _hire(db, agents, team_ids)
    clock.lap("organisation")
    _seat(db, agents, shift_ids, rota_days[0])
    leave = plan_leave(stream(seed, "leave"), agents, rota_days, today)
    rota.assign(db, SUPERVISOR, rota_entries(agents, rota_days, leave), tz)
    clock.lap("seating and rota")

    events, worked, _ = attendance_history(
        stream(seed, "attendance"), _rota_rows(db), now, {a.agent_id: a.zone for a in agents}
    )
    by_day: dict[date, list[attendance.Edge]] = defaultdict(list)
    for agent_id, kind, at in events:
        by_day[at.date()].append(attendance.Edge(agent_id, kind, at, source="badge"))
    for day in sorted(by_day):
        attendance.record_many(db, SYSTEM, by_day[day])
    clock.lap(f"attendance ({len(events):,} events)")

    ind_ids = dict(
        zip(
            [i.spec.key for i in INDICATORS],
            indicators.define(db, ADMIN, [i.spec for i in INDICATORS]),
            strict=True,
        )
    )
    episodes = plan_episodes(stream(seed, "episodes"), start, now, tz)
    n = days * 1440
    first = minute_floor(now) - timedelta(minutes=n - 1)
    values = generate(stream(seed, "samples"), first, n, tz, effects=episodes)
    samples = ingest_minutes(db, SYSTEM, ind_ids, first, values)
    clock.lap(f"samples ({samples:,})")

    plans = plan_incidents(stream(seed, "incidents"), episodes, OnShift(agents, worked), start, now)
    _replay(db, plans, ind_ids, dept_ids)
    clock.lap(f"incidents ({len(plans)})")

    with db.reading() as s:
        zones = s.scalar(select(func.count()).select_from(Zone)) or 0
        seats = s.scalar(select(func.count()).select_from(Seat)) or 0
        still_open = sum(incidents.count_by_status(s).get(st, 0) for st in incidents.OPEN_STATUSES)
    return (
        f"{zones} zones, {seats} seats, {len(agents)} agents, {len(INDICATORS)} indicators, "
        f"{samples:,} samples, {len(plans)} incidents ({still_open} open)"
    )


def ingest_minutes(
    db: Database,
    actor: Actor,
    ind_ids: dict[str, int],
    first: datetime,
    values: dict[str, np.ndarray],
    *,
    chunk: int = 1440,
    source: str = "feed",
) -> int:
    """Ingest per-minute series from ``first`` in chunks of a day (one transaction each); NaN is no sample."""
    n = len(next(iter(values.values()))) if values else 0
    total = 0
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        stamps = [first + timedelta(minutes=m) for m in range(lo, hi)]
        rows = []
        for key, series in values.items():
            ind = ind_ids[key]
            part = series[lo:hi]
            rows += [(ind, stamps[j], float(part[j])) for j in np.flatnonzero(~np.isnan(part))]
        total += indicators.ingest(db, actor, rows, source=source)
    return total


class _Clock:
    def __init__(self) -> None:
        self.t = time.perf_counter()

    def lap(self, what: str) -> None:
        now = time.perf_counter()
        log.info("demo: %s in %.1f s", what, now - self.t)
        self.t = now


def _hire(db: Database, agents: list[AgentPlan], team_ids: dict[str, int]) -> None:
    specs = [
        AgentSpec(
            a.employee_no,
            a.person.full_name,
            a.person.display_name,
            team_ids[a.team.code],
            a.title,
            a.employment,
            a.hired_on,
            languages=dict(a.person.languages),
            skills=dict(a.skills),
        )
        for a in agents
    ]
    for a, agent_id in zip(agents, org.add_agents(db, ADMIN, specs), strict=True):
        a.agent_id = agent_id
    from console.identity import login_name

    login = login_name(db)  # the account that builds the floor administers it (and signs in as admin)
    users = [
        ("demo", "Demo administrator", "admin"),  # first: it founds the floor (see unit.check_actor)
        *([(login, "Floor administrator (built the demo)", "admin")] if login != "demo" else []),
        ("supervisor", "On-site supervisor", "supervisor"),
        ("system", "Upstream systems (badges, metrics, alerting)", "system"),
        ("simulator", "Floor simulator", "system"),
        ("wall", "Wall screen", "viewer"),
    ]
    for username, name, role in users:
        org.add_user(db, ADMIN, username, name, role)
    for a in sorted(agents, key=lambda x: x.employee_no):  # leads and seniors work incidents under their name
        if a.title != "analyst":
            org.add_user(db, ADMIN, a.username, a.person.full_name, actor_of(a).role, a.agent_id)


def _seat(db: Database, agents: list[AgentPlan], shift_ids: dict[str, int], valid_from: date) -> None:
    """Each agent gets a seat in their zone on their shift pattern; shifts share seats (hot-desking)."""
    with db.reading() as s:
        seats: dict[str, list[int]] = defaultdict(list)
        for seat_id, zone_code in s.execute(select(Seat.id, Zone.code).join(Zone).order_by(Seat.id)):
            seats[zone_code].append(seat_id)
    taken: dict[tuple[str, str], int] = defaultdict(int)
    for a in sorted(agents, key=lambda x: x.employee_no):
        key = (a.zone, a.team.pattern)
        seat_id = seats[a.zone][taken[key]]
        taken[key] += 1
        floor.assign_seat(db, SUPERVISOR, seat_id, a.agent_id, shift_ids[a.team.pattern], valid_from)


def _rota_rows(db: Database) -> list[RotaRow]:
    with db.reading() as s:
        return [
            RotaRow(r.id, r.agent_id, r.shift_date, r.starts_at, r.ends_at, r.status)
            for r in s.scalars(
                select(RotaAssignment).order_by(RotaAssignment.starts_at, RotaAssignment.agent_id)
            )
        ]


def _replay(
    db: Database, plans: list[IncidentPlan], ind_ids: dict[str, int], dept_ids: dict[str, int]
) -> None:
    """Open and work each planned incident through the services, at the planned moments."""
    with db.reading() as s:
        zone_ids = {code: zid for zid, code in s.execute(select(Zone.id, Zone.code))}
    for plan in plans:
        worker = actor_of(plan.owner) if plan.owner else SUPERVISOR
        inc_id = incidents.open_incident(
            db,
            SYSTEM if plan.by_system else worker,
            title=plan.title,
            category=plan.category,
            severity=plan.severity,
            summary=plan.summary,
            zone_id=zone_ids[plan.desk],
            at=plan.opened_at,
            indicator_id=ind_ids[plan.indicator_key] if plan.indicator_key else None,
        )
        owned = False
        version = 1
        for step in plan.steps:
            owner_id = None
            if step.status == "acknowledged" and not owned and plan.owner is not None:
                owner_id, owned = plan.owner.agent_id, True
            version = incidents.transition(
                db,
                SUPERVISOR if step.status == "closed" else worker,
                inc_id,
                step.status,
                expected_version=version,
                owner_agent_id=owner_id,
                department_id=dept_ids[step.department] if step.department else None,
                message=step.message,
                at=step.at,
            )
