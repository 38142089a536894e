"""The rota generator and the rule checker on plain data (no database): property tests on small floors.

A floor is built from a rota known to keep every rule (each agent on one template, four days a week, never
more than two in a row), and its requirements are drawn at or below what that rota covers, so they are
satisfiable: the generator must then meet them all and break no rule. Requirements above the desk's
headcount cannot be met: the generator must still keep every agent rule and report exactly the gaps the
checker finds.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.rota.check import check, coverage_gaps, scheduled_counts
from console.rota.model import AGENT_KINDS, NIGHTS, REST, Agent, Rules, Shift, Template
from console.rota.solver import Problem, generate, roll_forward_plan
from console.services.staffing import Requirement

TZ = ZoneInfo("Asia/Kuala_Lumpur")
EIGHT = [Template(1, "M", time(7), 480), Template(2, "E", time(15), 480), Template(3, "N", time(23), 480)]
TWELVE = [Template(4, "D12", time(7), 720), Template(5, "N12", time(19), 720)]
ALL = {t.code: t for t in EIGHT + TWELVE}


def test_a_night_is_a_shift_reaching_into_midnight_to_five() -> None:
    assert [t.code for t in EIGHT + TWELVE if t.is_night] == ["N", "N12"]
    assert ALL["N12"].crosses_midnight
    assert not ALL["D12"].crosses_midnight
    assert Template(9, "L", time(1), 240).is_night  # 01:00-05:00
    assert not Template(9, "X", time(5), 240).is_night  # from 05:00


def test_a_12_hour_night_at_a_month_end_covers_the_next_months_first_hours() -> None:
    hours = ALL["N12"].hours(date(2027, 1, 31))
    assert hours[:5] == [(date(2027, 1, 31), h) for h in range(19, 24)]
    assert hours[5:] == [(date(2027, 2, 1), h) for h in range(7)]
    start, end = ALL["N12"].bounds(date(2027, 2, 28), TZ)
    assert (start.isoformat(), end.isoformat()) == ("2027-02-28T11:00:00+00:00", "2027-02-28T23:00:00+00:00")


def _req(n: int, desk: str, start: int, end: int, count: int, language: str | None = None) -> Requirement:
    return Requirement(n, 1, desk, start, end, 127, None, language, count)


def test_the_checker_finds_rest_nights_days_week_leave_and_coverage() -> None:
    a = Agent(1, "Ana", "ato", languages=frozenset({"zh"}))
    d0 = date(2027, 1, 4)  # a Monday
    rows = [Shift(1, d0, "E"), Shift(1, d0 + timedelta(days=1), "M")]  # 8 h rest
    rows += [Shift(1, d0 + timedelta(days=i), "N") for i in range(2, 8)]  # six nights in a row, 7 days
    rows.append(Shift(1, d0 + timedelta(days=9), "D12"))
    leave = {(1, d0 + timedelta(days=9)): "annual"}
    reqs = [_req(1, "ato", 7, 15, 1), _req(2, "ato", 23, 7, 2, "zh")]
    days = [d0 + timedelta(days=i) for i in range(10)]
    found = check(rows, {1: a}, reqs, Rules(), templates=ALL, tz=TZ, days=days, leave=leave)
    kinds = {(v.kind, v.day) for v in found if v.agent_id}
    assert (REST, d0 + timedelta(days=1)) in kinds
    assert (NIGHTS, d0 + timedelta(days=6)) in kinds  # the fifth night
    assert ("days", d0 + timedelta(days=6)) in kinds  # the seventh day
    assert ("week", d0 + timedelta(days=5)) in kinds  # the sixth shift of the ISO week
    assert ("leave", d0 + timedelta(days=9)) in kinds
    gaps = [v for v in found if v.kind == "language"]
    assert gaps
    assert all(v.detail["need"] == 2 and v.detail["have"] <= 1 for v in gaps)
    assert all(v.describe() for v in found)


def _standing(agents: list[Agent], start: date, days: int, offset: dict[int, int]) -> list[Shift]:
    """Each agent on their usual template, two days on, one off, two on, two off: never more than two in
    a row, so it keeps every rule whatever the template (five nights in a row would not)."""
    return [
        Shift(a.id, start + timedelta(days=i), a.usual or "M")
        for a in agents
        for i in range(days)
        if ((start + timedelta(days=i)).toordinal() - offset[a.id]) % 7 in (0, 1, 3, 4)
    ]


@st.composite
def floors(draw: st.DrawFn, satisfiable: bool) -> Problem:
    n = draw(st.integers(6, 12))
    weeks = draw(st.integers(1, 2))
    twelve = draw(st.booleans())
    codes = ["D12", "N12"] if twelve else ["M", "E", "N"]
    agents = [
        Agent(
            i,
            f"A{i}",
            "ato" if i % 3 else "kyc",
            languages=frozenset({"zh"}) if draw(st.booleans()) else frozenset(),
            usual=codes[i % len(codes)],
        )
        for i in range(1, n + 1)
    ]
    first = date(2027, 1, 25) + timedelta(days=draw(st.integers(0, 6)))  # a month end inside the period
    offset = {a.id: draw(st.integers(0, 6)) for a in agents}
    context = _standing(agents, first - timedelta(days=14), 14, offset)
    days = [first + timedelta(days=i) for i in range(weeks * 7)]
    leave: dict[tuple[int, date], str] = {}
    for a in agents:
        if draw(st.integers(0, 4)) == 0:
            leave[a.id, days[draw(st.integers(0, len(days) - 1))]] = "annual"
    templates = TWELVE if twelve else EIGHT
    by_code = {t.code: t for t in templates}
    if satisfiable:
        # What the standing rota gives each desk, less the leave, at its thinnest hour of each shift:
        # requirements at or below that are met by that rota, so they are satisfiable.
        standing = [
            s for s in _standing(agents, days[0], len(days), offset) if (s.agent_id, s.day) not in leave
        ]
        standing += [s for s in context]
        got = scheduled_counts(
            standing, {a.id: a for a in agents}, [("ato", None, None), ("kyc", None, None)], by_code, days
        )
        reqs = []
        for k, desk in enumerate(("ato", "kyc")):
            for j, (start, end) in enumerate(
                ((7, 15), (15, 23), (23, 7)) if not twelve else ((7, 19), (19, 7))
            ):
                hours = [h % 24 for h in range(start, end if end > start else end + 24)]
                least = min(got[(desk, None, None), d][h] for d in days for h in hours)
                reqs.append(_req(10 * k + j, desk, start, end, draw(st.integers(0, least))))
    else:
        reqs = [_req(1, "ato", 7, 15, n + 1), _req(2, "kyc", 23, 7, 1, "zh")]
    return Problem(agents, templates, days, reqs, Rules(), TZ, context=context, leave=leave)


def _agent_violations(p: Problem, shifts: list[Shift]) -> list[object]:
    found = check(
        [*p.context, *shifts],
        {a.id: a for a in p.agents},
        p.requirements,
        p.rules,
        templates={t.code: t for t in p.templates},
        tz=p.tz,
        days=p.days,
        leave=p.leave,
    )
    return [v for v in found if v.kind in AGENT_KINDS]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(floors(satisfiable=True))
def test_a_generated_rota_keeps_every_rule_and_meets_satisfiable_coverage(p: Problem) -> None:
    plan = generate(p, time_limit=5, workers=2)
    assert plan.status in ("OPTIMAL", "FEASIBLE")
    assert _agent_violations(p, plan.shifts) == []
    assert all((s.agent_id, s.day) not in p.leave for s in plan.shifts)
    assert plan.unmet == [], [v.describe() for v in plan.unmet]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(floors(satisfiable=False))
def test_unmet_coverage_is_reported_not_failed(p: Problem) -> None:
    plan = generate(p, time_limit=5, workers=2)
    assert plan.status in ("OPTIMAL", "FEASIBLE")
    assert _agent_violations(p, plan.shifts) == []
    assert plan.unmet
    agents = {a.id: a for a in p.agents}
    by_code = {t.code: t for t in p.templates}
    gaps = coverage_gaps([*p.context, *plan.shifts], agents, p.requirements, by_code, p.days)
    assert [v.describe() for v in plan.unmet] == [v.describe() for v in gaps]
    assert any(v.desk == "ato" and v.detail["need"] == len(p.agents) + 1 for v in plan.unmet)


def test_fairness_spreads_nights_the_standing_rota_piles_on_a_few() -> None:
    agents = [Agent(i, f"A{i}", "ato", usual="MEN"[i % 3]) for i in range(1, 13)]
    first = date(2027, 3, 1)
    offset = {a.id: a.id % 7 for a in agents}
    context = _standing(agents, first - timedelta(days=14), 14, offset)
    reqs = [_req(1, "ato", 7, 15, 3), _req(2, "ato", 15, 23, 2), _req(3, "ato", 23, 7, 2)]
    days = [first + timedelta(days=i) for i in range(14)]
    p = Problem(agents, EIGHT, days, reqs, Rules(), TZ, context=context)
    fair = generate(p, time_limit=8)
    base = roll_forward_plan(p)
    spread = lambda plan: max(r.nights for r in plan.fairness) - min(r.nights for r in plan.fairness)  # noqa: E731
    assert [v for v in fair.unmet if v.day > first] == []  # the first hours follow the night before
    assert spread(fair) <= 2 < spread(base)
    assert _agent_violations(p, fair.shifts) == []


def test_started_shifts_stay_and_leave_is_never_worked() -> None:
    agents = [Agent(i, f"A{i}", "ato", usual="M") for i in range(1, 7)]
    first = date(2027, 3, 1)
    days = [first + timedelta(days=i) for i in range(7)]
    p = Problem(
        agents,
        EIGHT,
        days,
        [_req(1, "ato", 7, 15, 6)],
        Rules(),
        TZ,
        leave={(1, first): "sick"},
        fixed={(2, first): "E"},
    )
    plan = generate(p, time_limit=5)
    got = {(s.agent_id, s.day): s.code for s in plan.shifts}
    assert (1, first) not in got
    assert got[2, first] == "E"
    # Six needed every morning from six people working five days a week: short every week, and on the
    # first day at most four (one on leave, one kept on the evening).
    assert any(v.day == first and v.hour == 7 and v.detail["have"] <= 4 for v in plan.unmet)


@pytest.mark.parametrize("rest", [11.0, 16.0])
def test_rest_from_the_shift_before_the_period(rest: float) -> None:
    agents = [Agent(1, "A1", "ato", usual="M")]
    first = date(2027, 3, 1)
    context = [Shift(1, first - timedelta(days=1), "E")]  # ends 23:00: 8 h before 07:00
    p = Problem(
        agents, EIGHT, [first], [_req(1, "ato", 7, 15, 1)], Rules(min_rest_hours=rest), TZ, context=context
    )
    plan = generate(p, time_limit=5)
    assert (1, first, "M") not in {(s.agent_id, s.day, s.code) for s in plan.shifts}
    assert plan.unmet


@pytest.mark.parametrize(
    ("local", "codes", "expected"),
    [
        ("2027-01-31T08:00", "M E N D12 N12", "M"),
        ("2027-01-31T20:00", "M E N D12 N12", "E"),
        ("2027-02-01T02:00", "M E N D12 N12", "N"),  # the night of 31 January, past the month's end
        ("2027-02-01T06:59", "M E N D12 N12", "N"),
        ("2027-01-31T20:00", "D12 N12", "N12"),
        ("2027-02-01T06:59", "D12 N12", "N12"),
    ],
)
def test_the_running_shift_is_the_shortest_covering_one(local: str, codes: str, expected: str) -> None:
    from datetime import datetime

    from console.floortime import ShiftPattern, shift_at

    patterns = [
        ShiftPattern(t.id, t.code, t.code, t.start, t.minutes)
        for t in ALL.values()
        if t.code in codes.split()
    ]
    slot = shift_at(patterns, datetime.fromisoformat(local).replace(tzinfo=TZ), TZ)
    assert slot is not None
    assert slot.pattern.code == expected
