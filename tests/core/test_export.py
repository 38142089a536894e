"""Tables exported for spreadsheets: real types, formulas neutralised, a file whole or not at all."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from console.export import ExportFailed, UnknownExportKind, neutralise, tsv, write_table

KL = ZoneInfo("Asia/Kuala_Lumpur")
HEADERS = ["Ref", "Title", "Opened", "SLA left (min)"]
ROWS = [
    ["INC-1", '=HYPERLINK("http://evil","click")', datetime(2026, 11, 25, 1, 30, tzinfo=UTC), -12.5],
    ["INC-2", "提现异常 withdrawal spike", datetime(2026, 11, 25, 2, 0, tzinfo=UTC), 30.0],
    ["INC-3", "@SUM(A1)", None, 0.0],
]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-cmd", "'-cmd"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("ok", "ok"),
        (-3, -3),
    ],
)
def test_text_that_would_run_as_a_formula_is_neutralised(value: object, safe: object) -> None:
    assert neutralise(value) == safe


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_table_reads_back_with_its_types(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"queue{suffix}"
    assert write_table(path, HEADERS, ROWS, KL) == 3
    frame = pd.read_csv(path, encoding="utf-8-sig") if suffix == ".csv" else pd.read_excel(path)
    assert list(frame.columns) == HEADERS
    assert frame["Title"][0].startswith("'=HYPERLINK")
    assert frame["Title"][1] == "提现异常 withdrawal spike"
    assert frame["SLA left (min)"].tolist() == [-12.5, 30.0, 0.0]
    opened = pd.to_datetime(frame["Opened"][0])
    assert (opened.hour, opened.minute) == (9, 30)  # Kuala Lumpur time, as the floor reads it
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left


def test_a_failed_export_leaves_nothing_and_says_why(tmp_path: Path) -> None:
    with pytest.raises(UnknownExportKind):
        write_table(tmp_path / "queue.pdf", HEADERS, ROWS, KL)
    with pytest.raises(ExportFailed) as caught:
        write_table(tmp_path / "missing" / "queue.csv", HEADERS, ROWS, KL)
    assert "missing" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_clipboard_text_is_one_line_per_row() -> None:
    text = tsv(["a", "b"], [["x\ty", "line\nbreak"], [None, 2]])
    assert text == "a\tb\nx y\tline break\n\t2\n"
