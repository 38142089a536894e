"""Core services on SQLite and PostgreSQL: roles, one transaction, audit and change feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from console.auth import SYSTEM, Actor
from console.db.engine import Database
from console.db.models import AuditEntry, Change, Incident, IncidentEvent
from console.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from console.feed import changes_since, last_seq
from console.services import attendance, floor, incidents, indicators
from console.services.attendance import Presence
from tests.factories import build_small_floor, floor_now

VIEWER = Actor("wall", "viewer")


@pytest.fixture
def small(db: Database):  # type: ignore[no-untyped-def]
    return build_small_floor(db, floor_now())


def test_roster_derives_presence(db: Database, small) -> None:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        slot_start = attendance.roster(s, agent_ids=[small.agents["Ana"]])[0].starts_at
        lines = {line.name: line for line in attendance.roster(s, starts_at=slot_start)}
    now = small.now
    assert {n: lines[n].presence(now) for n in lines} == {
        "Ana": Presence.PRESENT,
        "Ben": Presence.LATE,
        "Chen": Presence.ON_BREAK,
        "Dev": Presence.ABSENT,
        "Eve": Presence.LEAVE,
    }
    assert lines["Ben"].minutes_late == 20
    assert lines["Ana"].minutes_late == 0
    # Ten minutes into the shift Dev is not yet a no-show.
    assert lines["Dev"].presence(lines["Dev"].starts_at + timedelta(minutes=10)) is Presence.NOT_YET


def test_every_change_is_audited_and_published(db: Database, small) -> None:  # type: ignore[no-untyped-def]
    seq = last_seq(db)
    with db.reading() as s:
        audits = s.scalar(select(func.count()).select_from(AuditEntry))
    event_id = attendance.record(db, SYSTEM, small.agents["Dev"], "clock_in", at=small.now)
    changes = changes_since(db, seq)
    assert [(c.topic, c.entity_id, c.op) for c in changes] == [("attendance", small.agents["Dev"], "insert")]
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audits + 1
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None
    assert (last.actor, last.action, last.entity_id) == (
        "system",
        "attendance.clock_in",
        str(small.agents["Dev"]),
    )
    assert event_id > 0


def test_roles_are_checked_before_anything_is_written(db: Database, small) -> None:  # type: ignore[no-untyped-def]
    seq = last_seq(db)
    with pytest.raises(PermissionDenied) as err:
        incidents.open_incident(db, VIEWER, title="x", category="ato_wave", severity=2)
    assert "wall (viewer) may not open an incident" in str(err.value)
    assert changes_since(db, seq) == []


def test_failed_service_leaves_nothing_half_written(db: Database, small) -> None:  # type: ignore[no-untyped-def]
    seq = last_seq(db)
    with db.reading() as s:
        before = s.scalar(select(func.count()).select_from(Incident))
    with pytest.raises(InvalidInput):
        incidents.open_incident(db, SYSTEM, title="  ", category="ato_wave", severity=2)
    with pytest.raises(NotFound):
        attendance.record(db, SYSTEM, 999_999, "clock_in")
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Incident)) == before
    assert changes_since(db, seq) == []


def test_incident_version_guards_concurrent_edits(db: Database, small) -> None:  # type: ignore[no-untyped-def]
    inc = small.incidents["p1"]
    with db.reading() as s:
        version = s.get(Incident, inc).version  # type: ignore[union-attr]
    new_version = incidents.transition(
        db,
        SYSTEM,
        inc,
        "acknowledged",
        expected_version=version,
        owner_agent_id=small.agents["Ben"],
        at=small.now,  # within its acknowledge SLA (a late one would record the breach too)
    )
    assert new_version == version + 1
    with pytest.raises(Conflict):
        incidents.transition(db, SYSTEM, inc, "escalated", expected_version=version)
    with db.reading() as s:
        kinds = list(
            s.scalars(
                select(IncidentEvent.kind).where(IncidentEvent.incident_id == inc).order_by(IncidentEvent.id)
            )
        )
    assert kinds == ["opened", "acknowledged"]


def test_open_queue_and_sla(db: Database, small) -> None:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        queue = {r.title: r for r in incidents.open_queue(s)}
    assert set(queue) == {"Credential-stuffing wave on login edge", "KYC rejection rate drifting up"}
    p1 = queue["Credential-stuffing wave on login edge"]
    assert p1.sla_due() - p1.opened_at == timedelta(minutes=5)  # P1: acknowledge within 5 min
    p3 = queue["KYC rejection rate drifting up"]
    assert p3.owner == "Ana"
    assert p3.sla_due() - p3.opened_at == timedelta(days=1)  # acknowledged: the resolve SLA counts


def test_seat_views_join_seating_and_attendance(db: Database, small) -> None:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        line = attendance.roster(s, agent_ids=[small.agents["Ana"]])[0]
        views = {
            v.code: v
            for v in floor.seat_views(
                s, small.floor_id, _pattern_id(s, small.shift_code), small.shift_date, line.starts_at
            )
        }
    states = {code: (v.agent_name, v.presence(small.now)) for code, v in views.items()}
    assert states == {
        "A1": ("Ana", Presence.PRESENT),
        "A2": ("Ben", Presence.LATE),
        "A3": (None, None),
        "B1": ("Chen", Presence.ON_BREAK),
        "B2": ("Dev", Presence.ABSENT),
        "B3": (None, None),
    }


def _pattern_id(s, code: str) -> int:  # type: ignore[no-untyped-def]
    from console.services import rota

    return next(p.id for p in rota.patterns(s) if p.code == code)


def test_indicator_series_and_levels(db: Database, small) -> None:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        inds = {i.key: i for i in indicators.all_indicators(s)}
        since = small.now - timedelta(minutes=30)
        pts = indicators.series(s, small.indicators["failed"], since)
    assert len(pts) in (29, 30)
    assert [v for _, v in pts] == sorted((v for _, v in pts), reverse=True)
    assert indicators.level(inds["ato.failed_logins"], 2000) == "warning"
    assert indicators.level(inds["ato.failed_logins"], 4000) == "critical"
    assert indicators.level(inds["ops.auto_approval_rate"], 70) == "warning"
    assert indicators.level(inds["ops.auto_approval_rate"], 88) == "normal"


def test_audit_log_is_append_only(db: Database, small) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'someone else'"))
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))


def test_change_feed_sequence_is_monotonic(db: Database, small) -> None:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        seqs = list(s.scalars(select(Change.seq).order_by(Change.seq)))
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(seqs)


def test_concurrent_writers_queue_up_instead_of_failing(db: Database, small) -> None:  # type: ignore[no-untyped-def]
    """Two writers at once (BEGIN IMMEDIATE + busy timeout on SQLite): every change lands, in feed order."""
    import threading

    seq = last_seq(db)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            for n in range(25):
                incidents.open_incident(db, SYSTEM, title=f"{name} {n}", category="feed_failure", severity=4)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("left", "right")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    changes = changes_since(db, seq)
    assert len(changes) == 50
    assert [c.seq for c in changes] == sorted(c.seq for c in changes)
