"""Who is acting: the signed-in user, from the database's ``users`` table, never from a setting.

The identity is what the operating system or the database server has already verified:

- PostgreSQL: the database login (``current_user``), authenticated by the server (password, Kerberos …);
- the embedded SQLite file: the operating-system account running the console (the file is local to it).

That name is looked up in ``users``; its role comes from there. A floor without any user yet (a brand-new
database) gets the current account as its first admin, and :class:`SignIn` says so.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from sqlalchemy import select, text

from console.auth import ROLE_TITLES, Actor
from console.db.engine import Database
from console.db.models import User
from console.errors import AccountDisabled, NotAUser


def os_account() -> str:
    """The operating-system account running this process (not the ``USER`` variable, which anyone can set)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return os.getlogin()  # GetUserNameW: the signed-in account (getpass reads %USERNAME%)
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


def login_name(db: Database) -> str:
    """The name the database knows this process by: the PostgreSQL login, or the OS account on SQLite."""
    if db.is_sqlite:
        return os_account()
    with db.engine.connect() as conn:
        return str(conn.scalar(text("SELECT current_user")))


@dataclass(frozen=True)
class SignIn:
    actor: Actor
    display_name: str
    first_admin: bool = False  # this start made the account the floor's first admin


def sign_in(db: Database, *, login: str | None = None) -> SignIn:
    """Sign the current account in to ``db``.

    Raises:
        NotAUser: the account has no ``users`` row (and the floor has users).
        AccountDisabled: its row is disabled.
    """
    name = login or login_name(db)
    with db.reading() as s:
        user = s.scalars(select(User).where(User.username == name)).first()
        anyone = user is not None or s.scalar(select(User.id).limit(1)) is not None
    if user is None:
        if anyone or db.read_only_reason:
            raise NotAUser(user=name, where=db.describe())
        return SignIn(*_first_admin(db, name), first_admin=True)
    if not user.active:
        raise AccountDisabled(user=name)
    return SignIn(Actor(user.username, user.role_code), user.display_name)


def _first_admin(db: Database, name: str) -> tuple[Actor, str]:
    from console.services import org

    actor = Actor(name, "admin")
    org.add_user(db, actor, name, name, "admin")
    return actor, name


def role_codes() -> list[str]:
    return list(ROLE_TITLES)
