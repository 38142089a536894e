"""The rota on the database: rules per floor, generate and publish, hand edits, swaps (SQLite, PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from console.auth import Actor
from console.db.engine import Database
from console.db.models import AuditEntry, Change, RotaAssignment, ShiftSwap
from console.errors import InvalidInput, PermissionDenied
from console.services import rota, swaps
from console.services.rota import RotaEntry, RulesBroken
from console.topics import Topic
from tests.factories import TZ
from tests.rota_floor import FIRST, NOW, SUPERVISOR, RotaFloor, build_rota_floor

ANA = Actor("ana", "analyst")
BEN = Actor("ben", "analyst")


@pytest.fixture
def fl(db: Database) -> RotaFloor:
    return build_rota_floor(db)


def _audits(db: Database, action: str) -> list[AuditEntry]:
    with db.reading() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_rules_default_then_set_audited_and_checked(db: Database, fl: RotaFloor) -> None:
    with db.reading() as s:
        assert rota.rules(s) == rota.Rules()
    rota.set_rules(db, SUPERVISOR, max_consecutive_nights=3, min_rest_hours=12)
    with db.reading() as s:
        assert rota.rules(s).max_consecutive_nights == 3
        assert rota.rules(s).min_rest_hours == 12.0
    (entry,) = _audits(db, "rota.rules")
    assert entry.detail["before"]["max_consecutive_nights"] == 4
    assert entry.detail["after"]["min_rest_hours"] == 12
    with pytest.raises(InvalidInput, match="out of range"):
        rota.set_rules(db, SUPERVISOR, max_shifts_per_week=8)
    with pytest.raises(PermissionDenied):
        rota.set_rules(db, ANA, max_shifts_per_week=4)


def test_generate_and_publish_two_weeks_across_a_month_end(db: Database, fl: RotaFloor) -> None:
    plan = rota.generate(db, FIRST, 2, now=NOW, time_limit=10)
    assert plan.status in ("OPTIMAL", "FEASIBLE")
    assert plan.unmet == []
    assert plan.last == date(2027, 4, 4)
    # A leave row in the period stays; the plan never works it.
    rota.assign(
        db, SUPERVISOR, [RotaEntry(fl.agents["Ana"], "M", FIRST + timedelta(days=9), "leave", "annual")], TZ
    )
    plan = rota.generate(db, FIRST, 2, now=NOW, time_limit=10)
    assert (fl.agents["Ana"], FIRST + timedelta(days=9)) not in {(s.agent_id, s.day) for s in plan.shifts}
    counts = rota.publish(db, SUPERVISOR, plan, now=NOW)
    assert counts["added"] == len(plan.shifts)
    assert rota.check_period(db, FIRST, plan.last) == []
    with db.reading() as s:
        rows = list(s.scalars(select(RotaAssignment).where(RotaAssignment.shift_date >= FIRST)))
        leave = [r for r in rows if r.status == "leave"]
        assert len(leave) == 1
        assert leave[0].leave_type == "annual"
        # Stored in UTC: a 12-hour night of 31 March starts 19:00 MYT (11:00 UTC) and ends 1 April 07:00 MYT.
        codes = {t.id: t.code for t in rota.templates(s).values()}
        for r in rows:
            start, end = rota.templates(s)[codes[r.shift_template_id]].bounds(r.shift_date, TZ)
            assert (r.starts_at, r.ends_at) == (start, end)
            assert r.starts_at.tzinfo is not None
            assert r.starts_at.utcoffset() == timedelta(0)
    (entry,) = _audits(db, "rota.publish")
    assert entry.detail["added"] == counts["added"]
    assert entry.detail["first"] == FIRST.isoformat()
    # Publishing again with the shifts of the first day already started keeps them as they are.
    later = datetime(2027, 3, 22, 0, 30, tzinfo=UTC)  # 08:30 in Kuala Lumpur: the mornings have started
    again = rota.publish(db, SUPERVISOR, rota.generate(db, FIRST, 2, now=later, time_limit=10), now=later)
    assert again["removed"] + again["changed"] + again["kept"] + again["added"] > 0
    with db.reading() as s:
        first_day = s.scalars(select(RotaAssignment).where(RotaAssignment.shift_date == FIRST)).all()
        ids = {code: t.id for code, t in rota.templates(s).items()}
    started = {(r.agent_id, r.shift_template_id) for r in first_day if r.starts_at <= later}
    assert started == {
        (p.agent_id, ids[p.code]) for p in plan.shifts if p.day == FIRST and p.code in ("M", "D12")
    }
    assert started


def test_a_12_hour_night_stored_at_a_month_end(db: Database, fl: RotaFloor) -> None:
    rota.set_shift(db, SUPERVISOR, fl.agents["Gus"], date(2027, 3, 31), "N12", reason="test", now=NOW)
    with db.reading() as s:
        row = s.scalar(select(RotaAssignment).where(RotaAssignment.shift_date == date(2027, 3, 31)))
    assert row.starts_at == datetime(2027, 3, 31, 11, tzinfo=UTC)
    assert row.ends_at == datetime(2027, 3, 31, 23, tzinfo=UTC)  # 1 April 07:00 in Kuala Lumpur
    assert row.ends_at.astimezone(TZ).date() == date(2027, 4, 1)


def test_a_hand_edit_that_breaks_a_rule_needs_a_reason(db: Database, fl: RotaFloor) -> None:
    ana = fl.agents["Ana"]
    rota.set_shift(db, SUPERVISOR, ana, FIRST, "E", now=NOW)
    with pytest.raises(RulesBroken) as err:
        rota.set_shift(db, SUPERVISOR, ana, FIRST + timedelta(days=1), "M", now=NOW)  # 8 h after the E
    assert [v.kind for v in err.value.violations] == ["rest"]
    assert "rest" in str(err.value).lower()
    with db.reading() as s:
        assert (
            s.scalar(
                select(RotaAssignment.id).where(
                    RotaAssignment.shift_date == FIRST + timedelta(days=1), RotaAssignment.agent_id == ana
                )
            )
            is None
        )
    left = rota.set_shift(
        db, SUPERVISOR, ana, FIRST + timedelta(days=1), "M", reason="covering a sick call", now=NOW
    )
    assert [v.kind for v in left if v.agent_id == ana] == ["rest"]
    entry = _audits(db, "rota.set_shift")[-1]
    assert entry.detail["reason"] == "covering a sick call"
    assert entry.detail["violations"]
    # Clearing it again opens a gap in the morning's headcount: that needs a reason too.
    with pytest.raises(RulesBroken) as err:
        rota.set_shift(db, SUPERVISOR, ana, FIRST + timedelta(days=1), None, now=NOW)
    assert {(v.kind, v.hour, v.detail["have"]) for v in err.value.violations} == {("coverage", 7, 0)}
    rota.set_shift(db, SUPERVISOR, ana, FIRST + timedelta(days=1), None, reason="rested", now=NOW)
    assert _audits(db, "rota.set_shift")[-1].detail["after"] is None
    with pytest.raises(PermissionDenied):
        rota.set_shift(db, ANA, ana, FIRST, None, now=NOW)


def test_a_started_shift_and_a_leave_day_cannot_be_edited(db: Database, fl: RotaFloor) -> None:
    rota.assign(db, SUPERVISOR, [RotaEntry(fl.agents["Ben"], "M", FIRST, "leave", "sick")], TZ)
    with pytest.raises(InvalidInput, match="leave"):
        rota.set_shift(db, SUPERVISOR, fl.agents["Ben"], FIRST, "E", now=NOW)
    with pytest.raises(InvalidInput, match="started"):
        rota.set_shift(db, SUPERVISOR, fl.agents["Ana"], FIRST - timedelta(days=2), "E", now=NOW)


def _row(db: Database, agent_id: int, day: date) -> int:
    with db.reading() as s:
        rid = s.scalar(
            select(RotaAssignment.id).where(
                RotaAssignment.agent_id == agent_id, RotaAssignment.shift_date == day
            )
        )
    assert rid is not None
    return rid


def test_a_swap_is_asked_accepted_approved_and_moves_both_rows(db: Database, fl: RotaFloor) -> None:
    ana, ben = fl.agents["Ana"], fl.agents["Ben"]
    day1, day2 = FIRST + timedelta(days=1), FIRST + timedelta(days=3)
    rota.set_shift(db, SUPERVISOR, ana, day1, "M", now=NOW)
    rota.set_shift(db, SUPERVISOR, ben, day2, "M", now=NOW)
    with pytest.raises(PermissionDenied):
        swaps.request(db, ANA, _row(db, ben, day2), _row(db, ana, day1), now=NOW)  # not Ana's own shift
    sid = swaps.request(db, ANA, _row(db, ana, day1), _row(db, ben, day2), note="family", now=NOW)
    with pytest.raises(InvalidInput, match="requested"):
        swaps.approve(db, SUPERVISOR, sid, now=NOW)  # Ben has not agreed
    swaps.accept(db, BEN, sid)
    with pytest.raises(PermissionDenied):
        swaps.approve(db, ANA, sid, now=NOW)
    swaps.approve(db, SUPERVISOR, sid, now=NOW)
    with db.reading() as s:
        got = {
            (r.agent_id, r.shift_date)
            for r in s.scalars(select(RotaAssignment).where(RotaAssignment.shift_date.in_([day1, day2])))
        }
        (row,) = swaps.swaps(s)
        feed = s.scalars(select(Change.entity_id).where(Change.topic == Topic.ROTA.value)).all()
    assert {(ben, day1), (ana, day2)} <= got
    assert (ana, day1) not in got
    assert row.status == "approved"
    assert row.decided_by == "supervisor"
    assert row.requester == "Ana"
    assert ana in feed
    assert [e.action for e in _audits(db, "swap.approve")] == ["swap.approve"]


def test_swap_approval_rechecks_the_rules_and_names_what_breaks(db: Database, fl: RotaFloor) -> None:
    ana, chen = fl.agents["Ana"], fl.agents["Chen"]
    day = FIRST + timedelta(days=2)
    rota.set_shift(db, SUPERVISOR, ana, day, "M", now=NOW)
    rota.set_shift(db, SUPERVISOR, chen, day - timedelta(days=1), "E", now=NOW)
    # Chen takes Ana's morning after his own evening: 8 h of rest.
    sid = swaps.request(db, ANA, _row(db, ana, day), now=NOW)
    swaps.take(db, SUPERVISOR, sid, agent_id=chen)
    with pytest.raises(RulesBroken) as err:
        swaps.approve(db, SUPERVISOR, sid, now=NOW)
    assert {v.kind for v in err.value.violations} == {"rest"}
    assert "rest" in str(err.value)
    with db.reading() as s:
        assert s.get(ShiftSwap, sid).status == "accepted"
        assert s.get(RotaAssignment, _row(db, ana, day)).agent_id == ana
    swaps.reject(db, SUPERVISOR, sid, "rest")
    with pytest.raises(InvalidInput, match="rejected"):
        swaps.approve(db, SUPERVISOR, sid, now=NOW)


def test_an_offer_taken_by_a_kyc_agent_opens_an_ato_gap_and_is_refused(db: Database, fl: RotaFloor) -> None:
    ana = fl.agents["Ana"]
    day = FIRST + timedelta(days=2)
    rota.set_shift(db, SUPERVISOR, ana, day, "M", now=NOW)
    rota.set_shift(db, SUPERVISOR, fl.agents["Ben"], day, "M", now=NOW)
    sid = swaps.request(db, ANA, _row(db, ana, day), now=NOW)
    swaps.take(db, SUPERVISOR, sid, agent_id=fl.agents["Ian"])
    with pytest.raises(RulesBroken) as err:
        swaps.approve(db, SUPERVISOR, sid, now=NOW)
    assert "coverage" in {v.kind for v in err.value.violations}


def test_publish_cancels_open_swaps_on_rows_it_changes(db: Database, fl: RotaFloor) -> None:
    ana = fl.agents["Ana"]
    rota.set_shift(db, SUPERVISOR, ana, FIRST + timedelta(days=1), "N", reason="test", now=NOW)
    sid = swaps.request(db, ANA, _row(db, ana, FIRST + timedelta(days=1)), now=NOW)
    plan = rota.generate(db, FIRST, 1, now=NOW, time_limit=5)
    plan.shifts = [s for s in plan.shifts if not (s.agent_id == ana and s.day == FIRST + timedelta(days=1))]
    rota.publish(db, SUPERVISOR, plan, now=NOW)
    with db.reading() as s:
        sw = s.get(ShiftSwap, sid)
        assert sw.status == "cancelled"
        assert sw.requester_row_id is None


def test_an_approved_leave_request_for_days_not_yet_on_the_rota_keeps_the_plan_off_them(
    db: Database, fl: RotaFloor
) -> None:
    from console.services import leave

    ben = fl.agents["Ben"]
    days = {FIRST + timedelta(days=d) for d in (3, 4, 5)}
    waiting = leave.request(db, SUPERVISOR, ben, "sick", min(days), max(days))
    with db.reading() as s:
        assert rota.leave_request_days(s, FIRST, FIRST + timedelta(days=13)) == []  # not approved yet
    leave.approve(db, SUPERVISOR, waiting)
    with db.reading() as s:
        assert {(a, d, k) for a, d, k in rota.leave_request_days(s, FIRST, FIRST + timedelta(days=4))} == {
            (ben, FIRST + timedelta(days=3), "sick"),
            (ben, FIRST + timedelta(days=4), "sick"),
        }
        assert all(rota.leave_days(s, FIRST, FIRST + timedelta(days=13))[ben, d] == "sick" for d in days)
    plan = rota.generate(db, FIRST, 2, now=NOW, time_limit=10)
    assert not {d for a, d in ((p.agent_id, p.day) for p in plan.shifts) if a == ben} & days
