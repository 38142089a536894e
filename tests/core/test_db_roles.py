"""PostgreSQL enforces the roles itself (``watchfloor db roles``): each console login is tried as an attacker.

Logins ``wft_<role>`` are made once on the test server (trust authentication, as all its logins) and kept;
each test grants them on its own fresh schema, which is dropped afterwards with its grants.
"""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from console import audit
from console.cli import main
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import Change
from console.errors import PermissionDenied
from console.identity import sign_in
from console.services import handoffs, incidents, indicators, org
from console.timers import Leader
from tests.conftest import PG_ADMIN
from tests.factories import ADMIN, build_small_floor, floor_now

pytestmark = pytest.mark.postgres

ROLES = ("viewer", "analyst", "team_lead", "supervisor", "admin", "system")

# Nobody a console uses may do any of these (the schema owner alone can).
FORBIDDEN_FOR_ALL = (
    "TRUNCATE audit_log",
    "TRUNCATE change_feed",
    "TRUNCATE incidents",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
    "DROP TRIGGER audit_log_append_only ON audit_log",
    "DROP TRIGGER audit_log_no_truncate ON audit_log",
    "DROP TABLE incidents",
    "DROP TABLE audit_log",
    "ALTER TABLE incidents ADD COLUMN sneaky integer",
    "UPDATE audit_log SET actor = 'someone else'",
    "DELETE FROM audit_log",
    "DELETE FROM change_feed",
    "UPDATE change_feed SET op = 'x'",
    "INSERT INTO change_feed (seq, at, topic, entity_id, op) VALUES (999999, now(), 'team', 1, 'insert')",
    "CREATE TABLE stash (x integer)",
    "UPDATE roles SET name = 'x'",
)
SAMPLE_INSERT = (
    "INSERT INTO indicator_samples (indicator_id, ts, value) SELECT id, now(), 1 FROM risk_indicators LIMIT 1"
)
# What each role may not change on top of that.
FORBIDDEN = {
    "viewer": (
        "INSERT INTO audit_log (id, at, actor, role, action, entity) "
        "VALUES (999999, now(), 'x', 'x', 'x', 'x')",
        "UPDATE incidents SET title = 'defaced'",
        "DELETE FROM incident_events",
        "UPDATE incident_handoffs SET response = 'answered'",
        SAMPLE_INSERT,
        "UPDATE users SET role_code = 'admin'",
        "UPDATE attendance_events SET kind = 'clock_in'",
    ),
    "analyst": (
        "UPDATE users SET role_code = 'admin'",
        "INSERT INTO users (username, display_name, role_code, active) VALUES ('x', 'x', 'admin', true)",
        "UPDATE feed_settings SET retention_hours = 1",
        "UPDATE risk_indicators SET warning = 0",
        "DELETE FROM seats",
        SAMPLE_INSERT,
        "UPDATE incident_sla SET ack_minutes = 600",
    ),
    "team_lead": (
        "UPDATE users SET role_code = 'admin'",
        "DELETE FROM seats",
        "UPDATE feed_settings SET retention_hours = 1",
    ),
    "supervisor": ("UPDATE users SET role_code = 'admin'", "UPDATE feed_settings SET retention_hours = 1"),
    "admin": (),
    "system": (
        "UPDATE users SET role_code = 'admin'",
        "DELETE FROM seats",
        "UPDATE risk_indicators SET warning = 0",
    ),
}


def login(role: str) -> str:
    return f"wft_{role}"


@pytest.fixture(scope="module")
def logins() -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        for role in ROLES:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login(role),)).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login(role))))


def as_login(url: str, role: str) -> str:
    return make_url(url).set(username=login(role)).render_as_string(hide_password=False)


def libpq(url: str) -> str:
    """The URL as psycopg takes it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def floor_url(pg_url: str, logins: None) -> str:
    """A small floor whose users include one ``wft_<role>`` login per role, with the grants applied."""
    db = Database(make_engine(pg_url))
    migrate.upgrade(db.engine)
    build_small_floor(db, floor_now())
    for role in ROLES:
        org.add_user(db, ADMIN, login(role), f"Test {role}", role)
    db.dispose()
    assert main(["--db", pg_url, "db", "roles"]) == 0
    return pg_url


@pytest.mark.parametrize("role", ROLES)
def test_every_forbidden_statement_fails_for_each_role(floor_url: str, role: str) -> None:
    with psycopg.connect(libpq(as_login(floor_url, role)), autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM incidents").fetchone()[0] > 0  # everyone reads
        assert conn.execute("SELECT count(*) FROM change_feed").fetchone()[0] > 0
        for stmt in (*FORBIDDEN_FOR_ALL, *FORBIDDEN[role]):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(stmt)  # type: ignore[arg-type]


def test_a_viewer_login_can_only_read(floor_url: str) -> None:
    db = Database(make_engine(as_login(floor_url, "viewer")))
    try:
        actor = sign_in(db).actor
        assert (actor.username, actor.role) == ("wft_viewer", "viewer")
        with pytest.raises(PermissionDenied):
            incidents.open_incident(db, actor, title="x", category="ato_wave", severity=2)
        # Code that skipped the services' check would still be refused, by the database.
        with pytest.raises(ProgrammingError, match="permission denied"), db.writing() as s:
            s.execute(text("UPDATE incidents SET title = 'x'"))
    finally:
        db.dispose()


def test_console_logins_work_the_floor_through_the_services_and_the_feed_and_chain_follow(
    floor_url: str,
) -> None:
    """The grants are enough for each role's own work: the feed (written by the owner's triggers) and the
    audit chain (appended under the feed lock) keep working for ordinary logins."""
    now = floor_now()
    analyst = Database(make_engine(as_login(floor_url, "analyst")))
    system = Database(make_engine(as_login(floor_url, "system")))
    try:
        who = sign_in(analyst).actor
        assert who.role == "analyst"
        with analyst.reading() as s:
            before = s.scalar(select(func.max(Change.seq)))
        inc = incidents.open_incident(analyst, who, title="ATO wave", category="ato_wave", severity=2, at=now)
        incidents.transition(analyst, who, inc, "acknowledged", expected_version=1, at=now)
        with analyst.reading() as s:
            dept = s.scalar(text("SELECT id FROM departments LIMIT 1"))
        hid = handoffs.request(analyst, who, inc, dept, "Check the wallets", at=now)
        handoffs.respond(analyst, who, hid, "Clean", confirmed_by="Lin", at=now)
        incidents.add_note(analyst, who, inc, "Handoff answered", at=now)
        bot = sign_in(system).actor
        leader = Leader(system, bot, now=lambda: now + timedelta(hours=5))  # a system login leads the timers
        try:
            stats = leader.tick()
        finally:
            leader.close()
        assert stats is not None
        assert stats.resolve_breaches >= 1
        with system.reading() as s:
            ind = s.scalar(text("SELECT id FROM risk_indicators LIMIT 1"))
        assert (
            indicators.ingest(
                system, bot, [(ind, now.replace(second=31, microsecond=0) + timedelta(days=1), 3.0)]
            )
            == 1
        )
        with analyst.reading() as s:
            topics = set(s.scalars(select(Change.topic).where(Change.seq > before)))
        assert {"incident", "samples"} <= topics
        with analyst.engine.connect() as conn:
            verdict = audit.verify(conn)
        assert verdict.intact, verdict.problem
        assert verdict.records > 0
    finally:
        analyst.dispose()
        system.dispose()


def test_db_roles_is_for_postgresql_only(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    migrate.upgrade(make_engine(sqlite_url))
    assert main(["--db", sqlite_url, "db", "roles"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err
