"""A small floor for rota tests: two desks, nine agents on fixed dates in March 2027 (a month end inside)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from console.auth import Actor
from console.db.engine import Database
from console.services import floor, org, rota, staffing
from console.services.floor import ZoneSpec
from console.services.org import AgentSpec
from console.services.rota import RotaEntry
from tests.factories import ADMIN, TZ, add_users

SUPERVISOR = Actor("supervisor", "supervisor")
FIRST = date(2027, 3, 22)  # a Monday; the period of two weeks runs past the month's end
NOW = datetime(2027, 3, 21, 12, tzinfo=UTC)  # the day before


@dataclass
class RotaFloor:
    agents: dict[str, int]
    floor_id: int


def build_rota_floor(db: Database) -> RotaFloor:
    add_users(db)
    for code, name, hour, minutes in (
        ("M", "Morning", 7, 480),
        ("E", "Evening", 15, 480),
        ("N", "Night", 23, 480),
        ("D12", "Day (12 h)", 7, 720),
        ("N12", "Night (12 h)", 19, 720),
    ):
        rota.add_shift_template(db, ADMIN, code, name, time(hour), minutes)
    floor_id = floor.create_floor(
        db,
        ADMIN,
        "T1",
        "Test floor",
        "Asia/Kuala_Lumpur",
        [
            ZoneSpec("ato", "ATO desk", (("zh_CN", "盗号处置席"),), "ato", 0, 0, 4, 2, [("A1", 0.5, 0.5)]),
            ZoneSpec("kyc", "KYC review", (("zh_CN", "KYC 审核"),), "kyc", 5, 0, 4, 2, [("B1", 5.5, 0.5)]),
        ],
    )
    ato = org.add_team(db, ADMIN, "ato-m", "ATO desk", "ato")
    kyc = org.add_team(db, ADMIN, "kyc-d", "KYC review", "kyc")
    names = ["Ana", "Ben", "Chen", "Dev", "Eve", "Fay", "Gus", "Hui", "Ian"]
    ids = org.add_agents(
        db,
        ADMIN,
        [
            AgentSpec(
                f"KL{i:04d}",
                f"{n} Full",
                n,
                ato if i <= 6 else kyc,
                "analyst",
                "full_time",
                date(2024, 1, 1),
                {"en": "fluent", "zh": "native"} if n in ("Chen", "Hui") else {"en": "fluent"},
                {"ato": 2} if i <= 6 else {"kyc": 2},
            )
            for i, n in enumerate(names, start=1)
        ],
    )
    agents = dict(zip(names, ids, strict=True))
    add_users(db, ("lead", "team_lead"))
    for n in ("Ana", "Ben"):
        org.add_user(db, ADMIN, n.lower(), n, "analyst", agent_id=agents[n])
    for desk, start, end, count in (
        ("ato", 7, 15, 2),
        ("ato", 15, 23, 1),
        ("ato", 23, 7, 1),
        ("kyc", 7, 19, 1),
    ):
        staffing.set_requirement(db, SUPERVISOR, desk, start, end, count)
    # Two weeks before the period: the ATO people on M, M, E, E, N, N; KYC on D12 (five on, two off).
    usual = {
        "Ana": "M",
        "Ben": "M",
        "Chen": "E",
        "Dev": "E",
        "Eve": "N",
        "Fay": "N",
        "Gus": "D12",
        "Hui": "D12",
    }
    entries = []
    for i, (name, code) in enumerate(usual.items()):
        for k in range(14, 0, -1):
            day = FIRST - timedelta(days=k)
            if (day.toordinal() + i) % 7 < 5:
                entries.append(RotaEntry(agents[name], code, day))
    rota.assign(db, SUPERVISOR, entries, TZ)
    return RotaFloor(agents, floor_id)
