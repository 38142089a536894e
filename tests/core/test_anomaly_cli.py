"""``watchfloor anomaly-eval``: NAB's results layout, the table beside the baselines, refusals that name the
problem and leave OUT untouched, and the detector's score on the shared NAB subset (at least 62)."""

from __future__ import annotations

import csv
import json
import math
import os
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from console import cli
from console.anomaly import corpus, scoring
from console.anomaly.evaluate import evaluate, normalised

REPO = Path(__file__).resolve().parents[2]
SHARED_NAB = REPO.parent / "shared" / "nab"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
START = datetime(2014, 4, 1)


def stamp(row: int) -> str:
    return (START + timedelta(minutes=5 * row)).strftime("%Y-%m-%d %H:%M:%S")


def write_series(path: Path, values: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["timestamp,value", *(f"{stamp(i)},{v:.4f}" for i, v in enumerate(values))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def small_corpus(root: Path) -> tuple[Path, Path]:
    """Three series of 1000 five-minute rows in two categories: a jump (one window), a spike (one window),
    and one without anomalies."""
    rng = np.random.default_rng(11)
    cycle = 10 * np.sin(2 * math.pi * np.arange(1000) / 288)
    jump = 50 + cycle + rng.normal(0, 1, 1000)
    jump[800:] += 40
    spike = 20 + cycle + rng.normal(0, 1, 1000)
    spike[700] += 80
    calm = 30 + cycle + rng.normal(0, 1, 1000)
    data = root / "data"
    write_series(data / "realA" / "jump.csv", jump)
    write_series(data / "realA" / "calm.csv", calm)
    write_series(data / "artB" / "spike.csv", spike)
    windows = {
        "realA/jump.csv": [[f"{stamp(770)}.000000", f"{stamp(829)}.000000"]],
        "realA/calm.csv": [],
        "artB/spike.csv": [[f"{stamp(680)}.000000", f"{stamp(719)}.000000"]],
    }
    path = root / "windows.json"
    path.write_text(json.dumps(windows), encoding="utf-8")
    return data, path


def run(*argv: str) -> int:
    return cli.main(["anomaly-eval", *argv])


def test_results_in_nabs_layout_with_baselines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, windows = small_corpus(tmp_path)
    out = tmp_path / "out"
    assert run("--data", str(data), "--windows", str(windows), "--out", str(out)) == 0
    printed = capsys.readouterr().out
    for detector in ("rarity", "windowedGaussian", "null"):
        for key in ("realA/jump.csv", "realA/calm.csv", "artB/spike.csv"):
            category, name = key.split("/")
            path = out / detector / category / f"{detector}_{name}"
            with path.open(encoding="utf-8") as stream:
                rows = list(csv.DictReader(stream))
            assert list(rows[0]) == ["timestamp", "value", "anomaly_score", "label"]
            assert len(rows) == 1000
            assert all(0.0 <= float(r["anomaly_score"]) <= 1.0 for r in rows)
            labelled = [i for i, r in enumerate(rows) if r["label"] == "1"]
            expected = {"realA/jump.csv": list(range(770, 830)), "artB/spike.csv": list(range(680, 720))}
            assert labelled == expected.get(key, [])
            assert rows[5]["timestamp"] == stamp(5)
        table = (out / detector / f"{detector}_standard_scores.csv").read_text(encoding="utf-8").splitlines()
        assert table[0] == "Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count"
        assert table[-1].startswith("Totals,")
    assert not list(out.rglob("*.part"))
    assert "rarity: threshold" in printed
    assert "windowedGaussian: threshold" in printed
    summary = printed[printed.index("NAB score (standard profile) over 3 files and 2 windows:") :]
    scores = dict(line.split() for line in summary.splitlines()[1:4])
    assert scores["null"] == "0.0"
    assert float(scores["rarity"]) == pytest.approx(100 * 0.86 / 2 + 50, abs=8)  # both found mid-window
    assert set(scores) == {"rarity", "windowedGaussian", "null"}  # the baselines beside it, same scorer


def test_the_commands_detectors_are_the_registered_ones() -> None:
    from console.anomaly.evaluate import DETECTORS
    from console.cli_anomaly import DETECTOR_NAMES

    assert tuple(sorted(DETECTORS)) == DETECTOR_NAMES


def test_the_printed_score_is_the_evaluations(tmp_path: Path) -> None:
    data, windows = small_corpus(tmp_path)
    labelled = corpus.load_corpus(data, windows)
    cost = scoring.PROFILES["standard"]
    null = evaluate("null", labelled, "standard", cost)
    mine = evaluate("rarity", labelled, "standard", cost)
    assert (mine.total.tp, mine.total.fn) == (2, 0)
    assert normalised(null, null, cost) == 0.0
    assert normalised(mine, null, cost, "realA") == pytest.approx(
        100 * (mine.categories["realA"].raw + 1) / 2
    )


def refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    out = tmp_path / "out"
    assert run(*argv, "--out", str(out)) == 1
    assert not out.exists()  # nothing written, not even the folder
    return capsys.readouterr().err


def test_a_missing_data_directory_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, windows = small_corpus(tmp_path)
    err = refused(tmp_path, capsys, "--data", str(tmp_path / "nope"), "--windows", str(windows))
    assert f"{tmp_path / 'nope'}: no such directory." in err


def test_a_malformed_csv_is_refused_by_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, windows = small_corpus(tmp_path)
    path = data / "realA" / "calm.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[6] = f"{stamp(5)},twelve"  # line 7 of the file
    lines[9] = "2014-13-45 00:00:00,1.0"  # line 10
    lines[11] = f"{stamp(10)},1.0,2.0"  # line 12
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = refused(tmp_path, capsys, "--data", str(data), "--windows", str(windows))
    assert "realA/calm.csv: 3 problem(s), nothing was written." in err
    assert "line 7: “twelve” is not a number" in err
    assert "line 10: “2014-13-45 00:00:00” is not a timestamp" in err
    assert "line 12: expected 2 columns, found 3" in err


def test_a_windows_file_that_is_not_json_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, windows = small_corpus(tmp_path)
    windows.write_text('{"realA/jump.csv": [\n  ["2014-04-01 00:00:00", ]\n', encoding="utf-8")
    err = refused(tmp_path, capsys, "--data", str(data), "--windows", str(windows))
    assert f"{windows}: not JSON (line 2, column" in err


def test_a_windows_file_of_the_wrong_shape_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, windows = small_corpus(tmp_path)
    doc = json.loads(windows.read_text(encoding="utf-8"))
    doc["realA/jump.csv"] = [["2014-04-03 00:00:00", "yesterday"]]
    windows.write_text(json.dumps(doc), encoding="utf-8")
    err = refused(tmp_path, capsys, "--data", str(data), "--windows", str(windows))
    assert "“realA/jump.csv”, window 1: “yesterday” is not a timestamp" in err


def test_a_csv_not_in_the_windows_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, windows = small_corpus(tmp_path)
    write_series(data / "artB" / "extra.csv", np.arange(400, dtype=float))
    err = refused(tmp_path, capsys, "--data", str(data), "--windows", str(windows))
    assert f"artB/extra.csv is not listed in {windows}" in err


def test_an_unknown_profile_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, windows = small_corpus(tmp_path)
    err = refused(tmp_path, capsys, "--data", str(data), "--windows", str(windows), "--profile", "lenient")
    assert (
        "Unknown profile lenient; the profiles are reward_low_FN_rate, reward_low_FP_rate, standard." in err
    )


def test_out_must_be_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, windows = small_corpus(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert run("--data", str(data), "--windows", str(windows), "--out", str(blocker)) == 1
    assert f"{blocker} is not a directory" in capsys.readouterr().err


@pytest.fixture(scope="module")
def shared_nab() -> Path:
    """``../shared/nab`` beside the repository: required in CI, skipped (with the reason) elsewhere."""
    if not (SHARED_NAB / "combined_windows.json").is_file():
        if IN_CI:
            pytest.fail(f"the shared NAB subset is missing: {SHARED_NAB}")
        pytest.skip(f"no shared NAB subset at {SHARED_NAB}")
    return SHARED_NAB


def test_nab_profiles_file_matches_the_built_in_profiles(shared_nab: Path) -> None:
    assert scoring.read_profiles(shared_nab / "profiles.json") == scoring.PROFILES


def test_the_shared_nab_subset_scores_at_least_62(shared_nab: Path) -> None:
    """The whole shared subset (18 files, 25 windows), standard profile, one threshold for the corpus."""
    labelled = corpus.load_corpus(shared_nab / "data", shared_nab / "combined_windows.json")
    cost = scoring.PROFILES["standard"]
    null = evaluate("null", labelled, "standard", cost)
    mine = evaluate("rarity", labelled, "standard", cost)
    baseline = evaluate("windowedGaussian", labelled, "standard", cost)
    assert null.total.windows == 25
    score = normalised(mine, null, cost)
    assert score is not None
    assert score >= 62.0, score
    gaussian = normalised(baseline, null, cost)
    assert gaussian is not None
    assert gaussian < score - 30
    # the artificial series without anomalies stay quiet at the chosen threshold
    assert mine.categories["artificialNoAnomaly"].fp == 0
