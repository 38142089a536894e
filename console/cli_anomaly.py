"""``watchfloor anomaly-eval``: the streaming anomaly detector (:mod:`console.anomaly.detector`) measured on a
labelled NAB-format corpus, beside two baselines scored by the same scorer in the same run."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from console.errors import WatchfloorError
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]
CTX = "Anomaly"

HEAD = QT_TRANSLATE_NOOP(
    "Anomaly",
    "{detector}: threshold {threshold} (one for the whole corpus), {profile} profile, {seconds:.1f} s",
)
COLUMNS = QT_TRANSLATE_NOOP("Anomaly", "category|files|windows|TP|FN|FP|raw score|NAB score")
TOTAL = QT_TRANSLATE_NOOP("Anomaly", "total")
LEGEND = QT_TRANSLATE_NOOP(
    "Anomaly",
    "TP: windows found, FN: windows missed, FP: detections outside every window; NAB score: "
    "100 × (raw − null) / (perfect − null), – where there is no window to find.",
)
SUMMARY = QT_TRANSLATE_NOOP(
    "Anomaly", "NAB score ({profile} profile) over {files} files and {windows} windows:"
)
WRITTEN = QT_TRANSLATE_NOOP("Anomaly", "Results in NAB's layout: {out} ({count} files written).")


class NotADirectory(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "{path} is not a directory: the results need one.")


class CannotWrite(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "Could not write {path}: {reason}.")


# console.anomaly.evaluate.DETECTORS' names, spelled out so building the parser does not import numpy.
DETECTOR_NAMES = ("null", "rarity", "windowedGaussian")


def add_commands(sub: Any, add_command: AddCommand) -> None:
    ev = add_command(
        sub,
        "anomaly-eval",
        help="measure the streaming anomaly detector on a labelled NAB-format corpus, beside baselines",
    )
    ev.add_argument("--data", required=True, metavar="DIR", help="NAB data: <category>/<name>.csv")
    ev.add_argument("--windows", required=True, metavar="FILE", help="NAB's combined_windows.json")
    ev.add_argument("--out", required=True, metavar="DIR", help="results: OUT/<detector>/<category>/...")
    ev.add_argument("--detector", default="rarity", choices=DETECTOR_NAMES, help="default: rarity")
    ev.add_argument("--profile", default="standard", help="NAB cost profile (default: standard)")
    ev.add_argument("--profiles", metavar="FILE", help="a NAB profiles.json (default: NAB's own profiles)")


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def cmd_anomaly_eval(args: argparse.Namespace, settings: Settings) -> int:
    from console.anomaly import corpus, scoring
    from console.anomaly.evaluate import BASELINES, evaluate, normalised, write_results

    profiles = scoring.read_profiles(Path(args.profiles)) if args.profiles else scoring.PROFILES
    cost = scoring.profile(profiles, args.profile)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise NotADirectory(path=str(out))
    labelled = corpus.load_corpus(Path(args.data), Path(args.windows))

    names = [args.detector, *[b for b in BASELINES if b != args.detector]]
    runs, took = {}, {}
    for name in names:
        started = time.perf_counter()
        runs[name] = evaluate(name, labelled, args.profile, cost)
        took[name] = time.perf_counter() - started
    null = runs["null"]

    written = 0
    for name in names:
        try:
            written += len(write_results(out, runs[name], labelled))
        except OSError as exc:
            raise CannotWrite(path=exc.filename or str(out), reason=exc.strerror or str(exc)) from exc

    headings = translate(CTX, COLUMNS).split("|")
    for name in names:
        run = runs[name]
        print(
            translate(CTX, HEAD).format(
                detector=name, threshold=f"{run.threshold:.6g}", profile=args.profile, seconds=took[name]
            )
        )
        print(f"  {headings[0]:<28}" + "".join(f"{h:>10}" for h in headings[1:]))
        rows = [(c, t, normalised(run, null, cost, c)) for c, t in sorted(run.categories.items())]
        rows.append((translate(CTX, TOTAL), run.total, normalised(run, null, cost)))
        for label, t, score in rows:
            cells = [t.files, t.windows, t.tp, t.fn, t.fp, f"{t.raw:.3f}", _cell(score)]
            print(f"  {label or '.':<28}" + "".join(f"{c:>10}" for c in cells))
        print()
    print(translate(CTX, LEGEND))
    print(
        translate(CTX, SUMMARY).format(profile=args.profile, files=len(labelled), windows=null.total.windows)
    )
    for name in names:
        print(f"  {name:<20}{_cell(normalised(runs[name], null, cost)):>8}")
    print(translate(CTX, WRITTEN).format(out=out, count=written))
    return 0
