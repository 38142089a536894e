"""Samples with dimensions (region, channel, …): CSV columns and JSON Lines keys or a ``dims`` object, refused
by line when a name or value is bad, stored beside the headline series in one transaction, re-imported
without change, read back as the latest value of each series; the header fuzzed."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from console import cli, dims, ingest
from console.auth import SYSTEM
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import AuditEntry, Change, IndicatorBreakdown, IndicatorSample
from console.errors import NotFound
from console.identity import os_account
from console.services import breakdown
from tests.factories import SmallFloor, add_users, build_small_floor, floor_now

KNOWN = {"ato.failed_logins": 1, "wd.auto_approval_rate": 2}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)


def _parse(text: str | bytes, fmt: str | None = None) -> ingest.Parsed:
    raw = text.encode() if isinstance(text, str) else text
    return ingest.parse(io.BufferedReader(io.BytesIO(raw)), KNOWN, fmt)  # type: ignore[arg-type]


def _problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.text.format(**p.fields)) for p in _parse(text).problems]


def test_csv_columns_beyond_the_three_are_dimensions_and_an_empty_cell_is_none() -> None:
    parsed = _parse(
        "Channel,indicator,timestamp,value, Region \n"
        "app,ato.failed_logins,2026-11-25T11:00:00Z,5, MY \n"
        ",ato.failed_logins,2026-11-25T11:00:00Z,9,\n"
        "web,ato.failed_logins,2026-11-25T11:00:00Z,4,\n"
        '"",ato.failed_logins,2026-11-25T11:01:00Z,7,SG\n'
    )
    assert parsed.problems == []
    assert parsed.dims == ["channel=app;region=MY", "", "channel=web", "region=SG"]
    assert parsed.values == [5.0, 9.0, 4.0, 7.0]
    assert parsed.dimensioned


def test_json_lines_take_a_dims_object_and_further_keys() -> None:
    parsed = _parse(
        '{"indicator": "ato.failed_logins", "timestamp": 1764068400, "value": 1, "region": "MY"}\n'
        '{"indicator": "ato.failed_logins", "timestamp": 1764068400, "value": 2, "dims": {"channel": "app", '
        '"Region": "MY"}}\n'
        '{"indicator": "ato.failed_logins", "timestamp": 1764068400, "value": 3, "dims": null, "shard": 7}\n'
        '{"indicator": "ato.failed_logins", "timestamp": 1764068400, "value": 4, "region": null, '
        '"dims": {}}\n'
        '{"indicator": "ato.failed_logins", "timestamp": 1764068400, "value": 5, "region": ""}\n'
    )
    assert parsed.problems == []
    assert parsed.dims == ["region=MY", "channel=app;region=MY", "shard=7", "", ""]


def test_a_file_without_dimensions_is_parsed_as_before() -> None:
    parsed = _parse("indicator,timestamp,value\nato.failed_logins,2026-11-25T11:00:00Z,5\n")
    assert parsed.dims == [""]
    assert not parsed.dimensioned


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "indicator,timestamp,value,region-code\n",
            [
                (
                    1,
                    "“region-code” is not a dimension name (lower-case letters, digits and _, starting with "
                    "a letter, at most 32; not indicator, timestamp, value or dims)",
                )
            ],
        ),
        ("indicator,timestamp,value,dims\n", [(1, "“dims” is not a dimension name")]),
        ("indicator,timestamp,value,\n", [(1, "“” is not a dimension name")]),
        (
            "indicator,timestamp,value,Region,region\n",
            [(1, "the column “region” appears twice in the header")],
        ),
        ("indicator,timestamp,value,Value\n", [(1, "the column “value” appears twice in the header")]),
        ("indicator,timestamp,value,a,b,c,d,e\n", [(1, "at most 4 dimensions (5 given)")]),
        (
            "indicator,timestamp,value,region\nato.failed_logins,2026-11-25T11:00:00Z,1,a=b\n",
            [
                (
                    2,
                    "the dimension region has the value “a=b”: a value is text of at most 64 characters "
                    "without ; or =",
                )
            ],
        ),
        (
            "indicator,timestamp,value,region\nato.failed_logins,2026-11-25T11:00:00Z,1," + "x" * 65 + "\n",
            [(2, "the dimension region has the value “" + "x" * 65 + "”")],
        ),
        (
            '{"indicator": "ato.failed_logins", "timestamp": 1, "value": 1, "dims": ["MY"]}\n',
            [(1, "“dims” must be an object of dimension names and values")],
        ),
        (
            '{"indicator": "ato.failed_logins", "timestamp": 1, "value": 1, "region": true}\n',
            [(1, "the dimension region has the value “True”")],
        ),
        (
            '{"indicator": "ato.failed_logins", "timestamp": 1, "value": 1, "dims": {"region": 1.5}}\n',
            [(1, "the dimension region has the value “1.5”")],
        ),
        (
            '{"indicator": "ato.failed_logins", "timestamp": 1, "value": 1, "dims": {"a b": "x"}}\n',
            [(1, "“a b” is not a dimension name")],
        ),
        (
            '{"indicator": "ato.failed_logins", "timestamp": 1, "value": 1, "region": "MY", '
            '"dims": {"region": "SG"}}\n',
            [(1, "the dimension “region” is given twice")],
        ),
        (
            '{"indicator": "ato.failed_logins", "timestamp": 1, "value": 1, "a": "1", "b": "2", "c": "3", '
            '"d": "4", "e": "5"}\n',
            [(1, "at most 4 dimensions (5 given)")],
        ),
    ],
)
def test_a_bad_dimension_is_named_by_its_line(text: str, expected: list[tuple[int, str]]) -> None:
    got = _problems(text)
    assert [line for line, _ in got] == [line for line, _ in expected]
    for (_, message), (_, start) in zip(got, expected, strict=True):
        assert message.startswith(start), message


def test_canonical_text_sorts_names_and_splits_back() -> None:
    text = dims.canonical([("region", "MY"), ("channel", "app")])
    assert text == "channel=app;region=MY"
    assert dims.split(text) == (("channel", "app"), ("region", "MY"))
    assert dims.split("") == ()


# -- storing and reading back ----------------------------------------------------------------------------


@pytest.fixture
def small(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


def _counts(db: Database) -> tuple[int, int]:
    with db.reading() as s:
        return (
            int(s.scalar(select(func.count()).select_from(IndicatorSample)) or 0),
            int(s.scalar(select(func.count()).select_from(IndicatorBreakdown)) or 0),
        )


def _micros(at: datetime) -> int:
    return (at - EPOCH) // US


def test_both_kinds_go_in_one_transaction_and_a_reimport_changes_nothing(
    db: Database, small: SmallFloor
) -> None:
    ind = small.indicators["failed"]
    other = small.indicators["approval"]
    at = small.now.replace(second=0, microsecond=0) + timedelta(minutes=5)
    t0, t1 = _micros(at), _micros(at + timedelta(minutes=1))
    with db.reading() as s:
        seq = s.scalar(select(func.max(Change.seq))) or 0
    samples, split = _counts(db)
    rows = (
        [ind, ind, ind, ind, other, ind],
        [t0, t0, t0, t1, t0, t0],
        [10.0, 4.0, 6.0, 5.0, 88.0, 99.0],
        ["", "region=MY", "region=SG", "region=MY", "channel=app;region=MY", "region=MY"],
    )
    stored = breakdown.ingest_dimensioned(db, SYSTEM, *rows, source="test")
    # The last is the same series and moment as the second: kept as it was, counted as already there.
    assert stored == breakdown.Stored(1, 0, 4, 1)
    assert _counts(db) == (samples + 1, split + 4)
    with db.reading() as s:
        audit = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        feed = set(s.execute(select(Change.topic, Change.entity_id).where(Change.seq > seq)))
    assert audit.detail == {
        "samples": 1,
        "already": 0,
        "breakdown": 4,
        "breakdown_already": 1,
        "indicators": 2,
        "source": "test",
    }
    assert {("samples", ind), ("samples", other)} <= feed
    assert breakdown.ingest_dimensioned(db, SYSTEM, *rows) == breakdown.Stored(0, 1, 0, 5)
    assert _counts(db) == (samples + 1, split + 4)
    # An unknown indicator anywhere in the batch: nothing of it is stored, neither kind.
    bad = ([ind, 999_999], [t1 + 60_000_000] * 2, [1.0, 2.0], ["region=MY", ""])
    with pytest.raises(NotFound):
        breakdown.ingest_dimensioned(db, SYSTEM, *bad)
    assert _counts(db) == (samples + 1, split + 4)

    since = at - timedelta(minutes=1)
    with db.reading() as s:
        every = breakdown.breakdown(s, ind, since)
        by_region = breakdown.breakdown(s, ind, since, ["region"])
        by_both = breakdown.breakdown(s, other, since, ["region", "channel"])
        later = breakdown.breakdown(s, ind, at + timedelta(minutes=1))
    assert [(r.dims, r.ts, r.value) for r in every] == [
        ("region=MY", at + timedelta(minutes=1), 5.0),
        ("region=SG", at, 6.0),
    ]
    assert [r.pairs for r in by_region] == [(("region", "MY"),), (("region", "SG"),)]
    assert [(r.dims, r.value) for r in by_both] == [("channel=app;region=MY", 88.0)]
    assert later == []


def test_the_command_stores_dimensions_and_reads_them_back(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    db = Database(engine)
    try:
        build_small_floor(db, floor_now())
        add_users(db, (os_account(), "admin"))
    finally:
        db.dispose()
    now = datetime.now(UTC).replace(microsecond=0)
    lines = [
        {
            "indicator": "ato.failed_logins",
            "timestamp": (now - timedelta(minutes=m)).isoformat(),
            "value": v,
            **d,
        }
        for m, v, d in [
            (3, 120, {"region": "MY"}),
            (2, 2500, {"region": "MY"}),
            (2, 40, {"region": "SG"}),
            (2, 7, {"region": "SG", "channel": "api"}),
            (1, 800, {}),
        ]
    ]
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(x) + "\n" for x in lines))
    run = ["--db", sqlite_url]
    assert cli.main([*run, "ingest", str(good)]) == 0
    out = capsys.readouterr().out
    assert "1 samples stored, 0 already there; by dimension 4 stored, 0 already there (5 read" in out
    assert cli.main([*run, "ingest", str(good)]) == 0
    assert (
        "0 samples stored, 1 already there; by dimension 0 stored, 4 already there" in capsys.readouterr().out
    )
    assert cli.main([*run, "indicators", "breakdown", "ato.failed_logins", "--by", "Region"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(
        "ato.failed_logins (Failed logins, count/min): latest value of each series since"
    )
    assert [line.split()[:2] for line in out[1:]] == [["MY", "2500"], ["SG", "40"]]
    assert "WARNING" in out[1]  # 2500 is past the warning threshold (1800)
    assert cli.main([*run, "indicators", "breakdown", "ato.failed_logins", "--since", "150s"]) == 1
    assert "--since “150s” is neither a time span" in capsys.readouterr().err
    assert cli.main([*run, "indicators", "breakdown", "ato.failed_logins", "--since", "90s"]) == 1
    capsys.readouterr()
    assert cli.main([*run, "indicators", "breakdown", "ato.failed_logins", "--since", "1m"]) == 0
    assert "has no samples by dimension since" in capsys.readouterr().out
    assert cli.main([*run, "indicators", "breakdown", "ato.failed_logins", "--by", "no-such"]) == 1
    assert "--by “no-such” is not a dimension name" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,timestamp,value,region\nato.failed_logins,2020-01-01T00:02:00Z,1,a;b\n")
    assert cli.main([*run, "ingest", str(bad)]) == 1
    assert "line 2: the dimension region has the value “a;b”" in capsys.readouterr().err


# -- fuzzing the header and the dimensions -------------------------------------------------------------------
names = st.text(alphabet="abcXYZ_-; =1", min_size=0, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(names, max_size=6), st.lists(st.lists(st.text(max_size=8), max_size=7), max_size=5))
def test_any_header_and_cells_parse_to_samples_or_line_numbered_problems(
    extra: list[str], rows: list[list[str]]
) -> None:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["indicator", "timestamp", "value", *extra])
    for cells in rows:
        writer.writerow(["ato.failed_logins", "1764068400", "1", *cells])
    text = buffer.getvalue()
    parsed = _parse(text, "csv")
    assert all(1 <= p.line <= text.count("\n") + 1 for p in parsed.problems)
    assert all(p.message() for p in parsed.problems)
    assert len(parsed.ids) == len(parsed.dims)
    for stored in parsed.dims:
        pairs = dims.split(stored)
        assert dims.canonical(pairs) == stored
        assert all(dims.valid_name(n) and dims.valid_value(v) for n, v in pairs)


dim_values = st.text(
    alphabet=st.characters(blacklist_characters=";=", blacklist_categories=("C", "Z")),
    min_size=1,
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(KNOWN)),
            st.integers(min_value=0, max_value=4_000_000_000),
            st.dictionaries(st.sampled_from(["region", "channel", "asset", "tier"]), dim_values, max_size=4),
        ),
        min_size=1,
        max_size=15,
    ),
    st.booleans(),
)
def test_well_formed_dimensions_come_back_canonical(
    rows: list[tuple[str, int, dict[str, str]]], in_object: bool
) -> None:
    text = "".join(
        json.dumps({"indicator": k, "timestamp": t, "value": 1, **({"dims": d} if in_object else d)}) + "\n"
        for k, t, d in rows
    )
    parsed = _parse(text)
    assert parsed.problems == []
    assert parsed.dims == [";".join(f"{n}={v}" for n, v in sorted(d.items())) for _, _, d in rows]


def test_a_carriage_return_inside_a_csv_line_is_a_problem_not_a_crash() -> None:
    got = _problems("indicator,timestamp,value\nato.failed_logins,1764068400,\r1\nato.failed_logins,1,2\n")
    assert [line for line, _ in got] == [2]
    assert got[0][1].startswith("the line is not valid CSV (")
    assert _problems("indicator,\rtimestamp,value\n")[0][0] == 1
