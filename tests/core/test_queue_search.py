"""The queue's read side: lean rows with their open handoffs, the search of ended incidents, the filters and
saved views, and the incremental alert watch."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.alerts import AlertWatch
from console.auth import SYSTEM
from console.db.engine import Database
from console.services import handoffs, incidents, org
from console.views.incident_queue import (
    ENDED,
    SAVED_BY_CODE,
    UNASSIGNED,
    VIEW,
    QueueFilter,
    QueueKey,
    in_scope,
    saved_filter,
)
from tests.factories import SmallFloor, build_small_floor, floor_now


@pytest.fixture
def small_floor(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


def _compliance(db: Database) -> int:
    with db.reading() as s:
        return next(d.id for d in org.departments(s) if d.code == "compliance")


def test_rows_carry_their_open_handoffs(db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    p1 = small_floor.incidents["p1"]
    dept = _compliance(db)
    at = small_floor.now
    first = handoffs.request(db, SYSTEM, p1, dept, "File an STR", at=at)
    with db.reading() as s:
        row = next(r for r in incidents.open_queue(s) if r.id == p1)
        due = next(h.due_at for h in handoffs.rows(s, incident_id=p1))
    assert row.departments == (dept,)
    assert row.handoff_due_at == due
    handoffs.close(db, SYSTEM, first, reason="overtaken: the P1 was merged", at=at)
    with db.reading() as s:
        (row,) = incidents.rows_by_id(s, [p1])
    assert row.departments == ()
    assert row.handoff_due_at is None


def test_search_of_ended_incidents(db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    now = small_floor.now
    done = small_floor.incidents["done"]  # resolved an hour ago
    with db.reading() as s:
        assert [r.id for r in incidents.search_ended(s)] == [done]
        assert [r.id for r in incidents.search_ended(s, words="chargeback")] == [done]
        assert [r.id for r in incidents.search_ended(s, words="CHARGEBACK burst")] == [done]
        assert incidents.search_ended(s, words="kyc") == []  # still worked
        assert incidents.search_ended(s, words="100%_") == []  # LIKE wildcards are taken literally
        ref = incidents.search_ended(s)[0].ref
        assert [r.id for r in incidents.search_ended(s, words=f" {ref.lower()} ")] == [done]
        assert [r.id for r in incidents.search_ended(s, since=now - timedelta(hours=2))] == [done]
        assert incidents.search_ended(s, since=now - timedelta(minutes=30)) == []
        snap = VIEW.snapshot(s, QueueKey(scope=ENDED, words="chargeback"))
    assert [r.id for r in snap.rows] == [done]
    assert snap.rows[0].ended_at == now - timedelta(hours=1)


def test_a_patch_follows_the_scope(db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    p3 = small_floor.incidents["p3"]
    key = QueueKey(scope=ENDED, words="kyc")
    with db.reading() as s:
        patch = VIEW.patch(s, key, {"incident": [p3]})
    assert patch.rows == ()
    assert patch.gone == frozenset({p3})
    incidents.transition(db, SYSTEM, p3, "resolved", expected_version=2, at=small_floor.now)
    with db.reading() as s:
        patch = VIEW.patch(s, key, {"incident": [p3]})
        worked = VIEW.patch(s, QueueKey(), {"incident": [p3]})
    assert [r.id for r in patch.rows] == [p3]
    assert worked.rows == ()
    assert worked.gone == frozenset({p3})
    assert in_scope(key, patch.rows[0])
    assert not in_scope(QueueKey(scope=ENDED, words="wave"), patch.rows[0])


def test_filters_and_saved_views(db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    now = small_floor.now
    with db.reading() as s:
        rows = {r.title.split()[0]: r for r in incidents.open_queue(s)}
    p1, p3 = rows["Credential-stuffing"], rows["KYC"]
    assert QueueFilter().is_empty
    assert QueueFilter().matches(p1, now)
    assert QueueFilter(severities=frozenset({1})).matches(p1, now)
    assert not QueueFilter(severities=frozenset({1})).matches(p3, now)
    assert QueueFilter(owner=UNASSIGNED).matches(p1, now)
    assert not QueueFilter(owner=UNASSIGNED).matches(p3, now)
    assert QueueFilter(owner=small_floor.agents["Ana"]).matches(p3, now)
    assert QueueFilter(text="kyc DRIFTING").matches(p3, now)
    assert not QueueFilter(text="kyc login").matches(p3, now)
    assert QueueFilter(text="ana").matches(p3, now)  # the owner's name
    assert QueueFilter(unacknowledged=True).matches(p1, now)
    assert not QueueFilter(unacknowledged=True).matches(p3, now)
    assert not QueueFilter(waiting=True).matches(p1, now)
    breaching = QueueFilter(breaching=True)
    assert breaching.varies_with_time()
    assert not breaching.matches(p1, now)
    assert breaching.matches(p1, now + timedelta(minutes=1, seconds=30))  # 90 %
    mine = saved_filter(SAVED_BY_CODE["mine"], small_floor.agents["Ana"])
    assert mine.matches(p3, now)
    assert not mine.matches(p1, now)
    nobody = saved_filter(SAVED_BY_CODE["mine"], None)  # a user who is no agent owns nothing
    assert not nobody.matches(p1, now)
    assert not nobody.matches(p3, now)


def test_the_alert_watch_looks_only_at_rows_whose_time_has_come(db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    now = small_floor.now
    with db.reading() as s:
        rows = incidents.open_queue(s)
    watch = AlertWatch()
    assert watch.update(rows, now) == []  # the first look learns what is already true
    assert watch.attention == {small_floor.incidents["p1"]}  # a P1 nobody acknowledged
    looked: list[int] = []
    original = watch._look

    def spy(keys, at):  # type: ignore[no-untyped-def]
        keys = list(keys)
        looked.extend(keys)
        return original(keys, at)

    watch._look = spy  # type: ignore[method-assign]
    assert watch.tick(now + timedelta(seconds=1)) == []
    assert looked == []
    alerts = watch.tick(now + timedelta(minutes=1, seconds=31))  # the P1 passes 90 % of its 5 minutes
    assert looked == [small_floor.incidents["p1"]]
    assert [(a.incident_id, a.kind, a.phase) for a in alerts] == [
        (small_floor.incidents["p1"], "sla_near", "ack")
    ]
    alerts = watch.tick(now + timedelta(minutes=2, seconds=1))
    assert [a.kind for a in alerts] == ["sla_breached"]
    assert watch.tick(now + timedelta(minutes=3)) == []  # each alert once
    # A handoff that runs past its due time alerts, once.
    dept = _compliance(db)
    handoffs.request(db, SYSTEM, small_floor.incidents["p3"], dept, "Confirm the KYC ring", at=now)
    with db.reading() as s:
        (p3,) = incidents.rows_by_id(s, [small_floor.incidents["p3"]])
    assert watch.apply([p3], [], now) == []
    assert p3.handoff_due_at is not None
    alerts = watch.tick(p3.handoff_due_at)
    assert [(a.incident_id, a.kind) for a in alerts] == [(p3.id, "handoff_overdue")]
    assert p3.id in watch.attention
    assert watch.apply([], [p3.id], now) == []
    assert p3.id not in watch.attention
