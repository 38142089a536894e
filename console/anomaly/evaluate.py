"""Run detectors over a labelled corpus, score them as NAB does and write NAB's results layout.

``OUT/<detector>/<category>/<detector>_<file>.csv`` holds ``timestamp,value,anomaly_score,label`` for every
series, and ``OUT/<detector>/<detector>_<profile>_scores.csv`` NAB's per-file score table (its columns,
TP/TN/FP/FN there being NAB's row counts). Every file is written whole or not at all (a temporary file beside
it, then renamed), and only after every series has been read, checked and scored.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from console.anomaly import scoring
from console.anomaly.baselines import NullDetector, WindowedGaussian
from console.anomaly.corpus import Labelled
from console.anomaly.detector import RarityDetector


class Detector(Protocol):
    name: str

    def update(self, timestamp: float, value: float) -> float: ...

    def scores(self, timestamps: Iterable[float], values: Iterable[float]) -> npt.NDArray[np.float64]: ...


DETECTORS: dict[str, Callable[[], Detector]] = {
    "rarity": RarityDetector,
    "windowedGaussian": WindowedGaussian,
    "null": NullDetector,
}
BASELINES = ("windowedGaussian", "null")


def run_detector(name: str, corpus: Sequence[Labelled]) -> list[npt.NDArray[np.float64]]:
    """A fresh detector per series (nothing carries over from one file to the next), its scores in order."""
    out = []
    for item in corpus:
        scores = DETECTORS[name]().scores(item.series.seconds, item.series.values)
        if len(scores) and not (float(scores.min()) >= 0.0 and float(scores.max()) <= 1.0):
            raise ValueError(f"{name} scored {item.series.key} outside [0, 1]")
        out.append(scores)
    return out


@dataclass(frozen=True)
class Tally:
    """Files, windows and the scores of a group of series (a category, or all) at one threshold."""

    files: int = 0
    windows: int = 0
    raw: float = 0.0
    tp: int = 0
    fn: int = 0
    fp: int = 0

    def plus(self, windows: int, s: scoring.FileScore) -> Tally:
        return Tally(
            self.files + 1,
            self.windows + windows,
            self.raw + s.raw,
            self.tp + s.tp,
            self.fn + s.fn,
            self.fp + s.fp,
        )


@dataclass(frozen=True)
class Evaluation:
    """One detector under one profile: the corpus threshold, each file's score, tallies per category."""

    detector: str
    profile: str
    threshold: float
    files: dict[str, scoring.FileScore]
    categories: dict[str, Tally]
    total: Tally
    scores: list[npt.NDArray[np.float64]] = field(repr=False)


def evaluate(
    name: str,
    corpus: Sequence[Labelled],
    profile: str,
    cost: scoring.CostMatrix,
    scores: list[npt.NDArray[np.float64]] | None = None,
) -> Evaluation:
    """Score ``name`` over ``corpus``: one threshold for the whole corpus (NAB's sweep), then each file."""
    if scores is None:
        scores = run_detector(name, corpus)
    sweeps = [scoring.sweep(len(item.series), item.windows, cost) for item in corpus]
    choice = scoring.optimise_threshold(list(zip(sweeps, scores, strict=True)), cost)
    files: dict[str, scoring.FileScore] = {}
    categories: dict[str, Tally] = {}
    total = Tally()
    for item, s, a in zip(corpus, sweeps, scores, strict=True):
        result = scoring.score_file(s, a, choice.threshold, cost)
        files[item.series.key] = result
        categories[item.series.category] = categories.get(item.series.category, Tally()).plus(
            len(item.windows), result
        )
        total = total.plus(len(item.windows), result)
    return Evaluation(name, profile, choice.threshold, files, categories, total, scores)


def normalised(
    run: Evaluation, null: Evaluation, cost: scoring.CostMatrix, category: str | None = None
) -> float | None:
    """NAB's 100 × (raw − null) / (perfect − null) over the corpus or one category (perfect = tpWeight for
    every labelled window: a detection at each window's first row)."""
    mine = run.total if category is None else run.categories[category]
    base = null.total if category is None else null.categories[category]
    return scoring.normalised(mine.raw, base.raw, cost.tp * mine.windows)


def _number(value: float) -> str:
    return repr(float(value))


def write_atomically(path: Path, text: str) -> None:
    """``text`` to ``path`` whole or not at all: a temporary file in the same folder, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with tmp.open("x", encoding="utf-8", newline="") as stream:  # the usual permissions (umask)
            stream.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def results_path(out: Path, detector: str, key: str) -> Path:
    """NAB's layout: ``OUT/<detector>/<category>/<detector>_<file>.csv``."""
    category, _, name = key.rpartition("/")
    folder = out / detector / category if category else out / detector
    return folder / f"{detector}_{name}"


def write_results(out: Path, run: Evaluation, corpus: Sequence[Labelled]) -> list[Path]:
    """Each series' scores in NAB's results layout, then the detector's score table; the paths written."""
    written = []
    for item, scores in zip(corpus, run.scores, strict=True):
        buf = io.StringIO()
        rows = csv.writer(buf, lineterminator="\n")
        rows.writerow(["timestamp", "value", "anomaly_score", "label"])
        labels = item.labels()
        series = item.series
        for stamp, value, score, label in zip(series.stamps, series.values, scores, labels, strict=True):
            rows.writerow([stamp, _number(value), _number(score), int(label)])
        path = results_path(out, run.detector, series.key)
        write_atomically(path, buf.getvalue())
        written.append(path)
    written.append(write_score_table(out, run, corpus))
    return written


def write_score_table(out: Path, run: Evaluation, corpus: Sequence[Labelled]) -> Path:
    """NAB's ``<detector>_<profile>_scores.csv``: one row per file and a Totals row. As in NAB, TP/TN/FP/FN
    count the scored rows and Total_Count every row (the probationary ones too)."""
    lengths = {item.series.key: len(item.series) for item in corpus}
    buf = io.StringIO()
    rows = csv.writer(buf, lineterminator="\n")
    rows.writerow(
        ["Detector", "Profile", "File", "Threshold", "Score", "TP", "TN", "FP", "FN", "Total_Count"]
    )
    sums = [0.0, 0, 0, 0, 0, 0]
    for key, s in run.files.items():
        counts = [s.rows_tp, s.rows_tn, s.rows_fp, s.rows_fn]
        total = lengths[key]
        rows.writerow(
            [run.detector, run.profile, key, _number(run.threshold), _number(s.raw), *counts, total]
        )
        for i, v in enumerate([s.raw, *counts, total]):
            sums[i] += v
    rows.writerow(["Totals", "", "", "", _number(sums[0]), *[int(v) for v in sums[1:]]])
    path = out / run.detector / f"{run.detector}_{run.profile}_scores.csv"
    write_atomically(path, buf.getvalue())
    return path
