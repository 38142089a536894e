"""Move suggestions as properties, on floors hypothesis draws (no database: the rule is a pure function of the
people, requirements and incidents): whoever is suggested is present, not on break, owns no open incident,
counts for what the desk needs, moves once, and leaves every row of their own desk at or above its
requirement, even after all the suggested moves together; a desk told "nobody can move" gets nobody."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from console.services.coverage import Desk, Person, Shift
from console.services.coverage_risk import OpenIncident, assess
from console.services.staffing import Requirement

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 floor time
TODAY = date(2026, 11, 30)
DESKS = ("ato", "withdrawal", "kyc", "lead")
SKILL = {"ato": "ato", "withdrawal": "withdrawal", "kyc": "kyc", "lead": None}


Floor = tuple[list[Desk], list[Requirement], list[Shift], list[OpenIncident]]


@st.composite
def floors(draw: st.DrawFn) -> Floor:
    desks = [Desk(code, code.title(), (), SKILL[code], n) for n, code in enumerate(DESKS, start=1)]
    reqs: list[Requirement] = []
    for d in desks:
        reqs.append(
            Requirement(len(reqs) + 1, d.zone_id, d.code, 7, 15, 127, None, None, draw(st.integers(0, 4)))
        )
        if draw(st.booleans()):
            reqs.append(
                Requirement(len(reqs) + 1, d.zone_id, d.code, 7, 15, 127, None, "zh", draw(st.integers(1, 2)))
            )
        if draw(st.booleans()):
            reqs.append(Requirement(len(reqs) + 1, d.zone_id, d.code, 0, 24, 127, "qa", None, 1))
    shifts = []
    for n in range(draw(st.integers(0, 20))):
        skills = tuple(
            sorted(
                draw(
                    st.dictionaries(
                        st.sampled_from(["ato", "withdrawal", "kyc", "qa"]), st.integers(1, 3), max_size=3
                    )
                ).items()
            )
        )
        languages = (
            ("en", "fluent"),
            *((("zh", draw(st.sampled_from(["native", "working"]))),) if draw(st.booleans()) else ()),
        )
        title = draw(st.sampled_from(["analyst", "analyst", "senior_analyst", "team_lead"]))
        state = draw(st.sampled_from(["present", "present", "break", "absent"]))
        start = NOW - timedelta(hours=3)
        segments = (
            ()
            if state == "absent"
            else ((start, None),)
            if state == "present"
            else ((start, NOW - timedelta(minutes=5)),)
        )
        shifts.append(
            Shift(
                n + 1,
                Person(n + 1, f"P{n:02d}", f"KL{n:04d}", title, skills, languages),
                draw(st.sampled_from(DESKS)),
                start,
                start + timedelta(hours=8),
                segments,
                state == "present",
                state == "break",
            )
        )
    people = len(shifts)
    incidents = [
        OpenIncident(
            draw(st.sampled_from([None, 1, 2, 3, 4])),
            draw(st.integers(1, 4)),
            draw(st.booleans()),
            draw(st.one_of(st.none(), st.integers(1, max(1, people)))),  # often someone on the floor
        )
        for _ in range(draw(st.integers(0, 8)))
    ]
    return desks, reqs, shifts, incidents


@settings(max_examples=250, deadline=None)
@given(floors())
def test_a_move_never_opens_a_gap(floor: Floor) -> None:
    desks, reqs, shifts, incidents = floor
    risk = assess(NOW, TODAY, 10, desks, reqs, shifts, incidents, None, {})
    by_id = {sh.person.agent_id: sh for sh in shifts}
    owners = {i.owner_agent_id for i in incidents}
    loads = {d.desk: d for d in risk.desks}
    moved = [m.agent_id for m in risk.moves]
    assert len(moved) == len(set(moved))  # nobody twice
    after = {sh.person.agent_id: sh.desk for sh in shifts if sh.on_floor}
    for m in risk.moves:
        sh = by_id[m.agent_id]
        assert sh.on_floor
        assert not sh.on_break
        assert m.agent_id not in owners  # owns no open incident
        assert sh.desk == m.from_desk != m.to_desk
        assert loads[m.to_desk].understaffed
        assert not loads[m.from_desk].understaffed
        assert sh.person.counts_for(m.skill, m.language)
        if m.to_desk == "lead":
            assert sh.person.title == "team_lead"
        after[m.agent_id] = m.to_desk
    assert not any(loads[m.to_desk].nobody_can_move for m in risk.moves)
    # Every row of every desk that gave someone still has what it requires, all moves taken together.
    givers = {m.from_desk for m in risk.moves}
    for r in reqs:
        if r.zone_code in givers:  # every window drawn covers 10:00
            have = sum(
                1
                for aid, desk in after.items()
                if desk == r.zone_code and by_id[aid].person.counts_for(r.skill, r.language)
            )
            assert have >= r.min_count, (r, risk.moves)
    # A desk short of people that nobody could help says so.
    for load in risk.desks:
        if load.understaffed and not any(m.to_desk == load.desk for m in risk.moves):
            assert load.nobody_can_move
