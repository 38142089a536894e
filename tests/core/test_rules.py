"""Indicator rules: each kind fires and clears exactly when it should (duration, hysteresis, cooldown,
direction), silences hold them, a firing opens one incident per rule however many evaluate, clearing can
resolve it, and a backtest says what the live evaluation did on the same data."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from console import rules as engine
from console.auth import SYSTEM
from console.db.engine import Database, make_engine
from console.db.models import Incident, IncidentEvent
from console.errors import InvalidInput, NotFound
from console.services import indicators, rules
from console.timers import run_due
from tests.factories import ADMIN, SmallFloor, build_small_floor, floor_now

MIN = 60.0


def series(values: list[float | None], start: float = 0.0, step: float = MIN) -> engine.Series:
    ts = [start + i * step for i, v in enumerate(values) if v is not None]
    return engine.Series(ts, [v for v in values if v is not None])


def run(rule: engine.Rule, s: engine.Series, until: float, *, every: float = MIN) -> list[tuple[str, float]]:
    return [(e.kind, e.at) for e in engine.backtest(rule, s, 0.0, until, step_s=every)]


def test_threshold_waits_its_duration_and_clears_past_its_hysteresis() -> None:
    rule = engine.Rule(1, 1, "threshold", {"value": 100, "clear": 80, "for_s": 180}, cooldown_s=0)
    # minutes:      0   1    2    3    4    5    6   7   8   9
    s = series([50, 120, 130, 125, 140, 90, 85, 79, 150, 160])
    # Above 100 from minute 1: the 3 minutes are full at minute 4. 90 and 85 are under 100 but above the
    # clearing level 80: still firing; 79 clears it. 150, 160 at 8, 9: not 3 minutes yet.
    assert run(rule, s, 9 * MIN) == [("fired", 4 * MIN), ("cleared", 7 * MIN)]


def test_a_lower_is_worse_threshold() -> None:
    rule = engine.Rule(1, 1, "threshold", {"value": 90, "for_s": 60}, higher_is_worse=False, cooldown_s=0)
    assert run(rule, series([95, 85, 84, 92]), 3 * MIN) == [("fired", 2 * MIN), ("cleared", 3 * MIN)]


def test_cooldown_keeps_a_flapping_rule_quiet() -> None:
    rule = engine.Rule(1, 1, "threshold", {"value": 100, "for_s": 0}, cooldown_s=300)
    s = series([150, 50, 150, 50, 50, 50, 50, 150])
    # Fires at 0, clears at 1; the flap at 2 is inside the 5-minute cooldown; at 7 it may fire again.
    assert run(rule, s, 7 * MIN) == [("fired", 0.0), ("cleared", MIN), ("fired", 7 * MIN)]


def test_rate_of_change() -> None:
    rule = engine.Rule(1, 1, "rate", {"change": 0.5, "window_s": 300}, cooldown_s=0)
    s = series([100, 102, 101, 103, 104, 160, 170, 165, 104, 103, 102])
    events = run(rule, s, 10 * MIN)
    assert events[0] == ("fired", 5 * MIN)  # +60 % on the value 5 minutes before
    assert events[1][0] == "cleared"


def test_absence_of_data() -> None:
    rule = engine.Rule(1, 1, "absence", {"intervals": 3}, interval_s=60, cooldown_s=0)
    s = series([1, 1, 1, None, None, None, None, None, 1], start=0.0)
    # The last sample before the gap is at minute 2: silent for more than 3 minutes from 5:01.
    assert run(rule, s, 8 * MIN, every=30) == [("fired", 5.5 * MIN), ("cleared", 8 * MIN)]


def test_seasonal_baseline_is_robust_to_an_outlier_week() -> None:
    week = engine.WEEK.total_seconds()
    ts, vals = [], []
    for k, level in ((4, 100.0), (3, 104.0), (2, 96.0), (1, 900.0)):  # a week with an incident in it
        for m in range(0, 60):
            ts.append(-k * week + m * MIN)
            vals.append(level)
    for m in range(0, 60):
        ts.append(m * MIN)
        vals.append(110.0 if m < 30 else 400.0)
    s = engine.Series(ts, vals)
    rule = engine.Rule(1, 1, "seasonal", {"weeks": 4, "factor": 4, "floor": 0.1, "for_s": 300}, cooldown_s=0)
    events = [(e.kind, e.at) for e in engine.backtest(rule, s, 0.0, 59 * MIN)]
    # 110 is within the baseline (median 102, the 900 week ignored); 400 from minute 30 for 5 minutes fires.
    assert events == [("fired", 35 * MIN)]


def test_the_anomaly_score_fires_on_a_spike_not_on_noise() -> None:
    import random

    rnd = random.Random(7)
    vals = [100 + rnd.gauss(0, 3) for _ in range(120)]
    rule = engine.Rule(1, 1, "anomaly", {"window_s": 3600, "score": 0.999}, cooldown_s=0)
    assert run(rule, series(vals), 119 * MIN) == []
    vals[100] = 160
    events = run(rule, series(vals), 119 * MIN)
    assert events[0] == ("fired", 100 * MIN)
    assert events[1] == ("cleared", 101 * MIN)


# -- on the floor -------------------------------------------------------------------------------------------
@pytest.fixture
def small(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


def spike(db: Database, small: SmallFloor, minutes: range, value: float) -> None:
    base = small.now.replace(second=0, microsecond=0)
    indicators.ingest(
        db, SYSTEM, [(small.indicators["failed"], base + timedelta(minutes=m), value) for m in minutes]
    )


def rule_incidents(db: Database, rule_id: int) -> list[Incident]:
    with db.reading() as s:
        return list(s.scalars(select(Incident).where(Incident.dedup_key == f"rule:{rule_id}")))


def test_rules_are_checked_when_defined(db: Database, small: SmallFloor) -> None:
    with pytest.raises(InvalidInput):
        rules.add_rule(db, ADMIN, indicator_key="ato.failed_logins", kind="magic", params={})
    with pytest.raises(InvalidInput):
        rules.add_rule(db, ADMIN, indicator_key="ato.failed_logins", kind="threshold", params={"limit": 3})
    with pytest.raises(InvalidInput):
        rules.add_rule(db, ADMIN, indicator_key="ato.failed_logins", kind="threshold", params={})
    with pytest.raises(NotFound):
        rules.add_rule(db, ADMIN, indicator_key="no.such", kind="absence", params={})


def test_a_firing_rule_opens_one_incident_and_clearing_resolves_it(db: Database, small: SmallFloor) -> None:
    rid = rules.add_rule(
        db,
        ADMIN,
        indicator_key="ato.failed_logins",
        kind="threshold",
        params={"value": 3000, "clear": 2000, "for_s": 120},
        severity=1,
        category="ato_wave",
        auto_resolve=True,
        cooldown_s=0,
    )
    base = small.now.replace(second=0, microsecond=0)
    spike(db, small, range(0, 4), 4200.0)
    assert rules.evaluate_due(db, SYSTEM, base + timedelta(minutes=1)) == rules.RuleStats()  # 1 of 2 minutes
    assert rules.evaluate_due(db, SYSTEM, base + timedelta(minutes=2)) == rules.RuleStats(fired=1)
    assert rules.evaluate_due(db, SYSTEM, base + timedelta(minutes=3)) == rules.RuleStats()  # still firing
    [inc] = rule_incidents(db, rid)
    assert (inc.severity, inc.category, inc.indicator_id, inc.status) == (
        1,
        "ato_wave",
        small.indicators["failed"],
        "open",
    )
    spike(db, small, range(4, 5), 1500.0)
    assert rules.evaluate_due(db, SYSTEM, base + timedelta(minutes=4)) == rules.RuleStats(cleared=1)
    [inc] = rule_incidents(db, rid)
    assert inc.status == "resolved"


def test_three_evaluators_at_once_open_one_incident(db: Database, small: SmallFloor) -> None:
    rid = rules.add_rule(
        db, ADMIN, indicator_key="ato.failed_logins", kind="threshold", params={"value": 3000, "for_s": 0}
    )
    spike(db, small, range(0, 2), 5000.0)
    at = small.now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    others = [Database(make_engine(db.url)) for _ in range(3)]
    barrier = threading.Barrier(3)
    results: list[rules.RuleStats] = []

    def evaluate(other: Database) -> None:
        barrier.wait()
        results.append(rules.evaluate_due(other, SYSTEM, at))

    threads = [threading.Thread(target=evaluate, args=(o,)) for o in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for o in others:
        o.dispose()
    assert sum(r.fired for r in results) == 1
    [inc] = rule_incidents(db, rid)
    assert inc.hit_count == 1


def test_a_silence_holds_a_rule_until_it_ends(db: Database, small: SmallFloor) -> None:
    rid = rules.add_rule(
        db, ADMIN, indicator_key="ato.failed_logins", kind="threshold", params={"value": 3000, "for_s": 0}
    )
    base = small.now.replace(second=0, microsecond=0)
    rules.silence(
        db, ADMIN, rule_id=rid, until=base + timedelta(minutes=3), reason="login edge maintenance", at=base
    )
    spike(db, small, range(0, 6), 5000.0)
    assert rules.evaluate_due(db, SYSTEM, base + timedelta(minutes=2)).fired == 0
    assert rule_incidents(db, rid) == []
    assert rules.evaluate_due(db, SYSTEM, base + timedelta(minutes=3)).fired == 1
    with pytest.raises(InvalidInput):
        rules.silence(db, ADMIN, rule_id=rid, until=base, reason="already over", at=base)


def test_the_timer_leader_evaluates_rules_and_a_repeat_adds_a_hit(db: Database, small: SmallFloor) -> None:
    rid = rules.add_rule(
        db,
        ADMIN,
        indicator_key="ato.failed_logins",
        kind="threshold",
        params={"value": 3000, "for_s": 0},
        cooldown_s=60,
    )
    base = small.now.replace(second=0, microsecond=0)
    spike(db, small, range(0, 1), 5000.0)
    spike(db, small, range(1, 2), 100.0)
    spike(db, small, range(3, 4), 5000.0)
    assert run_due(db, base).rules_fired == 1
    assert run_due(db, base + timedelta(minutes=1)).rules_cleared == 1
    assert run_due(db, base + timedelta(minutes=3)).rules_fired == 1  # after the cooldown
    [inc] = rule_incidents(db, rid)  # still worked: the second firing is a repeat hit
    assert inc.hit_count == 2
    with db.reading() as s:
        kinds = [e.kind for e in s.scalars(select(IncidentEvent).where(IncidentEvent.incident_id == inc.id))]
    assert kinds.count("note") == 1  # the clearing, noted (no auto-resolve)
    assert "repeat_hit" in kinds


def test_backtest_agrees_with_the_live_evaluation(db: Database, small: SmallFloor) -> None:
    rid = rules.add_rule(
        db,
        ADMIN,
        indicator_key="ato.failed_logins",
        kind="threshold",
        params={"value": 3000, "clear": 2500, "for_s": 120},
        cooldown_s=0,
    )
    base = small.now.replace(second=0, microsecond=0)
    values = [1000, 3500, 3600, 3700, 2800, 2400, 3100, 3200, 3300, 3400, 1000, 900]
    for m, v in enumerate(values):
        spike(db, small, range(m, m + 1), float(v))
    live: list[tuple[str, float]] = []
    for m in range(len(values)):
        at = base + timedelta(minutes=m)
        moved = rules.evaluate_due(db, SYSTEM, at)
        live += [("fired", at.timestamp())] * moved.fired + [("cleared", at.timestamp())] * moved.cleared
    with db.reading() as s:
        back = [
            (e.kind, e.at) for e in rules.backtest(s, rid, base, base + timedelta(minutes=len(values) - 1))
        ]
    assert back == live
    assert [k for k, _ in live] == ["fired", "cleared", "fired", "cleared"]


def test_the_rules_command(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from console import cli
    from console.db import migrate
    from console.identity import os_account
    from tests.factories import add_users

    engine_ = make_engine(sqlite_url)
    migrate.upgrade(engine_)
    db = Database(engine_)
    try:
        small = build_small_floor(db, floor_now())
        add_users(db, (os_account(), "supervisor"))
        spike(db, small, range(-90, -80), 5000.0)  # ten minutes of a wave, before the floor's last hour
    finally:
        db.dispose()
    run = ["--db", sqlite_url]
    assert (
        cli.main(
            [
                *run,
                "rules",
                "add",
                "ato.failed_logins",
                "threshold",
                "--param",
                "value=3000",
                "--param",
                "for_s=120",
                "--severity",
                "P1",
                "--category",
                "ato_wave",
            ]
        )
        == 0
    )
    assert "rule 1 added" in capsys.readouterr().out
    assert cli.main([*run, "rules", "add", "ato.failed_logins", "threshold", "--param", "value=lots"]) == 1
    assert "NAME=NUMBER" in capsys.readouterr().err
    assert cli.main([*run, "rules", "list"]) == 0
    assert "threshold for_s=120, value=3000" in capsys.readouterr().out
    assert cli.main([*run, "rules", "backtest", "1", "--days", "1"]) == 0
    out = capsys.readouterr().out
    assert "fired" in out
    assert "cleared" in out
    assert "would have fired 1 time(s)" in out
    assert cli.main([*run, "rules", "silence", "1", "--minutes", "30", "--reason", "edge maintenance"]) == 0
    assert cli.main([*run, "rules", "disable", "1"]) == 0
    assert "rule 1 disabled" in capsys.readouterr().out
