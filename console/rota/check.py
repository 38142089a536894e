"""The rule checker: every rule a rota breaks, for the dock, hand edits, swaps and after generation.

:func:`check` reads plain rows (:class:`~console.rota.model.Shift`), so the same function judges the stored
rota, a generated plan before it is published, and the rota as it would be after a swap. Give it the shifts
of a week or so before the period too: rest, runs of nights and days and the week's count look back across
the period's start, and last night's shift covers this morning's first hours.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from console.rota.model import (
    COVERAGE,
    DAYS,
    LANGUAGE,
    LEAVE_KIND,
    NIGHTS,
    ONE_A_DAY,
    REST,
    SKILL,
    WEEK,
    Agent,
    Rules,
    Shift,
    Template,
    Violation,
)
from console.services.staffing import Requirement, hourly

Key = tuple[str, str | None, str | None]


def check(
    rows: Iterable[Shift],
    agents: Mapping[int, Agent],
    requirements: Sequence[Requirement],
    rules: Rules,
    *,
    templates: Mapping[str, Template],
    tz: ZoneInfo,
    days: Sequence[date] | None = None,
    leave: Mapping[tuple[int, date], str] | None = None,
) -> list[Violation]:
    """Every rule ``rows`` break on ``days`` (all the rows' days when ``None``), agents' rules first, then
    coverage gaps per desk, skill and language, in day order.

    ``leave`` is approved leave beside the rota's own leave rows: ``(agent id, day) -> leave type``.
    """
    rows = [r for r in rows if r.status != "cancelled"]
    period = set(days) if days is not None else {r.day for r in rows}
    out = _agent_rules(rows, rules, templates, tz, leave or {})
    out = [v for v in out if v.day in period]
    if days is not None:
        out += coverage_gaps(rows, agents, requirements, templates, sorted(period))
    out.sort(key=lambda v: (v.day, v.agent_id is None, v.agent_id or 0, v.desk or "", v.hour or 0))
    return out


def _agent_rules(
    rows: list[Shift],
    rules: Rules,
    templates: Mapping[str, Template],
    tz: ZoneInfo,
    leave: Mapping[tuple[int, date], str],
) -> list[Violation]:
    out: list[Violation] = []
    by_agent: dict[int, list[Shift]] = defaultdict(list)
    for r in rows:
        by_agent[r.agent_id].append(r)
    for agent_id, shifts in by_agent.items():
        on_leave = dict(leave)
        per_day: dict[date, list[Shift]] = defaultdict(list)
        for r in shifts:
            per_day[r.day].append(r)
            if r.status == "leave":
                on_leave[(agent_id, r.day)] = r.leave_type or ""
        for day, same in per_day.items():
            if len(same) > 1:
                out.append(
                    Violation(ONE_A_DAY, day, agent_id, detail={"codes": sorted(r.code for r in same)})
                )
        work = sorted((r for r in shifts if r.working), key=lambda r: (r.day, templates[r.code].start))
        for r in work:
            if (agent_id, r.day) in on_leave:
                out.append(
                    Violation(
                        LEAVE_KIND,
                        r.day,
                        agent_id,
                        detail={"code": r.code, "leave_type": on_leave[agent_id, r.day]},
                    )
                )
        out += _rest(agent_id, work, rules, templates, tz)
        out += _runs(agent_id, work, rules, templates)
        out += _weeks(agent_id, work, rules)
    return out


def _rest(
    agent_id: int, work: list[Shift], rules: Rules, templates: Mapping[str, Template], tz: ZoneInfo
) -> list[Violation]:
    out = []
    bounds = [templates[r.code].bounds(r.day, tz) for r in work]
    for i in range(1, len(work)):
        if work[i].day == work[i - 1].day:
            continue  # one a day says it
        rest = (bounds[i][0] - bounds[i - 1][1]).total_seconds() / 3600
        if rest < rules.min_rest_hours:
            detail = {"rest_hours": rest, "code": work[i].code, "min": rules.min_rest_hours}
            out.append(Violation(REST, work[i].day, agent_id, detail=detail))
    return out


def _runs(
    agent_id: int, work: list[Shift], rules: Rules, templates: Mapping[str, Template]
) -> list[Violation]:
    """Runs of consecutive working days and of consecutive nights longer than the rules allow: one
    violation per run, on the first day past the limit."""
    out = []
    worked = sorted({r.day for r in work})
    nights = sorted({r.day for r in work if templates[r.code].is_night})
    for kind, found, limit in (
        (DAYS, worked, rules.max_consecutive_days),
        (NIGHTS, nights, rules.max_consecutive_nights),
    ):
        run: list[date] = []
        for day in found:
            run = run + [day] if run and day - run[-1] == timedelta(days=1) else [day]
            if len(run) == limit + 1:
                out.append(Violation(kind, day, agent_id, detail={"count": limit + 1, "max": limit}))
            elif len(run) > limit + 1:
                out[-1] = Violation(kind, out[-1].day, agent_id, detail={"count": len(run), "max": limit})
    return out


def _weeks(agent_id: int, work: list[Shift], rules: Rules) -> list[Violation]:
    """Shifts per ISO week (Monday to Sunday) above the limit: on the day the count passes it."""
    out = []
    weeks: dict[tuple[int, int], list[date]] = defaultdict(list)
    for day in sorted({r.day for r in work}):
        weeks[day.isocalendar()[:2]].append(day)
    for days in weeks.values():
        if len(days) > rules.max_shifts_per_week:
            detail = {"count": len(days), "max": rules.max_shifts_per_week}
            out.append(Violation(WEEK, days[rules.max_shifts_per_week], agent_id, detail=detail))
    return out


def scheduled_counts(
    rows: Iterable[Shift],
    agents: Mapping[int, Agent],
    keys: Iterable[Key],
    templates: Mapping[str, Template],
    days: Sequence[date],
) -> dict[tuple[Key, date], list[int]]:
    """How many rostered (and working) people count towards each (desk, skill, language) per hour of each
    day in ``days``; shifts starting the day before reach into the first hours."""
    wanted = set(days)
    keys = list(keys)
    counts: dict[tuple[Key, date], list[int]] = {(k, d): [0] * 24 for k in keys for d in days}
    counted: dict[int, list[Key]] = {}
    for r in rows:
        if not r.working or r.agent_id not in agents:
            continue
        if r.agent_id not in counted:
            counted[r.agent_id] = [k for k in keys if agents[r.agent_id].counts_for(*k)]
        mine = counted[r.agent_id]
        if not mine:
            continue
        for day, hour in templates[r.code].hours(r.day):
            if day in wanted:
                for k in mine:
                    counts[k, day][hour] += 1
    return counts


def coverage_gaps(
    rows: Iterable[Shift],
    agents: Mapping[int, Agent],
    requirements: Sequence[Requirement],
    templates: Mapping[str, Template],
    days: Sequence[date],
) -> list[Violation]:
    """Hours a desk (or its skill / language subset) has fewer rostered than required, one violation per
    run of hours with the same shortfall."""
    need = {day: hourly(requirements, day) for day in days}
    keys = {k for per_day in need.values() for k in per_day}
    have = scheduled_counts(rows, agents, keys, templates, days)
    out = []
    for day in days:
        for key, needed in need[day].items():
            got = have[key, day]
            hour = 0
            while hour < 24:
                if got[hour] >= needed[hour]:
                    hour += 1
                    continue
                start = hour
                while hour < 24 and got[hour] == got[start] and needed[hour] == needed[start]:
                    hour += 1
                desk, skill, language = key
                kind = SKILL if skill else LANGUAGE if language else COVERAGE
                detail = {"have": got[start], "need": needed[start], "skill": skill, "language": language}
                out.append(Violation(kind, day, desk=desk, hour=start, hours=hour - start, detail=detail))
    return out
