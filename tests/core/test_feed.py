"""The change feed, written by the database and followed with distrust: on SQLite and PostgreSQL alike.

Writers here are plain DB-API connections (psycopg / sqlite3), not the services, wherever the point is that
*any* writer shows up live.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select, text

from console.auth import SYSTEM
from console.db.engine import Database
from console.db.models import Change, Incident
from console.errors import Conflict, InvalidInput
from console.feed import GAP, PRUNED, REVERSAL, TRUNCATED, FeedFollower, FeedStep, last_seq, to_batch
from console.services import incidents, org
from console.topics import Topic
from tests.factories import ADMIN, SmallFloor, add_users, build_small_floor, floor_now


def _open(db: Database, title: str) -> int:
    return incidents.open_incident(db, SYSTEM, title=title, category="feed_failure", severity=4)


@contextmanager
def raw(db: Database) -> Iterator[Any]:
    """A plain DB-API connection, as an ETL job or a DBA would have: no Watchfloor code on the way."""
    if db.is_sqlite:
        conn: Any = sqlite3.connect(db.url.database or "", isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
    else:
        options = db.url.query.get("options")
        conn = psycopg.connect(
            host=db.url.host, port=db.url.port, user=db.url.username, dbname=db.url.database, options=options
        )
    try:
        yield conn
        conn.execute("COMMIT") if db.is_sqlite else conn.commit()
    finally:
        conn.close()


def sql(db: Database, statement: str) -> str:
    return statement.replace("%s", "?") if db.is_sqlite else statement


def _ts(db: Database, at: datetime) -> Any:
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(" ") if db.is_sqlite else at


def follow_until(
    follower: FeedFollower, want: Callable[[list[FeedStep]], bool], seconds: float = 5.0
) -> list[FeedStep]:
    steps: list[FeedStep] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        steps.append(follower.step(0.2))
        if want(steps):
            break
    return steps


def records(steps: list[FeedStep]) -> list[tuple[str, int]]:
    return [(r.topic, r.entity_id) for s in steps for r in s.records]


def reloads(steps: list[FeedStep]) -> list[str]:
    return [s.reload for s in steps if s.reload]


@pytest.fixture
def small(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


@pytest.fixture(autouse=True)
def _writers(request: pytest.FixtureRequest) -> None:
    """The users these tests write as (the services refuse writers the users table does not know)."""
    if "db" in request.fixturenames:
        add_users(request.getfixturevalue("db"), ("lead.ana", "team_lead"), ("lead.ben", "team_lead"))


def test_follower_wakes_on_commits_from_another_connection(db: Database) -> None:
    follower = FeedFollower(db, last_seq(db))
    follower.step(0.05)  # first call connects / reads the initial data_version
    writer = threading.Timer(0.2, lambda: _open(db, "from another connection"))
    t0 = time.monotonic()
    writer.start()
    steps = follow_until(follower, lambda st: bool(records(st)), 3)
    writer.join()
    assert [(r.topic, r.op) for s in steps for r in s.records] == [("incident", "insert")]
    assert time.monotonic() - t0 < 1.5  # woken by the commit, not by a timeout
    assert all(r.origin == db.origin for s in steps for r in s.records)  # the echo of our own write
    follower.close()


def test_plain_sql_writes_show_up_like_service_writes(db: Database, small: SmallFloor) -> None:
    follower = FeedFollower(db, last_seq(db))
    follower.step(0.05)
    now = datetime.now(UTC)
    with raw(db) as conn:  # an upstream case system inserts an incident and a DBA edits another
        conn.execute(
            sql(
                db,
                "INSERT INTO incidents (ref, title, category, severity, status, summary, opened_at, "
                "ack_due_at, resolve_due_at, version) VALUES ('EXT-1', 'From the case system', "
                "'fraud_wave', 2, 'open', '', %s, %s, %s, 1)",
            ),
            (_ts(db, now), _ts(db, now + timedelta(minutes=15)), _ts(db, now + timedelta(hours=4))),
        )
        conn.execute(
            sql(db, "UPDATE incidents SET status = 'escalated' WHERE id = %s"), (small.incidents["p1"],)
        )
        conn.execute(  # a badge reader's clock-in
            sql(
                db,
                "INSERT INTO attendance_events (agent_id, kind, at, source) "
                "VALUES (%s, 'clock_out', %s, 'badge')",
            ),
            (small.agents["Ana"], _ts(db, now)),
        )
        conn.execute(  # an indicator sample
            sql(db, "INSERT INTO indicator_samples (indicator_id, ts, value) VALUES (%s, %s, 1.0)"),
            (small.indicators["failed"], _ts(db, now + timedelta(seconds=1))),
        )
    with db.reading() as s:
        new_id = s.scalar(select(Incident.id).where(Incident.ref == "EXT-1"))
    steps = follow_until(follower, lambda st: len(records(st)) >= 4, 5)
    assert set(records(steps)) == {
        ("incident", new_id),
        ("incident", small.incidents["p1"]),
        ("attendance", small.agents["Ana"]),
        ("samples", small.indicators["failed"]),
    }
    assert all(r.origin is None for s in steps for r in s.records)  # nobody's echo
    assert not reloads(steps)
    follower.close()


def test_a_service_write_is_one_entry_per_entity(db: Database, small: SmallFloor) -> None:
    """Opening an incident writes the incident and its timeline: one feed entry names it."""
    seq = last_seq(db)
    inc = _open(db, "one entry")
    with db.reading() as s:
        rows = s.execute(select(Change.topic, Change.entity_id).where(Change.seq > seq)).all()
    assert [tuple(r) for r in rows] == [("incident", inc)]


def test_bulk_copy_adds_one_entry_per_indicator_not_per_row(pg_url: str) -> None:
    from console.db import migrate
    from console.db.engine import make_engine

    engine = make_engine(pg_url)
    migrate.upgrade(engine)
    db = Database(engine)
    small = build_small_floor(db, floor_now())
    seq = last_seq(db)
    ind = list(small.indicators.values())
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with (
        raw(db) as conn,
        conn.cursor() as cur,
        cur.copy("COPY indicator_samples (indicator_id, ts, value) FROM STDIN") as copy,
    ):
        for n in range(100_000):
            copy.write_row((ind[n % len(ind)], start + timedelta(seconds=n), float(n)))
    with db.reading() as s:
        rows = s.execute(select(Change.topic, Change.entity_id, Change.op).where(Change.seq > seq)).all()
    assert sorted(tuple(r) for r in rows) == sorted(("samples", i, "insert") for i in ind)
    db.dispose()


def test_nothing_is_missed_across_a_reconnect(db: Database) -> None:
    follower = FeedFollower(db, last_seq(db))
    follower.step(0.05)
    first = _open(db, "before the outage")
    assert records(follow_until(follower, lambda st: bool(records(st)), 3)) == [("incident", first)]
    if not db.is_sqlite:  # cut the LISTEN connection from the server side, as a restart or network drop would
        with psycopg.connect(
            host=db.url.host, port=db.url.port, user=db.url.username, dbname=db.url.database, autocommit=True
        ) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'watchfloor-listen' AND pid <> pg_backend_pid()"
            )
    else:
        follower.close()
    during = [_open(db, f"while disconnected {n}") for n in range(3)]
    team = org.add_team(db, ADMIN, "late", "Late team", "ato")
    steps = follow_until(follower, lambda st: len(records(st)) >= 4, 6)
    assert records(steps) == [("incident", i) for i in during] + [("team", team)]
    assert follower.online
    follower.close()


def test_a_stray_feed_row_does_not_blind_running_or_new_followers(db: Database) -> None:
    running = FeedFollower(db, last_seq(db))
    running.step(0.05)
    _open(db, "before")
    follow_until(running, lambda st: bool(records(st)), 3)
    with raw(db) as conn:  # someone "fixes" the feed by hand
        conn.execute(
            sql(
                db,
                "INSERT INTO change_feed (seq, at, topic, entity_id, op) "
                "VALUES (%s, %s, 'incident', 1, 'update')",
            ),
            (last_seq(db) + 1_000_000, _ts(db, datetime.now(UTC))),
        )
    steps = follow_until(running, reloads, 3)
    assert reloads(steps) == [GAP]
    fresh = FeedFollower(db, last_seq(db))
    fresh.step(0.05)
    after = _open(db, "after the stray row")
    for follower in (running, fresh):
        steps = follow_until(follower, lambda st: bool(records(st)), 3)
        assert records(steps) == [("incident", after)], follower
        assert not reloads(steps)
        follower.close()


def test_an_emptied_feed_is_a_reversal_then_following_goes_on(db: Database) -> None:
    follower = FeedFollower(db, last_seq(db))
    follower.step(0.05)
    _open(db, "one")
    follow_until(follower, lambda st: bool(records(st)), 3)
    with raw(db) as conn:
        conn.execute("DELETE FROM change_feed")
    assert reloads(follow_until(follower, reloads, 3)) == [REVERSAL]
    after = _open(db, "after emptying")
    assert records(follow_until(follower, lambda st: bool(records(st)), 3)) == [("incident", after)]
    follower.close()


def test_a_position_pruned_away_reloads(db: Database) -> None:
    for n in range(3):
        _open(db, f"old {n}")
    follower = FeedFollower(db, 1)  # a console that stopped reading at seq 1
    with raw(db) as conn:
        conn.execute(sql(db, "DELETE FROM change_feed WHERE seq <= %s"), (2,))
    assert reloads(follow_until(follower, reloads, 3)) == [PRUNED]
    follower.close()


def test_the_feed_prunes_itself_by_age_and_keeps_the_newest(db: Database) -> None:
    _open(db, "old")
    long_ago = datetime.now(UTC) - timedelta(days=30)
    with raw(db) as conn:
        conn.execute(sql(db, "UPDATE change_feed SET at = %s"), (_ts(db, long_ago),))
        conn.execute("UPDATE feed_settings SET retention_hours = 24")
        # Jump to just before a multiple of the prune interval: the next entry prunes.
        conn.execute(
            sql(
                db,
                "INSERT INTO change_feed (seq, at, topic, entity_id, op) "
                "VALUES (%s, %s, 'team', 0, 'update')",
            ),
            (1999, _ts(db, long_ago)),
        )
    newest = _open(db, "new")
    with db.reading() as s:
        left = s.execute(select(Change.seq, Change.entity_id)).all()
    assert [tuple(r) for r in left] == [(2000, newest)]


def test_truncating_a_watched_table_reloads_everything(pg_url: str) -> None:
    from console.db import migrate
    from console.db.engine import make_engine

    engine = make_engine(pg_url)
    migrate.upgrade(engine)
    db = Database(engine)
    follower = FeedFollower(db, last_seq(db))
    follower.step(0.05)
    with raw(db) as conn:
        conn.execute(
            "TRUNCATE incident_checklist, review_actions, incident_reviews, incident_handoffs, "
            "incident_events, shift_log, incidents"
        )
    assert reloads(follow_until(follower, reloads, 3)) == [TRUNCATED]
    follower.close()
    db.dispose()


def test_feed_order_is_commit_order_with_concurrent_writers(db: Database) -> None:
    """Four writers commit as fast as they can while a follower reads: a seq that became visible before a
    lower one would show the follower a gap (and a reload). Commit order = feed order means it never does."""
    follower = FeedFollower(db, last_seq(db))
    follower.step(0.05)
    per_writer = 25
    opened: list[int] = []
    lock = threading.Lock()

    def write(w: int) -> None:
        for n in range(per_writer):
            inc = _open(db, f"writer {w} #{n}")
            with lock:
                opened.append(inc)

    opened.append(_open(db, "warm-up"))  # first use of the session classes, off the race
    writers = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in writers:
        t.start()
    steps: list[FeedStep] = []
    while any(t.is_alive() for t in writers):
        steps.append(follower.step(0.02))
    for t in writers:
        t.join()
    steps += follow_until(follower, lambda st: len(records(st)) >= len(opened), 5)
    assert not reloads(steps)
    seen = [r.seq for s in steps for r in s.records]
    assert seen == list(range(seen[0], seen[0] + len(seen)))  # contiguous, in order
    assert sorted(i for _, i in records(steps)) == sorted(opened)
    follower.close()


def test_to_batch_groups_by_topic_and_tells_own_echoes() -> None:
    from console.feed import ChangeRecord

    batch = to_batch(
        [
            ChangeRecord(1, "incident", 7, "insert", "me"),
            ChangeRecord(2, "incident", 8, "update", None),
            ChangeRecord(3, "incident", 7, "update", "me"),
            ChangeRecord(4, "samples", 3, "insert", "me"),
            ChangeRecord(5, "samples", 3, "insert", "etl"),
            ChangeRecord(6, "no_such_topic", 1, "insert", None),
        ],
        origin="me",
    )
    assert batch.ids == {Topic.INCIDENT: frozenset({7, 8}), Topic.SAMPLES: frozenset({3})}
    assert batch.own == {Topic.INCIDENT: frozenset({7})}
    assert batch.seq == 6


# -- conflicts ------------------------------------------------------------------------------------------


def test_concurrent_claims_one_wins_the_other_gets_a_conflict_naming_the_winner(
    db: Database, small: SmallFloor
) -> None:
    from console.auth import Actor

    inc = small.incidents["p1"]
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def claim(who: str, agent: str) -> None:
        barrier.wait()
        try:
            results[who] = incidents.transition(
                db,
                Actor(who, "team_lead"),
                inc,
                "acknowledged",
                expected_version=1,
                owner_agent_id=small.agents[agent],
            )
        except Exception as exc:  # noqa: BLE001 - the assertion looks at it
            results[who] = exc

    threads = [threading.Thread(target=claim, args=a) for a in (("lead.ana", "Ana"), ("lead.ben", "Ben"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [w for w, r in results.items() if r == 2]
    losers = [r for r in results.values() if isinstance(r, Conflict)]
    assert len(winners) == 1, results
    assert len(losers) == 1, results
    assert losers[0].fields["who"] == winners[0]
    assert winners[0] in str(losers[0])
    with db.reading() as s:
        assert s.scalar(select(Incident.version).where(Incident.id == inc)) == 2


def test_a_stale_version_is_a_conflict_naming_who_changed_it(db: Database, small: SmallFloor) -> None:
    from console.auth import Actor

    inc = small.incidents["p1"]
    incidents.transition(db, Actor("lead.ana", "team_lead"), inc, "acknowledged", expected_version=1)
    with pytest.raises(Conflict, match="lead.ana"):
        incidents.transition(db, SYSTEM, inc, "escalated", expected_version=1)


def test_a_broken_constraint_is_invalid_input_not_a_driver_error(db: Database) -> None:
    org.add_team(db, ADMIN, "ato", "ATO desk", "ato")
    with pytest.raises(InvalidInput):
        org.add_team(db, ADMIN, "ato", "ATO desk again", "ato")
    with db.reading() as s:
        assert s.scalar(text("SELECT count(*) FROM teams")) == 1
        assert s.scalar(select(func.count()).select_from(Change).where(Change.topic == "team")) == 1


# -- offline ---------------------------------------------------------------------------------------------


def test_a_silent_cut_is_offline_within_3_s_and_nothing_is_lost(
    pg_behind_proxy: tuple[Database, Any, Database],
) -> None:
    direct, proxy, via = pg_behind_proxy
    follower = FeedFollower(via, last_seq(direct))
    try:
        before = _open(direct, "before the cut")
        assert records(follow_until(follower, lambda st: bool(records(st)), 3)) == [("incident", before)]
        proxy.cut()
        cut_at = time.monotonic()
        while follower.online and time.monotonic() - cut_at < 10:
            follower.step()
        assert not follower.online
        assert time.monotonic() - cut_at < 3.0
        assert follower.reason_text()
        during = [_open(direct, f"during the cut {n}") for n in range(3)]
        proxy.restore()
        steps = follow_until(follower, lambda st: len(records(st)) >= 3, 15)
        assert records(steps) == [("incident", i) for i in during]
        assert follower.online
    finally:
        follower.close()


def test_a_sqlite_file_moved_deleted_or_replaced_is_offline_with_the_reason(
    sqlite_url: str, tmp_path: Any
) -> None:
    import os
    import shutil

    from console.connect import open_database
    from console.feed import FILE_GONE, FILE_REPLACED

    db = open_database(sqlite_url)
    path = db.url.database or ""
    follower = FeedFollower(db, last_seq(db))
    follower.step(0.05)
    assert follower.online
    os.rename(path, path + ".moved")
    follower.step(0.05)
    assert (follower.online, follower.reason) == (False, FILE_GONE)
    assert not os.path.exists(path)  # the follower never re-creates an empty file in its place
    shutil.copy(path + ".moved", path)  # a different file (a restored backup) at the same path
    follower.step(0.05)
    assert (follower.online, follower.reason) == (False, FILE_REPLACED)
    follower.close()
    db.dispose()


def test_feed_retention_is_a_floor_wide_setting_admins_change(db: Database) -> None:
    from console.auth import Actor
    from console.errors import PermissionDenied
    from console.services import feed_admin

    assert feed_admin.feed_retention_hours(db) == 72
    feed_admin.set_feed_retention(db, ADMIN, 24)
    assert feed_admin.feed_retention_hours(db) == 24
    with pytest.raises(InvalidInput):
        feed_admin.set_feed_retention(db, ADMIN, 0)
    with pytest.raises(PermissionDenied):
        feed_admin.set_feed_retention(db, Actor("sam", "supervisor"), 48)
    assert feed_admin.feed_retention_hours(db) == 24


def test_db_feed_retention_command(sqlite_url: str) -> None:
    import subprocess
    import sys

    def run(*args: str) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "console", "db", "feed-retention", *args, "--db", sqlite_url],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout

    assert "keeps 72 hours" in run()
    assert "keeps 12 hours" in run("12")
    assert "keeps 12 hours" in run()


def test_every_topic_declares_its_one_kind_of_key_and_every_watched_table_has_a_topic() -> None:
    from console.topics import TOPIC_KEYS, WATCHED

    assert set(TOPIC_KEYS) == set(Topic)
    assert {w.topic for w in WATCHED} <= set(TOPIC_KEYS)
    assert len({w.table for w in WATCHED}) == len(WATCHED)
