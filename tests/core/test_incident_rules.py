"""Incident rules on SQLite and PostgreSQL: SLA targets and breaches with a controllable clock, timed
escalation from the rota and attendance, dedup repeat hits, duplicates, notes, claims, refusals offline."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text

from console.auth import SYSTEM, Actor
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import AuditEntry, Incident, IncidentEvent, IncidentSla, Zone
from console.errors import (
    Conflict,
    DatabaseUnavailable,
    DuplicateOfDuplicate,
    IllegalTransition,
    InvalidInput,
    NoOwner,
    PermissionDenied,
    SelfDuplicate,
)
from console.services import attendance, incidents, org, rota, sla
from console.services.org import AgentSpec
from console.services.rota import RotaEntry
from console.timers import TimerStats, run_due
from tests.factories import ADMIN, TZ, SmallFloor, add_users, build_small_floor, floor_now, run_in_threads

SUPERVISOR = Actor("supervisor", "supervisor")
VIEWER = Actor("wall", "viewer")


@pytest.fixture
def small(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


def events(db: Database, inc: int, kind: str | None = None) -> list[IncidentEvent]:
    with db.reading() as s:
        q = select(IncidentEvent).where(IncidentEvent.incident_id == inc)
        if kind is not None:
            q = q.where(IncidentEvent.kind == kind)
        return list(s.scalars(q.order_by(IncidentEvent.id)))


def incident(db: Database, inc: int) -> Incident:
    with db.reading() as s:
        row = s.get(Incident, inc)
    assert row is not None
    return row


def zone_id(db: Database, code: str) -> int:
    with db.reading() as s:
        return int(s.scalar(select(Zone.id).where(Zone.code == code)) or 0)


# -- SLA ---------------------------------------------------------------------------------------------------


def test_sla_targets_come_from_the_category_table_with_severity_defaults(
    db: Database, small: SmallFloor
) -> None:
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(IncidentSla)) == 36  # 9 categories x 4, seeded
        assert sla.targets(s, "fraud_wave", 2) == (timedelta(minutes=15), timedelta(hours=4))
    sla.set_targets(db, SUPERVISOR, "fraud_wave", 2, ack_minutes=10, resolve_minutes=120)
    at = small.now
    inc = incidents.open_incident(db, SYSTEM, title="Chargebacks", category="fraud_wave", severity=2, at=at)
    row = incident(db, inc)
    assert (row.ack_due_at - at, row.resolve_due_at - at) == (timedelta(minutes=10), timedelta(hours=2))
    with db.writing() as s:  # a category without its own row: the severity's default
        s.execute(delete(IncidentSla).where(IncidentSla.category == "p2p_scam"))
    inc = incidents.open_incident(db, SYSTEM, title="P2P scam", category="p2p_scam", severity=1, at=at)
    row = incident(db, inc)
    assert (row.ack_due_at - at, row.resolve_due_at - at) == sla.DEFAULTS[1]
    with pytest.raises(InvalidInput):
        sla.set_targets(db, SUPERVISOR, "fraud_wave", 2, ack_minutes=300, resolve_minutes=120)
    with pytest.raises(PermissionDenied):
        sla.set_targets(db, Actor("system", "system"), "fraud_wave", 2, ack_minutes=5, resolve_minutes=60)


def incident_work(stats: TimerStats) -> TimerStats:
    """What a round recorded on incidents: the small floor's previous shift ended 45 minutes before its
    ``now`` with no handover, so the first round also prepares that brief (tests/core/test_handover.py), and
    the same round keeps the attendance exceptions and plans the next shift's breaks."""
    return dataclasses.replace(stats, handovers=0, attendance_exceptions=0, break_plans=0)


def test_a_breach_is_recorded_once_when_its_time_comes(db: Database, small: SmallFloor) -> None:
    p1 = small.incidents["p1"]  # P1 opened 3 minutes before small.now: acknowledge by now + 2 min
    due = incident(db, p1).ack_due_at
    assert due == small.now + timedelta(minutes=2)
    assert not incident_work(run_due(db, due - timedelta(seconds=1)))
    stats = run_due(db, due + timedelta(seconds=3))
    assert stats.ack_breaches == 1
    assert not run_due(db, due + timedelta(seconds=20)).ack_breaches  # recorded already
    row = incident(db, p1)
    assert row.ack_breached_at == due
    assert row.version == 1  # the timer's records never make a person's view stale
    [ev] = events(db, p1, "sla_breached")
    assert (ev.at, ev.actor, ev.data) == (
        due,
        "system",
        {"sla": "ack", "due_at": due.isoformat(), "recorded_at": (due + timedelta(seconds=3)).isoformat()},
    )
    resolve_due = row.resolve_due_at
    assert run_due(db, resolve_due).resolve_breaches == 1
    assert run_due(db, resolve_due + timedelta(hours=1)).resolve_breaches == 0
    assert len(events(db, p1, "sla_breached")) == 2
    with db.reading() as s:
        audited = s.scalar(
            select(func.count()).where(
                AuditEntry.action == "incident.sla_breached", AuditEntry.entity_id == str(p1)
            )
        )
    assert audited == 2


def test_a_late_move_records_the_breach_itself_and_the_timer_does_not_again(
    db: Database, small: SmallFloor
) -> None:
    p1 = small.incidents["p1"]
    due = incident(db, p1).ack_due_at
    incidents.transition(db, SYSTEM, p1, "acknowledged", expected_version=1, at=due + timedelta(minutes=1))
    assert [e.kind for e in events(db, p1)] == ["opened", "acknowledged", "sla_breached"]
    assert not incident_work(run_due(db, due + timedelta(minutes=2)))
    assert len(events(db, p1, "sla_breached")) == 1
    # On time: no breach.
    p3 = small.incidents["p3"]  # acknowledged in time by the factory
    assert events(db, p3, "sla_breached") == []


def test_two_evaluators_at_once_record_each_breach_once(db: Database, small: SmallFloor) -> None:
    """Two timer runs at the same moment, each with its own engine (what two leaders would be)."""
    at = small.now
    ids = [
        incidents.open_incident(db, SYSTEM, title=f"Wave {i}", category="ato_wave", severity=1, at=at)
        for i in range(20)
    ]
    others = [Database(make_engine(db.url)) for _ in range(2)]
    barrier = threading.Barrier(2)
    results = []

    def run(other: Database) -> None:
        barrier.wait()
        results.append(run_due(other, at + timedelta(minutes=6)))

    run_in_threads(run, *((o,) for o in others))
    for o in others:
        o.dispose()
    assert sum(r.ack_breaches for r in results) >= len(ids)  # small.incidents["p1"] breached too
    for inc in ids:
        assert len(events(db, inc, "sla_breached")) == 1
        assert len(events(db, inc, "auto_escalated")) == 1


# -- timed escalation --------------------------------------------------------------------------------------


def hire(db: Database, small: SmallFloor, name: str, title: str, skill: str, *, presence: str) -> int:
    """An agent rostered on the running shift: "present" (clocked in on time), "absent" (never came),
    "leave" (on leave) or "off" (not rostered at all)."""
    team = org.add_team(db, ADMIN, f"{skill}-{name.lower()}", f"{skill} {name}", skill)
    [agent] = org.add_agents(
        db, ADMIN, [AgentSpec(f"T{name}", f"{name} Full", name, team, title, "full_time", date(2020, 1, 1))]
    )
    if presence != "off":
        status = "leave" if presence == "leave" else "scheduled"
        rota.assign(db, ADMIN, [RotaEntry(agent, small.shift_code, small.shift_date, status=status)], TZ)
    if presence == "present":
        attendance.record(db, SYSTEM, agent, "clock_in", at=small.now - timedelta(minutes=50))
    return agent


def test_unacknowledged_incidents_go_to_the_lead_on_the_floor_then_the_duty_manager(
    db: Database, small: SmallFloor
) -> None:
    now = small.now
    incidents.transition(db, SYSTEM, small.incidents["p1"], "acknowledged", expected_version=1, at=now)
    hire(db, small, "Lee", "team_lead", "ato", presence="absent")
    kim = hire(db, small, "Kim", "team_lead", "ato", presence="present")
    hire(db, small, "Pat", "team_lead", "ato", presence="leave")
    hire(db, small, "Kat", "team_lead", "kyc", presence="off")
    sam = hire(db, small, "Sam", "supervisor", "ato", presence="present")
    ato, kyc = zone_id(db, "ato"), zone_id(db, "kyc")

    def p1(title: str, zone: int, at: datetime) -> int:
        return incidents.open_incident(
            db, SYSTEM, title=title, category="ato_wave", severity=1, zone_id=zone, at=at
        )

    x, y = p1("ATO wave", ato, now), p1("Forged passports", kyc, now)
    acked = p1("Acknowledged in time", ato, now)
    incidents.claim(
        db, SUPERVISOR, acked, expected_version=1, owner_agent_id=kim, at=now + timedelta(minutes=1)
    )
    assert not run_due(db, now + timedelta(minutes=4, seconds=59)).escalations
    assert run_due(db, now + timedelta(minutes=5)).escalations == 2
    [ev] = events(db, x, "auto_escalated")
    assert (ev.at, ev.message) == (now + timedelta(minutes=5), "Kim")
    assert ev.data == {
        "level": 1,
        "from_level": 0,
        "to_agent_id": kim,
        "to": "Kim",
        "skipped": [["Lee", "absent"], ["Pat", "leave"]],
    }
    row = incident(db, x)
    assert (row.escalation_level, row.escalated_to_agent_id, row.status, row.version) == (1, kim, "open", 1)
    # No KYC lead on this shift: the duty manager at once.
    [ev] = events(db, y, "auto_escalated")
    assert (ev.data["level"], ev.data["to"]) == (2, "Sam")
    assert events(db, acked, "auto_escalated") == []
    assert not run_due(db, now + timedelta(minutes=6)).escalations

    # Kim goes home; a new ATO incident skips both leads and goes to Sam. X, still waiting after a second
    # acknowledge-SLA, goes up to Sam as well.
    attendance.record(db, SYSTEM, kim, "clock_out", at=now + timedelta(minutes=6))
    z = p1("Second wave", ato, now + timedelta(minutes=6))
    assert run_due(db, now + timedelta(minutes=11)).escalations == 2
    [ev] = events(db, z, "auto_escalated")
    assert (ev.data["level"], ev.data["to_agent_id"]) == (2, sam)
    assert ["Kim", "left"] in ev.data["skipped"]
    assert [e.data["level"] for e in events(db, x, "auto_escalated")] == [1, 2]
    assert incident(db, x).escalated_to_agent_id == sam

    # Nobody left: recorded all the same, to nobody.
    attendance.record(db, SYSTEM, sam, "clock_out", at=now + timedelta(minutes=12))
    w = p1("Third wave", ato, now + timedelta(minutes=12))
    run_due(db, now + timedelta(minutes=17))
    [ev] = events(db, w, "auto_escalated")
    assert (ev.data["level"], ev.data["to"], ev.message) == (2, None, "")
    assert incident(db, w).escalation_level == 2
    assert not run_due(db, now + timedelta(hours=2)).escalations  # top level reached everywhere


def test_a_lead_on_a_break_is_called_after_one_at_their_seat(db: Database, small: SmallFloor) -> None:
    now = small.now
    kim = hire(db, small, "Kim", "team_lead", "ato", presence="present")
    attendance.record(db, SYSTEM, kim, "break_start", at=now - timedelta(minutes=1))
    lee = hire(db, small, "Lee", "team_lead", "ato", presence="present")
    inc = incidents.open_incident(
        db, SYSTEM, title="Wave", category="ato_wave", severity=1, zone_id=zone_id(db, "ato"), at=now
    )
    run_due(db, now + timedelta(minutes=5))
    [ev] = events(db, inc, "auto_escalated")
    assert ev.data["to_agent_id"] == lee
    attendance.record(db, SYSTEM, lee, "clock_out", at=now + timedelta(minutes=6))
    inc = incidents.open_incident(
        db, SYSTEM, title="Wave 2", category="ato_wave", severity=1, zone_id=zone_id(db, "ato"), at=now
    )
    run_due(db, now + timedelta(minutes=7))
    assert events(db, inc, "auto_escalated")[0].data["to_agent_id"] == kim


# -- dedup ---------------------------------------------------------------------------------------------------


def test_a_repeat_hit_attaches_to_the_open_incident_with_its_key(db: Database, small: SmallFloor) -> None:
    at = small.now
    key = "ato.failed_logins/edge-sg"

    def hit(minutes: int, severity: int = 2) -> int:
        return incidents.open_incident(
            db,
            SYSTEM,
            title="Failed logins spike",
            category="ato_wave",
            severity=severity,
            at=at + timedelta(minutes=minutes),
            dedup_key=key,
        )

    first = hit(0)
    assert hit(3) == first
    assert hit(1, severity=1) == first  # an older hit arriving late does not move last_seen_at back
    row = incident(db, first)
    assert (row.hit_count, row.last_seen_at, row.version, row.dedup_key) == (
        3,
        at + timedelta(minutes=3),
        1,
        key,
    )
    assert [e.kind for e in events(db, first)] == ["opened", "repeat_hit", "repeat_hit"]
    assert events(db, first, "repeat_hit")[1].data == {"severity": 1}
    # Claimed, it still collects hits; resolved, the next hit opens a new incident.
    version = incidents.claim(
        db, SUPERVISOR, first, expected_version=1, owner_agent_id=small.agents["Ana"], at=at
    )
    assert hit(4) == first
    incidents.transition(
        db, SUPERVISOR, first, "resolved", expected_version=version, at=at + timedelta(minutes=5)
    )
    second = hit(6)
    assert second != first
    assert incident(db, second).hit_count == 1
    assert incidents.open_incident(
        db, SYSTEM, title="Other", category="ato_wave", severity=2, dedup_key="x"
    ) not in (
        first,
        second,
    )


def test_sources_racing_with_one_key_open_one_incident(db: Database, small: SmallFloor) -> None:
    writers = [Database(make_engine(db.url)) for _ in range(4)]
    barrier = threading.Barrier(len(writers))
    got: list[int] = []
    errors: list[BaseException] = []

    def hit(w: Database) -> None:
        barrier.wait()
        try:
            for _ in range(5):
                got.append(
                    incidents.open_incident(
                        w,
                        SYSTEM,
                        title="Sanctions hits",
                        category="aml_spike",
                        severity=2,
                        dedup_key="aml/hits",
                    )
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    run_in_threads(hit, *((w,) for w in writers), timeout=120)
    for w in writers:
        w.dispose()
    assert errors == []
    assert len(set(got)) == 1
    assert incident(db, got[0]).hit_count == 20
    assert len(events(db, got[0], "repeat_hit")) == 19


def test_the_database_allows_one_worked_incident_per_key(db: Database, small: SmallFloor) -> None:
    inc = incidents.open_incident(db, SYSTEM, title="A", category="ato_wave", severity=2, dedup_key="k")
    with pytest.raises(Exception, match="(?i)unique"), db.writing() as s:  # any writer, even plain SQL
        s.execute(text("UPDATE incidents SET dedup_key = 'k' WHERE id = :i"), {"i": small.incidents["p3"]})
    assert incident(db, inc).dedup_key == "k"


# -- duplicates ----------------------------------------------------------------------------------------------


def test_a_duplicate_moves_its_timeline_hits_and_key_to_the_survivor(db: Database, small: SmallFloor) -> None:
    at = small.now
    survivor = small.incidents["p3"]  # acknowledged, version 2
    dup = incidents.open_incident(
        db, SYSTEM, title="Same ring", category="kyc_fraud_ring", severity=3, at=at, dedup_key="kyc/ring-7"
    )
    incidents.open_incident(
        db, SYSTEM, title="Same ring", category="kyc_fraud_ring", severity=3, dedup_key="kyc/ring-7"
    )
    incidents.add_note(db, SUPERVISOR, dup, "Same documents as INC-p3", at=at)
    version = incidents.mark_duplicate(db, SUPERVISOR, dup, survivor, expected_version=1, message="same ring")
    assert version == 2
    d, s_ = incident(db, dup), incident(db, survivor)
    assert (d.status, d.duplicate_of_id, d.closed_at is not None) == ("duplicate", survivor, True)
    assert (s_.hit_count, s_.dedup_key, s_.version) == (3, "kyc/ring-7", 3)
    assert [e.kind for e in events(db, dup)] == ["marked_duplicate"]
    moved = [e for e in events(db, survivor) if e.merged_from_id == dup]
    assert [e.kind for e in moved] == ["opened", "repeat_hit", "note"]
    merged = events(db, survivor, "merged")[0]
    assert merged.data == {"from": dup, "from_ref": d.ref, "hits": 2, "events": 3, "handoffs": 0}
    # Later hits of that source land on the survivor; the duplicate is final.
    assert (
        incidents.open_incident(
            db, SYSTEM, title="Again", category="kyc_fraud_ring", severity=3, dedup_key="kyc/ring-7"
        )
        == survivor
    )
    with pytest.raises(IllegalTransition, match="is Duplicate: it cannot be reopened"):
        incidents.transition(db, SUPERVISOR, dup, "open", expected_version=2)
    # Stale view of the survivor: it changed with the merge.
    with pytest.raises(Conflict, match="supervisor"):
        incidents.transition(db, SUPERVISOR, survivor, "resolved", expected_version=2)


def test_what_cannot_be_a_duplicate(db: Database, small: SmallFloor) -> None:
    a = incidents.open_incident(db, SYSTEM, title="A", category="ato_wave", severity=3)
    b = incidents.open_incident(db, SYSTEM, title="B", category="ato_wave", severity=3)
    c = incidents.open_incident(db, SYSTEM, title="C", category="ato_wave", severity=3)
    with pytest.raises(SelfDuplicate):
        incidents.mark_duplicate(db, SUPERVISOR, a, a, expected_version=1)
    incidents.mark_duplicate(db, SUPERVISOR, b, a, expected_version=1)
    with pytest.raises(DuplicateOfDuplicate) as err:
        incidents.mark_duplicate(db, SUPERVISOR, c, b, expected_version=1)
    refs = {i: incident(db, i).ref for i in (a, b, c)}
    assert (
        str(err.value)
        == f"{refs[b]} is itself a duplicate of {refs[a]}: merge {refs[c]} into {refs[a]} instead."
    )
    done = small.incidents["done"]  # resolved
    with pytest.raises(IllegalTransition, match="is Resolved: it cannot be marked a duplicate"):
        incidents.mark_duplicate(db, SUPERVISOR, done, a, expected_version=incident(db, done).version)


# -- notes, claims -------------------------------------------------------------------------------------------


def test_notes_do_not_bump_the_version(db: Database, small: SmallFloor) -> None:
    p1 = small.incidents["p1"]
    incidents.add_note(db, SUPERVISOR, p1, "  Looking at the edge logs  ", at=small.now)
    incidents.add_note(db, Actor("system", "system"), p1, "Rule engine: 4,000 IPs", at=small.now)
    assert incident(db, p1).version == 1
    assert [(e.kind, e.message) for e in events(db, p1, "note")] == [
        ("note", "Looking at the edge logs"),
        ("note", "Rule engine: 4,000 IPs"),
    ]
    incidents.claim(db, SUPERVISOR, p1, expected_version=1, owner_agent_id=small.agents["Ana"], at=small.now)
    with pytest.raises(InvalidInput):
        incidents.add_note(db, SUPERVISOR, p1, "   ")
    with pytest.raises(PermissionDenied):
        incidents.add_note(db, VIEWER, p1, "hello")


def test_claim_takes_the_acting_users_agent_and_the_loser_hears_who_won(
    db: Database, small: SmallFloor
) -> None:
    add_users(db)
    org.add_user(db, ADMIN, "lead.ana", "Ana", "team_lead", small.agents["Ana"])
    org.add_user(db, ADMIN, "lead.ben", "Ben", "team_lead", small.agents["Ben"])
    p1 = small.incidents["p1"]
    assert incidents.claim(db, Actor("lead.ana", "team_lead"), p1, expected_version=1, at=small.now) == 2
    assert incident(db, p1).owner_agent_id == small.agents["Ana"]
    with pytest.raises(Conflict) as err:
        incidents.claim(db, Actor("lead.ben", "team_lead"), p1, expected_version=1, at=small.now)
    assert err.value.fields["who"] == "lead.ana"
    assert "lead.ana" in str(err.value)
    with pytest.raises(IllegalTransition, match="is Acknowledged: it cannot be acknowledged"):
        incidents.claim(db, Actor("lead.ben", "team_lead"), p1, expected_version=2, at=small.now)
    with pytest.raises(NoOwner, match="supervisor is not linked to an agent"):
        incidents.claim(db, SUPERVISOR, small.incidents["p3"], expected_version=2)


# -- offline -------------------------------------------------------------------------------------------------


def test_actions_are_refused_offline_and_nothing_is_written(
    db: Database, small: SmallFloor, tmp_path: Path
) -> None:
    """A database that cannot be reached: a SQLite file moved away, a PostgreSQL server that refuses."""
    if db.is_sqlite:
        path = Path(db.url.database or "")
        gone = Database(make_engine(db.url))
        gone.engine.dispose()
        moved = tmp_path / "moved.db"
        path.rename(moved)
        restore = lambda: moved.rename(path)  # noqa: E731
    else:
        gone = Database(make_engine(db.url.set(host="127.0.0.1", port=1)))
        restore = lambda: None  # noqa: E731
    p1 = small.incidents["p1"]
    try:
        for action in (
            lambda: incidents.claim(
                gone, SUPERVISOR, p1, expected_version=1, owner_agent_id=small.agents["Ana"]
            ),
            lambda: incidents.transition(gone, SUPERVISOR, p1, "resolved", expected_version=1),
            lambda: incidents.add_note(gone, SUPERVISOR, p1, "lost?"),
            lambda: incidents.open_incident(gone, SYSTEM, title="x", category="ato_wave", severity=1),
        ):
            with pytest.raises(DatabaseUnavailable) as err:
                action()
            assert str(err.value).startswith(f"Cannot reach the database at {gone.describe()}: ")
    finally:
        gone.dispose()
        restore()
    row = incident(db, p1)
    assert (row.status, row.version) == ("open", 1)
    assert [e.kind for e in events(db, p1)] == ["opened"]


def test_migration_0005_seeds_the_handoff_sla_of_departments_it_finds(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine, "0004")
    with engine.begin() as conn:
        for code in ("compliance", "security"):
            conn.execute(text("INSERT INTO departments (code, name) VALUES (:c, :c)"), {"c": code})
    migrate.upgrade(engine)
    with engine.connect() as conn:
        rows = dict(
            (code, (m, p1))
            for code, m, p1 in conn.execute(
                text("SELECT code, handoff_minutes, handoff_p1_minutes FROM departments")
            )
        )
    assert rows == {"compliance": (60, 15), "security": (None, None)}
    engine.dispose()


def test_a_repeat_hit_stamped_in_floor_time_is_stored_as_the_same_moment(
    db: Database, small: SmallFloor
) -> None:
    at = small.now
    inc = incidents.open_incident(
        db, SYSTEM, title="A", category="ato_wave", severity=2, at=at, dedup_key="k"
    )
    later = (at + timedelta(minutes=7)).astimezone(TZ)  # 8 hours ahead on the wall clock
    assert (
        incidents.open_incident(
            db, SYSTEM, title="A", category="ato_wave", severity=2, at=later, dedup_key="k"
        )
        == inc
    )
    assert incident(db, inc).last_seen_at == at + timedelta(minutes=7)
