"""Open the configured database: credentials, reachability and the schema check in one place."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from console.db import migrate
from console.db.engine import Database, describe_url, make_engine, normalise_url
from console.db.migrate import SchemaState
from console.errors import DatabaseUnavailable, PasswordRequired, SchemaOutdated, SchemaTooNew, WrongPassword
from console.i18n import translate

log = logging.getLogger(__name__)

# Called with the reason a password is being asked for; returns the password or None (cancelled).
PasswordPrompt = Callable[[str], str | None]

AUTH_HINTS = ("password authentication failed", "no password supplied", "password is required")


def _reachable(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def open_database(
    url: str,
    *,
    prompt: PasswordPrompt | None = None,
    password: str | None = None,
    upgrade_embedded: bool = True,
) -> Database:
    """Connect, ask for a password if the server wants one, and check the schema.

    ``password`` (typed by the user) takes the place of the keyring's. Without a ``prompt``, a server that
    wants a password raises :class:`PasswordRequired` (its ``reason`` field says why none was at hand), so a
    GUI can connect on a worker thread and ask on its own thread.

    The embedded SQLite file is created and upgraded on the spot. A shared PostgreSQL is never upgraded
    implicitly (other workstations depend on it): an older schema is an error naming the command to run.
    A schema newer than this build opens read-only.
    """
    parsed = normalise_url(url)
    where = describe_url(parsed)
    typed_in = password is not None
    if not typed_in and parsed.get_backend_name() == "postgresql" and not parsed.password:
        from console import credentials  # the keyring is loaded only where a password may be stored

        password = credentials.get_password(parsed)
    db = Database(make_engine(parsed, password=password))
    for attempt in range(3):
        try:
            _reachable(db)
            break
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            db.dispose()
            if any(h in reason for h in AUTH_HINTS) and attempt < 2:
                if typed_in and prompt is None:
                    raise WrongPassword(where=where) from exc
                from console import credentials

                why = translate("Errors", credentials.keyring_status() or credentials.NOTHING_STORED)
                typed = prompt(why) if prompt else None
                if not typed:
                    raise PasswordRequired(where=where, reason=why) from exc
                typed_in = True
                db = Database(make_engine(parsed, password=typed))
                continue
            raise DatabaseUnavailable(where=where, reason=reason) from exc
    status = migrate.schema_status(db.engine)
    if status.state in (SchemaState.EMPTY, SchemaState.OUTDATED):
        if db.is_sqlite and upgrade_embedded:
            log.info("upgrading %s from %s to %s", where, status.found, status.known)
            migrate.upgrade(db.engine)
        else:
            db.dispose()
            raise SchemaOutdated(found=status.found or "empty", known=status.known)
    elif status.state is SchemaState.TOO_NEW:
        reason = SchemaTooNew(found=status.found, known=status.known).message()
        log.warning("%s: %s", where, reason)
        return Database(db.engine, read_only_reason=reason)
    return db
