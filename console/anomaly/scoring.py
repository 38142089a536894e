"""NAB's scoring (Lavin & Ahmad 2015), as its public code does it.

Followed: ``nab/sweeper.py`` of numenta/NAB (``calcSweepScore``, ``calcScoreByThreshold``, ``scaledSigmoid``,
``_getProbationaryLength``), its ``nab/optimizer.py`` (one threshold per detector and profile: every distinct
anomaly score of the whole corpus is tried, the best corpus score wins) and ``nab/runner.py``'s ``normalize``
(100 × (raw − null) / (perfect − null), perfect = windows × tpWeight).

Each scorable row gets a *sweep weight*, what a detection there would be worth:

- inside a window of width W ending at row e, row i is at ``-(e - i + 1) / W`` (−1 at the window's first
  row, just below 0 at its last) and is worth ``tpWeight × σ(pos) / σ(−1)``, with σ NAB's scaled sigmoid
  ``2 / (1 + exp(5 pos)) − 1`` (so the first row earns exactly ``tpWeight``). Only a window's first detection
  counts; a window without one costs ``fnWeight``.
- outside every window, a detection costs ``fpWeight`` (before the first window), or ``fpWeight × σ(d)``
  with ``d = (i − e) / (W − 1)`` the distance past the previous window's end in its widths (nearly free just
  after a window, the full cost beyond about one width; σ is −1 from 3 widths on).
- the first ``min(⌊15 % of the rows⌋, 750)`` rows are probationary: never scored.

A threshold turns scores into detections (score ≥ threshold). One deviation from NAB: a window one row wide
would divide by zero there; such a window's false positives are placed 2 widths away, as NAB's older
``scorer.py`` did.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from console.errors import WatchfloorError
from console.i18n import QT_TRANSLATE_NOOP

PROBATION_PERCENT = 0.15
NOTHING = 1.1  # the threshold above every score in [0, 1]: nothing detected (NAB starts its sweep there)


@dataclass(frozen=True)
class CostMatrix:
    tp: float
    fp: float
    fn: float


# NAB's config/profiles.json (the same numbers as ../shared/nab/profiles.json).
PROFILES: dict[str, CostMatrix] = {
    "standard": CostMatrix(tp=1.0, fp=0.11, fn=1.0),
    "reward_low_FP_rate": CostMatrix(tp=1.0, fp=0.22, fn=1.0),
    "reward_low_FN_rate": CostMatrix(tp=1.0, fp=0.11, fn=2.0),
}


class BadProfiles(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "{path}: not a NAB profiles file ({detail}).")


class UnknownProfile(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "Unknown profile {name}; the profiles are {known}.")


def read_profiles(path: Path) -> dict[str, CostMatrix]:
    """A NAB ``profiles.json``: ``{name: {"CostMatrix": {"tpWeight": …, "fpWeight": …, "fnWeight": …}}}``."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return {
            name: CostMatrix(
                tp=float(p["CostMatrix"]["tpWeight"]),
                fp=float(p["CostMatrix"]["fpWeight"]),
                fn=float(p["CostMatrix"]["fnWeight"]),
            )
            for name, p in doc.items()
        }
    except OSError as exc:
        raise BadProfiles(path=str(path), detail=exc.strerror or type(exc).__name__) from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadProfiles(path=str(path), detail=f"{type(exc).__name__}: {exc}") from exc


def profile(profiles: Mapping[str, CostMatrix], name: str) -> CostMatrix:
    if name not in profiles:
        raise UnknownProfile(name=name, known=", ".join(sorted(profiles)))
    return profiles[name]


def probation_length(rows: int, percent: float = PROBATION_PERCENT) -> int:
    """Rows not scored at the start of a file: ``min(⌊percent × rows⌋, percent × 5000)`` (750 by default)."""
    return int(min(math.floor(percent * rows), percent * 5000))


def scaled_sigmoid(position: float) -> float:
    """NAB's ``scaledSigmoid``: ≈ +0.987 at −1 (a window's start), 0 at 0 (its end), −1 from 3 on."""
    if position >= 3.0:
        return -1.0
    return 2.0 / (1.0 + math.exp(5.0 * position)) - 1.0


MAX_TP = scaled_sigmoid(-1.0)


@dataclass(frozen=True)
class Sweep:
    """What a detection at each row of one file would be worth under one cost matrix.

    ``weight[i]``: the row's sweep weight (see the module); ``window[i]``: the index of the window the row is
    in, −1 outside every window; ``scorable[i]``: past the probationary period.
    """

    weight: npt.NDArray[np.float64]
    window: npt.NDArray[np.int64]
    scorable: npt.NDArray[np.bool_]
    windows: int  # windows with at least one scorable row (each costs fnWeight when missed)
    labelled: int  # every window of the file (what a perfect detector is rewarded for)


def sweep(
    rows: int, windows: Sequence[tuple[int, int]], cost: CostMatrix, percent: float = PROBATION_PERCENT
) -> Sweep:
    """The sweep weights of a file of ``rows`` rows whose windows are the row ranges ``windows``."""
    weight = np.empty(rows, dtype=np.float64)
    window = np.full(rows, -1, dtype=np.int64)
    index = np.arange(rows, dtype=np.float64)
    previous: tuple[int, int] | None = None  # (last row, width) of the window before
    cursor = 0
    for k, (first, last) in enumerate([*windows, (rows, rows)]):
        gap = slice(cursor, min(first, rows))
        if previous is None:
            weight[gap] = -cost.fp
        else:
            end, width = previous
            spread = width - 1 if width > 1 else None
            pos = (index[gap] - end) / spread if spread else np.full(gap.stop - gap.start, 2.0)
            weight[gap] = _sigmoid(pos) * cost.fp
        if first >= rows:
            break
        width = last - first + 1
        inside = slice(first, last + 1)
        weight[inside] = _sigmoid(-(last - index[inside] + 1) / width) * cost.tp / MAX_TP
        window[inside] = k
        previous, cursor = (last, width), last + 1
    scorable = np.arange(rows) >= probation_length(rows, percent)
    counted = len({int(w) for w in window[scorable] if w >= 0})
    return Sweep(weight, window, scorable, counted, len(windows))


def _sigmoid(pos: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out = 2.0 / (1.0 + np.exp(np.minimum(5.0 * pos, 700.0))) - 1.0
    return np.where(pos >= 3.0, -1.0, out)


@dataclass(frozen=True)
class FileScore:
    """One file's NAB score at a threshold. Windows: detected (``tp``) and missed (``fn``); rows: detections
    outside every window (``fp``). ``rows_*``: NAB's row counts (tp, tn, fp, fn over the scorable rows)."""

    raw: float
    tp: int
    fn: int
    fp: int
    rows_tp: int
    rows_tn: int
    rows_fp: int
    rows_fn: int


def score_file(s: Sweep, scores: npt.NDArray[np.float64], threshold: float, cost: CostMatrix) -> FileScore:
    """The file's raw score when every scorable row scoring ≥ ``threshold`` is a detection."""
    detected = s.scorable & (scores >= threshold)
    inside = s.window >= 0
    fp_rows = detected & ~inside
    raw = float(s.weight[fp_rows].sum())
    tp = fn = 0
    for k in sorted({int(w) for w in s.window[s.scorable & inside]}):
        hits = np.flatnonzero(detected & (s.window == k))
        if len(hits):
            raw += float(s.weight[hits[0]])
            tp += 1
        else:
            raw -= cost.fn
            fn += 1
    scored_inside = s.scorable & inside
    return FileScore(
        raw=raw,
        tp=tp,
        fn=fn,
        fp=int(fp_rows.sum()),
        rows_tp=int((detected & inside).sum()),
        rows_tn=int((s.scorable & ~inside & ~detected).sum()),
        rows_fp=int(fp_rows.sum()),
        rows_fn=int((scored_inside & ~detected).sum()),
    )


@dataclass(frozen=True)
class Choice:
    threshold: float
    raw: float


def optimise_threshold(files: Sequence[tuple[Sweep, npt.NDArray[np.float64]]], cost: CostMatrix) -> Choice:
    """The threshold with the best corpus score, trying every distinct score of every scorable row (NAB's
    exhaustive sweep, highest threshold first; of equal scores the highest threshold is kept, as NAB's
    stable sort does). Exact, in O(rows log rows)."""
    scores_l, weights_l, groups_l = [], [], []
    offset = 0
    for s, scores in files:
        keep = s.scorable
        scores_l.append(np.asarray(scores, dtype=np.float64)[keep])
        weights_l.append(s.weight[keep])
        w = s.window[keep]
        groups_l.append(np.where(w >= 0, w + offset, -1))
        offset += int(s.window.max(initial=-1)) + 1
    if not scores_l:
        return Choice(NOTHING, 0.0)
    score = np.concatenate(scores_l)
    weight = np.concatenate(weights_l)
    group = np.concatenate(groups_l)
    base = -cost.fn * len(np.unique(group[group >= 0]))
    if not len(score):
        return Choice(NOTHING, base)
    order = np.argsort(-score, kind="stable")
    score, weight, group = score[order], weight[order], group[order]
    change = np.where(group < 0, weight, 0.0)
    # Inside a window only the best (earliest) detection counts: the change a row brings is how much it
    # raises its window's best so far (which starts at -fnWeight, the miss).
    for k in np.unique(group[group >= 0]):
        at = np.flatnonzero(group == k)
        best = np.maximum.accumulate(np.concatenate(([-cost.fn], weight[at])))
        change[at] = np.diff(best)
    total = base + np.cumsum(change)
    ends = np.flatnonzero(np.append(score[1:] != score[:-1], True))  # last row of each distinct score
    candidates = np.concatenate(([base], total[ends]))
    thresholds = np.concatenate(([NOTHING], score[ends]))
    best_at = int(np.argmax(candidates))
    return Choice(float(thresholds[best_at]), float(candidates[best_at]))


def normalised(raw: float, null: float, perfect: float) -> float | None:
    """NAB's normalised score, 100 × (raw − null) / (perfect − null); ``None`` when perfect = null (no
    window to find, e.g. a category without anomalies)."""
    if perfect == null:
        return None
    return 100.0 * (raw - null) / (perfect - null)
