"""The read side in the core: each dock's view, snapshot and patch, on SQLite and PostgreSQL, without Qt."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select, update

from console.auth import SYSTEM
from console.db.engine import Database
from console.db.models import Agent, Floor, RiskIndicator, RotaAssignment, Team
from console.floortime import ShiftSlot, shift_at
from console.services import attendance, floor, incidents, indicators, rota
from console.services.attendance import Presence
from console.topics import ChangeBatch, Topic
from console.views import Patch, Snapshot, named
from console.views.incident_queue import VIEW as QUEUE
from console.views.incident_queue import IncidentRow, QueueKey
from console.views.indicator_board import VIEW as BOARD
from console.views.indicator_board import BoardKey, BoardPatch, IndicatorSeries
from console.views.roster import VIEW as ROSTER
from console.views.roster import RosterKey, RosterRow
from console.views.seat_map import VIEW as SEATS
from console.views.seat_map import SeatMapKey, SeatMapSnapshot, SeatRow
from tests.factories import ADMIN, TZ, SmallFloor, build_small_floor, floor_now


@pytest.fixture
def small(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


def running_shift(db: Database, small: SmallFloor) -> ShiftSlot:
    with db.reading() as s:
        slot = shift_at(rota.patterns(s), small.now, TZ)
    assert slot is not None
    return slot


def batch(**ids: set[int]) -> ChangeBatch:
    return ChangeBatch(ids={Topic(t): frozenset(v) for t, v in ids.items()})


def test_views_load_without_qt() -> None:
    code = (
        "import sys\n"
        "import console.views.incident_queue, console.views.roster, console.views.seat_map\n"
        "import console.views.indicator_board\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_rows_are_frozen_and_keyed(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        snap = QUEUE.snapshot(s, QueueKey())
    row = snap.rows[0]
    assert isinstance(row, IncidentRow)
    assert row.key == row.id
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.title = "changed"  # type: ignore[misc]
    assert hash(QueueKey()) == hash(QueueKey())


def test_named_accepts_a_batch_or_its_ids() -> None:
    assert named(batch(incident={1, 2})) == ({Topic.INCIDENT: frozenset({1, 2})}, "")
    assert named({Topic.SEAT: [3]}) == ({Topic.SEAT: frozenset({3})}, "")
    assert named({"seat": [3]}) == ({Topic.SEAT: frozenset({3})}, "")  # type: ignore[dict-item]
    assert named(ChangeBatch(reload="gap in the feed")) == ({}, "gap in the feed")


# -- incident queue ------------------------------------------------------------------------------------
def test_queue_snapshot_holds_the_open_incidents(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        snap = QUEUE.snapshot(s, QueueKey())
    assert isinstance(snap, Snapshot)
    assert {r.key: r.title for r in snap.rows} == {
        small.incidents["p1"]: "Credential-stuffing wave on login edge",
        small.incidents["p3"]: "KYC rejection rate drifting up",
    }
    p3 = next(r for r in snap.rows if r.key == small.incidents["p3"])
    assert (p3.owner, p3.status, p3.severity) == ("Ana", "acknowledged", 3)


def test_queue_patch_inserts_updates_and_drops(db: Database, small: SmallFloor) -> None:
    new_id = incidents.open_incident(
        db, SYSTEM, title="Withdrawals spiking", category="withdrawal_anomaly", severity=2, at=small.now
    )
    incidents.transition(
        db,
        SYSTEM,
        small.incidents["p1"],
        "acknowledged",
        expected_version=1,
        owner_agent_id=small.agents["Ben"],
        at=small.now,
    )
    incidents.transition(db, SYSTEM, small.incidents["p3"], "resolved", expected_version=2, at=small.now)
    with db.reading() as s:
        patch = QUEUE.patch(
            s, QueueKey(), batch(incident={new_id, small.incidents["p1"], small.incidents["p3"]})
        )
    assert isinstance(patch, Patch)
    assert {r.key: r.owner for r in patch.rows} == {new_id: None, small.incidents["p1"]: "Ben"}
    assert patch.gone == {small.incidents["p3"]}


def test_queue_patch_of_an_unknown_id_is_gone(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        patch = QUEUE.patch(s, QueueKey(), {Topic.INCIDENT: [999_999]})
    assert isinstance(patch, Patch)
    assert (patch.rows, patch.gone) == ((), {999_999})


def test_queue_renamed_owner_refreshes_their_incidents(db: Database, small: SmallFloor) -> None:
    with db.writing() as s:
        s.execute(update(Agent).where(Agent.id == small.agents["Ana"]).values(display_name="Ana Lim"))
    with db.reading() as s:
        patch = QUEUE.patch(s, QueueKey(), batch(agent={small.agents["Ana"], small.agents["Dev"]}))
    assert isinstance(patch, Patch)
    assert [(r.key, r.owner) for r in patch.rows] == [(small.incidents["p3"], "Ana Lim")]


def test_queue_reload_or_a_large_batch_is_a_snapshot(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        reloaded = QUEUE.patch(s, QueueKey(), ChangeBatch(reload="feed truncated"))
        large = QUEUE.patch(s, QueueKey(), batch(incident=set(range(1, QUEUE.reload_over + 2))))
    assert isinstance(reloaded, Snapshot)
    assert isinstance(large, Snapshot)
    assert {r.key for r in large.rows} == {small.incidents["p1"], small.incidents["p3"]}


def test_unrelated_topics_change_nothing(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        patch = QUEUE.patch(s, QueueKey(), batch(samples={small.indicators["failed"]}))
    assert isinstance(patch, Patch)
    assert not patch
    assert not QUEUE.relevant(batch(samples={1}))
    assert QUEUE.relevant(batch(incident={1}))
    assert QUEUE.relevant(ChangeBatch(reload="gap"))


# -- roster --------------------------------------------------------------------------------------------
def test_roster_snapshot_is_the_running_shift(db: Database, small: SmallFloor) -> None:
    key = RosterKey(running_shift(db, small))
    with db.reading() as s:
        snap = ROSTER.snapshot(s, key)
    assert snap.key == key
    assert all(isinstance(r, RosterRow) and r.key == r.agent_id for r in snap.rows)
    by_name = {r.name: r.presence(small.now) for r in snap.rows}
    assert by_name == {
        "Ana": Presence.PRESENT,
        "Ben": Presence.LATE,
        "Chen": Presence.ON_BREAK,
        "Dev": Presence.ABSENT,
        "Eve": Presence.LEAVE,
    }


def test_roster_between_shifts_is_empty(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        assert ROSTER.snapshot(s, RosterKey(None)).rows == ()
        assert not ROSTER.patch(s, RosterKey(None), batch(attendance={small.agents["Dev"]}))


def test_roster_patch_by_agent(db: Database, small: SmallFloor) -> None:
    key = RosterKey(running_shift(db, small))
    attendance.record(db, SYSTEM, small.agents["Dev"], "clock_in", at=small.now, source="badge")
    outsider = 999_999  # an agent not on this shift
    with db.reading() as s:
        patch = ROSTER.patch(s, key, batch(attendance={small.agents["Dev"]}, rota={outsider}))
    assert isinstance(patch, Patch)
    assert [(r.key, r.presence(small.now), r.minutes_late) for r in patch.rows] == [
        (small.agents["Dev"], Presence.LATE, 45)
    ]
    assert patch.gone == {outsider}


def test_roster_rota_change_by_agent_adds_them(db: Database, small: SmallFloor) -> None:
    slot = running_shift(db, small)
    # Eve's leave is cancelled and she works the shift after all: her line changes, no reload needed.
    with db.writing() as s:
        s.execute(
            update(RotaAssignment)
            .where(
                RotaAssignment.agent_id == small.agents["Eve"], RotaAssignment.shift_date == small.shift_date
            )
            .values(status="scheduled", leave_type=None)
        )
    with db.reading() as s:
        patch = ROSTER.patch(s, RosterKey(slot), batch(rota={small.agents["Eve"]}))
    assert isinstance(patch, Patch)
    assert [(r.key, r.presence(small.now)) for r in patch.rows] == [(small.agents["Eve"], Presence.ABSENT)]
    assert patch.gone == frozenset()


def test_roster_team_rename_reloads(db: Database, small: SmallFloor) -> None:
    key = RosterKey(running_shift(db, small))
    with db.writing() as s:
        team_id = s.scalar(select(Team.id).where(Team.name == "ATO desk"))
        s.execute(update(Team).where(Team.id == team_id).values(name="ATO response"))
    with db.reading() as s:
        result = ROSTER.patch(s, key, batch(team={team_id}))
    assert isinstance(result, Snapshot)
    assert {r.team for r in result.rows} == {"ATO response"}


# -- seat map ------------------------------------------------------------------------------------------
def seat_key(db: Database, small: SmallFloor) -> SeatMapKey:
    return SeatMapKey(running_shift(db, small), small.floor_id)


def test_seat_map_snapshot(db: Database, small: SmallFloor) -> None:
    key = seat_key(db, small)
    with db.reading() as s:
        snap = SEATS.snapshot(s, key)
    assert isinstance(snap, SeatMapSnapshot)
    assert snap.floor_id == small.floor_id
    assert [z.code for z in snap.zones] == ["ato", "kyc"]
    assert all(isinstance(r, SeatRow) and r.key == r.seat_id for r in snap.rows)
    shown = {r.code: (r.agent_name, r.presence(small.now)) for r in snap.rows}
    assert shown == {
        "A1": ("Ana", Presence.PRESENT),
        "A2": ("Ben", Presence.LATE),
        "A3": (None, None),
        "B1": ("Chen", Presence.ON_BREAK),
        "B2": ("Dev", Presence.ABSENT),
        "B3": (None, None),
    }


def test_seat_map_finds_the_floor_by_code_and_between_shifts(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        snap = SEATS.snapshot(s, SeatMapKey(None, None, "T1"))
        missing = SEATS.snapshot(s, SeatMapKey(None, None, "NOPE"))
    assert snap.floor_id == small.floor_id
    assert [r.code for r in snap.rows] == ["A1", "A2", "A3", "B1", "B2", "B3"]
    assert {r.agent_id for r in snap.rows} == {None}
    assert (missing.floor_id, missing.rows, missing.zones) == (None, (), ())


def test_seat_map_patch_by_agent_and_by_seat(db: Database, small: SmallFloor) -> None:
    key = seat_key(db, small)
    assert key.shift is not None
    attendance.record(db, SYSTEM, small.agents["Dev"], "clock_in", at=small.now, source="badge")
    floor.assign_seat(
        db, ADMIN, small.seats["A3"], small.agents["Eve"], key.shift.pattern.id, small.shift_date
    )
    with db.reading() as s:
        patch = SEATS.patch(
            s, key, batch(attendance={small.agents["Dev"]}, seat={small.seats["A3"], 999_999})
        )
    assert isinstance(patch, Patch)
    assert {r.code: (r.agent_name, r.presence(small.now)) for r in patch.rows} == {
        "B2": ("Dev", Presence.LATE),
        "A3": ("Eve", Presence.LEAVE),
    }
    assert patch.gone == {999_999}
    assert patch.unseated == ()  # the seating changed: the unseated list is read again (Eve has a seat now)


def test_seat_map_reloads_for_its_floor_or_a_zone(db: Database, small: SmallFloor) -> None:
    key = seat_key(db, small)
    with db.writing() as s:
        s.execute(update(Floor).where(Floor.id == small.floor_id).values(name="Test floor 2"))
    with db.reading() as s:
        assert isinstance(SEATS.patch(s, key, batch(floor={small.floor_id})), SeatMapSnapshot)
        assert isinstance(SEATS.patch(s, key, batch(zone={1})), SeatMapSnapshot)
        other_floor = SEATS.patch(s, key, batch(floor={small.floor_id + 100}))
    assert isinstance(other_floor, Patch)
    assert not other_floor


def test_seat_map_between_shifts_ignores_clocks(db: Database, small: SmallFloor) -> None:
    key = SeatMapKey(None, small.floor_id)
    with db.reading() as s:
        assert not SEATS.patch(s, key, batch(attendance={small.agents["Dev"]}))
        assert isinstance(SEATS.patch(s, key, batch(seat={small.seats["A1"]})), SeatMapSnapshot)


# -- indicator board -----------------------------------------------------------------------------------
def board_key(small: SmallFloor, held: IndicatorSeries | None = None) -> BoardKey:
    last = ((held.key, held.last_ts),) if held is not None else ()
    return BoardKey(small.now - timedelta(hours=6), last)


def test_board_snapshot_holds_every_series(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        snap = BOARD.snapshot(s, board_key(small))
    assert [r.info.key for r in snap.rows] == ["ato.failed_logins", "ops.auto_approval_rate"]
    failed = snap.rows[0]
    assert failed.key == small.indicators["failed"]
    assert len(failed.xs) == 60
    assert failed.latest == 501.0
    assert failed.info.level(4000) == "critical"
    assert np.all(np.diff(failed.xs) > 0)


def test_board_patch_reads_only_new_samples_after_the_key(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        held = BOARD.snapshot(s, board_key(small)).rows
    failed, approval = held
    indicators.ingest(db, SYSTEM, [(failed.key, small.now, 4100.0)])
    key = BoardKey(
        small.now - timedelta(hours=6), ((failed.key, failed.last_ts), (approval.key, approval.last_ts))
    )
    with db.reading() as s:
        patch = BOARD.patch(s, key, batch(samples={failed.key}))
    assert isinstance(patch, BoardPatch)
    assert patch.rows == ()
    [append] = patch.appends
    assert (append.indicator_id, list(append.ys)) == (failed.key, [4100.0])
    grown = failed.extended(append.xs, append.ys, key.since.timestamp())
    assert (len(grown.xs), grown.latest) == (61, 4100.0)
    assert grown != failed
    assert failed.extended(append.xs, append.ys, key.since.timestamp()) == grown  # == compares the arrays


def test_board_redefinition_and_unknown_indicators_come_whole(db: Database, small: SmallFloor) -> None:
    failed_id = small.indicators["failed"]
    with db.writing() as s:
        s.execute(update(RiskIndicator).where(RiskIndicator.id == failed_id).values(warning=400.0))
    key = board_key(small)  # holds nothing: a samples batch for it comes back whole
    with db.reading() as s:
        patch = BOARD.patch(
            s, key, batch(indicator={failed_id, 999_999}, samples={small.indicators["approval"]})
        )
    assert isinstance(patch, BoardPatch)
    rows = {r.key: r for r in patch.rows}
    assert set(rows) == {failed_id, small.indicators["approval"]}
    assert rows[failed_id].info.warning == 400.0
    assert rows[failed_id].info.level(501.0) == "warning"
    assert patch.gone == {999_999}
    assert patch.appends == ()


def test_series_window_moves_on(db: Database, small: SmallFloor) -> None:
    with db.reading() as s:
        failed = BOARD.snapshot(s, board_key(small)).rows[0]
    start = float(failed.xs[9])
    later = failed.since(start)
    assert len(later.xs) == 50  # only the samples after the start
    assert later.xs[0] > start
    assert failed.since(float(failed.xs[0]) - 1) is failed
