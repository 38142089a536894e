"""Seating: assignment conflicts, the unseated list, auto-assign, the floor file and the editor's writes."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from console.auth import Actor
from console.db.engine import Database
from console.db.models import AuditEntry, Seat, SeatAssignment, Zone
from console.errors import PermissionDenied
from console.floortime import shift_at
from console.services import floor, floor_plan, rota
from console.services.floor import Candidate, FreeSeat, plan_seating
from console.services.floor_plan import FloorFileInvalid, Layout
from tests.factories import ADMIN, TZ, SmallFloor, build_small_floor, floor_now


@pytest.fixture
def small(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


def _slot(db: Database, small: SmallFloor):  # type: ignore[no-untyped-def]
    with db.reading() as s:
        slot = shift_at(rota.patterns(s), small.now, TZ)
    assert slot is not None
    return slot


def _seated(db: Database, pattern_id: int, on: date) -> dict[int, int]:
    """agent -> seat in force on ``on``."""
    with db.reading() as s:
        rows = s.execute(
            select(SeatAssignment.agent_id, SeatAssignment.seat_id).where(
                SeatAssignment.shift_template_id == pattern_id,
                SeatAssignment.valid_from <= on,
                (SeatAssignment.valid_to.is_(None)) | (SeatAssignment.valid_to > on),
            )
        ).all()
    return dict(rows)


def test_conflicts_are_refused_with_a_clear_message(db: Database, small: SmallFloor) -> None:
    slot = _slot(db, small)
    pid, day = slot.pattern.id, slot.shift_date
    with pytest.raises(
        floor.SeatTaken, match="Seat A1 is taken on the Morning|Seat A1 is taken on the"
    ) as err:
        floor.assign_seat(db, ADMIN, small.seats["A1"], small.agents["Eve"], pid, day, replace=False)
    assert "Ana" in str(err.value)
    with pytest.raises(floor.AgentSeated, match="Ben already sits at seat A2"):
        floor.assign_seat(db, ADMIN, small.seats["A3"], small.agents["Ben"], pid, day, move=False)
    floor_plan.remove_seat(db, ADMIN, small.seats["B2"], day)  # Dev sat there: kept, out of use
    with pytest.raises(floor.SeatInactive, match="B2 is out of use"):
        floor.assign_seat(db, ADMIN, small.seats["B2"], small.agents["Eve"], pid, day)
    assert _seated(db, pid, day)[small.agents["Ben"]] == small.seats["A2"]  # nothing changed


def test_a_move_frees_the_old_seat_and_twice_the_same_day_is_fine(db: Database, small: SmallFloor) -> None:
    slot = _slot(db, small)
    pid, day = slot.pattern.id, slot.shift_date
    floor.assign_seat(db, ADMIN, small.seats["A3"], small.agents["Ben"], pid, day, replace=False)
    floor.assign_seat(db, ADMIN, small.seats["B3"], small.agents["Ben"], pid, day, replace=False)
    seated = _seated(db, pid, day)
    assert seated[small.agents["Ben"]] == small.seats["B3"]
    assert small.seats["A2"] not in seated.values()
    assert small.seats["A3"] not in seated.values()
    assert floor.unassign_seat(db, ADMIN, small.seats["B3"], pid, day)
    assert small.agents["Ben"] not in _seated(db, pid, day)


def test_unseated_lists_rostered_agents_without_a_seat(db: Database, small: SmallFloor) -> None:
    slot = _slot(db, small)
    with db.reading() as s:
        lines = floor.unseated(s, slot.pattern.id, slot.shift_date, slot.starts_at)
    assert [ln.name for ln in lines] == ["Eve"]


def test_viewer_may_not_seat(db: Database, small: SmallFloor) -> None:
    slot = _slot(db, small)
    viewer = Actor("viewer", "viewer")
    with pytest.raises(PermissionDenied):
        floor.assign_seat(
            db, viewer, small.seats["A3"], small.agents["Eve"], slot.pattern.id, slot.shift_date
        )


def test_auto_assign_seats_the_unseated_by_desk_and_audits(db: Database, small: SmallFloor) -> None:
    slot = _slot(db, small)
    plan = floor.auto_assign(db, ADMIN, small.floor_id, slot.pattern.id, slot.shift_date, slot.starts_at)
    assert plan == [(small.agents["Eve"], small.seats["A3"])]  # her team's skill is ato: the ATO desk
    with db.reading() as s:
        assert floor.unseated(s, slot.pattern.id, slot.shift_date, slot.starts_at) == []
        assert s.scalars(select(AuditEntry.action).where(AuditEntry.action == "floor.auto_assign")).first()
    assert (
        floor.auto_assign(db, ADMIN, small.floor_id, slot.pattern.id, slot.shift_date, slot.starts_at) == []
    )


candidates = st.lists(
    st.builds(
        Candidate,
        agent_id=st.integers(1, 60),
        team_skill=st.sampled_from(["ato", "kyc", "aml"]),
        skills=st.frozensets(st.sampled_from(["ato", "kyc", "aml", "wd"]), max_size=3),
        spreads=st.booleans(),
    ),
    max_size=40,
    unique_by=lambda c: c.agent_id,
)
free_seats = st.lists(
    st.builds(
        FreeSeat,
        seat_id=st.integers(1, 80),
        zone_code=st.sampled_from(["A", "K", "M", "T"]),
        zone_skill=st.none(),
    ),
    max_size=40,
    unique_by=lambda f: f.seat_id,
).map(
    lambda seats: [
        FreeSeat(f.seat_id, f.zone_code, {"A": "ato", "K": "kyc", "M": "aml", "T": None}[f.zone_code])
        for f in seats
    ]
)


@settings(max_examples=150, deadline=None)
@given(candidates, free_seats)
def test_plan_seating_properties(cands: list[Candidate], free: list[FreeSeat]) -> None:
    plan = plan_seating(cands, free)
    agents = [a for a, _ in plan]
    seats = [s for _, s in plan]
    assert len(set(agents)) == len(agents)  # no agent twice
    assert len(set(seats)) == len(seats)  # no seat twice
    assert set(seats) <= {f.seat_id for f in free}
    assert len(plan) == min(len(cands), len(free))  # nobody left standing while a seat is free
    zone_of = {f.seat_id: f for f in free}
    used = set(seats)
    for agent_id, seat_id in plan:
        cand = next(c for c in cands if c.agent_id == agent_id)
        if zone_of[seat_id].zone_skill != cand.team_skill:
            # a skill match is preferred: every seat of a matching desk was taken
            assert all(f.seat_id in used for f in free if f.zone_skill == cand.team_skill)


def test_mandarin_speakers_are_spread_over_equal_desks() -> None:
    free = [FreeSeat(i, "A" if i < 10 else "B", "ato") for i in range(20)]
    cands = [Candidate(i, "ato", frozenset(), True) for i in range(4)]
    zones = [next(f.zone_code for f in free if f.seat_id == s) for _, s in plan_seating(cands, free)]
    assert sorted(zones) == ["A", "A", "B", "B"]


# -- the floor file ------------------------------------------------------------------------------------------
def test_export_import_round_trip(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        text = floor_plan.export_text(s)
    data = json.loads(text)
    assert data["format"] == "watchfloor.floor/1"
    assert [z["code"] for z in data["zones"]] == ["ato", "kyc"]
    assert data["zones"][0]["names"] == {"zh_CN": "盗号处置席"}
    # Move a seat, add one, drop B3 (nobody ever sat there: it goes) and re-import.
    data["zones"][0]["seats"][2]["x"] = 3.0
    data["zones"][1]["seats"] = [z for z in data["zones"][1]["seats"] if z["code"] != "B3"]
    data["zones"][1]["seats"].append({"code": "B4", "x": 8.5, "y": 1.5})
    floor_plan.import_floor(db, ADMIN, json.dumps(data), "plan.json")
    with db.reading() as s:
        again = json.loads(floor_plan.export_text(s))
    assert again == data
    with db.reading() as s:
        assert s.scalar(select(Seat.code).where(Seat.code == "B3")) is None


def test_import_refuses_a_bad_file_naming_lines_and_fields_and_writes_nothing(
    db: Database, small: SmallFloor
) -> None:
    with db.reading() as s:
        data = floor_plan.export_floor(s)
    data["zones"][0]["seats"][0]["x"] = "left"
    data["zones"][1]["seats"][0]["code"] = "A2"  # used twice
    data["zones"][1]["seats"][1]["x"] = 40  # outside its zone
    data["zones"][1]["colour"] = "red"
    text = json.dumps(data, indent=2)
    with pytest.raises(FloorFileInvalid) as err:
        floor_plan.import_floor(db, ADMIN, text, "plan.json")
    message = str(err.value)
    lines = text.splitlines()
    left = next(n for n, line in enumerate(lines, 1) if '"left"' in line)
    assert message.startswith("plan.json: nothing was imported:")
    assert "zones[0].seats[0].x: must be a number" in message
    assert any(p.line in (left - 1, left - 2) for p in err.value.problems if p.field.endswith("seats[0].x"))
    assert "A2 is used twice" in message
    assert "seat B2 lies outside its zone" in message
    assert "zones[1].colour: is not a field of a floor file" in message
    with db.reading() as s:
        assert s.scalars(select(Seat.x).where(Seat.code == "A1")).one() == 0.5


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("{", "line 1, -: this is not JSON"),
        ("[]", "-: must be an object"),
        (
            '{"format": "x", "floor": {"code": "T1", "name": "n", "timezone": "Mars/Base"}, "zones": []}',
            "Mars/Base",
        ),
        (
            '{"format": "watchfloor.floor/1", "floor": {"code": "T1", "name": "n", "timezone": "UTC"}}',
            "zones: is required",
        ),
    ],
)
def test_import_small_mistakes(db: Database, small: SmallFloor, text: str, needle: str) -> None:
    with pytest.raises(FloorFileInvalid, match="nothing was imported") as err:
        floor_plan.import_floor(db, ADMIN, text, "f.json")
    assert needle in str(err.value)


def test_layout_and_seats_and_zones_are_edited_and_audited(db: Database, small: SmallFloor) -> None:
    moved = floor_plan.save_layout(
        db, ADMIN, Layout({small.seats["A1"]: (0.5, 1.5)}, {"kyc": (5.0, 3.0, 4.0, 2.0)})
    )
    assert moved == 2
    zone_id = floor_plan.add_zone(db, ADMIN, small.floor_id, "aml", "AML desk", 10, 0, 4, 2, "aml")
    seat_id = floor_plan.add_seat(db, ADMIN, "aml", 10.5, 0.5)
    with db.reading() as s:
        assert s.get(Seat, seat_id).code == "aml-01"
        assert s.get(Zone, zone_id).y == 0
        assert s.scalars(select(Seat.y).where(Seat.id == small.seats["A1"])).one() == 1.5
        actions = set(s.scalars(select(AuditEntry.action)))
    assert {"floor.layout", "floor.add_zone", "floor.add_seat"} <= actions
    with pytest.raises(floor_plan.ZoneNotEmpty):
        floor_plan.remove_zone(db, ADMIN, "aml")
    floor_plan.remove_seat(db, ADMIN, seat_id, small.shift_date)
    floor_plan.remove_zone(db, ADMIN, "aml")
    with db.reading() as s:
        assert s.get(Zone, zone_id) is None
    # A seat someone sat at is kept, out of use, with the seating ended.
    floor_plan.remove_seat(db, ADMIN, small.seats["A2"], small.shift_date)
    with db.reading() as s:
        assert s.get(Seat, small.seats["A2"]).active is False
    assert small.agents["Ben"] not in _seated(db, _slot(db, small).pattern.id, small.shift_date)


def test_zone_requirements_hour_by_hour_over_a_night_shift() -> None:
    """The zone headers' "required": the desk's own figure, else its largest narrower one, per floor hour."""
    from datetime import UTC, datetime

    from console.floortime import floor_zone
    from console.views.seat_map import required_by_zone

    asked: list[tuple[date, int]] = []

    def required_at(_reqs, day, hour):  # type: ignore[no-untyped-def]
        asked.append((day, hour))
        counts = {("ato", None, "zh"): 2}
        if hour >= 23 or hour < 3:
            counts[("ato", None, None)] = 6
        return counts

    starts = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)  # 23:00 floor time
    out = required_by_zone([], ["ato", "kyc"], starts, starts + timedelta(hours=8), floor_zone(), required_at)
    assert out == {"ato": (6, 6, 6, 6, 2, 2, 2, 2)}  # kyc asks for nobody: left out (rostered is shown)
    assert asked[0] == (date(2026, 12, 7), 23)
    assert asked[1] == (date(2026, 12, 8), 0)  # past midnight: the next floor day
