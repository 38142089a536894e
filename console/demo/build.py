"""Create the realistic demo floor, entirely through the services (so it is audited and on the change feed).

The floor is deterministic for a given ``seed`` and ``now``: every part draws from its own random stream,
so changing how one part is drawn does not reshuffle the others.

A build is all or nothing: every service call joins one transaction (:meth:`Database.all_or_nothing`),
committed only at the end, so a build stopped half-way (an error, a cancel, Ctrl+C, a killed process)
leaves the database as it found it. Its last write records in the audit log that the demo built the floor
(:data:`DEMO_BUILT`): ``demo --reset`` replaces only such a floor.
"""

from __future__ import annotations

import contextlib
import logging
import zlib
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from console.auth import SYSTEM, Actor, Perm
from console.db.engine import Database
from console.db.models import AuditEntry, Base, Floor, Incident, RotaAssignment, Seat, Zone
from console.demo import discipline, layout, leave_demo
from console.demo.catalog import INDICATORS
from console.demo.episodes import plan_episodes
from console.demo.history import IncidentPlan, OnShift, plan_incidents
from console.demo.people import DEPARTMENTS, AgentPlan, plan_agents, teams
from console.demo.progress import BUILD_STEPS, RESET_STEPS, ProgressCallback, StepClock
from console.demo.schedule import RotaRow, attendance_history, plan_leave, rota_entries
from console.demo.series import generate, minute_floor
from console.errors import Cancelled, FloorExists, InvalidInput, NotDemoFloor
from console.floortime import DEFAULT_TZ, utcnow
from console.services import (
    attendance,
    breaks,
    floor,
    handover,
    incidents,
    indicators,
    org,
    reviews,
    rota,
    rules,
    shiftlog,
    staffing,
    swaps,
)
from console.services.org import AgentSpec
from console.services.unit import unit_of_work

log = logging.getLogger(__name__)

ADMIN = Actor("demo", "admin")
SUPERVISOR = Actor("supervisor", "supervisor")
# (code, name, starting hour, minutes): the three 8-hour shifts everyone works today, and the 12-hour day
# and night a rota may put 12-hour people on (the rota's generator and checker handle both).
SHIFTS = (
    ("M", "Morning", 7, 480),
    ("E", "Evening", 15, 480),
    ("N", "Night", 23, 480),
    ("D12", "Day (12 h)", 7, 720),
    ("N12", "Night (12 h)", 19, 720),
)
# The audit entry a build writes last, naming the floor it built; and the one a reset writes first.
DEMO_BUILT = "demo.build"
DEMO_CLEARED = "demo.clear"
# Two builds at once on PostgreSQL queue on this lock (SQLite's BEGIN IMMEDIATE does the same there).
BUILD_LOCK_KEY = zlib.crc32(b"watchfloor demo build")
# What a reset keeps: the append-only audit log and the feed (with their settings), how long indicator history
# is kept, and the roles the schema itself provides. Every other table is the floor's.
KEPT_TABLES = frozenset({"audit_log", "change_feed", "feed_settings", "history_retention", "roles"})
INCIDENTS_PER_REPORT = 10


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent random stream per part of the demo."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def has_floor(db: Database) -> bool:
    with db.reading() as s:
        return s.scalar(select(Floor.id).limit(1)) is not None


def is_demo_floor(db: Database) -> bool:
    """Whether the database has a floor and the demo built every floor in it (as the audit log says)."""
    with db.reading() as s:
        return _demo_built(s)


def _demo_built(s: Session) -> bool:
    floor_ids = list(s.scalars(select(Floor.id)))
    if not floor_ids:
        return False
    for floor_id in floor_ids:
        # The newest record of this floor id being made: the demo's mark, unless a floor was made since.
        newest = s.scalar(
            select(AuditEntry.action)
            .where(
                AuditEntry.entity == "floor",
                AuditEntry.entity_id == str(floor_id),
                AuditEntry.action.in_([DEMO_BUILT, "floor.create"]),
            )
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
        if newest != DEMO_BUILT:
            return False
    return True


def actor_of(agent: AgentPlan) -> Actor:
    return Actor(agent.username, "team_lead" if agent.title == "team_lead" else "analyst")


def create_demo_floor(
    db: Database,
    *,
    days: int = 30,
    seed: int = 7,
    tz_name: str = DEFAULT_TZ,
    now: datetime | None = None,
    progress: ProgressCallback | None = None,
    replace: bool = False,
) -> str:
    """Build the KL risk-operations floor with ``days`` of history up to ``now``; returns a summary line.

    All or nothing, in one transaction. ``progress`` hears of each step as it goes (on this thread); raising
    from it (:class:`Cancelled`) stops the build and nothing is written. With ``replace``, a floor the demo
    built before is deleted in the same transaction (the audit log is kept: it is append-only).

    Raises:
        FloorExists: the database has a floor (and ``replace`` is not given).
        NotDemoFloor: ``replace`` is given and the floor there was not built by the demo.
    """
    if days < 1:
        raise InvalidInput(detail=f"days = {days}")
    steps = StepClock(progress, RESET_STEPS if replace else BUILD_STEPS)
    with db.all_or_nothing() as tx:
        _claim(tx, replace=replace, steps=steps)
        summary = _build(tx, days=days, seed=seed, tz_name=tz_name, now=now, steps=steps)
        steps.begin("saving", 0)
    _empty_wal(db)
    log.info("demo: %s in %.1f s", summary, steps.elapsed())
    with contextlib.suppress(Cancelled):  # committed: a cancel that comes now is too late to matter
        steps.finish()
    return summary


def _empty_wal(db: Database) -> None:
    """The build was one transaction, so SQLite's write-ahead log grew to the floor's size (80 MB for 30
    days). It is all in the database file by now: empty the log rather than keep it on disk while the
    console runs (if a reader holds it, it is left for SQLite to reuse)."""
    if db.is_sqlite:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _claim(tx: Database, *, replace: bool, steps: StepClock) -> None:
    """Take the build lock, then refuse a database with a floor, or (``replace``) clear a demo floor."""
    with tx.reading() as s:
        if tx.kind == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": BUILD_LOCK_KEY})
        # (On SQLite the first statement began the transaction with BEGIN IMMEDIATE: the file's write lock.)
        found = s.scalar(select(Floor.id).limit(1)) is not None
        if found and not replace:
            raise FloorExists(where=tx.describe())
        if found and not _demo_built(s):
            raise NotDemoFloor(where=tx.describe())
    if replace:
        _clear(tx, steps)


def _clear(tx: Database, steps: StepClock) -> None:
    """Empty every table of the floor (children first); the feed records the deletions like any others."""
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in KEPT_TABLES]
    steps.begin("clearing", len(tables))
    with unit_of_work(tx, ADMIN, Perm.MANAGE_FLOOR) as unit:
        rows = {}
        for n, table in enumerate(tables, 1):
            rows[table.name] = unit.session.connection().execute(delete(table)).rowcount
            steps.advance(n)
        unit.audit(DEMO_CLEARED, "floor", None, rows={k: v for k, v in rows.items() if v})
    steps.finish()


def _build(
    db: Database, *, days: int, seed: int, tz_name: str, now: datetime | None, steps: StepClock
) -> str:
    tz = ZoneInfo(tz_name)
    now = (now or utcnow()).astimezone(UTC).replace(microsecond=0)
    start = now - timedelta(days=days)
    today = now.astimezone(tz).date()
    rota_days = [today - timedelta(days=days - i) for i in range(days + 7)]
    agents = plan_agents(stream(seed, "people"), rota_days[0])

    steps.begin("organisation", len(agents))
    dept_ids = dict(
        zip(
            [d[0] for d in DEPARTMENTS],
            org.add_departments(db, ADMIN, [(c, n, {"zh_CN": zh}) for c, n, zh in DEPARTMENTS]),
            strict=True,
        )
    )
    team_ids = {t.code: org.add_team(db, ADMIN, t.code, t.name, t.desk) for t in teams()}
    shift_ids = {
        # Breaks: 60 minutes in an 8-hour shift, 90 in a 12-hour one.
        code: rota.add_shift_template(db, ADMIN, code, name, dtime(hour), minutes, break_minutes=minutes // 8)
        for code, name, hour, minutes in SHIFTS
    }
    floor_id = floor.create_floor(
        db, ADMIN, layout.FLOOR_CODE, layout.FLOOR_NAME, tz_name, layout.zone_specs()
    )
    for desk, from_hour, to_hour, count, skill, language in layout.REQUIREMENTS:
        staffing.set_requirement(db, ADMIN, desk, from_hour, to_hour, count, skill=skill, language=language)
    _hire(db, agents, team_ids)
    steps.finish()

    leave = plan_leave(stream(seed, "leave"), agents, rota_days, today)
    entries = rota_entries(agents, rota_days, leave)
    steps.begin("rota", len(entries))
    _seat(db, agents, shift_ids, rota_days[0])
    rota.assign(db, SUPERVISOR, entries, tz)
    steps.finish()

    rota_rows = _rota_rows(db)
    planned_breaks: list[tuple[int, int, datetime, int]] = []
    events, worked, _ = attendance_history(
        stream(seed, "attendance"), rota_rows, now, {a.agent_id: a.zone for a in agents}, planned_breaks
    )
    events = discipline.stage(events, rota_rows, now)  # a 37-minute break, a missed clock-out
    steps.begin("attendance", len(events))
    by_day: dict[date, list[attendance.Edge]] = defaultdict(list)
    for agent_id, kind, at in events:
        by_day[at.date()].append(attendance.Edge(agent_id, kind, at, source="badge"))
    recorded = 0
    for day in sorted(by_day):
        recorded += len(attendance.record_many(db, SYSTEM, by_day[day]))
        steps.advance(recorded)
    leave_demo.add_leave_requests(db, SUPERVISOR, stream(seed, "leave_requests"), agents, leave, today)
    leave_demo.note_late_arrivals(db, SUPERVISOR, stream(seed, "late_notes"))
    discipline.build_queue(db, stream(seed, "discipline"), now, days, SUPERVISOR)
    breaks.store_plans(db, SUPERVISOR, planned_breaks, now)  # the team leads' plans the breaks followed
    steps.finish()

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
    samples = ingest_minutes(db, SYSTEM, ind_ids, first, values, steps=steps)

    plans = plan_incidents(stream(seed, "incidents"), episodes, OnShift(agents, worked), start, now)
    steps.begin("incidents", len(plans))
    _replay(db, plans, ind_ids, dept_ids, steps)
    steps.finish()

    logged = _shift_logs(db, agents, now)
    _example_rules(db, now)
    _swap_requests(db, agents, now)

    with db.reading() as s:
        zones = s.scalar(select(func.count()).select_from(Zone)) or 0
        seats = s.scalar(select(func.count()).select_from(Seat)) or 0
        still_open = sum(incidents.count_by_status(s).get(st, 0) for st in incidents.OPEN_STATUSES)
    with unit_of_work(db, ADMIN, Perm.MANAGE_FLOOR) as unit:  # last: the mark of a whole demo floor
        unit.audit(
            DEMO_BUILT, "floor", floor_id, code=layout.FLOOR_CODE, days=days, seed=seed, samples=samples
        )
    return (
        f"{zones} zones, {seats} seats, {len(agents)} agents, {len(INDICATORS)} indicators, "
        f"{samples:,} samples, {len(plans)} incidents ({still_open} open), {logged} shift log entries"
    )


# Rules a risk floor would start from, defined but disabled: the simulator (standing in for upstream alerting)
# already opens incidents for its waves, so these would double them. Backtest one over the demo's 30 days
# (``watchfloor rules backtest N``: 9, 5, 13, 23 and 0 firings with seed 7) or enable it to watch it work.
EXAMPLE_RULES = (
    ("ato.failed_logins", "threshold", {"value": 3000, "clear": 2500, "for_s": 180}, 1, "ato_wave",
     "Failed logins over 3,000/min for 3 minutes"),
    ("wd.new_address_share", "rate", {"change": 0.5, "window_s": 600}, 2, "withdrawal_anomaly",
     "Withdrawals to new addresses up 50 % in 10 minutes"),
    ("kyc.doc_fraud_suspects", "seasonal", {"weeks": 4, "factor": 8, "floor": 1, "for_s": 1200}, 2,
     "kyc_fraud_ring", "KYC document-fraud suspects far above the same hour of past weeks"),
    ("aml.sanction_hits", "anomaly", {"window_s": 10800, "score": 0.999999}, 2, "aml_spike",
     "Sanctions screening hits: anomaly"),
    ("fiat.chargebacks", "absence", {"intervals": 5}, 2, "feed_failure",
     "Card-processor chargeback feed silent"),
)  # fmt: skip


def _swap_requests(db: Database, agents: list[AgentPlan], now: datetime) -> None:
    """Three senior analysts ask for swaps in the coming days, as a floor always has a few waiting: one
    their colleague has agreed to (for the supervisor to approve), one not answered yet, one shift offered
    to anyone on the desk."""
    seniors = [a for a in sorted(agents, key=lambda x: x.employee_no) if a.title == "senior_analyst"]
    with db.reading() as s:
        rows = {
            (agent_id, day): rid
            for rid, agent_id, day in s.execute(
                select(RotaAssignment.id, RotaAssignment.agent_id, RotaAssignment.shift_date).where(
                    RotaAssignment.status == "scheduled", RotaAssignment.starts_at > now + timedelta(days=1)
                )
            )
        }
    notes = ("Family wedding", "Medical appointment", "Offering my shift: exam that week")
    made = 0
    for a in seniors:
        if made == len(notes):
            break
        mine = next(((d, rid) for (agent, d), rid in sorted(rows.items()) if agent == a.agent_id), None)
        if mine is None:
            continue
        day, rid = mine
        if made == 2:  # an open offer
            swaps.request(db, actor_of(a), rid, None, note=notes[made], now=now)
            made += 1
            continue
        mates = [m for m in agents if m.team == a.team and m is not a and m.title == "analyst"]
        theirs = next(
            (
                (m, rows[m.agent_id, d])
                for m in mates
                for d in (day + timedelta(days=1), day + timedelta(days=2))
                if (m.agent_id, d) in rows and (m.agent_id, day) not in rows and (a.agent_id, d) not in rows
            ),
            None,
        )
        if theirs is None:
            continue
        swap_id = swaps.request(db, actor_of(a), rid, theirs[1], note=notes[made], now=now)
        if made == 0:
            swaps.accept(db, SUPERVISOR, swap_id)  # the colleague said yes (entered by the supervisor)
        made += 1


def _example_rules(db: Database, now: datetime) -> None:
    for key, kind, params, severity, category, name in EXAMPLE_RULES:
        rid = rules.add_rule(
            db,
            SUPERVISOR,
            indicator_key=key,
            kind=kind,
            params=dict(params),
            severity=severity,
            category=category,
            name=name,
            cooldown_s=3600,
            at=now,
        )
        rules.set_enabled(db, SUPERVISOR, rid, False)


# What supervisors note during a shift, in the order a shift goes: (minutes into the shift, text). "{ref}"
# links the entry to an incident of that shift, when it had one.
LOG_LINES = (
    (25, "Briefing done: queue at {backlog} worked incidents; watching withdrawals to new addresses."),
    (150, "{ref}: asked Compliance for an STR decision; they acknowledged, answer due within the hour."),
    (290, "Staggered the second breaks on the ATO desk: two Mandarin speakers kept on the desk."),
    (430, "Quiet last hour; handover notes in the brief. {ref} owner briefed the incoming lead."),
)
LOG_SHIFTS = 6  # the shifts before the running one that have a log and a signed handover


def _shift_logs(db: Database, agents: list[AgentPlan], now: datetime) -> int:
    """The last shifts' logs and their handovers (prepared by the supervisor near the end, signed off by the
    incoming team lead), and the running shift's first entries. Returns the entries written."""
    leads = [actor_of(a) for a in agents if a.title == "team_lead"]
    if not leads:
        return 0
    with db.reading() as s:
        running = handover.shift_for(s, now)
        slots = [running]
        for _ in range(LOG_SHIFTS):
            slots.append(handover.shift_for(s, slots[-1].starts_at, previous=True))
    written = 0
    for n, slot in enumerate(reversed(slots)):
        with db.reading() as s:
            first = s.execute(
                select(Incident.ref)
                .where(Incident.opened_at >= slot.starts_at, Incident.opened_at < slot.ends_at)
                .order_by(Incident.severity, Incident.opened_at)
                .limit(1)
            ).first()
            backlog = s.scalar(
                select(func.count())
                .select_from(Incident)
                .where(
                    Incident.opened_at < slot.starts_at,
                    (Incident.resolved_at.is_(None)) | (Incident.resolved_at > slot.starts_at),
                )
            )
        ref = first[0] if first else None
        for minutes, line in LOG_LINES:
            at = slot.starts_at + timedelta(minutes=minutes)
            if at > now or ("{ref}" in line and ref is None):
                continue
            shiftlog.add_entry(
                db,
                SUPERVISOR,
                line.format(ref=ref, backlog=backlog or 0),
                incident_ref=ref if "{ref}" in line else None,
                at=at,
            )
            written += 1
        if slot is running:
            break
        handover_id = handover.prepare(db, SUPERVISOR, at=slot.ends_at - timedelta(minutes=10))
        lead = leads[n % len(leads)]
        handover.sign_off(
            db,
            lead,
            handover_id,
            note="Read with the outgoing supervisor.",
            at=slot.ends_at + timedelta(minutes=5),
        )
    return written


def ingest_minutes(
    db: Database,
    actor: Actor,
    ind_ids: dict[str, int],
    first: datetime,
    values: dict[str, np.ndarray],
    *,
    source: str = "feed",
    steps: StepClock | None = None,
) -> int:
    """Ingest per-minute series from ``first`` in bulk, one indicator at a time; NaN is no sample."""
    counts = {key: int(np.count_nonzero(~np.isnan(series))) for key, series in values.items()}
    total = sum(counts.values())
    if steps:
        steps.begin("samples", total)
    done = 0
    for key, series in values.items():
        done += indicators.ingest_series(db, actor, {ind_ids[key]: series}, first, source=source)
        if steps:
            steps.advance(done)
    if steps:
        steps.finish(done)
    return done


def badge_no(employee_no: str) -> str:
    """The demo's badge numbers: numeric, as a ZKTeco reader's user ids are (KL0101 -> 100101)."""
    return "10" + "".join(c for c in employee_no if c.isdigit())


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
            badge_no=badge_no(a.employee_no),
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


# The root cause a demo review names for each incident category.
DEMO_ROOT_CAUSES = {
    "ato_wave": "account_takeover",
    "withdrawal_anomaly": "rule_gap",
    "fraud_wave": "fraud_ring",
    "kyc_fraud_ring": "fraud_ring",
    "aml_spike": "rule_gap",
    "p2p_scam": "fraud_ring",
    "tooling_outage": "tooling_failure",
    "feed_failure": "vendor_upstream",
    "policy_breach": "insider",
}


def _write_review(db: Database, inc_id: int, plan: IncidentPlan, closing_at: datetime) -> None:
    """The post-incident review a P1/P2 needs before it is closed: a summary and a root cause."""
    reviews.save_review(
        db,
        SUPERVISOR,
        inc_id,
        reviews.ReviewForm(
            summary=f"{plan.title}. {plan.summary}",
            impact="Contained by the floor; see the timeline.",
            root_cause=DEMO_ROOT_CAUSES.get(plan.category, "other"),
        ),
        expected_version=None,
        at=closing_at - timedelta(minutes=10),
    )


def _replay(
    db: Database,
    plans: list[IncidentPlan],
    ind_ids: dict[str, int],
    dept_ids: dict[str, int],
    steps: StepClock,
) -> None:
    """Open and work each planned incident through the services, at the planned moments."""
    with db.reading() as s:
        zone_ids = {code: zid for zid, code in s.execute(select(Zone.id, Zone.code))}
    for n, plan in enumerate(plans):
        if n % INCIDENTS_PER_REPORT == 0:
            steps.advance(n)
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
            if step.status == "closed" and plan.severity in reviews.REQUIRED_FOR:
                _write_review(db, inc_id, plan, step.at)  # a P1/P2 is closed only after its review
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
