"""The streaming rarity detector (console.anomaly.detector) and the baselines: causal, in [0, 1], quiet on
what it has seen, loud once on what it has not."""

from __future__ import annotations

import math

import numpy as np
import pytest

from console.anomaly.baselines import NullDetector, WindowedGaussian
from console.anomaly.detector import Params, RarityDetector


def noisy_daily(rows: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Five-minute rows of a daily cycle with noise (timestamps in Unix seconds)."""
    rng = np.random.default_rng(seed)
    t = 1_400_000_000 + 300.0 * np.arange(rows)
    values = 50 + 20 * np.sin(2 * math.pi * np.arange(rows) / 288) + rng.normal(0, 1.5, rows)
    return t, values


def test_scores_are_in_0_1_and_row_by_row_equals_the_array() -> None:
    t, v = noisy_daily(1500)
    v[1200:1260] += 60  # a level the series never reached
    whole = RarityDetector().scores(t, v)
    one = RarityDetector()
    assert [one.update(a, b) for a, b in zip(t, v, strict=True)] == whole.tolist()
    assert whole.min() >= 0.0
    assert whole.max() <= 1.0


@pytest.mark.parametrize("detector", [RarityDetector, WindowedGaussian, NullDetector])
def test_strictly_causal_a_prefix_scores_the_same(detector: type) -> None:
    """The score of row i depends on rows ≤ i only: scoring a prefix gives the full run's first scores."""
    t, v = noisy_daily(2000, seed=4)
    v[1500:1550] -= 45
    full = detector().scores(t, v)
    for cut in (310, 1000, 1520):
        assert detector().scores(t[:cut], v[:cut]).tolist() == full[:cut].tolist()


def test_quiet_during_warmup_and_on_a_flat_line() -> None:
    t = 1_400_000_000 + 300.0 * np.arange(1000)
    assert not RarityDetector().scores(t, np.full(1000, 7.25)).any()
    t2, v2 = noisy_daily(1000)
    assert not RarityDetector().scores(t2[:300], v2[:300]).any()  # the first 300 rows have no history yet


def test_a_new_level_scores_far_above_the_routine() -> None:
    t, v = noisy_daily(3000, seed=2)
    v[2400:2500] += 45
    scores = RarityDetector().scores(t, v)
    routine = scores[400:2400].max()
    assert scores[2400:2410].max() > routine + 0.1
    assert scores[2400:2410].max() > 0.3  # p ≲ 10^-6 for the rarity and its likelihood together


def test_a_repeated_alarm_is_suppressed_unless_worse() -> None:
    t, v = noisy_daily(3000, seed=5)
    v[2400:2700] += 45  # one long episode
    scores = RarityDetector().scores(t, v)
    first = int(np.argmax(scores[2400:] > 0.2)) + 2400
    assert 2400 <= first < 2410
    after = scores[first + 1 : first + Params().suppress_rows]
    assert (after == 0).sum() > 0.9 * len(after)  # no second alarm for the same episode at that level
    assert after.max() <= 1.0


def test_a_spiky_series_discounts_its_routine_spikes() -> None:
    """Rare values are routine in a spiky series: the likelihood step keeps them below a calm series' jump."""
    rng = np.random.default_rng(7)
    t = 1_400_000_000 + 300.0 * np.arange(3000)
    spiky = rng.normal(10, 1, 3000)
    spiky[rng.choice(np.arange(300, 3000), 60, replace=False)] += rng.uniform(20, 200, 60)
    calm = rng.normal(10, 1, 3000)
    calm[2500] += 30
    assert RarityDetector().scores(t, spiky)[1000:].max() < RarityDetector().scores(t, calm)[2500]


def test_a_value_that_is_not_finite_is_refused() -> None:
    with pytest.raises(ValueError, match="finite"):
        RarityDetector().update(0.0, math.nan)


def test_windowed_gaussian_scores_distance_from_the_trailing_mean() -> None:
    g = WindowedGaussian(window=4)
    assert g.update(0, 1.0) == 0.0
    for x in (1.0, 3.0, 1.0):
        g.update(0, x)
    # window 1, 1, 3, 1: mean 1.5, std √0.75; 1.5 + 2 × √0.75 is z = 2 → 2 / 3
    assert g.update(0, 1.5 + 2 * math.sqrt(0.75)) == pytest.approx(2 / 3)
    assert NullDetector().scores([0.0, 1.0], [5.0, 6.0]).tolist() == [0.0, 0.0]
