"""Following the change feed: wake-ups on both databases, and nothing lost across a reconnect."""

from __future__ import annotations

import threading
import time

import psycopg

from console.auth import SYSTEM
from console.db.engine import Database
from console.feed import FeedFollower, last_seq
from console.services import incidents, org
from tests.factories import ADMIN


def _open(db: Database, title: str) -> int:
    return incidents.open_incident(db, SYSTEM, title=title, category="feed_failure", severity=4)


def test_follower_wakes_on_commits_from_another_connection(db: Database) -> None:
    follower = FeedFollower(db, last_seq(db))
    follower.wait(0.05)  # first call connects / reads the initial data_version
    writer = threading.Timer(0.2, lambda: _open(db, "from another connection"))
    t0 = time.monotonic()
    writer.start()
    got = []
    while not got and time.monotonic() - t0 < 3:
        got = follower.wait(1.0)
    writer.join()
    assert [(c.topic, c.op) for c in got] == [("incident", "insert")]
    assert time.monotonic() - t0 < 1.5  # woken by the commit, not by the timeout
    follower.close()


def test_nothing_is_missed_across_a_reconnect(db: Database) -> None:
    follower = FeedFollower(db, last_seq(db))
    follower.wait(0.05)
    first = _open(db, "before the outage")
    assert [c.entity_id for c in follower.wait(1.0)] == [first]
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
    org.add_team(db, ADMIN, "late", "Late team", "ato")
    seen: list[int] = []
    deadline = time.monotonic() + 5
    while len(seen) < 4 and time.monotonic() < deadline:
        seen += [c.entity_id for c in follower.wait(0.5) if c.topic in ("incident", "org")]
    assert seen[:3] == during
    assert len(seen) == 4
    assert follower.online
    follower.close()
