"""The shift log and the shift handover, on SQLite and PostgreSQL: entries validated and audited, the brief of
a controlled floor (a P1 breaching, a handoff overdue, an indicator critical and one silent, a late and an
absent agent, log entries inside and outside the shift), kept as prepared, signed off once by someone else."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from console.auth import SYSTEM, Actor
from console.db.engine import Database
from console.db.models import AuditEntry, Department
from console.errors import (
    EmptyLogEntry,
    HandoverSignedOff,
    LogEntryTooLong,
    NoShift,
    OwnHandover,
    PermissionDenied,
    UnknownLink,
)
from console.services import handoffs, handover, handover_text, incidents, indicators, shiftlog
from console.topics import Topic
from console.views.shift_log import VIEW, ShiftLogKey, ShiftLogPatch, ShiftLogSnapshot
from tests.factories import SmallFloor, add_users, build_small_floor, floor_now

SUPERVISOR = Actor("supervisor", "supervisor")
INCOMING = Actor("incoming", "supervisor")
LEAD = Actor("lead", "team_lead")
ANALYST = Actor("ana.lyst", "analyst")
WALL = Actor("wall", "viewer")


@pytest.fixture
def small(db: Database) -> SmallFloor:
    floor = build_small_floor(db, floor_now())
    add_users(db, ("incoming", "supervisor"), ("lead", "team_lead"), ("ana.lyst", "analyst"))
    return floor


def audit_actions(db: Database, entity: str) -> list[tuple[str, str, str | None]]:
    with db.reading() as s:
        rows = s.execute(
            select(AuditEntry.action, AuditEntry.actor, AuditEntry.entity_id)
            .where(AuditEntry.entity == entity)
            .order_by(AuditEntry.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def troubled(db: Database, small: SmallFloor) -> int:
    """Make the small floor's running shift eventful; returns the moment to prepare at (10 min after now).

    At that moment: the P1 (opened 3 min before ``now``, acknowledge SLA 5 min) is breaching; a Risk
    Management handoff asked 40 min before is overdue; failed logins are critical; the auto-approval rate
    has been silent for 11 minutes; Ben was late (20 min), Dev is absent, Eve on leave.
    """
    now = small.now
    with db.reading() as s:
        risk = s.scalar(select(Department.id).where(Department.code == "risk_mgmt"))
    assert risk is not None
    handoffs.request(
        db, SUPERVISOR, small.incidents["p3"], risk, "Tighten the KYC rule", at=now - timedelta(minutes=40)
    )
    indicators.ingest(db, SYSTEM, [(small.indicators["failed"], now + timedelta(minutes=9), 4200.0)])
    with db.reading() as s:
        ref = shiftlog.incident_ref(s, small.incidents["p1"])
    shiftlog.add_entry(
        db,
        SUPERVISOR,
        "Called the duty manager about the ATO wave",
        incident_ref=ref,
        at=now - timedelta(minutes=30),
    )
    shiftlog.add_entry(
        db, LEAD, "Dev not answering the phone", agent_id=small.agents["Dev"], at=now + timedelta(minutes=5)
    )
    shiftlog.add_entry(
        db,
        SUPERVISOR,
        "Auto-approval feed *down*?\nAsked Payments Ops | waiting",
        indicator_id=small.indicators["approval"],
        at=now + timedelta(minutes=6),
    )
    with db.reading() as s:
        slot = handover.shift_for(s, now)
    shiftlog.add_entry(db, SUPERVISOR, "Previous shift: all quiet", at=slot.starts_at - timedelta(minutes=1))
    return handover.prepare(db, SUPERVISOR, at=now + timedelta(minutes=10))


def test_log_entries_are_validated_linked_and_audited(db: Database, small: SmallFloor) -> None:
    now = small.now
    with db.reading() as s:
        ref = shiftlog.incident_ref(s, small.incidents["p1"])
    assert ref is not None
    first = shiftlog.add_entry(db, SUPERVISOR, "  Shift started, 3 seats empty  ", at=now)
    linked = shiftlog.add_entry(
        db,
        LEAD,
        "Watching the wave",
        incident_ref=f" {ref.lower()} ",  # as people type it
        agent_id=small.agents["Ana"],
        indicator_id=small.indicators["failed"],
        at=now + timedelta(minutes=1),
    )
    for body in ("", "   \n  "):
        with pytest.raises(EmptyLogEntry):
            shiftlog.add_entry(db, SUPERVISOR, body)
    with pytest.raises(LogEntryTooLong):
        shiftlog.add_entry(db, SUPERVISOR, "x" * (shiftlog.MAX_LENGTH + 1))
    with pytest.raises(UnknownLink) as unknown:
        shiftlog.add_entry(db, SUPERVISOR, "About a ghost", incident_ref="INC-404")
    assert "INC-404" in str(unknown.value)
    assert "Incident" in str(unknown.value)
    with pytest.raises(UnknownLink, match="Agent 99999"):
        shiftlog.add_entry(db, SUPERVISOR, "About a ghost", agent_id=99999)
    with pytest.raises(UnknownLink, match="Indicator 99999"):
        shiftlog.add_entry(db, SUPERVISOR, "About a ghost", indicator_id=99999)
    for nobody in (ANALYST, WALL):
        with pytest.raises(PermissionDenied):
            shiftlog.add_entry(db, nobody, "Not mine to write")

    with db.reading() as s:
        rows = shiftlog.entries(s, now - timedelta(hours=1), now + timedelta(hours=1))
    assert [(r.id, r.author, r.body) for r in rows] == [
        (first, "supervisor", "Shift started, 3 seats empty"),
        (linked, "lead", "Watching the wave"),
    ]
    assert (rows[1].incident_ref, rows[1].agent_name, rows[1].indicator_key) == (
        ref,
        "Ana",
        "ato.failed_logins",
    )
    assert dict(rows[1].indicator_names)["zh_CN"] == "登录失败次数"
    assert audit_actions(db, "shift_log") == [
        ("shift_log.add", "supervisor", str(first)),
        ("shift_log.add", "lead", str(linked)),
    ]


def test_the_brief_of_a_troubled_shift(db: Database, small: SmallFloor) -> None:
    hid = troubled(db, small)
    with db.reading() as s:
        record = handover.get(s, hid)
        slot = handover.shift_for(s, small.now)
    brief = record.brief
    assert json.loads(json.dumps(brief)) == brief  # plain JSON, nothing else
    assert (record.shift_start, record.shift_end, record.prepared_by) == (
        slot.starts_at,
        slot.ends_at,
        "supervisor",
    )
    assert brief["shift"]["code"] == small.shift_code

    by_title = {r["title"]: r for r in brief["incidents"]}
    assert set(by_title) == {"Credential-stuffing wave on login edge", "KYC rejection rate drifting up"}
    p1 = by_title["Credential-stuffing wave on login edge"]
    assert (p1["severity"], p1["sla"], p1["breached"], p1["owner"]) == (1, "ack", True, None)
    assert p1["seconds_left"] == -8 * 60  # acknowledge due 2 min after now; prepared 10 min after now
    p3 = by_title["KYC rejection rate drifting up"]
    assert (p3["sla"], p3["breached"], p3["owner"]) == ("resolve", False, "Ana")
    assert brief["incidents"][0] is not p3
    assert brief["incidents"][0]["severity"] == 1

    [waiting] = brief["handoffs"]
    assert (waiting["department"], waiting["overdue"], waiting["acknowledged"]) == (
        "Risk Management",
        True,
        False,
    )
    assert ["zh_CN", "风险管理部"] in waiting["department_names"]

    levels = {r["key"]: r["level"] for r in brief["indicators"]}
    assert levels == {"ato.failed_logins": "critical", "ops.auto_approval_rate": "silent"}
    silent = next(r for r in brief["indicators"] if r["level"] == "silent")
    assert silent["last_at"] is not None
    assert silent["value"] == 88.0

    [desk] = brief["staffing"]["desks"]
    assert desk == {
        "team": "ATO desk",
        "rostered": 4,
        "came_in": 3,
        "on_floor": 3,  # Ana, Ben (late) and Chen (on break)
        "late": 1,
        "absent": 1,
        "not_yet": 0,
        "leave": 1,
    }
    assert [(e["name"], e["kind"]) for e in brief["staffing"]["exceptions"]] == [
        ("Dev", "absent"),
        ("Ben", "late"),
        ("Eve", "leave"),
    ]
    assert brief["staffing"]["exceptions"][1]["minutes_late"] == 20

    log = brief["log"]
    assert [e["body"] for e in log] == [
        "Called the duty manager about the ATO wave",
        "Dev not answering the phone",
        "Auto-approval feed *down*?\nAsked Payments Ops | waiting",
    ]  # the previous shift's entry is not this shift's
    assert log[0]["incident_ref"]
    assert log[1]["agent"] == "Dev"
    assert log[2]["indicator"] == "Auto-approval rate"
    assert audit_actions(db, "handover") == [("handover.prepare", "supervisor", str(hid))]


def test_the_brief_as_markdown(db: Database, small: SmallFloor) -> None:
    hid = troubled(db, small)
    with db.reading() as s:
        record = handover.get(s, hid)
    text = handover_text.render(record)
    assert text.startswith("# Shift handover: ")
    assert "Not signed off yet." in text
    assert "acknowledge SLA breached 8 min ago" in text
    assert "OVERDUE by 20 min" in text
    assert "| Failed logins | **Critical** | 4,200 count/min |" in text
    assert "**Silent since " in text
    assert "- **Dev** (KL0004, ATO desk): Absent" in text
    assert "- **Ben** (KL0002, ATO desk): Late (20 min, in at " in text
    assert "- **Eve** (KL0005, ATO desk): On leave" in text
    assert "Dev not answering the phone" in text
    assert "Previous shift: all quiet" not in text
    # People's words are shown as written, never as markup (a table's | or an emphasis' * stays text).
    assert "Auto-approval feed \\*down\\*?  \n  Asked Payments Ops \\| waiting" in text
    assert "## Shift log (3)" in text
    # In another language the indicator's and department's names come from the brief's own names.
    zh = handover_text.render(record, language="zh_CN")
    assert "登录失败次数" in zh
    assert "风险管理部" in zh


def test_the_brief_stays_as_prepared(db: Database, small: SmallFloor) -> None:
    hid = troubled(db, small)
    with db.reading() as s:
        before = handover.get(s, hid)
    shiftlog.add_entry(db, SUPERVISOR, "Written after the brief", at=small.now + timedelta(minutes=11))
    incidents.open_incident(
        db,
        SYSTEM,
        title="New after the brief",
        category="p2p_scam",
        severity=2,
        at=small.now + timedelta(minutes=12),
    )
    with db.reading() as s:
        after = handover.get(s, hid)
    assert after.brief == before.brief
    assert handover_text.render(after) == handover_text.render(before)
    again = handover.prepare(db, SUPERVISOR, at=small.now + timedelta(minutes=13))
    with db.reading() as s:
        newer = handover.get(s, again)
        assert handover.latest(s) == newer
    assert "New after the brief" in json.dumps(newer.brief)
    assert len(newer.brief["log"]) == 4


def test_signed_off_once_by_someone_else(db: Database, small: SmallFloor) -> None:
    hid = troubled(db, small)
    with pytest.raises(OwnHandover, match="supervisor prepared this handover"):
        handover.sign_off(db, SUPERVISOR, hid)
    for nobody in (ANALYST, WALL):
        with pytest.raises(PermissionDenied):
            handover.sign_off(db, nobody, hid)
    at = small.now + timedelta(minutes=20)
    handover.sign_off(db, INCOMING, hid, note="  Took it over at the desk  ", at=at)
    with pytest.raises(HandoverSignedOff) as second:
        handover.sign_off(db, LEAD, hid)
    assert "incoming" in str(second.value)
    assert "already signed off" in str(second.value)
    with db.reading() as s:
        record = handover.get(s, hid)
    assert (record.signed_off_by, record.signed_off_at, record.sign_note) == (
        "incoming",
        at,
        "Took it over at the desk",
    )
    assert audit_actions(db, "handover") == [
        ("handover.prepare", "supervisor", str(hid)),
        ("handover.sign_off", "incoming", str(hid)),
    ]
    text = handover_text.render(record)
    assert "Signed off by **incoming** at " in text
    assert "Note: Took it over at the desk" in text
    assert "Not signed off yet." not in text


def test_the_shift_to_hand_over(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        running = handover.shift_for(s, small.now)
        previous = handover.shift_for(s, small.now, previous=True)
    assert previous.ends_at == running.starts_at
    hid = handover.prepare(db, SUPERVISOR, at=small.now, previous=True)
    with db.reading() as s:
        assert handover.get(s, hid).shift_start == previous.starts_at
        assert handover.get(s, hid).brief["staffing"]["next"]["start"] == running.starts_at.isoformat()


def test_no_shift_no_handover(db: Database) -> None:
    add_users(db)
    with pytest.raises(NoShift):
        handover.prepare(db, SUPERVISOR, at=floor_now())


def test_the_docks_view(db: Database, small: SmallFloor) -> None:
    now = small.now
    with db.reading() as s:
        slot = handover.shift_for(s, now)
    key = ShiftLogKey(slot)
    inside = shiftlog.add_entry(db, SUPERVISOR, "Inside", at=now)
    shiftlog.add_entry(db, SUPERVISOR, "Before the shift", at=slot.starts_at - timedelta(seconds=1))
    with db.reading() as s:
        snap = VIEW.snapshot(s, key)
    assert isinstance(snap, ShiftLogSnapshot)
    assert [r.body for r in snap.rows] == ["Inside"]
    assert snap.handover is None
    later = shiftlog.add_entry(db, LEAD, "Later", at=now + timedelta(minutes=1))
    hid = handover.prepare(db, SUPERVISOR, at=now + timedelta(minutes=2))
    with db.reading() as s:
        patch = VIEW.patch(s, key, {Topic.SHIFT_LOG: [later, 424242], Topic.HANDOVER: [hid]})
        quiet = VIEW.patch(s, key, {Topic.SHIFT_LOG: [inside]})
    assert isinstance(patch, ShiftLogPatch)
    assert [r.body for r in patch.rows] == ["Later"]
    assert patch.gone == frozenset({424242})
    assert patch.handover_read
    assert patch.handover is not None
    assert patch.handover.id == hid
    assert isinstance(quiet, ShiftLogPatch)
    assert not quiet.handover_read
    with db.reading() as s:
        assert VIEW.snapshot(s, ShiftLogKey(None)).rows == ()


def test_a_shift_that_ends_without_a_handover_gets_one_from_the_timer_leader(
    db: Database, small: SmallFloor
) -> None:
    from console.timers import run_due

    with db.reading() as s:
        running = handover.shift_for(s, small.now)
    end = running.ends_at
    assert run_due(db, end - timedelta(minutes=1), SYSTEM).handovers == 0  # still running
    stats = run_due(db, end + timedelta(seconds=5), SYSTEM)
    assert stats.handovers == 1
    assert run_due(db, end + timedelta(seconds=10), SYSTEM).handovers == 0  # once
    with db.reading() as s:
        record = handover.latest(s)
    assert record is not None
    assert record.prepared_by == "system"
    assert record.shift_start == running.starts_at
    assert ("handover.prepare", "system", str(record.id)) in audit_actions(db, "handover")
    # The next shift was handed over by its supervisor before its end: nothing more at its end.
    with db.reading() as s:
        following = handover.shift_for(s, end + timedelta(minutes=1))
    handover.prepare(db, Actor("supervisor", "supervisor"), at=following.ends_at - timedelta(minutes=10))
    assert run_due(db, following.ends_at + timedelta(seconds=5), SYSTEM).handovers == 0
    # A shift over for more than an hour is not briefed after the fact, nor by a leader who keeps no log.
    with db.reading() as s:
        third = handover.shift_for(s, following.ends_at + timedelta(minutes=1))
    assert run_due(db, third.ends_at + timedelta(hours=1, minutes=1), SYSTEM).handovers == 0
    add_users(db, ("lee", "analyst"))
    assert run_due(db, third.ends_at + timedelta(minutes=1), Actor("lee", "analyst")).handovers == 0
    assert run_due(db, third.ends_at + timedelta(minutes=2), SYSTEM).handovers == 1
