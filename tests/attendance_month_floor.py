"""A hand-checked month of attendance (November 2026, floor time) for the roster, leave and month tests.

Ana (ATO desk), Morning 2-5 Nov: on time with a 30-min break; clocked in at 07:05:00 (on time, to the
second) and out 20 min late; clocked in at 07:05:01 (5 min late, note "train delay"), out 10 min early,
45-min break; absent. She is also on the Morning shift of 1 Dec (not November's).
Ben (ATO desk): 12-hour day shift on 10 Nov, in at 07:20 (20 min late); Night 29 Nov (to become sick leave
through a request); Night 30 Nov, crossing midnight and the month's end: in 22:50, out 07:30 on 1 Dec
(30 min overtime).
The third agent's name and team start like formulas (``=cmd…``, ``@SUM…``); Evening 20 Nov on annual leave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from console.db.engine import Database
from console.services import attendance, org, rota
from console.services.attendance import Edge
from console.services.org import AgentSpec
from console.services.rota import RotaEntry
from tests.factories import ADMIN, TZ, add_users

MONTH = date(2026, 11, 1)
AFTER = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)  # 12:00 floor time on 1 Dec: November is over
EVIL_NAME = "=cmd|' /C calc'!A0"
EVIL_TEAM = "@SUM(1+1)"


@dataclass
class MonthFloor:
    agents: dict[str, int]


def at(day: int, hh: int, mm: int, ss: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hh, mm, ss, tzinfo=TZ).astimezone(UTC)


def build_month_floor(db: Database) -> MonthFloor:
    add_users(db, ("lead", "team_lead"), ("ana.analyst", "analyst"))
    for code, name, start, minutes in (
        ("M", "Morning", time(7), 480),
        ("E", "Evening", time(15), 480),
        ("N", "Night", time(23), 480),
        ("D12", "Day 12 h", time(7), 720),
        ("N12", "Night 12 h", time(19), 720),
    ):
        rota.add_shift_template(db, ADMIN, code, name, start, minutes)
    ato = org.add_team(db, ADMIN, "ato", "ATO desk", "ato")
    kyc = org.add_team(db, ADMIN, "kyc", EVIL_TEAM, "kyc")
    names = (("Ana", ato), ("Ben", ato), (EVIL_NAME, kyc))
    ids = org.add_agents(
        db,
        ADMIN,
        [
            AgentSpec(f"KL{i:04d}", f"{n} Full", n, team, "analyst", "full_time", date(2024, 1, 1))
            for i, (n, team) in enumerate(names, start=1)
        ],
    )
    agents = {n: i for (n, _), i in zip(names, ids, strict=True)}
    ana, ben, cat = agents["Ana"], agents["Ben"], agents[EVIL_NAME]
    rota.assign(
        db,
        ADMIN,
        [RotaEntry(ana, "M", date(2026, 11, d)) for d in (2, 3, 4, 5)]
        + [RotaEntry(ana, "M", date(2026, 12, 1))]
        + [
            RotaEntry(ben, "D12", date(2026, 11, 10)),
            RotaEntry(ben, "N", date(2026, 11, 29)),
            RotaEntry(ben, "N", date(2026, 11, 30)),
            RotaEntry(cat, "E", date(2026, 11, 20), status="leave", leave_type="annual"),
        ],
        TZ,
    )
    attendance.record_many(
        db,
        ADMIN,
        [
            Edge(ana, "clock_in", at(2, 6, 58)),
            Edge(ana, "break_start", at(2, 10, 0)),
            Edge(ana, "break_end", at(2, 10, 30)),
            Edge(ana, "clock_out", at(2, 15, 0)),
            Edge(ana, "clock_in", at(3, 7, 5, 0)),
            Edge(ana, "clock_out", at(3, 15, 20)),
            Edge(ana, "clock_in", at(4, 7, 5, 1), note="train delay"),
            Edge(ana, "break_start", at(4, 12, 0)),
            Edge(ana, "break_end", at(4, 12, 45)),
            Edge(ana, "clock_out", at(4, 14, 50), note="doctor"),
            Edge(ben, "clock_in", at(10, 7, 20)),
            Edge(ben, "clock_out", at(10, 19, 0)),
            Edge(ben, "clock_in", at(30, 22, 50)),
            Edge(ben, "clock_out", at(1, 7, 30, month=12)),
        ],
    )
    return MonthFloor(agents)
