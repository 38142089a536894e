"""Shift patterns and the rota: templates, assignments, the floor's rota rules, generation (CP-SAT, in
:mod:`console.rota.solver`), publishing a generated rota, and hand edits checked against the rules."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import (
    Agent,
    AttendanceEvent,
    Floor,
    LeaveRequest,
    RotaAssignment,
    RotaRules,
    ShiftSwap,
    ShiftTemplate,
)
from console.desks import desk_of
from console.errors import Conflict, InvalidInput, NotFound
from console.floortime import DEFAULT_TZ, ShiftPattern, utcnow
from console.i18n import QT_TRANSLATE_NOOP
from console.rota import solver
from console.rota.check import check
from console.rota.model import Agent as RotaAgent
from console.rota.model import Rules, Shift, Template, Violation
from console.rota.solver import Plan, Problem
from console.services import staffing
from console.services.unit import unit_of_work
from console.topics import Topic

TOPIC = Topic.ROTA  # what the feed names when this module's tables change (written by the database)


def patterns(s: Session) -> list[ShiftPattern]:
    return [
        ShiftPattern(t.id, t.code, t.name, t.starts_local, t.minutes)
        for t in s.scalars(select(ShiftTemplate).order_by(ShiftTemplate.starts_local))
    ]


def add_shift_template(
    db: Database,
    actor: Actor,
    code: str,
    name: str,
    starts_local: time,
    minutes: int,
    break_minutes: int = 60,
) -> int:
    if not 60 <= minutes <= 16 * 60:
        raise InvalidInput(detail=f"shift length {minutes} min")
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        t = ShiftTemplate(
            code=code, name=name, starts_local=starts_local, minutes=minutes, break_minutes=break_minutes
        )
        unit.session.add(t)
        unit.session.flush()
        unit.audit("rota.add_shift_template", "shift_template", t.id, code=code)
        return t.id


@dataclass(frozen=True)
class RotaEntry:
    agent_id: int
    shift_code: str
    shift_date: date
    status: str = "scheduled"
    leave_type: str | None = None


def assign(db: Database, actor: Actor, entries: list[RotaEntry], tz: ZoneInfo) -> int:
    """Put agents on shifts (one transaction for the batch). An agent works at most one shift a day."""
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        s = unit.session
        by_code = {p.code: p for p in patterns(s)}
        rows = []
        for e in entries:
            pattern = by_code.get(e.shift_code)
            if pattern is None:
                raise NotFound(what="Shift", key=e.shift_code)
            start, end = pattern.bounds(e.shift_date, tz)
            rows.append(
                RotaAssignment(
                    agent_id=e.agent_id,
                    shift_template_id=pattern.id,
                    shift_date=e.shift_date,
                    starts_at=start,
                    ends_at=end,
                    status=e.status,
                    leave_type=e.leave_type,
                )
            )
        keys = {(r.agent_id, r.shift_date) for r in rows}
        if len(keys) != len(rows):
            raise Conflict(what="Rota")
        s.add_all(rows)
        s.flush()
        unit.audit("rota.assign", "rota", None, count=len(rows))
        return len(rows)


def roll_forward(db: Database, actor: Actor, until: date, tz: ZoneInfo) -> int:
    """Extend every agent's rota to ``until`` by repeating their week: on day *d* an agent works the shift
    they worked (or were on leave from) on *d - 7*. This is what a WFM tool publishing a standing rota does.

    Only days after an agent's last rostered day are added, so running it again adds nothing. Returns the
    number of shifts added.
    """
    with db.reading() as s:
        last: dict[int, date] = {
            agent: day
            for agent, day in s.execute(
                select(RotaAssignment.agent_id, func.max(RotaAssignment.shift_date)).group_by(
                    RotaAssignment.agent_id
                )
            )
        }
        if not last:
            return 0
        oldest = min(last.values()) - timedelta(days=7)
        codes = {t.id: t.code for t in s.scalars(select(ShiftTemplate))}
        worked = {
            (agent, day): codes[template]
            for agent, day, template in s.execute(
                select(
                    RotaAssignment.agent_id, RotaAssignment.shift_date, RotaAssignment.shift_template_id
                ).where(RotaAssignment.shift_date >= oldest, RotaAssignment.status != "cancelled")
            )
        }
    entries = []
    for agent, last_day in last.items():
        day = last_day + timedelta(days=1)
        while day <= until:
            code = worked.get((agent, day - timedelta(days=7)))
            if code is not None:
                worked[(agent, day)] = code
                entries.append(RotaEntry(agent, code, day))
            day += timedelta(days=1)
    return assign(db, actor, entries, tz) if entries else 0


# --- The rota as the checker and the generator see it ------------------------------------------------------

CONTEXT_DAYS = 14  # shifts read before a period: rest, runs of nights and days, the week's count
USUAL_DAYS = 28  # an agent's usual template: the one they worked most in these days before the period

RULE_BROKEN = QT_TRANSLATE_NOOP(
    "Errors", "This change breaks the rota's rules ({rules}); give a reason to make it anyway."
)
SWAP_BROKEN = QT_TRANSLATE_NOOP("Errors", "The swap would break the rota's rules: {rules}.")
BAD_RULE = QT_TRANSLATE_NOOP("Errors", "Rota rule {name}: {value} is out of range ({low}–{high}).")
NO_PERIOD = QT_TRANSLATE_NOOP("Errors", "A rota is generated for 1 to 12 weeks (got {weeks}).")
STARTED = QT_TRANSLATE_NOOP("Errors", "The {code} shift of {day} has started: it cannot be changed.")
ON_LEAVE = QT_TRANSLATE_NOOP("Errors", "{day} is a leave day on the rota: change the leave, not the shift.")


class RulesBroken(InvalidInput):
    """A change that breaks rota rules, refused (with the violations it would make)."""

    def __init__(self, violations: Sequence[Violation], text: str = RULE_BROKEN) -> None:
        self.violations = list(violations)
        super().__init__(text, rules="; ".join(v.describe() for v in violations))


def templates(s: Session) -> dict[str, Template]:
    return {
        t.code: Template(t.id, t.code, t.starts_local, t.minutes)
        for t in s.scalars(select(ShiftTemplate).order_by(ShiftTemplate.starts_local, ShiftTemplate.id))
    }


def floor_tz(s: Session) -> ZoneInfo:
    return ZoneInfo(s.scalar(select(Floor.timezone).order_by(Floor.id).limit(1)) or DEFAULT_TZ)


def _floor_id(s: Session) -> int | None:
    return s.scalar(select(Floor.id).order_by(Floor.id).limit(1))


RULE_LIMITS = {
    "min_rest_hours": (0.0, 24.0),
    "max_consecutive_nights": (1, 14),
    "max_consecutive_days": (1, 14),
    "max_shifts_per_week": (1, 7),
}


def rules(s: Session) -> Rules:
    """The floor's rota rules (the defaults where it has none stored)."""
    row = s.get(RotaRules, _floor_id(s)) if _floor_id(s) is not None else None
    if row is None:
        return Rules()
    return Rules(
        row.min_rest_hours, row.max_consecutive_nights, row.max_consecutive_days, row.max_shifts_per_week
    )


def set_rules(db: Database, actor: Actor, **changes: float) -> Rules:
    """Change some of the floor's rota rules (names as :class:`Rules`); audited before → after."""
    for name, value in changes.items():
        if name not in RULE_LIMITS:
            raise InvalidInput(detail=f"unknown rota rule {name}")
        low, high = RULE_LIMITS[name]
        if not low <= value <= high:
            raise InvalidInput(BAD_RULE, name=name, value=value, low=low, high=high)
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        s = unit.session
        floor_id = _floor_id(s)
        if floor_id is None:
            raise NotFound(what="Floor", key="")
        before = rules(s)
        values = before.as_dict()
        values.update({k: (float(v) if k == "min_rest_hours" else int(v)) for k, v in changes.items()})
        after = Rules(**values)
        row = s.get(RotaRules, floor_id)
        if row is None:
            row = RotaRules(floor_id=floor_id)
            s.add(row)
        for k, v in after.as_dict().items():
            setattr(row, k, v)
        unit.audit("rota.rules", "floor", floor_id, before=before.as_dict(), after=after.as_dict())
        return after


def leave_days(s: Session, first: date, last: date) -> dict[tuple[int, date], str]:
    """Approved leave from ``first`` to ``last``: the rota's leave rows, and approved leave requests.

    The one place leave is read for the rota: the checker, the generator, hand edits and swaps all call it.
    """
    out: dict[tuple[int, date], str] = {}
    for agent_id, day, kind in s.execute(
        select(RotaAssignment.agent_id, RotaAssignment.shift_date, RotaAssignment.leave_type).where(
            RotaAssignment.shift_date.between(first, last), RotaAssignment.status == "leave"
        )
    ):
        out[agent_id, day] = kind or ""
    for agent_id, day, kind in leave_request_days(s, first, last):
        out.setdefault((agent_id, day), kind)
    return out


def leave_request_days(s: Session, first: date, last: date) -> list[tuple[int, date, str]]:
    """Approved ``leave_requests`` days from ``first`` to ``last`` as (agent id, day, leave type).

    An approved request already marks the rota rows it covers as leave (:mod:`console.services.leave`), but
    it also covers days with no row yet: the weeks a generated rota is about to fill.
    """
    out: list[tuple[int, date, str]] = []
    for agent_id, kind, start, end in s.execute(
        select(
            LeaveRequest.agent_id, LeaveRequest.leave_type, LeaveRequest.first_day, LeaveRequest.last_day
        ).where(
            LeaveRequest.status == "approved", LeaveRequest.first_day <= last, LeaveRequest.last_day >= first
        )
    ):
        day = max(start, first)
        while day <= min(end, last):
            out.append((agent_id, day, kind))
            day += timedelta(days=1)
    return out


def _usual(s: Session, first: date) -> dict[int, str]:
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    codes = {t.id: t.code for t in s.scalars(select(ShiftTemplate))}
    for agent_id, template_id in s.execute(
        select(RotaAssignment.agent_id, RotaAssignment.shift_template_id).where(
            RotaAssignment.shift_date.between(first - timedelta(days=USUAL_DAYS), first - timedelta(days=1)),
            RotaAssignment.status != "cancelled",
        )
    ):
        counts[agent_id][codes[template_id]] += 1
    if not counts:  # nothing before: what they are rostered on in the period itself
        for agent_id, template_id in s.execute(
            select(RotaAssignment.agent_id, RotaAssignment.shift_template_id).where(
                RotaAssignment.shift_date >= first, RotaAssignment.status != "cancelled"
            )
        ):
            counts[agent_id][codes[template_id]] += 1
    return {a: c.most_common(1)[0][0] for a, c in counts.items()}


def agents(s: Session, first: date | None = None) -> dict[int, RotaAgent]:
    """Active agents as the rota sees them: desk (the team's primary skill; team leads at the lead desk),
    skills, languages and their usual template before ``first``."""
    usual = _usual(s, first) if first is not None else {}
    out = {}
    for a in s.scalars(
        select(Agent)
        .where(Agent.active.is_(True))
        .options(selectinload(Agent.team), selectinload(Agent.skills), selectinload(Agent.languages))
        .order_by(Agent.team_id, Agent.title.desc(), Agent.display_name)
    ):
        desk = desk_of(a.title, a.team.primary_skill)
        out[a.id] = RotaAgent(
            a.id,
            a.display_name,
            desk,
            a.team.code,
            frozenset(k.skill for k in a.skills),
            frozenset(lang.language for lang in a.languages),
            usual.get(a.id),
        )
    return out


def shifts(s: Session, first: date, last: date) -> list[Shift]:
    """The rota's rows from ``first`` to ``last`` (cancelled ones left out)."""
    codes = {t.id: t.code for t in s.scalars(select(ShiftTemplate))}
    return [
        Shift(r.agent_id, r.shift_date, codes[r.shift_template_id], r.status, r.leave_type, r.id)
        for r in s.scalars(
            select(RotaAssignment).where(
                RotaAssignment.shift_date.between(first, last), RotaAssignment.status != "cancelled"
            )
        )
    ]


def problem(s: Session, first: date, weeks: int, now: datetime | None = None) -> Problem:
    """What generating ``weeks`` weeks from ``first`` must respect, read from the floor."""
    if not 1 <= weeks <= 12:
        raise InvalidInput(NO_PERIOD, weeks=weeks)
    now = now or utcnow()
    days = [first + timedelta(days=i) for i in range(weeks * 7)]
    tz = floor_tz(s)
    rows = shifts(s, first - timedelta(days=CONTEXT_DAYS), days[-1])
    by_code = templates(s)
    fixed = {
        (r.agent_id, r.day): r.code
        for r in rows
        if r.day >= first and r.working and by_code[r.code].bounds(r.day, tz)[0] <= now
    }
    context = [r for r in rows if r.day < first or r.status == "leave"]
    return Problem(
        agents=list(agents(s, first).values()),
        templates=list(by_code.values()),
        days=days,
        requirements=staffing.requirements(s),
        rules=rules(s),
        tz=tz,
        context=context,
        leave=leave_days(s, first, days[-1]),
        fixed=fixed,
        not_before=now,
    )


def generate(
    db: Database,
    first: date,
    weeks: int,
    *,
    now: datetime | None = None,
    time_limit: float = 20.0,
    fairness: bool = True,
    stop: Callable[[], bool] | None = None,
) -> Plan:
    """A rota for ``weeks`` weeks from ``first`` (not stored: :func:`publish` stores it)."""
    with db.reading() as s:
        p = problem(s, first, weeks, now)
    return solver.generate(p, time_limit=time_limit, fairness=fairness, stop=stop)


def check_period(db: Database, first: date, last: date) -> list[Violation]:
    """Every rule the stored rota breaks from ``first`` to ``last``."""
    with db.reading() as s:
        return _check(s, shifts(s, first - timedelta(days=CONTEXT_DAYS), last), first, last)


def _check(s: Session, rows: Sequence[Shift], first: date, last: date) -> list[Violation]:
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return check(
        rows,
        agents(s),
        staffing.requirements(s),
        rules(s),
        templates=templates(s),
        tz=floor_tz(s),
        days=days,
        leave=leave_days(s, first - timedelta(days=CONTEXT_DAYS), last),
    )


def publish(db: Database, actor: Actor, plan: Plan, *, now: datetime | None = None) -> dict[str, int]:
    """Store a generated rota for its period, in one transaction, audited.

    The period's scheduled rows that have not started are replaced by the plan's: kept where the plan has
    the same shift, moved to the plan's template where it differs, deleted where the plan has none; leave
    rows and shifts that have started are never touched (nor a row someone has clocked in against). Open
    swaps naming a row that changed are cancelled. Returns the counts: added, changed, removed, kept.
    """
    now = now or utcnow()
    counts = {"added": 0, "changed": 0, "removed": 0, "kept": 0, "swaps_cancelled": 0}
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        s = unit.session
        tz = floor_tz(s)
        by_code = templates(s)
        wanted = {(r.agent_id, r.day): r.code for r in plan.shifts}
        existing = {
            (r.agent_id, r.shift_date): r
            for r in s.scalars(
                select(RotaAssignment).where(RotaAssignment.shift_date.between(plan.first, plan.last))
            )
        }
        clocked = set(
            s.scalars(
                select(AttendanceEvent.rota_assignment_id).where(
                    AttendanceEvent.rota_assignment_id.in_([r.id for r in existing.values()])
                )
            )
        )
        moves: list[tuple[RotaAssignment, str | None]] = []
        for key, row in existing.items():
            if row.status == "leave" or row.starts_at <= now or row.id in clocked:
                continue
            code = wanted.get(key)
            if row.status == "scheduled" and code == by_code_of(by_code, row.shift_template_id):
                counts["kept"] += 1
                continue
            if code is not None and by_code[code].bounds(row.shift_date, tz)[0] <= now:
                counts["kept"] += 1  # the plan moves it to a shift that has begun: too late, keep it
                continue
            moves.append((row, code))
        if moves:  # first, while the swaps still name the rows
            counts["swaps_cancelled"] = swaps_cancel_for_rows(s, [row.id for row, _ in moves], actor, now)
        for row, code in moves:
            if code is None:
                s.delete(row)
                counts["removed"] += 1
            else:
                t = by_code[code]
                row.shift_template_id = t.id
                row.starts_at, row.ends_at = t.bounds(row.shift_date, tz)
                row.status, row.leave_type = "scheduled", None
                counts["changed"] += 1
        for (agent_id, day), code in wanted.items():
            if (agent_id, day) in existing:
                continue
            t = by_code[code]
            start, end = t.bounds(day, tz)
            if start <= now:
                continue
            s.add(
                RotaAssignment(
                    agent_id=agent_id,
                    shift_template_id=t.id,
                    shift_date=day,
                    starts_at=start,
                    ends_at=end,
                    status="scheduled",
                )
            )
            counts["added"] += 1
        s.flush()
        unit.audit(
            "rota.publish",
            "rota",
            None,
            first=plan.first.isoformat(),
            last=plan.last.isoformat(),
            status=plan.status,
            unmet=len(plan.unmet),
            fairness=plan.summary().get("all"),
            **counts,
        )
    return counts


def by_code_of(by_code: Mapping[str, Template], template_id: int) -> str | None:
    return next((c for c, t in by_code.items() if t.id == template_id), None)


def swaps_cancel_for_rows(s: Session, row_ids: Sequence[int], actor: Actor, now: datetime) -> int:
    """Cancel the open swaps that name any of these rota rows (the rota they were asked against is gone)."""
    n = 0
    for sw in s.scalars(
        select(ShiftSwap).where(
            ShiftSwap.status.in_(("requested", "accepted")),
            (ShiftSwap.requester_row_id.in_(row_ids)) | (ShiftSwap.counterpart_row_id.in_(row_ids)),
        )
    ):
        sw.status, sw.decided_by, sw.decided_at = "cancelled", actor.username, now
        sw.reason = "rota republished"
        n += 1
    return n


def set_shift(
    db: Database,
    actor: Actor,
    agent_id: int,
    day: date,
    code: str | None,
    *,
    reason: str = "",
    now: datetime | None = None,
) -> list[Violation]:
    """Put one agent on ``code`` on ``day`` (``None``: take them off). Audited.

    The rota as it would be is checked first: a change that breaks a rule the rota did not already break
    there is refused (:class:`RulesBroken`, naming the rules) unless ``reason`` is given, which goes into
    the audit record with the violations. Returns the violations the agent's change leaves (for the UI).
    """
    now = now or utcnow()
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        s = unit.session
        tz = floor_tz(s)
        by_code = templates(s)
        if code is not None and code not in by_code:
            raise NotFound(what="Shift", key=code)
        row = s.scalar(
            select(RotaAssignment).where(
                RotaAssignment.agent_id == agent_id, RotaAssignment.shift_date == day
            )
        )
        if s.get(Agent, agent_id) is None:
            raise NotFound(what="Agent", key=agent_id)
        if row is not None and row.status == "leave":
            raise InvalidInput(ON_LEAVE, day=day.isoformat())
        if row is not None and row.starts_at <= now and row.status == "scheduled":
            raise InvalidInput(STARTED, code=by_code_of(by_code, row.shift_template_id), day=day.isoformat())
        if code is not None and by_code[code].bounds(day, tz)[0] <= now:
            raise InvalidInput(STARTED, code=code, day=day.isoformat())
        first, last = day - timedelta(days=7), day + timedelta(days=7)
        rows = shifts(s, first - timedelta(days=CONTEXT_DAYS), last)
        before = _check(s, rows, first, last)
        after_rows = [r for r in rows if not (r.agent_id == agent_id and r.day == day)]
        if code is not None:
            after_rows.append(Shift(agent_id, day, code))
        after = _check(s, after_rows, first, last)
        new = _new_violations(before, after, agent_id, day)
        if new and not reason.strip():
            raise RulesBroken(new)
        old_code = by_code_of(by_code, row.shift_template_id) if row is not None else None
        if code is None:
            if row is not None:
                swaps_cancel_for_rows(s, [row.id], actor, now)
                s.delete(row)
        else:
            t = by_code[code]
            start, end = t.bounds(day, tz)
            if row is None:
                s.add(
                    RotaAssignment(
                        agent_id=agent_id,
                        shift_template_id=t.id,
                        shift_date=day,
                        starts_at=start,
                        ends_at=end,
                        status="scheduled",
                    )
                )
            else:
                swaps_cancel_for_rows(s, [row.id], actor, now)
                row.shift_template_id, row.starts_at, row.ends_at = t.id, start, end
                row.status, row.leave_type = "scheduled", None
        unit.audit(
            "rota.set_shift",
            "agent",
            agent_id,
            day=day.isoformat(),
            before=old_code,
            after=code,
            reason=reason.strip() or None,
            violations=[v.describe() for v in new] or None,
        )
    return [
        v
        for v in after
        if v.agent_id == agent_id or v.agent_id is None and v.day in (day, day + timedelta(days=1))
    ]


def _new_violations(
    before: Sequence[Violation], after: Sequence[Violation], agent_id: int, day: date
) -> list[Violation]:
    """What a change to one agent-day breaks that was not broken before: the agent's own rules, and
    coverage gaps that grew on the day or the next (a night reaches into it)."""

    def key(v: Violation) -> tuple[object, ...]:
        return (v.kind, v.day, v.agent_id, v.detail.get("count"))

    def hours(v: Violation) -> list[tuple[object, ...]]:
        what = (v.desk, v.detail.get("skill"), v.detail.get("language"), v.day)
        return [(*what, h) for h in range(v.hour or 0, (v.hour or 0) + v.hours)]

    seen = {key(v) for v in before if v.agent_id is not None}
    short_before = {h: v.detail["have"] for v in before if v.agent_id is None for h in hours(v)}
    out = []
    for v in after:
        if v.agent_id is not None:
            if v.agent_id == agent_id and key(v) not in seen:
                out.append(v)
        elif v.day in (day, day + timedelta(days=1)) and any(
            short_before.get(h, v.detail["need"]) > v.detail["have"] for h in hours(v)
        ):
            out.append(v)
    return out


def stored_plan(db: Database, first: date, weeks: int) -> Plan:
    """The stored rota for a period as a plan (its coverage gaps and fairness), for ``rota fairness`` and the
    dock."""
    with db.reading() as s:
        p = problem(s, first, weeks, now=datetime.combine(first, time(0), tzinfo=UTC))
        rows = [r for r in shifts(s, first, p.days[-1]) if r.working]
    plan = Plan(list(p.days), rows, "STORED", 0.0, float("nan"), fairness_on=False)
    solver.finish(plan, p)
    return plan


def agent_by_employee_no(s: Session, employee_no: str) -> int:
    found = s.scalar(select(Agent.id).where(Agent.employee_no == employee_no.upper()))
    if found is None:
        raise NotFound(what="Agent", key=employee_no)
    return found


def row_id(s: Session, agent_id: int, day: date) -> int:
    found = s.scalar(
        select(RotaAssignment.id).where(RotaAssignment.agent_id == agent_id, RotaAssignment.shift_date == day)
    )
    if found is None:
        raise NotFound(what="Shift", key=f"{agent_id} {day.isoformat()}")
    return found
