"""Rosters of any shift, leave requests against the rota, the month's figures and their Excel export."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from console.attendance_xlsx import write_month
from console.auth import Actor
from console.db.engine import Database
from console.db.models import AuditEntry, LeaveRequest, RotaAssignment
from console.errors import InvalidInput, PermissionDenied
from console.feed import changes_since, last_seq
from console.floortime import ShiftSlot
from console.services import leave, rota
from console.services.attendance import Presence, RosterLine
from console.services.leave import LeaveNotOpen, LeaveOverlaps
from console.views import roster
from console.views.attendance_month import month_summary, parse_month, summarise
from console.views.roster import RosterKey
from tests.attendance_month_floor import AFTER, EVIL_NAME, EVIL_TEAM, MONTH, at, build_month_floor
from tests.factories import ADMIN, TZ

LEAD = Actor("lead", "team_lead")
ANALYST = Actor("ana.analyst", "analyst")


@pytest.fixture
def month_floor(db: Database):  # type: ignore[no-untyped-def]
    return build_month_floor(db)


def slot(db: Database, code: str, day: date) -> ShiftSlot:
    with db.reading() as s:
        pattern = next(p for p in rota.patterns(s) if p.code == code)
    start, end = pattern.bounds(day, TZ)
    return ShiftSlot(pattern, day, start, end)


def test_night_shift_across_midnight_and_month_end(db: Database, month_floor) -> None:  # type: ignore[no-untyped-def]
    key = RosterKey(slot(db, "N", date(2026, 11, 30)))
    with db.reading() as s:
        [line] = roster.VIEW.snapshot(s, key).rows
    assert line.name == "Ben"
    assert (line.starts_at, line.ends_at) == (at(30, 23, 0), at(1, 7, 0, month=12))
    assert (line.clock_in, line.clock_out) == (at(30, 22, 50), at(1, 7, 30, month=12))
    assert line.overtime_minutes == 30
    assert line.presence(AFTER) is Presence.LEFT


def test_past_shift_shows_final_states_and_notes(db: Database, month_floor) -> None:  # type: ignore[no-untyped-def]
    for day, expected in ((4, Presence.LEFT), (5, Presence.ABSENT)):
        with db.reading() as s:
            [line] = roster.VIEW.snapshot(s, RosterKey(slot(db, "M", date(2026, 11, day)))).rows
        assert line.presence(AFTER) is expected
    with db.reading() as s:
        [line] = roster.VIEW.snapshot(s, RosterKey(slot(db, "M", date(2026, 11, 4)))).rows
    assert line.note == "train delay · doctor"
    assert (line.minutes_late, line.minutes_early, line.break_minutes) == (5, 10, 45)
    assert [(b, e) for b, e in line.breaks] == [(at(4, 12, 0), at(4, 12, 45))]


def test_an_open_break_ends_with_the_shift(db: Database, month_floor) -> None:  # type: ignore[no-untyped-def]
    from console.services import attendance

    attendance.record(db, ADMIN, month_floor.agents["Ana"], "clock_in", at=at(1, 6, 55, month=12))
    attendance.record(db, ADMIN, month_floor.agents["Ana"], "break_start", at=at(1, 14, 40, month=12))
    with db.reading() as s:
        [line] = roster.VIEW.snapshot(s, RosterKey(slot(db, "M", date(2026, 12, 1)))).rows
    assert line.presence(at(1, 14, 50, month=12)) is Presence.ON_BREAK
    later = at(2, 9, 0, month=12)
    assert line.presence(later) is Presence.PRESENT  # never "on break" once the shift is over
    assert line.break_minutes_at(later) == pytest.approx(20)


def test_future_shift_shows_the_plan(db: Database, month_floor) -> None:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        [line] = roster.VIEW.snapshot(s, RosterKey(slot(db, "M", date(2026, 12, 1)))).rows
    assert line.name == "Ana"
    assert line.presence(at(15, 9, 0)) is Presence.UPCOMING
    # A 12-hour shift starting with the Morning one is a roster of its own.
    with db.reading() as s:
        assert [
            r.name for r in roster.VIEW.snapshot(s, RosterKey(slot(db, "D12", date(2026, 11, 10)))).rows
        ] == ["Ben"]
        assert roster.VIEW.snapshot(s, RosterKey(slot(db, "M", date(2026, 11, 10)))).rows == ()


def rota_of(db: Database, agent: int, day: date) -> tuple[str, str | None]:
    with db.reading() as s:
        row = s.scalars(
            select(RotaAssignment).where(RotaAssignment.agent_id == agent, RotaAssignment.shift_date == day)
        ).one()
        return row.status, row.leave_type


def test_approved_leave_marks_the_rota_and_cancelling_restores_it(db: Database, month_floor) -> None:  # type: ignore[no-untyped-def]
    ben = month_floor.agents["Ben"]
    seq = last_seq(db)
    rid = leave.request(db, ANALYST, ben, "sick", date(2026, 11, 28), date(2026, 11, 29), "fever")
    assert rota_of(db, ben, date(2026, 11, 29)) == ("scheduled", None)  # a request changes nothing yet
    with pytest.raises(PermissionDenied):
        leave.approve(db, ANALYST, rid)
    assert leave.approve(db, LEAD, rid) == 1  # one rostered shift in the range; nothing else is created
    assert rota_of(db, ben, date(2026, 11, 29)) == ("leave", "sick")
    assert rota_of(db, ben, date(2026, 11, 30)) == ("scheduled", None)
    with db.reading() as s:
        assert (
            s.scalar(select(RotaAssignment.id).where(RotaAssignment.shift_date == date(2026, 11, 28))) is None
        )
        [line] = roster.VIEW.snapshot(s, RosterKey(slot(db, "N", date(2026, 11, 29)))).rows
    assert (line.presence(AFTER), line.leave_type) == (Presence.LEAVE, "sick")  # not an absence
    assert {(c.topic, c.entity_id) for c in changes_since(db, seq)} == {("rota", ben)}
    with pytest.raises(LeaveNotOpen):
        leave.reject(db, LEAD, rid)
    with pytest.raises(PermissionDenied):
        leave.cancel(db, ANALYST, rid)  # an approved leave changes the rota back: not for an analyst
    assert leave.cancel(db, LEAD, rid) == 1
    assert rota_of(db, ben, date(2026, 11, 29)) == ("scheduled", None)
    with db.reading() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "leave_request")))
        [stored] = s.scalars(select(LeaveRequest)).all()
    assert actions == ["leave.request", "leave.approve", "leave.cancel"]
    assert (stored.status, stored.decided_by) == ("cancelled", "lead")


def test_overlapping_leave_is_refused(db: Database, month_floor) -> None:  # type: ignore[no-untyped-def]
    ben, ana = month_floor.agents["Ben"], month_floor.agents["Ana"]
    first = leave.request(db, LEAD, ben, "annual", date(2026, 11, 28), date(2026, 11, 29))
    with pytest.raises(LeaveOverlaps) as refused:
        leave.request(db, LEAD, ben, "emergency", date(2026, 11, 29), date(2026, 12, 2))
    assert str(refused.value) == (
        f"Ben already has leave requested from 2026-11-28 to 2026-11-29 (request {first}): "
        "change or cancel that one instead."
    )
    leave.request(db, LEAD, ben, "emergency", date(2026, 11, 30), date(2026, 12, 2))  # the day after: fine
    leave.request(db, LEAD, ana, "annual", date(2026, 11, 28), date(2026, 11, 29))  # someone else: fine
    leave.reject(db, LEAD, first)
    again = leave.request(db, LEAD, ben, "sick", date(2026, 11, 29), date(2026, 11, 29))  # rejected: free
    with db.reading() as s:
        lines = leave.requests(s, first_day=date(2026, 11, 1), last_day=date(2026, 11, 30))
    assert lines[0].status == "requested"
    assert {line.id: line.status for line in lines}[first] == "rejected"
    assert again in {line.id for line in lines}
    for bad in (("holiday", 1), ("annual", -1)):
        with pytest.raises(InvalidInput):
            leave.request(
                db, LEAD, ana, bad[0], date(2026, 11, 10), date(2026, 11, 10) + timedelta(days=bad[1])
            )


def test_month_figures_match_the_hand_count(db: Database, month_floor) -> None:  # type: ignore[no-untyped-def]
    rid = leave.request(db, LEAD, month_floor.agents["Ben"], "sick", date(2026, 11, 29), date(2026, 11, 29))
    leave.approve(db, LEAD, rid)
    with db.reading() as s:
        summary = month_summary(s, parse_month("2026-11"), AFTER)
    agents = {a.name: a.figures for a in summary.agents}
    ana, ben, cat = agents["Ana"], agents["Ben"], agents[EVIL_NAME]
    assert (ana.rostered, ana.worked, ana.absences, ana.on_time, ana.leave_days) == (4, 3, 1, 2, 0)
    assert (ana.minutes_late, ana.overtime_minutes, round(ana.break_minutes)) == (5, 20, 75)
    assert ana.attendance_rate == pytest.approx(3 / 4)
    assert ana.punctuality == pytest.approx(2 / 3)
    assert (ben.rostered, ben.worked, ben.absences, ben.on_time, ben.leave["sick"]) == (3, 2, 0, 1, 1)
    assert (ben.minutes_late, ben.overtime_minutes, ben.attendance_rate, ben.punctuality) == (
        20,
        30,
        1.0,
        0.5,
    )
    assert (cat.rostered, cat.leave["annual"], cat.attendance_rate, cat.punctuality) == (1, 1, None, None)
    teams = {t.team: t for t in summary.teams}
    ato = teams["ATO desk"]
    assert (ato.agents, ato.figures.rostered, ato.figures.worked, ato.figures.absences) == (2, 7, 5, 1)
    assert ato.figures.attendance_rate == pytest.approx(5 / 6)
    assert ato.figures.punctuality == pytest.approx(3 / 5)
    assert (ato.figures.minutes_late, ato.figures.overtime_minutes) == (25, 50)
    assert set(teams) == {"ATO desk", EVIL_TEAM}
    # Ten minutes into Ana's last shift she is not yet a no-show: neither worked nor absent.
    with db.reading() as s:
        early = month_summary(s, MONTH, at(5, 7, 10))
    ana_early = next(a.figures for a in early.agents if a.name == "Ana")
    assert (ana_early.worked, ana_early.absences, ana_early.upcoming) == (3, 0, 1)
    assert ana_early.attendance_rate == 1.0


def test_excel_export_keeps_types_and_neutralises_formulas(db: Database, month_floor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        summary = month_summary(s, MONTH, AFTER)
    path = tmp_path / "november.xlsx"
    assert write_month(path, summary, TZ) == 3
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Agents", "Teams", "Shifts"]
    agents = book["Agents"]
    assert agents.freeze_panes == "A2"
    header = [c.value for c in agents[1]]
    rows = {r[2]: dict(zip(header, r, strict=True)) for r in agents.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"Ana", "Ben", "'" + EVIL_NAME}  # the formula is text now
    ana = rows["Ana"]
    assert ana["Month"] == datetime(2026, 11, 1)
    assert (ana["Rostered shifts"], ana["Worked shifts"], ana["Absences"], ana["Minutes late"]) == (
        4,
        3,
        1,
        5,
    )
    assert isinstance(ana["Attendance rate"], float)
    assert ana["Attendance rate"] == pytest.approx(0.75)
    assert agents.cell(row=2, column=header.index("Attendance rate") + 1).number_format == "0.0%"
    assert rows["'" + EVIL_NAME]["Team"] == "'" + EVIL_TEAM
    assert rows["'" + EVIL_NAME]["Punctuality"] is None
    teams = book["Teams"]
    assert teams.freeze_panes == "A2"
    assert {r[1] for r in teams.iter_rows(min_row=2, values_only=True)} == {"ATO desk", "'" + EVIL_TEAM}
    shifts = book["Shifts"]
    sheader = [c.value for c in shifts[1]]
    night = next(
        dict(zip(sheader, r, strict=True))
        for r in shifts.iter_rows(min_row=2, values_only=True)
        if r[sheader.index("Date")] == datetime(2026, 11, 30)
    )
    assert night["Clock-out"] == datetime(2026, 12, 1, 7, 30)  # floor time, a real moment
    assert (night["Overtime (min)"], night["Status"]) == (30, "Clocked out")
    assert not list(tmp_path.glob(".export-*"))  # nothing left behind


def test_cli_month_and_leave(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from console import cli
    from console.db import migrate
    from console.db.engine import make_engine
    from console.identity import os_account
    from tests.factories import add_users

    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    db = Database(engine)
    try:
        build_month_floor(db)
        add_users(db, (os_account(), "supervisor"))
    finally:
        db.dispose()
    run = ["--db", sqlite_url]
    assert cli.main([*run, "leave", "request", "KL0002", "sick", "2026-11-29", "--reason", "flu"]) == 0
    assert "leave request 1: requested" in capsys.readouterr().out
    assert cli.main([*run, "leave", "request", "KL0002", "annual", "2026-11-28", "2026-11-30"]) == 1
    assert "already has leave requested" in capsys.readouterr().err
    assert cli.main([*run, "leave", "approve", "1"]) == 0
    assert "1 rostered shifts marked as leave" in capsys.readouterr().out
    assert cli.main([*run, "leave", "list", "--month", "2026-11"]) == 0
    assert "approved" in capsys.readouterr().out
    path = tmp_path / "m.xlsx"
    assert cli.main([*run, "attendance", "month", "2026-11", "--xlsx", str(path)]) == 0
    out = capsys.readouterr().out
    assert "[ATO desk]" in out
    assert path.exists()
    book = openpyxl.load_workbook(path)
    ben = next(r for r in book["Agents"].iter_rows(min_row=2, values_only=True) if r[2] == "Ben")
    assert ben[4:10] == (3, 2, 0, 1, 0, 0)  # rostered, worked, annual, sick, emergency, absences
    assert cli.main([*run, "attendance", "month", "2026-13"]) == 1
    assert "YYYY-MM" in capsys.readouterr().err


def _line(
    i: int, start: datetime, status: str, leave_type: str | None, in_after: int | None, out_after: int | None
) -> RosterLine:
    clock_in = start + timedelta(minutes=in_after) if in_after is not None else None
    clock_out = (
        start + timedelta(minutes=out_after) if out_after is not None and clock_in is not None else None
    )
    return RosterLine(
        rota_id=i,
        agent_id=i % 4,
        employee_no=f"KL{i % 4:04d}",
        name=f"A{i % 4}",
        team=f"T{i % 2}",
        shift_code="M",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        rota_status=status,
        clock_in=clock_in if status != "leave" else None,
        clock_out=clock_out if status != "leave" else None,
        on_break_since=None,
        break_minutes=0.0,
        leave_type=leave_type if status == "leave" else None,
    )


@given(
    st.lists(
        st.tuples(
            st.integers(0, 29 * 24 * 60),  # start, minutes into November
            st.sampled_from(["scheduled", "scheduled", "leave"]),
            st.sampled_from([None, "annual", "sick", "emergency"]),
            st.one_of(st.none(), st.integers(-30, 120)),  # clock-in, minutes after the start
            st.one_of(st.none(), st.integers(300, 600)),  # clock-out, minutes after the start
        ),
        max_size=40,
    ),
    st.integers(0, 31 * 24 * 60),
)
def test_month_figures_always_add_up(shifts: list[tuple[Any, ...]], now_minutes: int) -> None:
    start = datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
    lines = [
        _line(i, start + timedelta(minutes=m), status, kind, cin, cout)
        for i, (m, status, kind, cin, cout) in enumerate(shifts)
    ]
    summary = summarise(lines, MONTH, start + timedelta(minutes=now_minutes))
    whole = summary.total
    assert whole.rostered == len(lines)
    assert whole.worked + whole.absences + whole.upcoming + whole.leave_days == whole.rostered
    assert 0 <= whole.on_time <= whole.worked
    assert sum(t.agents for t in summary.teams) == len(summary.agents)
    for agent in summary.agents:
        f = agent.figures
        assert f.attendance_rate is None or 0 <= f.attendance_rate <= 1
        assert f.punctuality is None or 0 <= f.punctuality <= 1
        assert f.minutes_late >= 0
        assert f.overtime_minutes >= 0
