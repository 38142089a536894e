"""Who acts comes from the database: the login (PostgreSQL) or OS account (SQLite), mapped to ``users``."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console.auth import Actor
from console.cli import main
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import AuditEntry, User
from console.errors import AccountDisabled, LastAdmin, NotAUser, PermissionDenied, RoleChanged, UnknownRole
from console.identity import login_name, os_account, sign_in
from console.services import incidents, org
from tests.factories import ADMIN, add_users


def test_the_identity_is_the_login_or_the_os_account(db: Database) -> None:
    expected = os_account() if db.is_sqlite else "postgres"
    assert login_name(db) == expected


def test_first_start_makes_the_account_the_first_admin_and_says_so(db: Database) -> None:
    first = sign_in(db, login="ana")
    assert first.first_admin
    assert (first.actor.username, first.actor.role) == ("ana", "admin")
    again = sign_in(db, login="ana")
    assert not again.first_admin
    assert again.actor == first.actor
    with db.reading() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "org.add_user")).one()
    assert (entry.actor, entry.host) == ("ana", first.actor.host)


def test_an_unknown_or_disabled_account_is_refused_with_what_to_do(db: Database) -> None:
    add_users(db, ("ana", "analyst"))
    with pytest.raises(NotAUser) as caught:
        sign_in(db, login="mallory")
    assert "watchfloor user add mallory" in str(caught.value)
    org.set_active(db, ADMIN, "ana", False)
    with pytest.raises(AccountDisabled):
        sign_in(db, login="ana")


def test_the_role_is_read_from_the_database_and_rechecked_on_every_write(db: Database) -> None:
    add_users(db, ("ana", "team_lead"))
    ana = sign_in(db, login="ana").actor
    assert ana.role == "team_lead"
    inc = incidents.open_incident(db, ana, title="x", category="ato_wave", severity=2)
    # Claiming a role in code does not help: the unit of work checks the users table.
    with pytest.raises(RoleChanged):
        incidents.open_incident(db, Actor("ana", "admin"), title="y", category="ato_wave", severity=2)
    with pytest.raises(NotAUser):
        incidents.open_incident(db, Actor("nobody", "admin"), title="y", category="ato_wave", severity=2)
    assert org.set_role(db, ADMIN, "ana", "viewer") == "team_lead"
    with pytest.raises(RoleChanged, match="viewer"):
        incidents.transition(db, ana, inc, "acknowledged", expected_version=1)
    assert sign_in(db, login="ana").actor.role == "viewer"
    org.set_active(db, ADMIN, "ana", False)
    with pytest.raises(AccountDisabled):
        incidents.open_incident(db, Actor("ana", "team_lead"), title="z", category="ato_wave", severity=2)
    with db.reading() as s:
        audited = s.execute(select(AuditEntry.detail).where(AuditEntry.action == "org.set_role")).scalar_one()
    assert audited["before"] == {"role": "team_lead"}
    assert audited["after"] == {"role": "viewer"}


def test_the_last_admin_stays_and_roles_are_checked(db: Database) -> None:
    add_users(db)
    with pytest.raises(LastAdmin):
        org.set_role(db, ADMIN, "admin", "viewer")
    with pytest.raises(LastAdmin):
        org.set_active(db, ADMIN, "admin", False)
    with pytest.raises(UnknownRole, match="admin, analyst, supervisor, system, team_lead, viewer"):
        org.add_user(db, ADMIN, "ben", "Ben", "superuser")
    with pytest.raises(PermissionDenied):
        org.add_user(db, Actor("supervisor", "supervisor"), "ben", "Ben", "admin")
    with db.reading() as s:
        assert s.scalar(select(User.id).where(User.username == "ben")) is None


def test_user_commands_are_for_admins(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    migrate.upgrade(make_engine(sqlite_url))
    me = os_account()
    assert main(["--db", sqlite_url, "whoami"]) == 0
    out = capsys.readouterr()
    assert f"{me} (admin)" in out.out
    assert "first admin" in out.err
    assert (
        main(["--db", sqlite_url, "user", "add", "lead.wong", "--role", "team_lead", "--name", "Wong"]) == 0
    )
    assert main(["--db", sqlite_url, "user", "add", "boss", "--role", "admin"]) == 0
    assert main(["--db", sqlite_url, "user", "add", "x", "--role", "root"]) == 1
    assert "There is no role root" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "user", "disable", "lead.wong"]) == 0
    capsys.readouterr()
    assert main(["--db", sqlite_url, "user", "list"]) == 0
    listing = capsys.readouterr().out
    assert "lead.wong" in listing
    assert "DISABLED" in listing
    assert "Wong" in listing
    db = Database(make_engine(sqlite_url))
    org.set_role(db, Actor("boss", "admin"), me, "analyst")  # this account is no admin any more
    db.dispose()
    assert main(["--db", sqlite_url, "user", "add", "y", "--role", "viewer"]) == 1
    err = capsys.readouterr().err
    assert "may not manage users" in err
    assert len(err.strip().splitlines()) == 1
    assert main(["--db", sqlite_url, "user", "list"]) == 1
