"""Rota generation with OR-Tools CP-SAT: N weeks of shifts that keep the floor's rules and cover its desks.

One boolean ``x[agent, day, template]`` per agent, day of the period and template the agent may work (their
usual template's length: 8-hour people get 8-hour templates, 12-hour people 12-hour ones; no habit, any).

Hard: one shift a day; rest between shifts (pairs of templates on consecutive days closer than the rule,
and the last shift before the period); no shift on approved leave; runs of nights and of working days;
shifts per ISO week (counting the week's shifts before the period); shifts already started are kept.

Coverage is soft (a shortfall per missing person-hour), so an impossible requirement is reported as unmet
rather than making the whole problem infeasible, and it comes first: the model is solved for coverage
alone, then, holding that coverage, for the rest: each agent works their week's share (the weekly maximum
less leave), nights and weekend shifts stay within a band around each agent's even share of their desk's,
and agents keep their usual template.

Hours are grouped into segments where both the requirement and the templates covering them stay the same,
so a day is a handful of coverage constraints, not 24.
"""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from statistics import mean
from typing import Any
from zoneinfo import ZoneInfo

from console.rota.check import Key, coverage_gaps
from console.rota.model import Agent, Rules, Shift, Template, Violation
from console.services.staffing import Requirement, hourly

# Objective weights. Coverage is worth far more than anything else: a person-hour missing costs more than
# all the unfairness a desk's week can hold (at 1,000 the solver was seen trading a night's gap for
# fairness on the demo floor).
W_COVERAGE = 20000
W_SHARE = 60
W_SPREAD = 20
W_DEVIATION = 4
W_PATTERN = 2
# The period is solved a week at a time per desk (the weeks before it as context): a week's model proves
# optimal or nearly in a second, where four weeks at once did not settle in 20 s.
# A desk whose agents × days stay within WHOLE_LIMIT is solved in one piece.
CHUNK_DAYS = 7
WHOLE_LIMIT = 600


@dataclass(frozen=True)
class FairnessRow:
    agent_id: int
    name: str
    desk: str
    shifts: int
    nights: int
    weekends: int


@dataclass
class Plan:
    """A generated rota, not yet published."""

    days: list[date]
    shifts: list[Shift]
    status: str
    seconds: float
    objective: float
    unmet: list[Violation] = field(default_factory=list)
    fairness: list[FairnessRow] = field(default_factory=list)
    fairness_on: bool = True

    @property
    def first(self) -> date:
        return self.days[0]

    @property
    def last(self) -> date:
        return self.days[-1]

    def summary(self) -> dict[str, Any]:
        """Min / max / mean of nights, weekends and shifts per agent, over the floor and per desk."""
        out: dict[str, Any] = {}
        groups: dict[str, list[FairnessRow]] = defaultdict(list)
        for row in self.fairness:
            groups[""].append(row)
            groups[row.desk].append(row)
        for name, rows in sorted(groups.items()):
            out[name or "all"] = {
                what: (
                    min(getattr(r, what) for r in rows),
                    max(getattr(r, what) for r in rows),
                    round(mean(getattr(r, what) for r in rows), 2),
                )
                for what in ("shifts", "nights", "weekends")
            }
        return out


@dataclass(frozen=True)
class Problem:
    """Everything a generation needs, read from the floor (or made up by a test)."""

    agents: Sequence[Agent]
    templates: Sequence[Template]
    days: Sequence[date]
    requirements: Sequence[Requirement]
    rules: Rules
    tz: ZoneInfo
    # Stored rows: the week or so before the period (rest, runs, the week's count, last night's coverage)
    # and, inside it, leave rows and shifts that have started (kept as they are).
    context: Sequence[Shift] = ()
    leave: Mapping[tuple[int, date], str] = field(default_factory=dict)
    # Shifts inside the period that must stay (started already): (agent, day) -> template code.
    fixed: Mapping[tuple[int, date], str] = field(default_factory=dict)
    # Nothing new may start before this moment (UTC): the shifts of today that have begun are history.
    not_before: datetime | None = None


def allowed_templates(agent: Agent, templates: Sequence[Template]) -> list[Template]:
    """The templates an agent may be put on: those as long as their usual one (any, without a habit)."""
    usual = next((t for t in templates if t.code == agent.usual), None)
    if usual is None:
        return list(templates)
    return [t for t in templates if t.minutes == usual.minutes]


def generate(
    problem: Problem,
    *,
    time_limit: float = 20.0,
    workers: int = 2,
    fairness: bool = True,
    seed: int = 0,
    stop: Callable[[], bool] | None = None,
) -> Plan:
    """Solve; returns the best plan found within ``time_limit`` seconds (``status`` says how good).

    Desks are independent (an agent works one desk, a requirement is one desk's), so each desk is its own
    model, solved in turn with a share of the time by its number of agents (time a desk leaves unused goes
    to the next). A large desk is solved a week at a time, each week with the weeks before as context.
    """
    started = clock.perf_counter()
    desks: dict[str, list[Agent]] = defaultdict(list)
    for a in problem.agents:
        desks[a.desk].append(a)
    all_days = list(problem.days)
    units_left = sum(len(m) * len(_chunks(len(m), all_days)) for m in desks.values())
    shifts: list[Shift] = []
    statuses: list[str] = []
    objective = 0.0
    for desk in sorted(desks, key=lambda d: len(desks[d])):  # small first: their unused time goes on
        members = desks[desk]
        ids = {a.id for a in members}
        whole = Problem(
            agents=members,
            templates=problem.templates,
            days=all_days,
            requirements=[r for r in problem.requirements if r.zone_code == desk],
            rules=problem.rules,
            tz=problem.tz,
            context=[r for r in problem.context if r.agent_id in ids],
            leave={k: v for k, v in problem.leave.items() if k[0] in ids},
            fixed={k: v for k, v in problem.fixed.items() if k[0] in ids},
        )
        ideal = _ideals(whole)
        planned: list[Shift] = []
        chunks = _chunks(len(members), all_days)
        for chunk in chunks:
            remaining = time_limit - (clock.perf_counter() - started)
            budget = max(0.3, remaining * len(members) / units_left)
            if len(chunks) == 1:  # a small desk in one piece: proving it optimal takes a moment, then stops
                budget = max(budget, min(remaining * 0.3, 5.0))
            units_left -= len(members)
            goals = _goals(whole, ideal, planned, chunk) if fairness else None
            sub = replace(whole, days=chunk, context=[*whole.context, *planned])
            found, status, value = _solve(sub, budget, workers, goals, seed, stop)
            planned += found
            statuses.append(status)
            objective += value
            if stop is not None and stop():
                break
        shifts += planned
        if stop is not None and stop():
            break
    shifts.sort(key=lambda s: (s.day, s.agent_id))
    rank = ["OPTIMAL", "FEASIBLE", "UNKNOWN", "INFEASIBLE", "MODEL_INVALID"]
    plan = Plan(
        days=list(problem.days),
        shifts=shifts,
        status=max(statuses, key=lambda s: rank.index(s) if s in rank else len(rank)),
        seconds=clock.perf_counter() - started,
        objective=objective,
        fairness_on=fairness,
    )
    finish(plan, problem)
    return plan


def _chunks(agents: int, days: list[date]) -> list[list[date]]:
    """The period in one piece for a small desk, else a week at a time."""
    if agents * len(days) <= WHOLE_LIMIT:
        return [days]
    return [days[i : i + CHUNK_DAYS] for i in range(0, len(days), CHUNK_DAYS)]


def _solve(
    p: Problem,
    time_limit: float,
    workers: int,
    goals: Mapping[int, list[tuple[str, int, float]]] | None,
    seed: int,
    stop: Callable[[], bool] | None,
) -> tuple[list[Shift], str, float]:
    """One desk's model: its shifts, the solver's status and objective.

    With fairness (``goals``) it solves twice: first the coverage alone (quick to prove), then everything
    else while holding that coverage, from the first solution. One objective with a large weight on
    coverage sometimes left gaps when time ran short on a busy machine, and got to fair nights later.
    """
    from ortools.sat.python import cp_model

    days = list(p.days)
    first, n = days[0], len(days)
    by_code = {t.code: t for t in p.templates}
    m = cp_model.CpModel()

    leave_days = {(r.agent_id, r.day) for r in p.context if r.status == "leave"} | set(p.leave)
    before = [r for r in p.context if r.working and r.day < first]
    x: dict[tuple[int, int, str], Any] = {}
    allowed: dict[int, list[Template]] = {}
    for a in p.agents:
        allowed[a.id] = allowed_templates(a, p.templates)
        for i, d in enumerate(days):
            fixed = p.fixed.get((a.id, d))
            for t in allowed[a.id]:
                var = m.new_bool_var(f"x{a.id}_{i}_{t.code}")
                x[a.id, i, t.code] = var
                late = p.not_before is not None and t.bounds(d, p.tz)[0] < p.not_before
                if (
                    (a.id, d) in leave_days
                    or (fixed is not None and fixed != t.code)
                    or (late and fixed is None)
                ):
                    m.add(var == 0)
                elif fixed == t.code:
                    m.add(var == 1)
            m.add_at_most_one(x[a.id, i, t.code] for t in allowed[a.id])

    # Rest: template pairs on day i and i + k closer than the rule (k = 1, 2: nothing is longer than a day).
    rest = timedelta(hours=p.rules.min_rest_hours)
    bounds = {(i, t.code): t.bounds(d, p.tz) for i, d in enumerate(days) for t in p.templates}
    for a in p.agents:
        mine = allowed[a.id]
        for i in range(n):
            for t in mine:
                end = bounds[i, t.code][1]
                for k in (1, 2):
                    if i + k >= n:
                        break
                    clash = [x[a.id, i + k, u.code] for u in mine if bounds[i + k, u.code][0] - end < rest]
                    if clash:
                        m.add(x[a.id, i, t.code] + sum(clash) <= 1)
    last_end: dict[int, datetime] = {}
    for r in before:
        end = by_code[r.code].bounds(r.day, p.tz)[1]
        last_end[r.agent_id] = max(last_end.get(r.agent_id, end), end)
    for a in p.agents:
        if a.id in last_end:
            for i in range(min(n, 2)):
                for t in allowed[a.id]:
                    if bounds[i, t.code][0] - last_end[a.id] < rest:
                        m.add(x[a.id, i, t.code] == 0)

    # Runs of working days and nights, and the week's count, looking back before the period.
    worked_before = {(r.agent_id, r.day) for r in before}
    night_before = {(r.agent_id, r.day) for r in before if by_code[r.code].is_night}

    def work(a: Agent, i: int) -> Any:
        return sum(x[a.id, i, t.code] for t in allowed[a.id])

    def night(a: Agent, i: int) -> Any:
        return sum(x[a.id, i, t.code] for t in allowed[a.id] if t.is_night)

    for a in p.agents:
        for limit, count_of, seen in (
            (p.rules.max_consecutive_days, work, worked_before),
            (p.rules.max_consecutive_nights, night, night_before),
        ):
            for end_i in range(n):
                start_i = end_i - limit
                inside = [count_of(a, i) for i in range(max(0, start_i), end_i + 1)]
                earlier = sum(1 for k in range(start_i, 0) if (a.id, first + timedelta(days=k)) in seen)
                if len(inside) + earlier > limit:
                    m.add(sum(inside) <= limit - earlier)
    weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, d in enumerate(days):
        weeks[d.isocalendar()[:2]].append(i)
    short_share = []
    for a in p.agents:
        for (year, week), idx in weeks.items():
            earlier = sum(1 for r in before if r.agent_id == a.id and r.day.isocalendar()[:2] == (year, week))
            cap = max(0, p.rules.max_shifts_per_week - earlier)
            total = sum(work(a, i) for i in idx)
            m.add(total <= cap)
            away = sum(1 for i in idx if (a.id, days[i]) in leave_days)
            target = min(cap, round(p.rules.max_shifts_per_week * len(idx) / 7)) - away
            if target > 0:
                under = m.new_int_var(0, target, f"u{a.id}_{year}_{week}")
                m.add(under >= target - total)
                short_share.append(under)

    unmet_vars = _coverage(m, p, days, x, allowed, before)

    coverage = sum(hours * v for hours, v in unmet_vars)
    base = W_COVERAGE * coverage + W_SHARE * sum(short_share)
    base += W_PATTERN * sum(
        x[a.id, i, t.code]
        for a in p.agents
        if a.usual
        for i in range(n)
        for t in allowed[a.id]
        if t.code != a.usual
    )
    _hint(m, p, days, x, allowed)
    m.minimize(base if goals is None else coverage)
    started = clock.perf_counter()
    solver = _solver(time_limit * (0.5 if goals is not None else 1.0), workers, seed)
    status = _run(solver, m, stop)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], name, float("nan")
    values = {key: solver.value(var) for key, var in x.items()}
    value = solver.objective_value
    if goals is not None and not (stop is not None and stop()):
        # Second, holding the coverage found, the rest, from that solution.
        m.add(coverage <= round(value))
        m.minimize(base + _fairness(m, p, days, x, allowed, goals))
        m.clear_hints()
        for key, var in x.items():
            m.add_hint(var, values[key])
        again = _solver(max(0.2, time_limit - (clock.perf_counter() - started)), workers, seed)
        status = _run(again, m, stop)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = {key: again.value(var) for key, var in x.items()}
            value, name = again.objective_value, again.status_name(status)
    shifts = [Shift(agent_id, days[i], code) for (agent_id, i, code), v in values.items() if v]
    return shifts, name, value


def _solver(seconds: float, workers: int, seed: int) -> Any:
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_search_workers = workers
    solver.parameters.random_seed = seed
    return solver


def _run(solver: Any, m: Any, stop: Callable[[], bool] | None) -> Any:
    return solver.solve(m, _Stopper(stop)) if stop is not None else solver.solve(m)


def finish(plan: Plan, p: Problem) -> None:
    """Fill the plan's unmet coverage (the checker's, on the plan with the rows before it) and fairness."""
    ctx = [r for r in p.context if r.day < plan.first or r.status != "scheduled"]
    agents = {a.id: a for a in p.agents}
    by_code = {t.code: t for t in p.templates}
    plan.unmet = coverage_gaps([*ctx, *plan.shifts], agents, p.requirements, by_code, plan.days)
    nights: dict[int, int] = defaultdict(int)
    weekends: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    for s in plan.shifts:
        total[s.agent_id] += 1
        nights[s.agent_id] += by_code[s.code].is_night
        weekends[s.agent_id] += s.day.weekday() >= 5
    plan.fairness = [
        FairnessRow(a.id, a.name, a.desk, total[a.id], nights[a.id], weekends[a.id]) for a in p.agents
    ]


def _coverage(
    m: Any,
    p: Problem,
    days: list[date],
    x: Mapping[tuple[int, int, str], Any],
    allowed: Mapping[int, list[Template]],
    before: Sequence[Shift],
) -> list[tuple[int, Any]]:
    """Coverage constraints per segment of hours; returns (hours, shortfall variable) pairs."""
    first, n = days[0], len(days)
    cover: dict[str, list[tuple[int, int]]] = {
        t.code: [((d - first).days, h) for d, h in t.hours(first)] for t in p.templates
    }  # template -> (days after its start day, hour) covered
    by_slot: dict[int, list[tuple[int, str]]] = defaultdict(list)  # hour of day -> (days back, template)
    for code, slots in cover.items():
        for back, hour in slots:
            by_slot[hour].append((back, code))
    keys: set[Key] = set()
    need = {d: hourly(p.requirements, d) for d in days}
    for per_day in need.values():
        keys |= set(per_day)
    eligible = {k: [a for a in p.agents if a.counts_for(*k)] for k in keys}
    by_code = {t.code: t for t in p.templates}
    ctx_count: dict[tuple[Key, date, int], int] = defaultdict(int)
    agents = {a.id: a for a in p.agents}
    for r in before:
        a = agents.get(r.agent_id)
        if a is None:
            continue
        for d, h in by_code[r.code].hours(r.day):
            if d >= first:
                for k in keys:
                    if a.counts_for(*k):
                        ctx_count[k, d, h] += 1
    out = []
    for i, d in enumerate(days):
        per_key = need[d]
        hour = 0
        while hour < 24:
            start = hour
            sig = _signature(per_key, by_slot, hour)
            while hour < 24 and _signature(per_key, by_slot, hour) == sig:
                hour += 1
            length = hour - start
            for k, counts in per_key.items():
                needed = counts[start]
                if needed <= 0:
                    continue
                terms = [
                    x[a.id, i - back, code]
                    for back, code in by_slot[start]
                    if 0 <= i - back < n
                    for a in eligible[k]
                    if (a.id, i - back, code) in x
                ]
                have = min(ctx_count[k, d, h] for h in range(start, hour))
                short = m.new_int_var(0, needed, f"s{i}_{start}_{'_'.join(str(v) for v in k)}")
                m.add(sum(terms) + have + short >= needed)
                out.append((length, short))
    return out


def _signature(
    per_key: Mapping[Key, list[int]], by_slot: Mapping[int, list[tuple[int, str]]], hour: int
) -> tuple[Any, ...]:
    """What decides an hour's coverage constraints: every key's need and the shifts that reach it."""
    return (tuple(c[hour] for c in per_key.values()), frozenset(by_slot[hour]))


def _ideals(p: Problem) -> dict[int, tuple[float, float]]:
    """Each agent's even share over the whole period: (nights, weekend shifts).

    Nights: the desk's headcount at 02:00 every day, shared among its agents by the days they are not on
    leave. Weekends: the weekly share of shifts (max per week / 7) of each weekend day they are there.
    """
    leave_days = {(r.agent_id, r.day) for r in p.context if r.status == "leave"} | set(p.leave)
    night_need = 0
    for d in p.days:
        for (_desk, skill, language), counts in hourly(p.requirements, d).items():
            if skill is None and language is None:
                night_need += counts[2]
    present = {a.id: sum(1 for d in p.days if (a.id, d) not in leave_days) for a in p.agents}
    total = sum(present.values()) or 1
    share = p.rules.max_shifts_per_week / 7
    out = {}
    for a in p.agents:
        weekend_days = sum(1 for d in p.days if d.weekday() >= 5 and (a.id, d) not in leave_days)
        out[a.id] = (night_need * present[a.id] / total, share * weekend_days)
    return out


def _goals(
    p: Problem, ideal: Mapping[int, tuple[float, float]], planned: Sequence[Shift], chunk: Sequence[date]
) -> dict[int, list[tuple[str, int, float]]]:
    """For a chunk of the period: per agent, (what, counted so far, share due by the chunk's end)."""
    by_code = {t.code: t for t in p.templates}
    done = (chunk[-1] - p.days[0]).days + 1
    fraction = done / len(p.days)
    nights: dict[int, int] = defaultdict(int)
    weekends: dict[int, int] = defaultdict(int)
    for s in planned:
        nights[s.agent_id] += by_code[s.code].is_night
        weekends[s.agent_id] += s.day.weekday() >= 5
    return {
        a.id: [
            ("n", nights[a.id], ideal[a.id][0] * fraction),
            ("w", weekends[a.id], ideal[a.id][1] * fraction),
        ]
        for a in p.agents
    }


def _fairness(
    m: Any,
    p: Problem,
    days: list[date],
    x: Mapping[tuple[int, int, str], Any],
    allowed: Mapping[int, list[Template]],
    goals: Mapping[int, list[tuple[str, int, float]]],
) -> Any:
    """Each agent's nights and weekend shifts so far kept within a band around their even share (floor
    and ceiling of it): each one outside costs. The bounds are fixed before solving, which keeps the model
    linear and quick to tighten (a max - min objective over four weeks at once did not settle in 20 s)."""
    weekend = [i for i, d in enumerate(days) if d.weekday() >= 5]
    n = len(days)
    terms = []
    for a in p.agents:
        counted = {
            "n": sum(x[a.id, i, t.code] for i in range(n) for t in allowed[a.id] if t.is_night),
            "w": sum(x[a.id, i, t.code] for i in weekend for t in allowed[a.id]),
        }
        for what, prior, due in goals[a.id]:
            lo, hi = int(due), int(due) + 1
            over = m.new_int_var(0, prior + n, f"{what}o{a.id}")
            under = m.new_int_var(0, n + hi, f"{what}u{a.id}")
            m.add(prior + counted[what] <= hi + over)
            m.add(prior + counted[what] >= lo - under)
            terms += [over, under]
    return W_SPREAD * sum(terms)


def _hint(
    m: Any,
    p: Problem,
    days: list[date],
    x: Mapping[tuple[int, int, str], Any],
    allowed: Mapping[int, list[Template]],
) -> None:
    """Start the search from the standing rota: each agent's shift of seven days earlier (as roll_forward)."""
    known = {(r.agent_id, r.day): r.code for r in p.context if r.working}
    for d in days:
        for a in p.agents:
            code = known.get((a.id, d - timedelta(days=7)))
            if code is not None:
                known[a.id, d] = code
    for (agent_id, i, code), var in x.items():
        m.add_hint(var, known.get((agent_id, days[i])) == code)


class _Stopper:
    """A solution callback that stops the search when ``stop()`` says so (a cancelled dialog)."""

    def __new__(cls, stop: Callable[[], bool]) -> Any:
        from ortools.sat.python import cp_model

        class Stopper(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                if stop():
                    self.stop_search()

        return Stopper()


def roll_forward_plan(p: Problem) -> Plan:
    """The baseline: each agent repeats the shift of seven days earlier (what ``roll_forward`` does), leave
    days left out. No search at all."""
    started = clock.perf_counter()
    leave_days = {(r.agent_id, r.day) for r in p.context if r.status == "leave"} | set(p.leave)
    known = {(r.agent_id, r.day): r.code for r in p.context if r.status != "cancelled"}
    shifts = []
    for d in p.days:
        for a in p.agents:
            code = known.get((a.id, d - timedelta(days=7)))
            if code is not None:
                known[a.id, d] = code
                if (a.id, d) not in leave_days:
                    shifts.append(Shift(a.id, d, code))
    plan = Plan(list(p.days), shifts, "ROLL_FORWARD", 0.0, float("nan"), fairness_on=False)
    finish(plan, p)
    plan.seconds = clock.perf_counter() - started
    return plan
