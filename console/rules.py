"""Indicator rules, evaluated without Qt or a database: what a rule says of an indicator's samples up to a
moment (never after it), and the small state machine that turns those verdicts into firing and clearing.

Kinds (``Rule.kind``, parameters in ``Rule.params``):

- ``threshold``: the value beyond ``value`` (in the indicator's worse direction) for ``for_s`` seconds fires;
  it clears once the value is back past ``clear`` (hysteresis; default ``value``).
- ``rate``: the value moved by ``change`` (a share: 0.5 is +50 %) in the worse direction over ``window_s``.
- ``absence``: no sample for ``intervals`` of the indicator's sampling interval (a silent feed).
- ``seasonal``: the value away from the same minute of the previous ``weeks`` weeks (their median) by more
  than ``factor`` robust deviations (MAD, never less than ``floor`` of the baseline), for ``for_s``.
- ``anomaly``: a streaming score in [0, 1]: how unusual the newest value is against the trailing
  ``window_s`` (a robust z-score through the normal distribution); fires at ``score`` (default 0.999).

The same :func:`step` runs live (the timer leader, once per floor: :mod:`console.services.rules`) and in a
backtest over history (:func:`backtest`), so both say the same of the same data.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from console.i18n import QT_TRANSLATE_NOOP

KINDS = {
    "threshold": QT_TRANSLATE_NOOP("RuleKind", "threshold"),
    "rate": QT_TRANSLATE_NOOP("RuleKind", "rate of change"),
    "absence": QT_TRANSLATE_NOOP("RuleKind", "no data"),
    "seasonal": QT_TRANSLATE_NOOP("RuleKind", "seasonal baseline"),
    "anomaly": QT_TRANSLATE_NOOP("RuleKind", "anomaly score"),
}
DEFAULTS: dict[str, dict[str, float]] = {
    "threshold": {"value": 0.0, "for_s": 180.0},
    "rate": {"change": 0.5, "window_s": 600.0},
    "absence": {"intervals": 3.0},
    "seasonal": {"weeks": 4.0, "factor": 4.0, "floor": 0.1, "for_s": 300.0},
    "anomaly": {"window_s": 3600.0, "score": 0.999},
}
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Rule:
    id: int
    indicator_id: int
    kind: str
    params: dict[str, float]
    higher_is_worse: bool = True
    interval_s: int = 60  # the indicator's sampling interval
    cooldown_s: int = 900  # after clearing, this long before it may fire again

    def p(self, name: str) -> float:
        return float(self.params.get(name, DEFAULTS[self.kind].get(name, 0.0)))

    def lookback(self) -> timedelta:
        """How much history before ``now`` :func:`verdict` reads (the seasonal rule also reads past weeks)."""
        if self.kind == "threshold":
            return timedelta(seconds=self.p("for_s") + 2 * self.interval_s)
        if self.kind == "rate":
            return timedelta(seconds=self.p("window_s") + 2 * self.interval_s)
        if self.kind == "absence":
            return timedelta(seconds=self.p("intervals") * self.interval_s + self.interval_s)
        if self.kind == "seasonal":
            return timedelta(seconds=self.p("for_s") + 2 * self.interval_s)
        return timedelta(seconds=self.p("window_s") + self.interval_s)


@dataclass(frozen=True)
class Series:
    """Samples of one indicator, oldest first (moments as seconds since the Unix epoch)."""

    ts: Sequence[float]
    values: Sequence[float]

    def upto(self, now: float) -> int:
        """How many samples are at or before ``now``."""
        return bisect.bisect_right(self.ts, now)


@dataclass(frozen=True)
class Verdict:
    bad: bool  # the rule's condition holds at this moment
    value: float | None  # what it looked at (the value, the change, the score ...)
    good: bool = True  # for hysteresis: the condition to clear holds (not merely "not bad")


def _worse(rule: Rule, value: float, limit: float) -> bool:
    return value > limit if rule.higher_is_worse else value < limit


def verdict(rule: Rule, series: Series, now: float, seasonal: Sequence[float] = ()) -> Verdict:
    """What ``rule`` says at ``now`` from the samples at or before it (``seasonal``: the values at the same
    minute in past weeks, for the seasonal rule)."""
    n = series.upto(now)
    if rule.kind == "absence":
        last = series.ts[n - 1] if n else None
        silent = last is None or now - last > rule.p("intervals") * rule.interval_s
        return Verdict(silent, None if last is None else now - last, not silent)
    if not n:
        return Verdict(False, None)
    ts, vals = series.ts, series.values
    latest = vals[n - 1]
    if rule.kind == "threshold":
        limit, clear = rule.p("value"), float(rule.params.get("clear", rule.p("value")))
        start = now - rule.p("for_s")
        first = bisect.bisect_left(ts, start, 0, n)
        window = vals[first:n]
        covered = first > 0 or (n and ts[0] <= start)  # samples reach back to the start of the duration
        bad = bool(window) and bool(covered) and all(_worse(rule, v, limit) for v in window)
        good = not _worse(rule, latest, clear) and latest != clear
        return Verdict(bad, latest, good)
    if rule.kind == "rate":
        first = bisect.bisect_left(ts, now - rule.p("window_s"), 0, n)
        base = vals[first]
        if base == 0 or first == n - 1:
            return Verdict(False, None)
        change = (latest - base) / abs(base)
        return Verdict(
            _worse(rule, change, rule.p("change") if rule.higher_is_worse else -rule.p("change")), change
        )
    if rule.kind == "seasonal":
        if len(seasonal) < 2:
            return Verdict(False, None)
        base = statistics.median(seasonal)
        mad = statistics.median(abs(v - base) for v in seasonal) * 1.4826
        spread = max(mad, abs(base) * rule.p("floor"), 1e-9)
        deviation = (latest - base) / spread
        bad_now = _worse(rule, deviation, rule.p("factor") if rule.higher_is_worse else -rule.p("factor"))
        return Verdict(bad_now, deviation, not bad_now)
    # anomaly
    first = bisect.bisect_left(ts, now - rule.p("window_s"), 0, n)
    window = vals[first : n - 1]
    if len(window) < 10:
        return Verdict(False, None)
    centre = statistics.median(window)
    mad = statistics.median(abs(v - centre) for v in window) * 1.4826
    spread = max(mad, statistics.pstdev(window), abs(centre) * 0.01, 1e-9)
    z = (latest - centre) / spread
    z = z if rule.higher_is_worse else -z
    score = 0.5 * (1 + math.erf(z / math.sqrt(2)))  # the normal CDF: 0.5 at the centre, 1 far above
    return Verdict(score >= rule.p("score"), score)


@dataclass(frozen=True)
class State:
    """Where a rule stands: ``firing`` since ``since``; ``pending`` since a moment (the seasonal rule's
    duration); ``cleared_at`` for the cooldown."""

    firing: bool = False
    since: float | None = None
    pending: float | None = None
    cleared_at: float | None = None
    last_value: float | None = None


@dataclass(frozen=True)
class Event:
    kind: str  # fired | cleared
    at: float
    value: float | None


def step(rule: Rule, state: State, v: Verdict, now: float) -> tuple[State, Event | None]:
    """The rule's new state after its verdict at ``now``, and the event (fired / cleared) if any."""
    if rule.kind == "seasonal":  # a duration on top of the per-moment deviation
        pending = (state.pending if state.pending is not None else now) if v.bad else None
        held = pending is not None and now - pending >= rule.p("for_s")
        v = replace(v, bad=held)
        state = replace(state, pending=pending)
    if state.firing:
        if v.good and not v.bad:
            return replace(state, firing=False, since=None, cleared_at=now, last_value=v.value), Event(
                "cleared", now, v.value
            )
        return replace(state, last_value=v.value), None
    if v.bad:
        cooling = state.cleared_at is not None and now - state.cleared_at < rule.cooldown_s
        if not cooling:
            return replace(state, firing=True, since=now, last_value=v.value), Event("fired", now, v.value)
    return replace(state, last_value=v.value), None


def seasonal_values(rule: Rule, series: Series, now: float) -> list[float]:
    """The values at (or up to five minutes before) the same moment in each of the rule's past weeks."""
    out = []
    for k in range(1, int(rule.p("weeks")) + 1):
        at = now - k * WEEK.total_seconds()
        i = series.upto(at)
        if i and at - series.ts[i - 1] <= 300:
            out.append(series.values[i - 1])
    return out


def evaluate(rule: Rule, state: State, series: Series, now: float) -> tuple[State, Event | None]:
    """One evaluation at ``now``: the verdict from the samples up to ``now``, then :func:`step`."""
    seasonal = seasonal_values(rule, series, now) if rule.kind == "seasonal" else ()
    return step(rule, state, verdict(rule, series, now, seasonal), now)


def backtest(
    rule: Rule, series: Series, start: float, end: float, *, step_s: float | None = None
) -> list[Event]:
    """Where ``rule`` would have fired and cleared over ``series`` between ``start`` and ``end``, evaluated at
    each sample's moment (or every ``step_s`` seconds), exactly as the live evaluation would have."""
    moments: list[float]
    if step_s:
        moments = []
        t = start
        while t <= end:
            moments.append(t)
            t += step_s
    else:
        lo, hi = bisect.bisect_left(series.ts, start), bisect.bisect_right(series.ts, end)
        moments = list(series.ts[lo:hi])
    state, events = State(), []
    for now in moments:
        state, event = evaluate(rule, state, series, now)
        if event is not None:
            events.append(event)
    return events


def epoch(moment: datetime) -> float:
    return moment.timestamp()
