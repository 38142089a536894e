"""Attendance exceptions: detection to the second, the stored queue, working it, the ledger, the policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from console.auth import Actor
from console.db.engine import Database
from console.db.models import AttendanceException, AuditEntry
from console.errors import Conflict, InvalidInput, PermissionDenied
from console.services import attendance, exceptions, ledger
from console.services.exception_queue import work_exception
from console.services.exceptions import (
    BREAK_OVERRUN,
    EARLY_LEAVE,
    LATE,
    MISSED_PUNCH,
    NO_SHOW,
    OVERTIME,
    UNSCHEDULED_ABSENCE,
    Policy,
    Rule,
    shift_exceptions,
)
from console.timers import run_due
from tests.factories import TZ, add_users, build_small_floor, floor_now

SUPERVISOR = Actor("supervisor", "supervisor")
POLICY = Policy()


def myt(text: str) -> datetime:
    """A floor time (MYT) as the UTC moment it is stored as."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=TZ).astimezone(UTC)


def kinds(
    edges: list[tuple[str, str]],
    *,
    start: str = "2026-12-01 07:00:00",
    hours: int = 8,
    now: str | None = None,
    status: str = "scheduled",
    policy: Policy = POLICY,
) -> dict[str, int | None]:
    begins = myt(start)
    ends = begins + timedelta(hours=hours)
    at_now = myt(now) if now else ends + timedelta(hours=3)
    found = shift_exceptions(1, 1, begins, ends, status, 60, [(k, myt(t)) for k, t in edges], policy, at_now)
    return {f.kind: f.minutes for f in found}


def test_late_is_exact_to_the_second() -> None:
    on_time = [("clock_in", "2026-12-01 07:05:00"), ("clock_out", "2026-12-01 15:00:00")]
    late = [("clock_in", "2026-12-01 07:05:01"), ("clock_out", "2026-12-01 15:00:00")]
    assert kinds(on_time) == {}
    assert kinds(late) == {LATE: 5}


def test_no_show_fires_at_its_minute_and_not_before() -> None:
    assert kinds([], now="2026-12-01 07:29:59") == {}
    assert kinds([], now="2026-12-01 07:30:00") == {NO_SHOW: 30}
    # arriving at 07:30:00 exactly is late but no no-show; at 07:30:01 both
    assert kinds([("clock_in", "2026-12-01 07:30:00")], now="2026-12-01 08:00:00") == {LATE: 30}
    assert kinds([("clock_in", "2026-12-01 07:30:01")], now="2026-12-01 08:00:00") == {LATE: 30, NO_SHOW: 30}


def test_absence_early_leave_overtime_and_missed_punch_wait_for_the_end() -> None:
    assert kinds([], now="2026-12-01 14:59:59") == {NO_SHOW: 30}
    assert kinds([], now="2026-12-01 15:00:00") == {UNSCHEDULED_ABSENCE: 480}  # takes the no-show's place
    early = [("clock_in", "2026-12-01 06:55:00"), ("clock_out", "2026-12-01 14:54:59")]
    assert kinds(early) == {EARLY_LEAVE: 5}
    assert kinds([("clock_in", "2026-12-01 06:55:00"), ("clock_out", "2026-12-01 14:55:00")]) == {}
    assert kinds([("clock_in", "2026-12-01 06:55:00"), ("clock_out", "2026-12-01 15:30:00")]) == {}
    assert kinds([("clock_in", "2026-12-01 06:55:00"), ("clock_out", "2026-12-01 15:30:01")]) == {
        OVERTIME: 30
    }
    no_out = [("clock_in", "2026-12-01 06:55:00")]
    assert kinds(no_out, now="2026-12-01 15:59:59") == {}
    assert kinds(no_out, now="2026-12-01 16:00:00") == {MISSED_PUNCH: None}


def test_a_37_minute_break_is_flagged_and_a_30_minute_one_is_not() -> None:
    day = [("clock_in", "2026-12-01 06:55:00"), ("clock_out", "2026-12-01 15:01:00")]
    thirty = [("break_start", "2026-12-01 10:00:00"), ("break_end", "2026-12-01 10:30:00")]
    assert kinds(day + thirty) == {}
    long = [("break_start", "2026-12-01 10:00:00"), ("break_end", "2026-12-01 10:37:00")]
    assert kinds(day[:1] + long + day[1:]) == {BREAK_OVERRUN: 37}
    # three breaks of 22 min: none over 30 but 66 in all, one over the 60 + 5 allowed
    three = []
    for hour in ("09", "11", "13"):
        three += [("break_start", f"2026-12-01 {hour}:00:00"), ("break_end", f"2026-12-01 {hour}:22:00")]
    assert kinds(day[:1] + three + day[1:]) == {BREAK_OVERRUN: 66}


def test_a_running_break_shows_its_overrun_live_and_an_unmatched_edge_is_a_missed_punch() -> None:
    edges = [("clock_in", "2026-12-01 06:55:00"), ("break_start", "2026-12-01 10:00:00")]
    assert kinds(edges, now="2026-12-01 10:30:00") == {}
    assert kinds(edges, now="2026-12-01 10:31:00") == {BREAK_OVERRUN: 31}
    closed = [*edges, ("clock_out", "2026-12-01 15:00:00")]
    assert kinds(closed, now="2026-12-01 16:00:00") == {MISSED_PUNCH: None}
    stray = [("clock_in", "2026-12-01 06:55:00"), ("break_end", "2026-12-01 11:00:00")]
    assert kinds([*stray, ("clock_out", "2026-12-01 15:00:00")]) == {MISSED_PUNCH: None}


def test_leave_is_never_an_absence() -> None:
    assert kinds([], status="leave") == {}


def test_a_night_shift_across_midnight_and_the_month_end() -> None:
    # 31 Dec 23:00 MYT (15:00 UTC) to 1 Jan 07:00 MYT
    edges = [("clock_in", "2026-12-31 23:06:00"), ("clock_out", "2027-01-01 06:50:00")]
    assert kinds(edges, start="2026-12-31 23:00:00") == {LATE: 6, EARLY_LEAVE: 10}
    assert myt("2026-12-31 23:00:00") == datetime(2026, 12, 31, 15, 0, tzinfo=UTC)
    # a 12-hour night shift from the last day of February
    assert kinds([("clock_in", "2027-02-28 19:00:00")], start="2027-02-28 19:00:00", hours=12) == {
        MISSED_PUNCH: None
    }


def test_a_rule_switched_off_finds_nothing_and_its_minutes_move_the_boundary() -> None:
    late = [("clock_in", "2026-12-01 07:08:00"), ("clock_out", "2026-12-01 15:00:00")]
    assert kinds(late, policy=POLICY.with_rule(LATE, Rule(5, "warning", enabled=False))) == {}
    assert kinds(late, policy=POLICY.with_rule(LATE, Rule(10, "warning"))) == {}
    assert kinds(late, policy=POLICY.with_rule(LATE, Rule(7, "info"))) == {LATE: 8}


@given(st.integers(min_value=-3600, max_value=3 * 3600))
def test_late_exactly_when_past_the_grace(offset_s: int) -> None:
    start = datetime(2026, 12, 31, 15, 0, tzinfo=UTC)
    edges = [("clock_in", start + timedelta(seconds=offset_s))]
    found = shift_exceptions(1, 1, start, start + timedelta(hours=8), "scheduled", 60, edges, POLICY, start)
    late = [f for f in found if f.kind == LATE]
    assert bool(late) == (offset_s > 300)
    if late:
        assert late[0].minutes == offset_s // 60


# -- stored queue ------------------------------------------------------------------------------------------


def _rows(db: Database) -> dict[tuple[int, str], AttendanceException]:
    with db.reading() as s:
        return {(x.agent_id, x.kind): x for x in s.scalars(select(AttendanceException))}


def test_the_timer_leader_fills_the_queue_once(db: Database) -> None:
    small = build_small_floor(db, floor_now())
    a = small.agents
    stats = run_due(db, small.now)
    rows = _rows(db)
    assert set(rows) == {(a["Ben"], LATE), (a["Dev"], NO_SHOW)}  # Eve is on leave, Ana and Chen on time
    assert rows[(a["Ben"], LATE)].minutes == 20
    assert rows[(a["Dev"], NO_SHOW)].severity == "critical"
    assert stats.attendance_exceptions == 2
    assert not run_due(db, small.now + timedelta(seconds=30))  # nothing new: no write
    assert len(_rows(db)) == 2
    # Chen's break runs past 30 minutes: flagged live, then its minutes follow
    assert run_due(db, small.now + timedelta(minutes=26)).attendance_exceptions == 1
    assert _rows(db)[(a["Chen"], BREAK_OVERRUN)].minutes == 31
    run_due(db, small.now + timedelta(minutes=30))
    assert _rows(db)[(a["Chen"], BREAK_OVERRUN)].minutes == 35


def test_a_cause_that_goes_away_withdraws_an_unworked_exception_only(db: Database) -> None:
    small = build_small_floor(db, floor_now())
    a = small.agents
    run_due(db, small.now)
    # Dev forgot his badge: the supervisor records his clock-in at 07:02; the no-show goes away
    start = small.now - timedelta(minutes=45)
    attendance.record(db, SUPERVISOR, a["Dev"], "clock_in", at=start + timedelta(minutes=2), note="no badge")
    ben = _rows(db)[(a["Ben"], LATE)]
    work_exception(db, SUPERVISOR, ben.id, "transport", None, "train delay", "open")
    exceptions.set_policy(db, SUPERVISOR, LATE, enabled=False)
    run_due(db, small.now + timedelta(minutes=1))
    rows = _rows(db)
    assert (a["Dev"], NO_SHOW) not in rows
    assert (a["Ben"], LATE) in rows  # worked on: kept although the rule is off now


def test_working_an_exception_is_audited_checked_and_refuses_a_stale_form(db: Database) -> None:
    small = build_small_floor(db, floor_now())
    run_due(db, small.now)
    ex = _rows(db)[(small.agents["Ben"], LATE)]
    contacted = small.now + timedelta(minutes=1)
    with pytest.raises(PermissionDenied):
        work_exception(db, Actor("wall", "viewer"), ex.id, "transport", None, None, "resolved")
    with pytest.raises(InvalidInput):
        work_exception(db, SUPERVISOR, ex.id, None, None, "no reason", "resolved")
    with pytest.raises(InvalidInput):
        work_exception(db, SUPERVISOR, ex.id, "bored", None, None, "resolved")
    done = work_exception(
        db, SUPERVISOR, ex.id, "transport", contacted, "LRT breakdown", "resolved", version=ex.version
    )
    assert done.changed
    assert done.version == ex.version + 1
    again = work_exception(
        db, SUPERVISOR, ex.id, "transport", contacted, "LRT breakdown", "resolved", version=ex.version
    )
    assert not again.changed  # the same save twice: nothing written, no conflict
    with pytest.raises(Conflict, match="supervisor"):
        work_exception(db, SUPERVISOR, ex.id, "sick", None, None, "excused", version=ex.version)
    row = _rows(db)[(small.agents["Ben"], LATE)]
    assert (row.status, row.reason_code, row.note, row.resolved_by) == (
        "resolved",
        "transport",
        "LRT breakdown",
        "supervisor",
    )
    assert row.contacted_at == contacted
    with db.reading() as s:
        audited = s.scalars(select(AuditEntry).where(AuditEntry.action == "attendance.exception.work")).all()
    assert len(audited) == 1
    assert audited[0].detail["before"]["status"] == "open"
    assert audited[0].detail["after"]["reason_code"] == "transport"
    # the leader later leaves a worked row alone (its minutes do not move under the supervisor)
    run_due(db, small.now + timedelta(minutes=5))
    assert _rows(db)[(small.agents["Ben"], LATE)].version == done.version


def test_the_policy_is_stored_audited_and_checked(db: Database) -> None:
    add_users(db)
    with pytest.raises(PermissionDenied):
        exceptions.set_policy(db, Actor("system", "system"), LATE, minutes=3)
    with pytest.raises(InvalidInput):
        exceptions.set_policy(db, SUPERVISOR, "nap", minutes=3)
    with pytest.raises(InvalidInput):
        exceptions.set_policy(db, SUPERVISOR, LATE, severity="dire")
    exceptions.set_policy(db, SUPERVISOR, LATE, minutes=3, severity="info")
    exceptions.set_policy(db, SUPERVISOR, BREAK_OVERRUN, cap=40)
    with db.reading() as s:
        policy = exceptions.load_policy(s)
        count = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "attendance.policy")
        )
    assert policy.rule(LATE) == Rule(3, "info")
    assert policy.rule(BREAK_OVERRUN) == Rule(5, "warning", cap=40)
    assert policy.rule(NO_SHOW) == Rule(30, "critical")
    assert count == 2


def test_the_ledger_joins_exceptions_notes_and_the_adherence_seam(db: Database) -> None:
    small = build_small_floor(db, floor_now())
    ben = small.agents["Ben"]
    run_due(db, small.now)
    ex = _rows(db)[(ben, LATE)]
    work_exception(db, SUPERVISOR, ex.id, "transport", None, "LRT", "resolved")
    ledger.add_note(db, SUPERVISOR, ben, "Talked about leaving earlier", at=small.now + timedelta(minutes=5))
    with pytest.raises(InvalidInput):
        ledger.add_note(db, SUPERVISOR, ben, "   ")
    with pytest.raises(PermissionDenied):
        ledger.add_note(db, Actor("wall", "viewer"), ben, "hello")

    class Miss:
        at = small.now - timedelta(minutes=10)
        minutes = 12
        text = "Away from seat"

    with db.reading() as s:
        got = ledger.entries(
            s, ben, small.now - timedelta(days=1), small.now + timedelta(hours=1), misses=lambda *a: [Miss()]
        )
    assert [(e.source, e.kind) for e in got] == [
        ("note", "note"),
        ("adherence", "adherence"),
        ("exception", LATE),
    ]
    assert got[2].reason_code == "transport"
    assert got[2].author == "supervisor"
    assert got[0].author == "supervisor"


def test_a_no_show_whose_shift_ends_becomes_the_absence_and_keeps_its_work(db: Database) -> None:
    small = build_small_floor(db, floor_now())
    dev = small.agents["Dev"]
    run_due(db, small.now)
    no_show = _rows(db)[(dev, NO_SHOW)]
    work_exception(db, SUPERVISOR, no_show.id, "sick", small.now, "Called in sick", "excused")
    ends = small.now - timedelta(minutes=45) + timedelta(hours=8)
    run_due(db, ends + timedelta(minutes=1))
    rows = _rows(db)
    assert (dev, NO_SHOW) not in rows
    absence = rows[(dev, UNSCHEDULED_ABSENCE)]
    assert absence.id == no_show.id
    assert (absence.status, absence.reason_code, absence.note, absence.minutes) == (
        "excused",
        "sick",
        "Called in sick",
        480,
    )
    assert absence.severity == "critical"
