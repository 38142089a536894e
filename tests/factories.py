"""A small, exactly known floor for tests: every row is chosen so assertions can name it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from console.auth import SYSTEM, Actor
from console.db.engine import Database
from console.floortime import shift_at
from console.services import attendance, floor, incidents, indicators, org, rota
from console.services.floor import ZoneSpec
from console.services.indicators import IndicatorSpec
from console.services.org import AgentSpec
from console.services.rota import RotaEntry

ADMIN = Actor("admin", "admin")
TZ = ZoneInfo("Asia/Kuala_Lumpur")
# The users every test floor has (the services check each writer against the users table).
USERS = (
    ("admin", "admin"),
    ("supervisor", "supervisor"),
    ("system", "system"),
    ("simulator", "system"),
    ("wall", "viewer"),
)


def add_users(db: Database, *extra: tuple[str, str]) -> None:
    """The standard users (the first one, ``admin``, founds the floor) and ``extra`` ``(username, role)``;
    those already there are kept."""
    with db.reading() as s:
        there = {u.username for u in org.users(s)}
    for username, role in (*USERS, *extra):
        if username not in there:
            org.add_user(db, ADMIN, username, username.title(), role)


@dataclass
class SmallFloor:
    now: datetime
    shift_code: str
    shift_date: date
    agents: dict[str, int]
    seats: dict[str, int]
    indicators: dict[str, int]
    incidents: dict[str, int]
    floor_id: int


def build_small_floor(db: Database, now: datetime) -> SmallFloor:
    """Two zones, six seats, five agents on the shift running at ``now``.

    Attendance at ``now``: Ana present, Ben late (20 min), Chen on break, Dev absent (no clock-in, 40+ min
    into the shift is guaranteed by choosing ``now``), Eve on leave. Seat A3 and B3 are empty.
    """
    add_users(db)
    rota.add_shift_template(db, ADMIN, "M", "Morning", time(7), 480)
    rota.add_shift_template(db, ADMIN, "E", "Evening", time(15), 480)
    rota.add_shift_template(db, ADMIN, "N", "Night", time(23), 480)
    with db.reading() as s:
        slot = shift_at(rota.patterns(s), now, TZ)
    assert slot is not None
    org.add_departments(
        db,
        ADMIN,
        [
            ("risk_mgmt", "Risk Management", {"zh_CN": "风险管理部"}),
            ("compliance", "Compliance", {"zh_CN": "合规部"}),
        ],
    )
    team = org.add_team(db, ADMIN, "ato", "ATO desk", "ato")
    names = ["Ana", "Ben", "Chen", "Dev", "Eve"]
    ids = org.add_agents(
        db,
        ADMIN,
        [
            AgentSpec(
                f"KL{i:04d}",
                f"{n} Full",
                n,
                team,
                "analyst",
                "full_time",
                date(2024, 1, 1),
                {"en": "fluent", "zh": "native"} if n == "Chen" else {"en": "fluent"},
                {"ato": 2},
            )
            for i, n in enumerate(names, start=1)
        ],
    )
    agents = dict(zip(names, ids, strict=True))
    floor_id = floor.create_floor(
        db,
        ADMIN,
        "T1",
        "Test floor",
        "Asia/Kuala_Lumpur",
        [
            ZoneSpec(
                "ato",
                "ATO desk",
                (("zh_CN", "盗号处置席"),),
                "ato",
                0,
                0,
                4,
                2,
                [("A1", 0.5, 0.5), ("A2", 1.5, 0.5), ("A3", 2.5, 0.5)],
            ),
            ZoneSpec(
                "kyc",
                "KYC review",
                (("zh_CN", "KYC 审核"),),
                "kyc",
                5,
                0,
                4,
                2,
                [("B1", 5.5, 0.5), ("B2", 6.5, 0.5), ("B3", 7.5, 0.5)],
            ),
        ],
    )
    with db.reading() as s:
        from sqlalchemy import select

        from console.db.models import Seat

        seats = {code: sid for sid, code in s.execute(select(Seat.id, Seat.code)).all()}
    pattern_id = slot.pattern.id
    for seat, name in [("A1", "Ana"), ("A2", "Ben"), ("B1", "Chen"), ("B2", "Dev")]:
        floor.assign_seat(
            db, ADMIN, seats[seat], agents[name], pattern_id, slot.shift_date - timedelta(days=30)
        )
    rota.assign(
        db,
        ADMIN,
        [RotaEntry(agents[n], slot.pattern.code, slot.shift_date) for n in ["Ana", "Ben", "Chen", "Dev"]]
        + [RotaEntry(agents["Eve"], slot.pattern.code, slot.shift_date, status="leave", leave_type="annual")],
        TZ,
    )
    start = slot.starts_at
    attendance.record(db, SYSTEM, agents["Ana"], "clock_in", at=start - timedelta(minutes=8), source="badge")
    attendance.record(db, SYSTEM, agents["Ben"], "clock_in", at=start + timedelta(minutes=20), source="badge")
    attendance.record(db, SYSTEM, agents["Chen"], "clock_in", at=start - timedelta(minutes=2), source="badge")
    attendance.record(
        db, SYSTEM, agents["Chen"], "break_start", at=now - timedelta(minutes=5), source="console"
    )
    ind_ids = indicators.define(
        db,
        ADMIN,
        [
            IndicatorSpec(
                "ato.failed_logins",
                "Failed logins",
                (("zh_CN", "登录失败次数"),),
                "count/min",
                "higher",
                1800,
                3600,
                "risk_mgmt",
            ),
            IndicatorSpec(
                "ops.auto_approval_rate",
                "Auto-approval rate",
                (("zh_CN", "自动审批率"),),
                "%",
                "lower",
                75,
                65,
                "risk_mgmt",
            ),
        ],
    )
    inds = {"failed": ind_ids[0], "approval": ind_ids[1]}
    base = now.replace(second=0, microsecond=0)
    indicators.ingest(
        db,
        SYSTEM,
        [(inds["failed"], base - timedelta(minutes=m), 500.0 + m) for m in range(60, 0, -1)]
        + [(inds["approval"], base - timedelta(minutes=m), 88.0) for m in range(60, 0, -1)],
    )
    inc = {
        "p1": incidents.open_incident(
            db,
            SYSTEM,
            title="Credential-stuffing wave on login edge",
            category="ato_wave",
            severity=1,
            at=now - timedelta(minutes=3),
        ),
        "p3": incidents.open_incident(
            db,
            SYSTEM,
            title="KYC rejection rate drifting up",
            category="kyc_fraud_ring",
            severity=3,
            at=now - timedelta(hours=2),
        ),
        "done": incidents.open_incident(
            db,
            SYSTEM,
            title="Chargeback burst from one BIN",
            category="fraud_wave",
            severity=2,
            at=now - timedelta(hours=5),
        ),
    }
    incidents.transition(
        db,
        SYSTEM,
        inc["p3"],
        "acknowledged",
        expected_version=1,
        owner_agent_id=agents["Ana"],
        at=now - timedelta(hours=1, minutes=50),
    )
    incidents.transition(db, SYSTEM, inc["done"], "resolved", expected_version=1, at=now - timedelta(hours=1))
    return SmallFloor(now, slot.pattern.code, slot.shift_date, agents, seats, inds, inc, floor_id)


def floor_now() -> datetime:
    """A moment 45 minutes into a shift (so the no-show rule has fired), a few minutes ago."""
    from console.floortime import utcnow

    local = utcnow().astimezone(TZ)
    starts = [7, 15, 23]
    for back in range(0, 48):
        cand = (local - timedelta(hours=back)).replace(minute=45, second=0, microsecond=0)
        if cand.hour in starts and cand <= local:
            return cand.astimezone(ZoneInfo("UTC"))
    raise AssertionError("unreachable")


def run_in_threads(target: Callable[..., None], *calls: tuple[Any, ...], timeout: float = 60.0) -> None:
    """Call ``target`` once per argument tuple, each on its own thread, all at once; wait for them all."""
    threads = [threading.Thread(target=target, args=args) for args in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a thread did not finish"
