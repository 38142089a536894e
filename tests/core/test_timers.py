"""Timer work exactly once per floor, and two workstations on the same queue, on SQLite and PostgreSQL.

- The leader election in one process: one leads, the next takes over when it lets go or dies; a viewer
  never stands.
- Three ``watchfloor worker`` processes on one floor while SLAs run out: one breach record and one
  escalation per incident; the leader killed, another takes over and nothing is recorded twice.
- Two processes claim the same 300 incidents at once: exactly one winner each, the loser told who.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select

from console.auth import SYSTEM, Actor
from console.db.engine import Database, make_engine
from console.db.models import AuditEntry, Incident, IncidentEvent, Zone
from console.errors import Conflict
from console.floortime import shift_at, utcnow
from console.identity import login_name
from console.services import attendance, incidents, org, rota
from console.services.org import AgentSpec
from console.services.rota import RotaEntry
from console.timers import AdvisoryLock, FileLock, Leader, run_due
from tests.conftest import PG_ADMIN
from tests.factories import ADMIN, TZ, add_users, build_small_floor, floor_now, run_in_threads

ROOT = Path(__file__).resolve().parents[2]
VIEWER = Actor("wall", "viewer")


def wait_for(check: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def second(db: Database) -> Iterator[Database]:
    """The same floor opened by another console (its own engine and connections)."""
    other = Database(make_engine(db.url))
    yield other
    other.dispose()


# -- the election ------------------------------------------------------------------------------------------


def test_one_leader_and_the_next_takes_over(db: Database, second: Database) -> None:
    add_users(db)
    a, b, wall = Leader(db, SYSTEM), Leader(second, SYSTEM), Leader(second, VIEWER)
    try:
        assert wall.tick() is None
        assert not wall.eligible
        assert a.tick() is not None
        assert a.leading
        assert b.tick() is None
        assert not b.leading
        assert a.tick() is not None  # keeps the lead
        a.close()
        assert wall.tick() is None  # a viewer never stands, even with nobody leading
        assert b.tick() is not None
        assert b.leading
        assert a.tick() is None
    finally:
        for leader in (a, b, wall):
            leader.close()


def test_a_leader_whose_session_dies_loses_the_lead(pg_url: str) -> None:
    from console.db import migrate

    db = Database(make_engine(pg_url))
    migrate.upgrade(db.engine)
    add_users(db)
    other = Database(make_engine(pg_url))
    a, b = Leader(db, SYSTEM), Leader(other, SYSTEM)
    try:
        assert a.tick() is not None
        assert b.tick() is None
        assert isinstance(a.election, AdvisoryLock)
        pid = a.election._conn.info.backend_pid
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        wait_for(lambda: b.tick() is not None, 10, "the standby to take over")
        assert a.tick() is None
        assert not a.leading
    finally:
        a.close()
        b.close()
        db.dispose()
        other.dispose()


def test_schemas_on_one_server_elect_a_leader_each(pg_url: str, tmp_path: Path) -> None:
    """The lock is keyed by the floor's schema: two floors in one PostgreSQL database lead separately."""
    import uuid

    from console.db import migrate
    from tests.conftest import pg_schema_url

    schema = f"wf_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    dbs = [Database(make_engine(pg_url)), Database(make_engine(pg_schema_url(schema)))]
    leaders = []
    try:
        for d in dbs:
            migrate.upgrade(d.engine)
            add_users(d)
            leaders.append(Leader(d, SYSTEM))
        assert all(leader.tick() is not None for leader in leaders)
    finally:
        for leader in leaders:
            leader.close()
        for d in dbs:
            d.dispose()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_the_sqlite_lock_file_lives_beside_the_database(sqlite_url: str, tmp_path: Path) -> None:
    from console.db import migrate

    db = Database(make_engine(sqlite_url))
    migrate.upgrade(db.engine)
    add_users(db)
    leader = Leader(db, SYSTEM)
    try:
        assert leader.tick() is not None
        assert isinstance(leader.election, FileLock)
        assert leader.election.path == tmp_path / "floor.db.timers.lock"
        leader.election.path.unlink()  # someone removed it: a second process could lock a new file
        assert leader.tick() is not None  # stood down, then took the new file's lock
        assert FileLock(leader.election.path).acquire() is False
    finally:
        leader.close()
        db.dispose()


def test_a_console_runs_the_leader_on_a_thread(db: Database) -> None:
    small = build_small_floor(db, floor_now())
    leader = Leader(db, SYSTEM, now=lambda: small.now + timedelta(minutes=3))
    stop = threading.Event()
    thread = threading.Thread(target=leader.run, args=(stop, 0.05))
    thread.start()
    try:

        def breached() -> bool:
            with db.reading() as s:
                row = s.get(Incident, small.incidents["p1"])
                return row is not None and row.ack_breached_at is not None

        wait_for(breached, 20, "the breach")
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert not leader.leading
    other = Leader(db, SYSTEM)  # it let go: the next one leads at once
    try:
        assert other.tick() is not None
    finally:
        other.close()


# -- three worker processes --------------------------------------------------------------------------------


def _lead_on_shift_now(db: Database) -> int:
    """An ATO team lead rostered on the shift running now (real time), at their seat."""
    with db.reading() as s:
        slot = shift_at(rota.patterns(s), utcnow(), TZ)
    assert slot is not None
    team = org.add_team(db, ADMIN, "ato-lead", "ATO leads", "ato")
    [kim] = org.add_agents(
        db, ADMIN, [AgentSpec("TKIM", "Kim Full", "Kim", team, "team_lead", "full_time", date(2020, 1, 1))]
    )
    rota.assign(db, ADMIN, [RotaEntry(kim, slot.pattern.code, slot.shift_date)], TZ)
    attendance.record(db, SYSTEM, kim, "clock_in", at=slot.starts_at - timedelta(minutes=1))
    return kim


def _due_soon(db: Database, count: int, seconds: float, zone: int) -> list[int]:
    """P1 incidents whose acknowledge SLA runs out ``seconds`` from now."""
    at = utcnow() - timedelta(minutes=5) + timedelta(seconds=seconds)
    return [
        incidents.open_incident(
            db, SYSTEM, title=f"Wave {i}", category="ato_wave", severity=1, zone_id=zone, at=at
        )
        for i in range(count)
    ]


def _recorded(db: Database, ids: list[int]) -> bool:
    with db.reading() as s:
        done = s.scalar(
            select(func.count()).where(
                Incident.id.in_(ids), Incident.ack_breached_at.is_not(None), Incident.escalation_level > 0
            )
        )
    return done == len(ids)


def test_three_workers_record_each_breach_and_escalation_once(db: Database, tmp_path: Path) -> None:
    build_small_floor(db, floor_now())
    login = login_name(db)  # the workers sign in as this account (the OS account, or the PostgreSQL login)
    add_users(db, (login, "system"))
    kim = _lead_on_shift_now(db)
    with db.reading() as s:
        ato = int(s.scalar(select(Zone.id).where(Zone.code == "ato")) or 0)
    first = _due_soon(db, 6, 4, ato)
    outs = [tmp_path / f"worker{i}.out" for i in range(3)]
    files = [out.open("w") for out in outs]
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "console", "--db", str(db.url.render_as_string(False)), "worker"]
            + ["--interval", "0.3"],
            stdout=f,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        for f in files
    ]

    def leaders() -> list[int]:
        said = [out.read_text() for out in outs]
        return [
            i
            for i, text in enumerate(said)
            if "leading the floor's timers" in text.rsplit("standing by", 1)[-1] and workers[i].poll() is None
        ]

    try:
        wait_for(lambda: _recorded(db, first), 60, "the first breaches")
        wait_for(lambda: len(leaders()) == 1, 10, "one leader")
        [leader] = leaders()
        workers[leader].kill()  # no goodbye: the OS (SQLite) or the server (PostgreSQL) frees its lock
        workers[leader].wait(10)
        second = _due_soon(db, 4, 3, ato)
        wait_for(lambda: _recorded(db, second), 60, "a new leader's breaches")
        [new_leader] = leaders()
        assert new_leader != leader
        time.sleep(1.5)  # a few more rounds by everyone still running: nothing more may be written
    finally:
        for w in workers:
            if w.poll() is None:
                w.terminate()
        codes = [w.wait(20) for w in workers]
        for f in files:
            f.close()
    assert sorted(code == 0 for code in codes) == [False, True, True]  # the killed one, and two clean exits
    with db.reading() as s:
        for inc in first + second:
            kinds = list(
                s.scalars(
                    select(IncidentEvent.kind).where(
                        IncidentEvent.incident_id == inc,
                        IncidentEvent.kind.in_(("sla_breached", "auto_escalated")),
                    )
                )
            )
            assert sorted(kinds) == ["auto_escalated", "sla_breached"], inc
            row = s.get(Incident, inc)
            assert row is not None
            assert (row.escalation_level, row.escalated_to_agent_id, row.version) == (1, kim, 1)
        audits = dict(
            s.execute(
                select(AuditEntry.action, func.count())
                .where(AuditEntry.entity_id.in_([str(i) for i in first + second]))
                .group_by(AuditEntry.action)
            ).all()
        )
    assert audits["incident.sla_breached"] == len(first + second)
    assert audits["incident.auto_escalated"] == len(first + second)
    assert sum("standing by" in out.read_text() for out in outs) >= 2


# -- two workstations, one queue ---------------------------------------------------------------------------


def test_two_workstations_claim_the_same_300_incidents(db: Database) -> None:
    small = build_small_floor(db, floor_now())
    add_users(db, ("lead.ana", "team_lead"), ("lead.ben", "team_lead"))
    ids = [
        incidents.open_incident(db, SYSTEM, title=f"Race {i}", category="kyc_fraud_ring", severity=3)
        for i in range(300)
    ]
    ana, ben = small.agents["Ana"], small.agents["Ben"]
    start = time.time() + 4  # both processes are ready by then
    url = db.url.render_as_string(False)
    procs = {
        user: subprocess.Popen(
            [sys.executable, "-m", "tests.core.claim_race_child", url, user, str(agent), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for user, agent in (("lead.ana", ana), ("lead.ben", ben))
    }
    results = {}
    for user, proc in procs.items():
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        results[user] = json.loads(out.strip().splitlines()[-1])
    won_a, won_b = set(results["lead.ana"]["won"]), set(results["lead.ben"]["won"])
    assert not won_a & won_b
    assert won_a | won_b == set(ids)
    # Every attempt either won or was told, by name, who had won.
    assert {int(k): v for k, v in results["lead.ana"]["lost"].items()} == dict.fromkeys(won_b, "lead.ben")
    assert {int(k): v for k, v in results["lead.ben"]["lost"].items()} == dict.fromkeys(won_a, "lead.ana")
    owner = {**dict.fromkeys(won_a, ana), **dict.fromkeys(won_b, ben)}
    with db.reading() as s:
        rows = {r.id: r for r in s.scalars(select(Incident).where(Incident.id.in_(ids)))}
        acks = s.execute(
            select(IncidentEvent.incident_id, IncidentEvent.actor).where(
                IncidentEvent.incident_id.in_(ids), IncidentEvent.kind == "acknowledged"
            )
        ).all()
        audited = s.scalar(
            select(func.count()).where(
                AuditEntry.action == "incident.acknowledged", AuditEntry.entity_id.in_([str(i) for i in ids])
            )
        )
    assert {i: (r.status, r.version, r.owner_agent_id) for i, r in rows.items()} == {
        i: ("acknowledged", 2, owner[i]) for i in ids
    }
    assert sorted(i for i, _ in acks) == sorted(ids)  # one acknowledgement each, by its winner
    assert {i: actor for i, actor in acks} == {i: "lead.ana" if i in won_a else "lead.ben" for i in ids}
    assert audited == 300
    print(f"claims won: lead.ana {len(won_a)}, lead.ben {len(won_b)}")


def test_run_due_with_nothing_due_writes_nothing(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not even an empty write transaction (on SQLite it would wake every console's follower)."""
    import console.timers

    opened: list[object] = []
    real = console.timers.unit_of_work

    def counting(*args: Any) -> Any:
        opened.append(args)
        return real(*args)

    monkeypatch.setattr(console.timers, "unit_of_work", counting)
    small = build_small_floor(db, floor_now())
    assert not run_due(db, small.now - timedelta(hours=7))  # no incident yet, the shift before 1:45 h over
    assert opened == []
    team = org.add_team(db, ADMIN, "leads", "Leads", "ato")
    [lead] = org.add_agents(
        db, ADMIN, [AgentSpec("TLEE", "Lee Full", "Lee", team, "team_lead", "full_time", date(2020, 1, 1))]
    )
    rota.assign(db, ADMIN, [RotaEntry(lead, small.shift_code, small.shift_date)], TZ)
    attendance.record(db, SYSTEM, lead, "clock_in", at=small.now - timedelta(minutes=50))
    stats = run_due(db, small.now + timedelta(minutes=3))
    assert stats.escalations == 1  # p1 to the lead: level 1
    assert stats.handovers == 1  # the shift before ended 48 minutes ago with no handover: briefed now
    assert len(opened) == 2
    assert not run_due(db, small.now + timedelta(minutes=4))  # level 2 is due at + 7 min
    assert len(opened) == 2
    assert run_due(db, small.now + timedelta(minutes=7)).escalations == 1


def test_two_claims_that_both_read_the_old_version_one_wins(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL (where two write transactions can run at once): both workstations have read version 1
    before either writes. The second UPDATE waits for the first's row lock, finds the version moved on and
    changes nothing; its Conflict names the winner."""
    from console.db import migrate

    db = Database(make_engine(pg_url))
    migrate.upgrade(db.engine)
    small = build_small_floor(db, floor_now())
    add_users(db, ("lead.ana", "team_lead"), ("lead.ben", "team_lead"))
    inc = small.incidents["p1"]
    both_read = threading.Barrier(2, timeout=10)
    load = incidents._load

    def load_then_wait(*args: object) -> Incident:
        row = load(*args)  # type: ignore[arg-type]
        both_read.wait()
        return row

    monkeypatch.setattr(incidents, "_load", load_then_wait)
    engines = [Database(make_engine(pg_url)) for _ in range(2)]
    outcome: dict[str, object] = {}

    def claim(user: str, agent: int, on: Database) -> None:
        try:
            outcome[user] = incidents.claim(
                on, Actor(user, "team_lead"), inc, expected_version=1, owner_agent_id=agent, at=small.now
            )
        except Exception as exc:  # noqa: BLE001 - the outcome is what is checked
            outcome[user] = exc

    run_in_threads(
        claim, ("lead.ana", small.agents["Ana"], engines[0]), ("lead.ben", small.agents["Ben"], engines[1])
    )
    for e in engines:
        e.dispose()
    winners = [u for u, o in outcome.items() if o == 2]
    losers = [o for o in outcome.values() if isinstance(o, Conflict)]
    assert len(winners) == 1
    assert len(losers) == 1
    assert losers[0].fields["who"] == winners[0]
    with db.reading() as s:
        acks = list(
            s.scalars(
                select(IncidentEvent.actor).where(
                    IncidentEvent.incident_id == inc, IncidentEvent.kind == "acknowledged"
                )
            )
        )
    assert acks == winners
    db.dispose()
