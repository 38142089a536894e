"""The demo floor on SQLite and PostgreSQL: realistic counts, plausible attendance, determinism, journal.

Most tests read a copy of the floor built once per session (``copy_demo``); the determinism and CLI tests
build their own.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from console import cli
from console.auth import SYSTEM
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import (
    Agent,
    AgentLanguage,
    AttendanceEvent,
    AuditEntry,
    Change,
    Incident,
    IndicatorSample,
    RiskIndicator,
    RotaAssignment,
    Seat,
    SeatAssignment,
    Team,
    Zone,
)
from console.demo import create_demo_floor, has_floor
from console.errors import InvalidInput
from console.services import attendance, incidents
from console.topics import Topic
from tests.conftest import PG_PROBLEM, DemoFloor, DemoSpec

NOW = datetime(2026, 11, 25, 6, 37, 12, tzinfo=UTC)  # 14:37 in Kuala Lumpur, late in the morning shift
SPEC = DemoSpec(days=2, seed=7, now=NOW)
CopyDemo = Callable[[str, DemoSpec], DemoFloor]


@pytest.fixture
def floor(demo_backend: str, copy_demo: CopyDemo) -> DemoFloor:
    """This test's copy of the two-day demo floor, on SQLite and on PostgreSQL."""
    return copy_demo(demo_backend, SPEC)


@pytest.fixture
def db(floor: DemoFloor) -> Database:
    return floor.db


@pytest.fixture
def demo(floor: DemoFloor) -> str:
    """The summary line the build returned."""
    assert has_floor(floor.db)
    return floor.summary


def count(db: Database, model: Any) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_counts_are_those_of_a_real_floor(db: Database, demo: str) -> None:
    assert demo.startswith("5 zones, 120 seats, 150 agents, 20 indicators, ")
    assert count(db, Zone) == 5
    assert count(db, Seat) == 120
    assert count(db, Agent) == 150
    with db.reading() as s:
        titles = Counter(s.scalars(select(Agent.title)))
        assert titles["team_lead"] == 12
        assert 15 <= titles["senior_analyst"] <= 40
        assert s.scalar(select(func.count(func.distinct(SeatAssignment.agent_id)))) == 150
        assert set(s.scalars(select(Team.primary_skill))) == {"ato", "withdrawal", "kyc", "aml"}
        per_indicator = {
            i: n
            for i, n in s.execute(
                select(IndicatorSample.indicator_id, func.count()).group_by(IndicatorSample.indicator_id)
            )
        }
        indicator_ids = list(s.scalars(select(RiskIndicator.id)))
        statuses = incidents.count_by_status(s)
    assert len(indicator_ids) == 20
    # Two days of minutes per indicator; a dead feed may have silenced one group for up to 80 minutes.
    assert all(2 * 1440 - 90 <= per_indicator.get(i, 0) <= 2 * 1440 for i in indicator_ids)
    assert sum(statuses.values()) >= 15
    still_open = sum(statuses.get(st, 0) for st in incidents.OPEN_STATUSES)
    assert 6 <= still_open <= 12
    assert statuses.get("closed", 0) > 0


def test_attendance_history_is_plausible(db: Database, demo: str) -> None:
    with db.reading() as s:
        finished = list(
            s.scalars(
                select(RotaAssignment.id).where(
                    RotaAssignment.ends_at <= NOW, RotaAssignment.status == "scheduled"
                )
            )
        )
        lines = attendance.roster(s, rota_ids=finished)
        unlinked = s.scalar(
            select(func.count())
            .select_from(AttendanceEvent)
            .where(AttendanceEvent.rota_assignment_id.is_(None))
        )
        leave = s.scalar(
            select(func.count()).select_from(RotaAssignment).where(RotaAssignment.status == "leave")
        )
    assert len(lines) > 200
    late = sum(1 for ln in lines if ln.minutes_late > 0) / len(lines)
    absent = sum(1 for ln in lines if ln.clock_in is None) / len(lines)
    assert 0.02 <= late <= 0.14
    assert 0.005 <= absent <= 0.08
    worked = [ln for ln in lines if ln.clock_in is not None]
    # every worked shift clocked out at or after its end, but the one missed clock-out the demo stages for
    # the exception queue (console.demo.discipline.stage)
    assert len([ln for ln in worked if ln.clock_out is None]) <= 1
    assert all(ln.clock_out >= ln.ends_at for ln in worked if ln.clock_out is not None)
    assert 40 <= sum(ln.break_minutes for ln in worked) / len(worked) <= 75
    assert unlinked == 0  # every badge edge belongs to a rostered shift
    assert (leave or 0) > 0


def test_every_shift_has_mandarin_speakers(db: Database, demo: str) -> None:
    with db.reading() as s:
        mandarin = set(s.scalars(select(AgentLanguage.agent_id).where(AgentLanguage.language == "zh")))
        shifts: dict[datetime, list[int]] = {}
        for starts_at, agent_id in s.execute(
            select(RotaAssignment.starts_at, RotaAssignment.agent_id).where(
                RotaAssignment.status == "scheduled"
            )
        ):
            shifts.setdefault(starts_at, []).append(agent_id)
    assert len(shifts) >= 3 * 9  # three shifts a day over the window and the week ahead
    assert all(sum(a in mandarin for a in staff) >= 3 for staff in shifts.values())


def test_everything_went_through_the_journal(db: Database, demo: str) -> None:
    with db.reading() as s:
        actors = set(s.scalars(select(AuditEntry.actor).distinct()))
        topics = set(s.scalars(select(Change.topic).distinct()))
        actions = set(s.scalars(select(AuditEntry.action).distinct()))
    assert {"demo", "supervisor", "system"} <= actors
    assert {str(t) for t in Topic} - {"user"} <= topics  # every table the demo fills is in the feed
    assert {"incident.open", "incident.acknowledged", "incident.resolved", "attendance.clock_in"} <= actions
    assert count(db, AuditEntry) > count(db, AttendanceEvent)  # one line per badge edge, and more


def fingerprint(db: Database) -> dict[str, Any]:
    """What a seed decides, in a form comparable across databases."""
    with db.reading() as s:
        nos = {i: no for i, no in s.execute(select(Agent.id, Agent.employee_no))}
        keys = {i: key for i, key in s.execute(select(RiskIndicator.id, RiskIndicator.key))}
        values: dict[str, list[float]] = {}
        for ind, value in s.execute(select(IndicatorSample.indicator_id, IndicatorSample.value)):
            values.setdefault(keys[ind], []).append(value)
        return {
            "agents": sorted(
                tuple(r) for r in s.execute(select(Agent.employee_no, Agent.full_name, Agent.title))
            ),
            "rota": sorted(
                (nos[a], d, st)
                for a, d, st in s.execute(
                    select(RotaAssignment.agent_id, RotaAssignment.shift_date, RotaAssignment.status)
                )
            ),
            "attendance": sorted(
                (nos[a], k, at)
                for a, k, at in s.execute(
                    select(AttendanceEvent.agent_id, AttendanceEvent.kind, AttendanceEvent.at)
                )
            ),
            "samples": {k: math.fsum(sorted(v)) for k, v in values.items()},  # exact, whatever the row order
            "incidents": sorted(
                tuple(r)
                for r in s.execute(
                    select(
                        Incident.ref, Incident.title, Incident.severity, Incident.status, Incident.opened_at
                    )
                )
            ),
        }


def fresh_sqlite(path: Path) -> Database:
    engine = make_engine(f"sqlite:///{path}", create=True)
    migrate.upgrade(engine)
    return Database(engine)


def test_same_seed_same_floor(copy_demo: CopyDemo, tmp_path: Path) -> None:
    """A build with the same seed is the same floor, on SQLite and PostgreSQL; another seed is another floor.

    The session's floors (one build per backend) are compared with a build of this test's own.
    """
    again = fresh_sqlite(tmp_path / "again.db")
    other = fresh_sqlite(tmp_path / "other.db")
    try:
        assert not has_floor(again)
        summary = create_demo_floor(again, days=SPEC.days, seed=SPEC.seed, now=SPEC.now)
        assert has_floor(again)
        expected = fingerprint(again)
        for backend in ["sqlite"] if PG_PROBLEM is not None else ["sqlite", "postgresql"]:
            built = copy_demo(backend, SPEC)
            assert built.summary == summary, backend
            assert fingerprint(built.db) == expected, backend
        create_demo_floor(other, days=SPEC.days, seed=8, now=SPEC.now)
        assert fingerprint(other)["agents"] != expected["agents"]
    finally:
        again.dispose()
        other.dispose()


def test_record_many_is_all_or_nothing(db: Database, demo: str) -> None:
    with db.reading() as s:
        agent_id = s.scalars(select(Agent.id).order_by(Agent.id)).first()
    assert agent_id is not None
    before = count(db, AttendanceEvent)
    good = attendance.Edge(agent_id, "break_start", NOW + timedelta(minutes=1), source="badge")
    with pytest.raises(InvalidInput):
        attendance.record_many(db, SYSTEM, [good, attendance.Edge(agent_id, "nap", NOW)])
    assert count(db, AttendanceEvent) == before
    assert attendance.record_many(db, SYSTEM, []) == []
    [new_id] = attendance.record_many(db, SYSTEM, [good])
    with db.reading() as s:
        event = s.get(AttendanceEvent, new_id)
        assert event is not None
        rota = s.get(RotaAssignment, event.rota_assignment_id)
    assert rota is not None
    assert rota.agent_id == agent_id
    assert rota.starts_at - timedelta(hours=4) <= event.at <= rota.ends_at + timedelta(hours=4)


def test_cli_demo_on_an_empty_sqlite_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cli.db"
    assert cli.main(["--db", str(path), "demo", "--days", "1"]) == 1  # not there: refused, not made
    assert not path.exists()
    assert cli.main(["db", "create", str(path)]) == 0
    assert cli.main(["--db", str(path), "demo", "--days", "1"]) == 0
    assert "5 zones, 120 seats, 150 agents, 20 indicators" in capsys.readouterr().out
    assert cli.main(["--db", str(path), "demo", "--if-empty"]) == 0
    assert cli.main(["--db", str(path), "demo"]) == 2


def test_the_demo_has_example_rules_to_backtest(db: Database, demo: str) -> None:
    from console.floortime import utcnow
    from console.services import rules

    with db.reading() as s:
        listed = rules.rules_list(s)
        assert [r.enabled for r, _key, _firing in listed] == [False] * 5  # the simulator alerts already
        kinds = {r.kind for r, _key, _firing in listed}
        end = utcnow()
        events = rules.backtest(s, listed[0][0].id, end - timedelta(days=30), end)
    assert kinds == {"threshold", "rate", "seasonal", "anomaly", "absence"}
    assert any(e.kind == "fired" for e in events)  # the demo's login waves cross 3,000/min


def test_the_demo_has_a_realistic_exception_queue(db: Database, demo: str) -> None:
    """Late arrivals, an absence, a 37-minute break and a missed punch on today's queue; the older ones
    worked with reasons; coaching notes on the ledgers; every badge holder has a number."""
    from console.db.models import Agent, AttendanceException, CoachingNote

    with db.reading() as s:
        rows = s.scalars(select(AttendanceException)).all()
        notes = s.scalar(select(func.count()).select_from(CoachingNote))
        badges = s.scalars(select(Agent.badge_no)).all()
    open_kinds = {(x.kind, x.minutes) for x in rows if x.status == "open"}
    assert ("break_overrun", 37) in open_kinds
    assert ("missed_punch", None) in open_kinds
    assert {k for k, _ in open_kinds} >= {"late", "break_overrun", "missed_punch"}
    assert {x.kind for x in rows} & {"no_show", "unscheduled_absence"}
    assert all(x.reason_code for x in rows if x.status != "open")
    assert any(x.status != "open" for x in rows)
    assert (notes or 0) > 0
    assert all(badges)
    assert len(set(badges)) == len(badges)
