"""The database itself enforces who edits the catalogue and who stores samples by dimension (PostgreSQL
logins granted by ``watchfloor db roles``, as tests/core/test_db_roles.py sets them up)."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import ProgrammingError

from console.db.engine import Database, make_engine
from console.db.models import IndicatorBreakdown
from console.errors import PermissionDenied
from console.identity import sign_in
from console.services import breakdown, indicators
from tests.core import test_db_roles
from tests.core.test_db_roles import as_login, libpq

pytestmark = pytest.mark.postgres
# The roles tests' fixtures: their logins, and a small floor granted to them.
logins = test_db_roles.logins
floor_url = test_db_roles.floor_url

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BREAKDOWN_INSERT = (
    "INSERT INTO indicator_breakdown (indicator_id, ts, dims, value) "
    "SELECT id, now(), 'region=MY', 1 FROM risk_indicators LIMIT 1"
)


@pytest.mark.parametrize("role", ["viewer", "analyst", "team_lead", "system"])
def test_only_supervisors_and_admins_may_edit_the_catalogue_even_in_plain_sql(
    floor_url: str, role: str
) -> None:
    db = Database(make_engine(as_login(floor_url, role)))
    try:
        actor = sign_in(db).actor
        with db.reading() as s:
            entry = indicators.catalogue(s)[0]
        with pytest.raises(PermissionDenied):
            indicators.update(db, actor, entry.id, {"warning": 1}, expected_version=entry.version)
        # Code that skipped the service's check is refused by the database.
        for stmt in (
            "UPDATE risk_indicators SET warning = 0, version = version + 1",
            "UPDATE indicator_names SET name = 'x'",
            "INSERT INTO risk_indicators (key, name, unit, direction, warning, critical, interval_seconds, "
            "department_id, display_order) "
            "SELECT 'x.y', 'x', 'n', 'higher', 1, 2, 60, id, 99 FROM departments LIMIT 1",
        ):
            with pytest.raises(ProgrammingError, match="permission denied"), db.writing() as s:
                s.execute(text(stmt))
        with db.reading() as s:
            assert indicators.catalogue(s)[0] == entry
    finally:
        db.dispose()


@pytest.mark.parametrize("role", ["viewer", "analyst", "team_lead", "supervisor"])
def test_only_feeds_store_samples_by_dimension(floor_url: str, role: str) -> None:
    with psycopg.connect(libpq(as_login(floor_url, role)), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
            conn.execute(BREAKDOWN_INSERT)
        assert conn.execute("SELECT count(*) FROM indicator_breakdown").fetchone() == (0,)  # everyone reads


def test_a_supervisor_login_edits_and_a_system_login_ingests_through_the_services(floor_url: str) -> None:
    """The grants are enough for the work itself: the edit (risk_indicators, indicator_names, the audit log)
    and the ingest (the temporary tables, COPY, both sample tables)."""
    supervisor = Database(make_engine(as_login(floor_url, "supervisor")))
    system = Database(make_engine(as_login(floor_url, "system")))
    try:
        who = sign_in(supervisor).actor
        with supervisor.reading() as s:
            entry = indicators.catalogue(s)[0]
        version = indicators.update(
            supervisor,
            who,
            entry.id,
            {"warning": 1700, "names": {"zh_CN": "登录失败"}, "sop": "ato_wave"},
            expected_version=entry.version,
        )
        assert version == entry.version + 1
        bot = sign_in(system).actor
        at = (datetime(2030, 1, 1, tzinfo=UTC) - EPOCH) // (
            datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC) - EPOCH
        )
        stored = breakdown.ingest_dimensioned(
            system, bot, [entry.id] * 3, [at, at, at], [1.0, 2.0, 3.0], ["", "region=MY", "region=SG"]
        )
        assert (stored.samples, stored.breakdown) == (1, 2)
        with system.reading() as s:
            assert len(s.scalars(select(IndicatorBreakdown)).all()) == 2
    finally:
        supervisor.dispose()
        system.dispose()
