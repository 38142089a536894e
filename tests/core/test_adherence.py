"""Real-time adherence on a hand-computed night shift crossing midnight (floor time), thresholds to the
second, and the ledger's misses, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from console.auth import SYSTEM
from console.db.engine import Database
from console.db.models import PlannedBreak, RotaAssignment
from console.services import adherence, attendance, breaks
from console.services.adherence import Activity, ShiftFacts, State
from console.services.breaks import Rules, Slot
from tests.core.test_breaks import START, night_floor

M = timedelta(minutes=1)
H = timedelta(hours=1)
END = START + 8 * H


def night_facts(rota_id: int = 1, agent_id: int = 1) -> ShiftFacts:
    """23:00-07:00 floor time (15:00-23:00 UTC). Plan: 01:00 +15, 03:00 +30 (past midnight), 05:00 +15.

    Clock: in at 23:03 (3 min late: tolerated), first break exactly as planned, the second 37 minutes
    (7 min over: a miss), the third 10 minutes late and 10 minutes over (two misses of 10), out at 07:02.
    Scheduled 480 min, missed 7 + 10 + 10 = 27 min: adherence (480 - 27) / 480 = 94.375 %.
    """
    planned = (
        Slot(rota_id, agent_id, "ato", START + 2 * H, 15),
        Slot(rota_id, agent_id, "ato", START + 4 * H, 30),
        Slot(rota_id, agent_id, "ato", START + 6 * H, 15),
    )
    events = (
        ("clock_in", START + 3 * M),
        ("break_start", START + 2 * H),
        ("break_end", START + 2 * H + 15 * M),
        ("break_start", START + 4 * H),
        ("break_end", START + 4 * H + 37 * M),
        ("break_start", START + 6 * H + 10 * M),
        ("break_end", START + 6 * H + 25 * M),
        ("clock_out", END + 2 * M),
    )
    return ShiftFacts(rota_id, agent_id, START, END, "scheduled", planned, events, 60, "Agent0", "ato")


EXPECTED_MISSES = [
    (START + 4 * H + 30 * M, START + 4 * H + 37 * M, Activity.WORK, State.BREAK),
    (START + 6 * H, START + 6 * H + 10 * M, Activity.BREAK, State.SEAT),
    (START + 6 * H + 15 * M, START + 6 * H + 25 * M, Activity.WORK, State.BREAK),
]


def test_adherence_of_a_night_shift_by_hand() -> None:
    f = night_facts()
    segs = adherence.timeline(f, END + H)
    assert segs[0].start == START
    assert segs[-1].end == END
    assert sum(g.seconds for g in segs) == 8 * 3600
    threshold = timedelta(minutes=5)
    got = [(g.start, g.end, g.scheduled, g.actual) for g in adherence.stretches(segs, threshold)]
    assert got == EXPECTED_MISSES
    assert adherence.percent(segs, threshold) == pytest.approx(100 * (480 - 27) / 480)
    # A threshold of 10 minutes tolerates the 7 and the two 10-minute differences (a second more is a miss).
    assert adherence.percent(segs, timedelta(minutes=10)) == 100.0
    assert adherence.percent(segs, timedelta(minutes=7)) == pytest.approx(100 * (480 - 20) / 480)
    assert adherence.percent(segs, timedelta(minutes=7) - timedelta(seconds=1)) == pytest.approx(94.375)


def test_the_threshold_holds_to_the_second() -> None:
    f = night_facts()
    rules = Rules()
    # 23:03 late clock-in: out of adherence from 23:00, not "out" (over the threshold) until 23:05:01.
    at = START + 2 * M
    st = adherence.standing(f, rules, at)
    assert (st.scheduled, st.actual, st.out_since, st.out) == (Activity.WORK, State.ABSENT, START, False)
    # The 37-minute break: over its slot from 03:30, a miss once 5 minutes have passed, and one second more.
    over = START + 4 * H + 30 * M
    assert adherence.standing(f, rules, over + 5 * M).out is False
    st = adherence.standing(f, rules, over + 5 * M + timedelta(seconds=1))
    assert st.out is True
    assert st.overrun == (30.0, "slot")
    assert st.since == START + 4 * H
    assert st.break_used == pytest.approx(15 + 35 + 1 / 60)
    assert st.next_break == START + 6 * H
    assert adherence.standing(f, rules, over).overrun is None  # at the slot's end exactly: not yet


def test_standing_before_during_and_after() -> None:
    f = night_facts()
    rules = Rules()
    before = adherence.standing(f, rules, START - H)
    assert before.scheduled is Activity.OFF
    assert before.percent is None
    mid = adherence.standing(f, rules, START + 3 * H)
    assert (mid.scheduled, mid.actual, mid.out) == (Activity.WORK, State.SEAT, False)
    assert mid.percent == 100.0  # the 3 late minutes are tolerated
    assert mid.next_break == START + 4 * H
    on_break = adherence.standing(f, rules, START + 2 * H + 5 * M)
    assert (on_break.scheduled, on_break.actual) == (Activity.BREAK, State.BREAK)
    leave = ShiftFacts(2, 2, START, END, "leave", (), ())
    st = adherence.standing(leave, rules, START + H)
    assert (st.scheduled, st.actual, st.out, st.percent) == (Activity.LEAVE, State.ABSENT, False, None)


def test_misses_for_the_ledger_on_the_database(db: Database) -> None:
    ids = night_floor(db, people=2, minimum=0)
    agent = ids["Agent0"]
    with db.reading() as s:
        rota_id = s.scalar(select(RotaAssignment.id).where(RotaAssignment.agent_id == agent))
    assert rota_id is not None
    f = night_facts(rota_id, agent)
    with db.writing() as s:
        s.add_all(
            PlannedBreak(agent_id=agent, rota_assignment_id=rota_id, starts_at=p.starts_at, minutes=p.minutes)
            for p in f.planned
        )
    attendance.record_many(db, SYSTEM, [attendance.Edge(agent, kind, at, "badge") for kind, at in f.events])
    with db.reading() as s:
        (loaded,) = adherence.facts(s, agent_ids=[agent])
        got = adherence.misses(s, agent, START - H, END + H, now=END + 2 * H)
        assert adherence.misses(s, agent, START + 5 * H, END, now=END + 2 * H) == [
            m for m in got if m.start >= START + 5 * H
        ]
        assert adherence.misses(s, ids["Agent1"], START, END, now=END) != []  # never came: absent
        # Half-way through the third break's lateness, the ledger sees what has happened so far.
        running = adherence.misses(s, agent, START, END, now=START + 6 * H + 8 * M)
    assert loaded.events == f.events
    assert loaded.planned == f.planned
    assert [(m.start, m.end, m.scheduled, m.actual) for m in got] == EXPECTED_MISSES
    assert all(m.rota_id == rota_id for m in got)
    assert got[0].minutes == pytest.approx(7)
    # What the discipline ledger reads of a miss (console.services.ledger: at, minutes, text or kind).
    assert got[0].at == got[0].start
    assert got[0].kind == "adherence"
    assert got[0].text == "Scheduled: Working; actual: On break"
    assert [(m.start, m.end) for m in running][-1] == (START + 6 * H, START + 6 * H + 8 * M)
    with db.reading() as s:
        st = adherence.standing(loaded, breaks.rules(s), END)
    assert st.percent == pytest.approx(100 * (480 - 27) / 480)


def test_the_view_reads_a_shift_and_patches_only_the_agents_named(db: Database) -> None:
    from console.floortime import ShiftPattern, ShiftSlot
    from console.topics import Topic
    from console.views import Patch, Snapshot
    from console.views.adherence import VIEW, AdherenceKey

    ids = night_floor(db, people=3, minimum=1)
    breaks.replan(db, SYSTEM, START, now=START - H)
    key = AdherenceKey(ShiftSlot(ShiftPattern(2, "N", "Night", START.time(), 480), START.date(), START, END))
    with db.reading() as s:
        snap = VIEW.snapshot(s, key)
    assert isinstance(snap, Snapshot)
    assert {r.key for r in snap.rows} == set(ids.values())
    row = snap.rows[0]
    assert len(row.facts.planned) == 3
    assert row.desk_minimum == (1,) * 8
    assert row.max_away(3, START + 2 * H) == 1
    assert row.max_away(1, START + 2 * H) == 0  # the last one on the desk never goes
    agent = ids["Agent1"]
    attendance.record(db, SYSTEM, agent, "clock_in", at=START)
    with db.reading() as s:
        patch = VIEW.patch(s, key, {Topic.ATTENDANCE: [agent]})
        again = VIEW.patch(s, key, {Topic.STAFFING: [1]})
        gone = VIEW.patch(s, key, {Topic.ROTA: [9999]})
    assert isinstance(patch, Patch)
    assert [r.key for r in patch.rows] == [agent]
    assert patch.rows[0].facts.events == (("clock_in", START),)
    assert isinstance(again, Snapshot)  # changed requirements: the whole shift again
    assert isinstance(gone, Patch)
    assert gone.gone == frozenset({9999})
    assert not VIEW.relevant({Topic.INCIDENT: [1]})
