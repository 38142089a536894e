"""``watchfloor ingest``: CSV and JSON Lines read line by line, every problem named by its line, nothing
stored unless the whole file is good, a re-import changes nothing; the parser fuzzed."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from console import cli, ingest
from console.auth import SYSTEM
from console.db.engine import Database
from console.db.models import Change, IndicatorSample
from console.identity import os_account
from console.services import indicators
from tests.factories import SmallFloor, add_users, build_small_floor, floor_now

KNOWN = {"ato.failed_logins": 1, "wd.auto_approval_rate": 2}


def _parse(text: str | bytes, fmt: str | None = None) -> ingest.Parsed:
    raw = text.encode() if isinstance(text, str) else text
    return ingest.parse(io.BufferedReader(io.BytesIO(raw)), KNOWN, fmt)  # type: ignore[arg-type]


def _problems(text: str | bytes, fmt: str | None = None) -> list[tuple[int, str]]:
    return [(p.line, p.text.format(**p.fields)) for p in _parse(text, fmt).problems]


def test_csv_in_any_column_order_with_a_bom_and_blank_lines() -> None:
    parsed = _parse(
        "\ufeffValue,Indicator,Timestamp\n"
        "512,ato.failed_logins,2026-11-25T19:00:00+08:00\n"
        "\n"
        '"88.5",wd.auto_approval_rate,2026-11-25T11:01:00Z\n'
        "7,ato.failed_logins,1764068460\n"
    )
    assert parsed.problems == []
    assert parsed.ids == [1, 2, 1]
    assert parsed.values == [512.0, 88.5, 7.0]
    at = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    expected = [at, at + timedelta(minutes=1), datetime.fromtimestamp(1764068460, UTC)]
    assert [datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=m) for m in parsed.micros] == expected


def test_json_lines() -> None:
    parsed = _parse(
        '{"indicator": "ato.failed_logins", "timestamp": "2026-11-25T11:00:00Z", "value": 512}\n'
        '{"indicator": "wd.auto_approval_rate", "timestamp": 1764068460.5, "value": "88.5"}\n'
    )
    assert parsed.problems == []
    assert parsed.values == [512.0, 88.5]
    assert parsed.micros[1] == 1764068460_500000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "indicator,timestamp,value\nato.failed_logins,2026-11-25T11:00:00Z,12x\n",
            [(2, "“12x” is not a number")],
        ),
        (
            "indicator,timestamp,value\nato.failed_logins,2026-11-25T11:00:00Z,nan\n",
            [(2, "the value nan is not a finite number")],
        ),
        ("indicator,timestamp,value\nno.such,2026-11-25T11:00:00Z,1\n", [(2, "unknown indicator “no.such”")]),
        (
            "indicator,timestamp,value\nato.failed_logins,yesterday,1\n",
            [(2, "“yesterday” is not a timestamp (ISO 8601 with a zone, or Unix seconds)")],
        ),
        (
            "indicator,timestamp,value\nato.failed_logins,2026-11-25 11:00,1\n",
            [(2, "the timestamp “2026-11-25 11:00” has no time zone")],
        ),
        (
            "indicator,timestamp,value\nato.failed_logins,2026-11-25T11:00:00Z\n",
            [(2, "expected 3 columns, found 2")],
        ),
        (
            "indicator,timestamp,value,Region\nato.failed_logins,2026-11-25T11:00:00Z,1,s;g\n",
            [
                (
                    2,
                    "the dimension region has the value “s;g”: a value is text of at most 64 characters "
                    "without ; or =",
                )
            ],
        ),
        (
            "name,when,amount\nx,y,z\n",
            [(1, "the header must name the columns indicator, timestamp and value")],
        ),
        ("indicator,timestamp,value\n", [(1, "there are no samples")]),
        (
            '{"indicator": "ato.failed_logins", "timestamp": "2026-11-25T11:00:00Z"}\n',
            [(1, "“value” is missing")],
        ),
        (
            '{"indicator": "ato.failed_logins", "timestamp": "2026-11-25T11:00:00Z", "value": 1, '
            '"Channel": "app", "dims": {"channel": "web"}}\n',
            [(1, "the dimension “channel” is given twice")],
        ),
        (
            '{"indicator": "ato.failed_logins", "timestamp": "2026-11-25T11:00:00Z", "value": true}\n',
            [(1, "“True” is not a number")],
        ),
        (
            '{"indicator": "ato.failed_logins",\n',
            [(1, "the line is not valid JSON (Expecting property name enclosed in double quotes)")],
        ),
    ],
)
def test_each_problem_is_named_by_its_line(text: str, expected: list[tuple[int, str]]) -> None:
    assert _problems(text) == expected


def test_a_line_that_is_not_utf8() -> None:
    raw = (
        b"indicator,timestamp,value\nato.failed_logins,2026-11-25T11:00:00Z,1\nato.failed_logins,\xff\xfe,2\n"
    )
    assert _problems(raw) == [(3, "the line is not UTF-8 text")]


def test_the_message_lists_the_first_problems_and_counts_the_rest() -> None:
    lines = ["indicator,timestamp,value"] + [
        f"ato.failed_logins,2026-11-25T11:{m:02d}:00Z,x{m}" for m in range(30)
    ]
    parsed = _parse("\n".join(lines) + "\n")
    with pytest.raises(ingest.BadSamples) as caught:
        ingest.checked(parsed, "bad.csv")
    text = str(caught.value)
    assert text.startswith("bad.csv: 30 problem(s), nothing was imported.\nline 2: “x0” is not a number")
    assert "line 21:" in text
    assert "line 22:" not in text
    assert text.endswith("… and 10 more")


@pytest.fixture
def small(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


def _count(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(IndicatorSample)) or 0)


def test_one_bad_line_after_100000_good_ones_imports_nothing(db: Database, small: SmallFloor) -> None:
    known = {"ato.failed_logins": small.indicators["failed"]}
    start = 1_700_000_000
    good = "".join(f"ato.failed_logins,{start + 60 * i},{i % 977}\n" for i in range(100_000))
    raw = ("indicator,timestamp,value\n" + good + "ato.failed_logins,2026-11-25T11:00:00Z,oops\n").encode()
    parsed = ingest.parse(io.BufferedReader(io.BytesIO(raw)), known)  # type: ignore[arg-type]
    assert [(p.line, p.fields) for p in parsed.problems] == [(100_002, {"text": "oops"})]
    before = _count(db)
    with pytest.raises(ingest.BadSamples):
        ingest.checked(parsed, "big.csv")
    assert _count(db) == before
    # The good part alone is stored, once; again, nothing changes.
    parsed.problems.clear()
    stored, already = indicators.ingest_rows(db, SYSTEM, parsed.ids, parsed.micros, parsed.values)
    assert (stored, already) == (100_000, 0)
    assert indicators.ingest_rows(db, SYSTEM, parsed.ids, parsed.micros, parsed.values) == (0, 100_000)
    assert _count(db) == before + 100_000
    with db.reading() as s:
        first = s.scalar(
            select(IndicatorSample.value).where(
                IndicatorSample.indicator_id == small.indicators["failed"],
                IndicatorSample.ts == datetime.fromtimestamp(start + 60 * 5, UTC),
            )
        )
    assert first == 5.0


def test_a_sample_already_stored_is_kept_and_the_feed_hears_of_the_indicator(
    db: Database, small: SmallFloor
) -> None:
    ind = small.indicators["failed"]
    at = small.now.replace(second=0, microsecond=0) - timedelta(minutes=1)  # the small floor has this sample
    micros = (at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    with db.reading() as s:
        seq = s.scalar(select(func.max(Change.seq))) or 0
        kept = s.scalar(
            select(IndicatorSample.value).where(IndicatorSample.indicator_id == ind, IndicatorSample.ts == at)
        )
    stored, already = indicators.ingest_rows(
        db, SYSTEM, [ind, ind, ind], [micros, micros + 60_000_000, micros + 60_000_000], [1.0, 2.0, 3.0]
    )
    assert (stored, already) == (1, 2)  # one already stored, one twice in the batch
    with db.reading() as s:
        assert (
            s.scalar(
                select(IndicatorSample.value).where(
                    IndicatorSample.indicator_id == ind, IndicatorSample.ts == at
                )
            )
            == kept
        )
        topics = set(s.execute(select(Change.topic, Change.entity_id).where(Change.seq > seq)))
    assert ("samples", ind) in topics


def test_the_command(sqlite_url: str, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from console.db import migrate
    from console.db.engine import make_engine

    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    db = Database(engine)
    try:
        build_small_floor(db, floor_now())
        add_users(db, (os_account(), "system"))
    finally:
        db.dispose()
    good = tmp_path / "good.jsonl"
    good.write_text(
        '{"indicator": "ato.failed_logins", "timestamp": "2020-01-01T00:00:00Z", "value": 1}\n'
        '{"indicator": "ato.failed_logins", "timestamp": "2020-01-01T00:01:00Z", "value": 2}\n'
    )
    run = ["--db", sqlite_url]
    assert cli.main([*run, "ingest", str(good)]) == 0
    assert "2 samples stored, 0 already there" in capsys.readouterr().out
    assert cli.main([*run, "ingest", str(good)]) == 0
    assert "0 samples stored, 2 already there" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,timestamp,value\nato.failed_logins,2020-01-01T00:02:00Z,x\n")
    assert cli.main([*run, "ingest", str(bad)]) == 1
    assert "line 2: “x” is not a number" in capsys.readouterr().err
    assert cli.main([*run, "ingest", str(tmp_path / "missing.csv")]) == 1


# -- fuzzing -------------------------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=60), max_size=12), st.sampled_from([None, "csv", "jsonl"]))
def test_any_bytes_parse_to_samples_or_line_numbered_problems(lines: list[bytes], fmt: str | None) -> None:
    raw = b"indicator,timestamp,value\n" + b"\n".join(lines)
    parsed = _parse(raw, fmt)
    total = raw.count(b"\n") + 1
    assert all(1 <= p.line <= total for p in parsed.problems)
    assert all(p.message() for p in parsed.problems)  # every reason formats
    assert len(parsed.ids) == len(parsed.micros) == len(parsed.values)
    assert all(math.isfinite(v) for v in parsed.values)


samples = st.tuples(
    st.sampled_from(sorted(KNOWN)),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(samples, min_size=1, max_size=20), st.booleans())
def test_well_formed_samples_come_back_exactly(
    rows: list[tuple[str, datetime, float]], as_json: bool
) -> None:
    import json

    if as_json:
        text = "".join(
            json.dumps({"indicator": k, "timestamp": t.isoformat(), "value": v}) + "\n" for k, t, v in rows
        )
    else:
        text = "indicator,timestamp,value\n" + "".join(f"{k},{t.isoformat()},{v!r}\n" for k, t, v in rows)
    parsed = _parse(text)
    assert parsed.problems == []
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    assert list(zip(parsed.ids, parsed.micros, parsed.values, strict=True)) == [
        (KNOWN[k], (t - epoch) // timedelta(microseconds=1), v) for k, t, v in rows
    ]
