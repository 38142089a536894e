"""Reading indicator history for charts: the step for a range, the range itself at its edges (empty, the
partial newest bucket, inclusive ends, mixed indicators, a pruned level), the normal band and since when an
indicator has been abnormal."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import text

from console.auth import SYSTEM
from console.db.engine import Database
from console.services import indicators, retention
from console.views.indicator_range import (
    abnormal_since,
    choose_step,
    read_baseline,
    read_range,
    read_samples,
)
from tests.core.test_rollups import BASE, define
from tests.factories import ADMIN

HOUR, DAY, WEEK = 3600, 86400, 7 * 86400
T0 = BASE.timestamp()


@pytest.mark.parametrize(
    ("span", "interval", "step"),
    [
        (HOUR, 60, 0),
        (6 * HOUR, 60, 0),
        (DAY, 60, 0),  # 1,440 raw points on 1,000 px
        (3 * DAY, 60, 0),  # 4,320 raw points are nearer two a pixel than 288 buckets
        (7 * DAY, 60, 900),  # 672 points
        (14 * DAY, 60, 900),
        (30 * DAY, 60, 900),  # 2,880 points
        (90 * DAY, 60, 3600),  # 2,160 points
        (7 * DAY, 3600, 0),  # an hourly indicator: its raw samples are coarser than 15 minutes already
        (90 * DAY, 3600, 0),
        (3 * DAY, 10, 900),  # 25,920 raw points
        (90 * DAY, 10, 3600),
        (365 * DAY, 60, 3600),  # the coarsest level there is
    ],
)
def test_choose_step_gives_about_two_points_per_pixel(span: int, interval: int, step: int) -> None:
    assert choose_step(span, 1000, interval) == step


def test_choose_step_refuses_an_empty_chart() -> None:
    with pytest.raises(ValueError, match="positive span"):
        choose_step(0, 1000, 60)
    with pytest.raises(ValueError, match="positive span"):
        choose_step(3600, 0, 60)


def test_read_range_edges(db: Database) -> None:
    minute, hourly, silent = define(db, 3)
    with db.writing() as s:
        s.execute(text("UPDATE risk_indicators SET interval_seconds = 3600 WHERE id = :i"), {"i": hourly})
    # 10 days a minute less 28 minutes (the last 15-minute bucket holds two), and 10 days an hour.
    per_min = np.arange(10 * 1440 - 28, dtype=float)
    indicators.ingest_series(db, SYSTEM, {minute: per_min}, BASE)
    indicators.ingest_series(db, SYSTEM, {hourly: np.full(240, 5.0)}, BASE, interval=timedelta(hours=1))
    end = T0 + 10 * DAY
    with db.reading() as s:
        assert read_range(s, [], T0, end, 1000) == {}
        week = read_range(s, [minute, hourly, silent, 999_999], end - 7 * DAY, end, 1000, now=end)
        hour = read_range(s, [minute], T0 + 600, T0 + 1200, 1000, now=end)[minute]
    # Raw samples: the ends are inclusive, lo == hi == mean, counts of one.
    assert hour.step_s == 0
    assert hour.xs.tolist() == [T0 + 60 * m for m in range(10, 21)]
    assert hour.mean.tolist() == [float(m) for m in range(10, 21)]
    assert np.array_equal(hour.lo, hour.mean)
    assert np.array_equal(hour.hi, hour.mean)
    assert hour.count.tolist() == [1] * 11
    # A week of the per-minute indicator: 15-minute buckets, middle of each, the partial last one at its
    # newest sample, every bucket touching the range (the first one starts at the range's start).
    quarter = week[minute]
    assert quarter.step_s == 900
    last_minute = 10 * 1440 - 29
    assert len(quarter) == (last_minute - 3 * 1440) // 15 + 1
    assert quarter.xs[0] == end - 7 * DAY + 450
    assert np.all(np.diff(quarter.xs) > 0)
    assert quarter.xs[-1] == T0 + 60 * last_minute  # the newest sample, not the bucket's middle: current
    assert quarter.xs[-2] == T0 + 60 * (last_minute - 16) + 450
    assert quarter.count[-1] == 2
    assert quarter.count[-2] == 15
    assert (quarter.lo[-1], quarter.hi[-1]) == (last_minute - 1, last_minute)
    assert quarter.mean[0] == pytest.approx(np.mean(per_min[3 * 1440 : 3 * 1440 + 15]))
    # The hourly indicator reads its raw samples; a silent and an unknown indicator come back empty.
    assert week[hourly].step_s == 0
    assert len(week[hourly]) == 7 * 24
    assert len(week[silent]) == 0
    assert len(week[999_999]) == 0
    with pytest.raises(ValueError, match="ends before"), db.reading() as s:
        read_range(s, [minute], end, T0, 1000)


def test_read_range_uses_a_coarser_level_where_the_finer_is_pruned(db: Database) -> None:
    (ind,) = define(db, 1)
    indicators.ingest_series(db, SYSTEM, {ind: np.ones(3 * 1440)}, BASE)
    retention.set_keep_days(db, ADMIN, 0, 1)  # the raw samples: one day
    end = T0 + 3 * DAY
    with db.reading() as s:
        recent = read_range(s, [ind], end - 12 * HOUR, end, 1000, now=end)[ind]
        older = read_range(s, [ind], T0, T0 + 12 * HOUR, 1000, now=end)[ind]
    assert (recent.step_s, len(recent)) == (0, 12 * 60)
    assert (older.step_s, len(older)) == (900, 12 * 4 + 1)  # the range's end opens one more bucket


def test_read_samples_is_one_read_for_many_indicators(db: Database) -> None:
    a, b = define(db, 2)
    indicators.ingest_series(db, SYSTEM, {a: np.arange(10.0), b: np.arange(5.0)}, BASE)
    with db.reading() as s:
        got = read_samples(s, [b, a, 7777], BASE + timedelta(minutes=2), BASE + timedelta(minutes=6))
    assert got[a][0].tolist() == [T0 + 60 * m for m in range(3, 7)]  # after the start, up to the end
    assert got[b][1].tolist() == [3.0, 4.0]
    assert len(got[7777][0]) == 0


def test_read_baseline_drops_one_bad_week_of_four(db: Database) -> None:
    (ind,) = define(db, 1)
    # Five weeks an hour at a time: weeks 1-4 before the range hold 10, 20, 30 and a 1,000 spike.
    weekly = [10.0, 20.0, 1000.0, 30.0]
    values = np.concatenate([np.full(7 * 24, v) for v in weekly] + [np.full(7 * 24, 15.0)])
    indicators.ingest_series(db, SYSTEM, {ind: values}, BASE, interval=timedelta(hours=1))
    start = T0 + 4 * WEEK
    with db.reading() as s:
        band = read_baseline(s, [ind, 4242], start, start + DAY, 3600)
        two = read_baseline(s, [ind], start, start + DAY, 3600, weeks=2)
        fine = read_baseline(s, [ind], start, start + HOUR, 0)
        unaligned = read_baseline(s, [ind], start + 1000, start + 5000, 3600)[ind]
    got = band[ind]
    assert (got.step_s, len(got)) == (3600, 25)
    assert got.xs[0] == start + 1800
    assert set(got.weeks.tolist()) == {4}
    assert set(got.lo.tolist()) == {20.0}  # the 2nd lowest and 2nd highest of 10, 20, 1000, 30
    assert set(got.hi.tolist()) == {30.0}
    assert set(two[ind].lo.tolist()) == {30.0}  # two weeks (1000 and 30): both
    assert set(two[ind].hi.tolist()) == {1000.0}
    assert (fine[ind].step_s, len(fine[ind])) == (900, 2)  # hourly samples: two 15-minute buckets hold one
    assert len(band[4242]) == 0
    assert unaligned.xs.tolist() == [start + 1800, start + 3600 + 1800]  # the buckets the range touches
    assert unaligned.lo.tolist() == [20.0, 20.0]
    with pytest.raises(ValueError, match="no rollup level"), db.reading() as s:
        read_baseline(s, [ind], start, start + DAY, 60)


@pytest.mark.parametrize(
    ("ys", "direction", "since"),
    [
        ([1, 2, 3, 15, 16, 25], "higher", 3.0),  # warning at 15, then critical: one run
        ([1, 15, 2, 15], "higher", 3.0),  # exactly at warning counts
        ([15, 16, 17], "higher", 0.0),  # abnormal from the first point held
        ([15, 16, 2], "higher", None),  # normal now
        ([], "higher", None),
        ([90, 70, 60, 80, 74], "lower", 4.0),  # lower is worse: warning 75
        ([90, 70, float("nan"), 74], "lower", 3.0),  # a missing value breaks the run
    ],
)
def test_abnormal_since(ys: list[float], direction: str, since: float | None) -> None:
    warning, critical = (15, 25) if direction == "higher" else (75, 65)
    xs = np.arange(len(ys), dtype=float)
    assert abnormal_since(xs, np.array(ys, dtype=float), warning, critical, direction) == since


def test_abnormal_since_refuses_thresholds_the_wrong_way_round() -> None:
    with pytest.raises(ValueError, match="not beyond"):
        abnormal_since(np.zeros(1), np.zeros(1), 20, 10, "higher")
    with pytest.raises(ValueError, match="direction"):
        abnormal_since(np.zeros(1), np.zeros(1), 10, 20, "up")
