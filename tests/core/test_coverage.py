"""Coverage against live risk load: required / scheduled / present per hour and desk on a hand-built floor,
night and 12-hour shifts across midnight, the understaffed rule in words, and who may move (never someone
whose move opens a gap, who is on break, or who owns an open incident). On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from console.auth import SYSTEM, Actor
from console.db.engine import Database
from console.db.models import Team, Zone
from console.services import attendance, incidents, indicators, org, rota, staffing
from console.services.coverage import Cell
from console.services.coverage_risk import Limits
from console.services.indicators import IndicatorSpec
from console.services.org import AgentSpec
from console.services.rota import RotaEntry
from console.topics import Topic
from console.views import coverage as view
from console.views.coverage import CoverageKey, CoverageSnapshot
from tests.factories import ADMIN, TZ, SmallFloor, build_small_floor

SUPERVISOR = Actor("supervisor", "supervisor")
DAY = date(2026, 11, 30)  # a Monday


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """Floor time ``hour:minute`` on ``day``, as an aware datetime."""
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


@pytest.fixture
def floor(db: Database) -> SmallFloor:
    # 07:45 on Monday: the morning shift (07:00-15:00) has run 45 minutes.
    return build_small_floor(db, at(DAY, 7, 45))


def snapshot(db: Database, day: date = DAY, now: datetime | None = None, **limits: float) -> CoverageSnapshot:
    with db.reading() as s:
        return view.VIEW.snapshot(s, CoverageKey(day, now or at(DAY, 7, 45), limits=Limits(**limits)))


def line(snap: CoverageSnapshot, desk: str, skill: str = "", language: str = "") -> tuple[Cell, ...]:
    return next(x.cells for x in snap.rows if x.key == (desk, skill, language))


def desk_load(snap: CoverageSnapshot, desk: str):  # type: ignore[no-untyped-def]
    assert snap.risk is not None
    return next(d for d in snap.risk.desks if d.desk == desk)


def reasons(snap: CoverageSnapshot, desk: str) -> list[str]:
    return [r.text() for r in desk_load(snap, desk).reasons]


def moves(snap: CoverageSnapshot) -> list[tuple[str, str, str]]:
    assert snap.risk is not None
    return [(m.name, m.from_desk, m.to_desk) for m in snap.risk.moves]


def test_required_scheduled_present_per_hour(db: Database, floor: SmallFloor) -> None:
    staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 2)
    staffing.set_requirement(db, SUPERVISOR, "kyc", 7, 15, 2)
    staffing.set_requirement(db, SUPERVISOR, "kyc", 7, 15, 1, language="zh")
    snap = snapshot(db)
    assert snap.hour_now == 7
    assert [r.key for r in snap.rows] == [("ato", "", ""), ("kyc", "", ""), ("kyc", "", "zh")]
    ato, kyc, zh = line(snap, "ato"), line(snap, "kyc"), line(snap, "kyc", language="zh")
    # Ana (seat A1) and Ben (A2) on the ATO desk, both clocked in; Eve's leave is nobody.
    assert ato[7] == Cell(2, 2, 2)
    # Chen (B1, on break now) and Dev (B2, absent) seated at KYC: scheduled, not present.
    assert kyc[7] == Cell(2, 2, 0)
    assert kyc[7].present_gap == 2
    assert kyc[7].scheduled_gap == 0
    assert zh[7] == Cell(1, 1, 0)  # Chen speaks Mandarin
    # Before the shift: nobody scheduled; Ana's 8 minutes before 07:00 are not most of hour 6.
    assert ato[6] == Cell(0, 0, 0)
    # Hours to come: scheduled, present not yet known; after the shift nobody.
    assert ato[8] == Cell(2, 2, None)
    assert ato[14] == Cell(2, 2, None)
    assert ato[15] == Cell(0, 0, None)


def test_night_and_twelve_hour_shifts_cross_midnight(db: Database, floor: SmallFloor) -> None:
    rota.add_shift_template(db, ADMIN, "D12", "Day 12h", time(7), 720)
    week_ago = DAY - timedelta(days=7)  # Monday 23 November
    a = floor.agents
    rota.assign(
        db,
        ADMIN,
        [
            RotaEntry(a["Dev"], "N", week_ago - timedelta(days=1)),  # Sunday 23:00 -> Monday 07:00
            RotaEntry(a["Chen"], "D12", week_ago),  # Monday 07:00 -> 19:00
            RotaEntry(a["Ben"], "N", week_ago),  # Monday 23:00 -> Tuesday 07:00
        ],
        TZ,
    )
    for agent, kind, moment in [
        ("Dev", "clock_in", at(week_ago - timedelta(days=1), 22, 55)),
        ("Dev", "break_start", at(week_ago, 2, 0)),
        ("Dev", "break_end", at(week_ago, 2, 50)),
        ("Dev", "clock_out", at(week_ago, 7, 3)),
        ("Chen", "clock_in", at(week_ago, 7, 1)),
        ("Chen", "clock_out", at(week_ago, 19, 10)),
        ("Ben", "clock_in", at(week_ago, 23, 20)),
        ("Ben", "clock_out", at(week_ago + timedelta(days=1), 7, 0)),
    ]:
        attendance.record(db, SYSTEM, a[agent], kind, at=moment, source="badge")
    staffing.set_requirement(db, SUPERVISOR, "ato", 23, 7, 1)
    snap = snapshot(db, week_ago)
    assert snap.hour_now is None  # a past day: every hour is over
    # None of them is seated on these patterns: they count on their team's desk (ATO).
    ato = line(snap, "ato")
    night = [ato[h] for h in range(7)]
    # Sunday's night shift covers 00-06 of Monday; 50 minutes of break make hour 02 a gap.
    assert [c.scheduled for c in night] == [1] * 7
    assert [c.present for c in night] == [1, 1, 0, 1, 1, 1, 1]
    assert [c.present_gap for c in night] == [0, 0, 1, 0, 0, 0, 0]
    # The 12-hour day shift counts its twelve hours, no more.
    assert [ato[h].scheduled for h in range(7, 20)] == [1] * 12 + [0]
    assert [ato[h].present for h in range(7, 20)] == [1] * 12 + [0]
    # Monday's own night shift starts at 23:00; Ben in at 23:20 was there for most of the hour.
    assert ato[23] == Cell(1, 1, 1)
    assert [ato[h].required for h in (0, 6, 7, 22, 23)] == [1, 1, 0, 0, 1]
    # ... and it covers Tuesday's early hours.
    tuesday = line(snapshot(db, week_ago + timedelta(days=1)), "ato")
    assert [tuesday[h] for h in (0, 6, 7)] == [Cell(1, 1, 1), Cell(1, 1, 1), Cell(0, 0, 0)]


def _more_agents(db: Database, floor: SmallFloor) -> dict[str, int]:
    """Fay (KYC 2, Mandarin), Gus (KYC 3) and Hal (KYC 3, Mandarin) join the ATO team's morning shift,
    unseated (so on the ATO desk); Fay and Gus are on the floor, Hal on break."""
    with db.reading() as s:
        team = s.scalar(select(Team.id).where(Team.code == "ato"))
    assert team is not None
    ids = org.add_agents(
        db,
        ADMIN,
        [
            AgentSpec("KL0006", "Fay Full", "Fay", team, "analyst", "full_time", date(2024, 1, 1),
                      {"en": "fluent", "zh": "native"}, {"ato": 2, "kyc": 2}),
            AgentSpec("KL0007", "Gus Full", "Gus", team, "analyst", "full_time", date(2024, 1, 1),
                      {"en": "fluent"}, {"ato": 2, "kyc": 3}),
            AgentSpec("KL0008", "Hal Full", "Hal", team, "analyst", "full_time", date(2024, 1, 1),
                      {"en": "fluent", "zh": "native"}, {"ato": 2, "kyc": 3}),
        ],
    )  # fmt: skip
    people = dict(zip(["Fay", "Gus", "Hal"], ids, strict=True))
    rota.assign(db, ADMIN, [RotaEntry(i, "M", DAY) for i in ids], TZ)
    for i in ids:
        attendance.record(db, SYSTEM, i, "clock_in", at=at(DAY, 6, 55), source="badge")
    attendance.record(db, SYSTEM, people["Hal"], "break_start", at=at(DAY, 7, 30), source="console")
    return people


def test_understaffed_rule_says_why(db: Database, floor: SmallFloor) -> None:
    _more_agents(db, floor)
    staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 4)
    staffing.set_requirement(db, SUPERVISOR, "kyc", 7, 15, 2)
    staffing.set_requirement(db, SUPERVISOR, "kyc", 7, 15, 1, language="zh")
    snap = snapshot(db)
    ato = desk_load(snap, "ato")
    assert (ato.required, ato.scheduled, ato.present, ato.on_break) == (4, 5, 4, 1)
    assert not ato.understaffed  # Ana, Ben, Fay, Gus present (Hal on break): exactly what is required
    assert reasons(snap, "kyc") == [
        "0 present, 2 required now",
        "0 Mandarin speakers present, 1 required now",
    ]
    # A P2 on a desk with nobody to spare flags it.
    with db.reading() as s:
        zones = dict(s.execute(select(Zone.code, Zone.id)).all())
    incidents.open_incident(
        db, SYSTEM, title="Withdrawal spike", category="withdrawal_anomaly", severity=2, zone_id=zones["ato"]
    )
    snap = snapshot(db)
    assert reasons(snap, "ato") == ["P2 incident open and nobody to spare (4 present, 4 required)"]
    assert snap.risk is not None
    assert snap.risk.floor.understaffed_desks == ("ato", "kyc")
    # With one to spare it is not; three more open incidents are a load over 1 per person.
    staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 3)
    assert reasons(snapshot(db), "ato") == []
    for n in range(4):
        incidents.open_incident(
            db, SYSTEM, title=f"ATO case {n}", category="ato_wave", severity=4, zone_id=zones["ato"]
        )
    assert reasons(snapshot(db), "ato") == ["5 open incidents for 4 present (1.2 per person, limit 1)"]
    assert reasons(snapshot(db, incidents_per_agent=2.0), "ato") == []
    load = desk_load(snapshot(db), "ato")
    assert load.open_by_severity == (0, 1, 0, 4)
    assert load.unacknowledged == 5


def test_backlog_is_judged_per_desk_or_for_the_floor(db: Database, floor: SmallFloor) -> None:
    staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 1)
    (backlog,) = indicators.define(
        db,
        ADMIN,
        [
            IndicatorSpec(
                "ops.case_backlog", "Open review cases", (), "cases", "higher", 1500, 3000, "risk_mgmt"
            )
        ],
    )
    indicators.ingest(db, SYSTEM, [(backlog, at(DAY, 7, 40), 90.0)])
    snap = snapshot(db)
    assert snap.risk is not None
    # Two present on the whole floor: 45 cases each is over the 30 limit.
    assert snap.risk.floor.backlog == 90.0
    assert not snap.risk.floor.backlog_by_desk
    assert [r.text() for r in snap.risk.floor.reasons] == [
        "Review backlog of 90 cases for 2 present (45 per person, limit 30)"
    ]
    assert snapshot(db, backlog_per_agent=50).risk.floor.reasons == ()  # type: ignore[union-attr]
    # Split by desk, each desk is judged on its own share.
    from console.services.breakdown import ingest_dimensioned

    micros = int(at(DAY, 7, 41).timestamp() * 1_000_000)
    ingest_dimensioned(
        db, SYSTEM, [backlog, backlog], [micros, micros], [40.0, 50.0], ["desk=ato", "desk=kyc"]
    )
    snap = snapshot(db)
    assert snap.risk is not None
    assert snap.risk.floor.backlog_by_desk
    assert snap.risk.floor.reasons == ()
    assert desk_load(snap, "ato").backlog == 40.0
    assert reasons(snap, "ato") == []  # 20 per person
    assert reasons(snap, "kyc") == ["Review backlog of 50 cases for 0 present (∞ per person, limit 30)"]


def test_moves_never_open_a_gap(db: Database, floor: SmallFloor) -> None:
    _more_agents(db, floor)
    staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 3)  # four present: one to spare
    staffing.set_requirement(db, SUPERVISOR, "kyc", 7, 15, 2)
    staffing.set_requirement(db, SUPERVISOR, "kyc", 7, 15, 1, language="zh")
    snap = snapshot(db)
    # The Mandarin row first: Fay. Gus (KYC 3) would be next, but the ATO desk has nobody else to spare.
    assert moves(snap) == [("Fay", "ato", "kyc")]
    (move,) = snap.risk.moves  # type: ignore[union-attr]
    assert move.why("ATO desk") == "speaks Mandarin; ATO desk keeps 3 of 3"
    assert not desk_load(snap, "kyc").nobody_can_move
    # Nobody to spare at all: the desk says so.
    staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 4)
    snap = snapshot(db)
    assert moves(snap) == []
    assert desk_load(snap, "kyc").nobody_can_move


def test_moves_skip_people_on_break_and_incident_owners(db: Database, floor: SmallFloor) -> None:
    people = _more_agents(db, floor)
    staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 1)  # plenty to spare
    staffing.set_requirement(db, SUPERVISOR, "kyc", 7, 15, 2)
    staffing.set_requirement(db, SUPERVISOR, "kyc", 7, 15, 1, language="zh")
    owned = incidents.open_incident(db, SYSTEM, title="Case", category="kyc_fraud_ring", severity=3)
    incidents.transition(db, SYSTEM, owned, "acknowledged", expected_version=1, owner_agent_id=people["Gus"])
    snap = snapshot(db)
    # Hal (KYC 3, Mandarin) is on break and Gus (KYC 3) owns an open incident: only Fay can go. Ana and
    # Ben have no KYC skill.
    assert moves(snap) == [("Fay", "ato", "kyc")]
    incidents.transition(db, SYSTEM, owned, "resolved", expected_version=2)
    assert moves(snapshot(db)) == [("Fay", "ato", "kyc"), ("Gus", "ato", "kyc")]
    attendance.record(db, SYSTEM, people["Hal"], "break_end", at=at(DAY, 7, 44), source="console")
    snap = snapshot(db)
    # Back from break, Hal could go too: for the Mandarin row the language level decides (both native),
    # then the name (Fay); for the headcount the KYC level (Gus and Hal both 3), then the name (Gus).
    assert moves(snap) == [("Fay", "ato", "kyc"), ("Gus", "ato", "kyc")]
    (gus,) = [m for m in snap.risk.moves if m.name == "Gus"]  # type: ignore[union-attr]
    assert (gus.skill, gus.skill_level) == ("kyc", 3)


def test_patch_rereads_for_attendance_and_ignores_other_samples(db: Database, floor: SmallFloor) -> None:
    staffing.set_requirement(db, SUPERVISOR, "kyc", 7, 15, 2)
    key = CoverageKey(DAY, at(DAY, 7, 45))
    with db.reading() as s:
        before = view.VIEW.snapshot(s, key)
    assert line(before, "kyc")[7].present == 0
    attendance.record(db, SYSTEM, floor.agents["Dev"], "clock_in", at=at(DAY, 7, 44), source="badge")
    with db.reading() as s:
        after = view.VIEW.patch(s, key, {Topic.ATTENDANCE: [floor.agents["Dev"]]})
        quiet = view.VIEW.patch(s, key, {Topic.SAMPLES: [floor.indicators["failed"]]})
    assert isinstance(after, CoverageSnapshot)
    assert line(after, "kyc")[7].present == 1
    assert not quiet  # a sample of another indicator changes nothing shown
