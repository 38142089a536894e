"""NAB's scoring on small cases computed by hand (console.anomaly.scoring).

The file: 100 rows, so 15 probationary rows (min(⌊15 % × 100⌋, 750)); one window over rows 40-49 (width 10).
The scaled sigmoid is σ(x) = 2 / (1 + e^(5x)) − 1; a detection at row i of the window is worth
σ(−(49 − i + 1) / 10) / σ(−1) × tpWeight; a false positive d rows after the window σ(d / 9) × fpWeight.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from console.anomaly import scoring

STANDARD = scoring.PROFILES["standard"]
ROWS, WINDOW = 100, (40, 49)


def raw(*detections: int, windows: tuple[tuple[int, int], ...] = (WINDOW,), rows: int = ROWS) -> float:
    scores = np.zeros(rows)
    scores[list(detections)] = 1.0
    s = scoring.sweep(rows, windows, STANDARD)
    return scoring.score_file(s, scores, 0.5, STANDARD).raw


def test_the_scaled_sigmoid_is_nabs() -> None:
    assert scoring.scaled_sigmoid(-1.0) == pytest.approx(0.98661, abs=1e-5)  # NAB's docstring figures
    assert scoring.scaled_sigmoid(-0.5) == pytest.approx(0.84828, abs=1e-5)
    assert scoring.scaled_sigmoid(0.0) == 0.0
    assert scoring.scaled_sigmoid(1.0) == pytest.approx(-0.98661, abs=1e-5)
    assert scoring.scaled_sigmoid(3.0) == -1.0


def test_probation_is_fifteen_percent_up_to_750_rows() -> None:
    assert scoring.probation_length(100) == 15
    assert scoring.probation_length(4032) == 604
    assert scoring.probation_length(22695) == 750


def test_a_detection_at_the_windows_start_earns_tp_weight() -> None:
    assert raw(40) == pytest.approx(1.0)


def test_a_later_detection_earns_less_by_its_position() -> None:
    # row 45: position −(49 − 45 + 1) / 10 = −0.5 → σ(−0.5) / σ(−1) = 0.84828 / 0.98661
    assert raw(45) == pytest.approx(0.84828 / 0.98661, abs=1e-4)
    assert raw(49) == pytest.approx(scoring.scaled_sigmoid(-0.1) / scoring.scaled_sigmoid(-1.0))
    assert raw(40) > raw(45) > raw(49) > 0


def test_only_the_first_detection_in_a_window_counts() -> None:
    assert raw(45, 46, 47, 48, 49) == raw(45)
    assert raw(40, 45) == raw(40)


def test_a_missed_window_costs_fn_weight() -> None:
    assert raw() == -1.0
    assert raw(windows=((40, 49), (70, 79))) == -2.0


def test_a_false_positive_before_any_window_costs_fp_weight() -> None:
    assert raw(20, 40) == pytest.approx(1.0 - 0.11)
    assert raw(20, 21, 40) == pytest.approx(1.0 - 0.22)


def test_a_false_positive_just_after_a_window_costs_less() -> None:
    # row 50: one row past the end, 1 / (10 − 1) widths → σ(0.111) × 0.11 = −0.0298
    just_after = raw(40, 50) - raw(40)
    assert just_after == pytest.approx(0.11 * (2 / (1 + math.exp(5 / 9)) - 1), abs=1e-9)
    assert just_after == pytest.approx(-0.0298, abs=1e-4)
    later = raw(40, 60) - raw(40)  # 11 / 9 widths past
    far = raw(40, 80) - raw(40)  # 31 / 9 ≥ 3 widths past: the full cost
    assert -0.11 < just_after < 0
    assert far < later < just_after
    assert far == pytest.approx(-0.11)


def test_the_probationary_rows_are_not_scored() -> None:
    assert raw(3, 14) == raw() == -1.0  # false positives inside probation cost nothing
    assert raw(3, 14, 40) == raw(40)
    # a window inside probation is neither rewarded nor missed
    assert raw(5, windows=((2, 8),)) == 0.0
    assert raw(windows=((2, 8),)) == 0.0


def test_profiles_are_nabs_profiles_file() -> None:
    assert scoring.PROFILES["standard"] == scoring.CostMatrix(tp=1.0, fp=0.11, fn=1.0)
    assert scoring.PROFILES["reward_low_FP_rate"].fp == 0.22
    assert scoring.PROFILES["reward_low_FN_rate"].fn == 2.0


def test_null_and_perfect_detectors_normalise_to_0_and_100() -> None:
    files = [(200, ((60, 79),)), (300, ((100, 119), (200, 229))), (150, ())]
    sweeps = [scoring.sweep(rows, windows, STANDARD) for rows, windows in files]
    null = scoring.optimise_threshold([(s, np.zeros(len(s.weight))) for s in sweeps], STANDARD)
    perfect_scores = []
    for (rows, windows), s in zip(files, sweeps, strict=True):
        a = np.zeros(rows)
        a[[first for first, _ in windows]] = 1.0
        perfect_scores.append((s, a))
    perfect = scoring.optimise_threshold(perfect_scores, STANDARD)
    assert null.raw == -3.0
    assert null.threshold == scoring.NOTHING
    assert perfect.raw == pytest.approx(3.0)
    assert scoring.normalised(null.raw, null.raw, 3 * STANDARD.tp) == 0.0
    assert scoring.normalised(perfect.raw, null.raw, 3 * STANDARD.tp) == pytest.approx(100.0)
    assert scoring.normalised(0.0, 0.0, 0.0) is None  # nothing to find


def test_the_threshold_sweep_matches_scoring_every_threshold() -> None:
    """The optimiser's best equals the best of scoring each file at every distinct score, by brute force."""
    rng = np.random.default_rng(3)
    files = [(120, ((40, 59),)), (90, ((30, 39), (60, 69))), (80, ())]
    sweeps = [scoring.sweep(rows, windows, STANDARD) for rows, windows in files]
    for _ in range(20):
        scores = [np.round(rng.random(rows), 2) for rows, _ in files]
        choice = scoring.optimise_threshold(list(zip(sweeps, scores, strict=True)), STANDARD)
        candidates = sorted({float(v) for a in scores for v in a} | {scoring.NOTHING}, reverse=True)
        best = max(
            (sum(scoring.score_file(s, a, t, STANDARD).raw for s, a in zip(sweeps, scores, strict=True)), t)
            for t in candidates
        )
        assert choice.raw == pytest.approx(best[0])
        at_choice = sum(
            scoring.score_file(s, a, choice.threshold, STANDARD).raw
            for s, a in zip(sweeps, scores, strict=True)
        )
        assert at_choice == pytest.approx(choice.raw)


def test_counts_follow_nab() -> None:
    scores = np.zeros(ROWS)
    scores[[20, 45, 46, 50]] = 1.0
    s = scoring.sweep(ROWS, (WINDOW,), STANDARD)
    result = scoring.score_file(s, scores, 0.5, STANDARD)
    assert (result.tp, result.fn, result.fp) == (1, 0, 2)
    scored = ROWS - 15
    assert (result.rows_tp, result.rows_fp, result.rows_fn) == (2, 2, 8)
    assert result.rows_tn == scored - 10 - 2


@pytest.mark.parametrize(("first", "last"), list(itertools.product([40], [40, 41])))
def test_narrow_windows_do_not_divide_by_zero(first: int, last: int) -> None:
    assert math.isfinite(raw(first, last + 1, windows=((first, last),)))
