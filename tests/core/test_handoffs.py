"""Closed-loop handoffs to departments, on SQLite and PostgreSQL: due times from the department's SLA, the
loop from request to close, overdue once, resolving refused while one is open unless overridden (audited),
and the incident detail view that shows it all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from console.auth import SYSTEM, Actor
from console.db.engine import Database
from console.db.models import AuditEntry, Department, Incident, IncidentEvent
from console.errors import (
    Conflict,
    HandoffClosed,
    HandoffUnanswered,
    IllegalTransition,
    InvalidInput,
    OpenHandoffs,
)
from console.services import handoffs, incidents
from console.timers import run_due
from console.topics import Topic
from console.views.incident_detail import VIEW, DetailKey, read_detail
from tests.factories import SmallFloor, add_users, build_small_floor, floor_now

SUPERVISOR = Actor("supervisor", "supervisor")
COMPLIANCE_USER = Actor("comp.lin", "analyst")


@pytest.fixture
def small(db: Database) -> SmallFloor:
    floor = build_small_floor(db, floor_now())
    add_users(db, ("comp.lin", "analyst"))
    return floor


def departments(db: Database) -> dict[str, int]:
    with db.reading() as s:
        return {code: did for did, code in s.execute(select(Department.id, Department.code))}


def kinds(db: Database, inc: int) -> list[str]:
    with db.reading() as s:
        return list(
            s.scalars(
                select(IncidentEvent.kind).where(IncidentEvent.incident_id == inc).order_by(IncidentEvent.id)
            )
        )


def version(db: Database, inc: int) -> int:
    with db.reading() as s:
        return int(s.scalar(select(Incident.version).where(Incident.id == inc)) or 0)


def test_due_time_comes_from_the_departments_sla(db: Database, small: SmallFloor) -> None:
    depts = departments(db)
    at = small.now
    p1, p3 = small.incidents["p1"], small.incidents["p3"]
    h1 = handoffs.request(db, SUPERVISOR, p1, depts["compliance"], "Screen the 40 wallets", at=at)
    h2 = handoffs.request(db, SUPERVISOR, p3, depts["compliance"], "Confirm the ring", at=at)
    h3 = handoffs.request(db, SUPERVISOR, p3, depts["risk_mgmt"], "Tighten the KYC rule", at=at)
    handoffs.set_sla(db, SUPERVISOR, depts["risk_mgmt"], 45)
    h4 = handoffs.request(db, SUPERVISOR, p1, depts["risk_mgmt"], "Block the ASN", at=at)
    with db.reading() as s:
        due = {r.id: r.due_at - at for r in handoffs.rows(s)}
    assert due == {
        h1: timedelta(minutes=15),  # Compliance answers a P1 within 15 minutes
        h2: timedelta(hours=1),
        h3: timedelta(minutes=30),
        h4: timedelta(minutes=45),
    }
    with pytest.raises(InvalidInput):
        handoffs.set_sla(db, SUPERVISOR, depts["risk_mgmt"], 30, p1_minutes=60)


def test_the_loop_from_request_to_close(db: Database, small: SmallFloor) -> None:
    depts = departments(db)
    at = small.now
    inc = small.incidents["p3"]
    v = version(db, inc)
    hid = handoffs.request(
        db, SUPERVISOR, inc, depts["compliance"], "File an STR for the ring", expected_version=v, at=at
    )
    assert version(db, inc) == v + 1  # a request changes whether the incident may be resolved
    handoffs.acknowledge(
        db, SUPERVISOR, hid, confirmed_by="Lin (Compliance), by phone", at=at + timedelta(minutes=2)
    )
    with pytest.raises(Conflict) as err:  # a second workstation acknowledging the same handoff
        handoffs.acknowledge(db, COMPLIANCE_USER, hid, at=at + timedelta(minutes=3))
    assert err.value.fields["who"] == "supervisor"
    handoffs.respond(db, COMPLIANCE_USER, hid, "STR filed, ref C-2231", at=at + timedelta(minutes=20))
    with pytest.raises(Conflict, match="comp.lin"):
        handoffs.respond(db, SUPERVISOR, hid, "filed", at=at + timedelta(minutes=21))
    handoffs.close(db, SUPERVISOR, hid, at=at + timedelta(minutes=25))
    with pytest.raises(HandoffClosed, match="to Compliance is closed already"):
        handoffs.close(db, SUPERVISOR, hid)
    assert version(db, inc) == v + 1  # answers and closing do not bump it
    with db.reading() as s:
        [row] = handoffs.rows(s, incident_id=inc)
    assert (row.acknowledged_by, row.confirmed_by) == ("supervisor", "Lin (Compliance), by phone")
    assert (row.response, row.responded_by, row.closed_by, row.overdue_at) == (
        "STR filed, ref C-2231",
        "comp.lin",
        "supervisor",
        None,
    )
    assert not row.is_open
    assert kinds(db, inc)[-4:] == ["handoff_request", "handoff_ack", "handoff_response", "handoff_closed"]
    with db.reading() as s:
        actions = list(
            s.scalars(
                select(AuditEntry.action).where(AuditEntry.entity_id == str(inc)).order_by(AuditEntry.id)
            )
        )
    assert actions[-4:] == ["incident.handoff_request", "handoff.ack", "handoff.response", "handoff.closed"]
    incidents.transition(
        db, SUPERVISOR, inc, "resolved", expected_version=v + 1, at=at + timedelta(minutes=30)
    )


def test_an_unanswered_handoff_closes_only_with_a_reason(db: Database, small: SmallFloor) -> None:
    hid = handoffs.request(db, SUPERVISOR, small.incidents["p1"], departments(db)["risk_mgmt"], "Block it")
    with pytest.raises(HandoffUnanswered, match="Risk Management has not answered"):
        handoffs.close(db, SUPERVISOR, hid)
    handoffs.close(db, SUPERVISOR, hid, reason="Blocked it ourselves")
    with db.reading() as s:
        [row] = handoffs.rows(s, incident_id=small.incidents["p1"])
    assert (row.close_note, row.response) == ("Blocked it ourselves", None)


def test_resolving_with_an_open_handoff_needs_an_override_reason(db: Database, small: SmallFloor) -> None:
    depts = departments(db)
    inc = small.incidents["p1"]
    hid = handoffs.request(db, SUPERVISOR, inc, depts["compliance"], "Freeze the accounts", at=small.now)
    v = version(db, inc)
    with pytest.raises(OpenHandoffs) as err:
        incidents.transition(db, SUPERVISOR, inc, "resolved", expected_version=v)
    assert "still waits on Compliance" in str(err.value)
    with pytest.raises(OpenHandoffs):
        incidents.transition(db, SUPERVISOR, inc, "resolved", expected_version=v, override_reason="   ")
    incidents.transition(
        db, SUPERVISOR, inc, "resolved", expected_version=v, override_reason="Compliance answers by e-mail"
    )
    with db.reading() as s:
        ev = s.scalars(
            select(IncidentEvent).where(IncidentEvent.incident_id == inc, IncidentEvent.kind == "resolved")
        ).one()
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "incident.resolved")).all()[-1]
    assert ev.data == {"override_reason": "Compliance answers by e-mail", "open_handoffs": [hid]}
    assert audit.detail is not None
    assert audit.detail["override_reason"] == "Compliance answers by e-mail"
    # The handoff stays open (the department may still answer); a resolved incident takes no new ones.
    with pytest.raises(IllegalTransition, match="is Resolved: it cannot be handed off"):
        handoffs.request(db, SUPERVISOR, inc, depts["risk_mgmt"], "Anything")


def test_a_request_racing_a_resolve_loses_or_wins_whole(db: Database, small: SmallFloor) -> None:
    """Both saw the same version: whichever commits second gets Conflict, so an incident is never resolved
    with a handoff it did not know about."""
    inc = small.incidents["p3"]
    v = version(db, inc)
    incidents.transition(db, SUPERVISOR, inc, "resolved", expected_version=v)
    with pytest.raises((Conflict, IllegalTransition)):
        handoffs.request(db, SUPERVISOR, inc, departments(db)["compliance"], "Late ask", expected_version=v)


def test_overdue_is_a_query_and_one_timeline_event(db: Database, small: SmallFloor) -> None:
    depts = departments(db)
    at = small.now
    inc = small.incidents["p3"]
    late = handoffs.request(db, SUPERVISOR, inc, depts["risk_mgmt"], "Tighten rule 12", at=at)
    answered_late = handoffs.request(db, SUPERVISOR, inc, depts["compliance"], "Check list", at=at)
    with db.reading() as s:
        assert handoffs.overdue(s, at + timedelta(minutes=29)) == []
        assert [r.id for r in handoffs.overdue(s, at + timedelta(minutes=30))] == [late]
    assert run_due(db, at + timedelta(minutes=31)).overdue_handoffs == 1
    assert run_due(db, at + timedelta(minutes=40)).overdue_handoffs == 0
    # An answer after the due time records it overdue itself (the timer had not seen it yet), once.
    handoffs.respond(db, COMPLIANCE_USER, answered_late, "Done", at=at + timedelta(minutes=70))
    assert run_due(db, at + timedelta(minutes=80)).overdue_handoffs == 0
    with db.reading() as s:
        overdue = list(
            s.scalars(
                select(IncidentEvent).where(
                    IncidentEvent.incident_id == inc, IncidentEvent.kind == "handoff_overdue"
                )
            )
        )
        rows = {r.id: r for r in handoffs.rows(s, incident_id=inc)}
        still = [r.id for r in handoffs.overdue(s, at + timedelta(minutes=80))]
    assert sorted(e.data["handoff_id"] for e in overdue) == [late, answered_late]
    assert rows[late].overdue_at == at + timedelta(minutes=30)
    assert still == [late]  # answered ones are no longer waiting


def test_the_detail_view_shows_header_timeline_handoffs_and_actions(db: Database, small: SmallFloor) -> None:
    depts = departments(db)
    at = small.now
    inc = small.incidents["p1"]
    dup = incidents.open_incident(db, SYSTEM, title="Same wave", category="ato_wave", severity=1, at=at)
    incidents.add_note(db, SUPERVISOR, dup, "Seen from the SG edge", at=at)
    incidents.mark_duplicate(db, SUPERVISOR, dup, inc, expected_version=1, at=at)
    hid = handoffs.request(db, SUPERVISOR, inc, depts["risk_mgmt"], "Block ASN 4134", at=at)
    run_due(db, at + timedelta(minutes=3))
    with db.reading() as s:
        detail = read_detail(s, inc)
        dup_detail = read_detail(s, dup)
        assert read_detail(s, 999_999) is None
        snapshot = VIEW.snapshot(s, DetailKey(inc))
        untouched = VIEW.patch(s, DetailKey(inc), {Topic.INCIDENT: [small.incidents["p3"]]})
        touched = VIEW.patch(s, DetailKey(inc), {Topic.INCIDENT: [inc]})
    assert detail is not None
    assert dup_detail is not None
    h = detail.header
    assert (h.status, h.hit_count, h.ack_breached_at, h.version) == ("open", 2, at + timedelta(minutes=2), 3)
    assert h.sla_due() == h.ack_due_at
    assert detail.duplicates == ((dup, dup_detail.header.ref),)
    assert [(line.kind, line.merged_from_ref) for line in detail.timeline] == [
        ("opened", None),
        ("opened", dup_detail.header.ref),
        ("note", dup_detail.header.ref),
        ("merged", None),
        ("handoff_request", None),
        ("sla_breached", None),
        ("auto_escalated", None),  # nobody on shift to call: recorded all the same
    ]
    assert detail.timeline[4].department == "Risk Management"
    assert [x.id for x in detail.open_handoffs] == [hid]
    assert detail.allowed_actions == tuple(incidents.allowed_actions("open"))
    assert detail.key == inc
    # The duplicate still shows what it was, and where it went.
    assert (dup_detail.header.status, dup_detail.header.duplicate_of_ref) == ("duplicate", h.ref)
    assert [line.kind for line in dup_detail.timeline] == ["opened", "note", "marked_duplicate"]
    assert dup_detail.allowed_actions == ("note",)
    assert snapshot.rows == (detail,)
    assert not untouched
    assert touched.rows == (detail,)
