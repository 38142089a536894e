"""Open the configured database: credentials, reachability, the file's integrity and the schema check in
one place; and ``watchfloor db create``'s new SQLite file."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from console.db import integrity, migrate
from console.db.engine import Database, describe_url, make_engine, normalise_url, sqlite_path
from console.db.migrate import SchemaState
from console.errors import (
    DatabaseFileExists,
    DatabaseUnavailable,
    NoSuchFolder,
    NotASqlitePath,
    PasswordRequired,
    SchemaOutdated,
    SchemaTooNew,
    WrongPassword,
)
from console.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

# Called with the reason a password is being asked for; returns the password or None (cancelled).
PasswordPrompt = Callable[[str], str | None]

AUTH_HINTS = ("password authentication failed", "no password supplied", "password is required")
PROMPTS = 3  # passwords asked for at most, per connection
STORED_REFUSED = QT_TRANSLATE_NOOP("Errors", "The password stored in the system keyring was not accepted.")


def _reachable(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _first_line(exc: OperationalError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig and str(exc.orig).strip() else type(exc).__name__


def connect_database(
    url: str,
    *,
    prompt: PasswordPrompt | None = None,
    password: str | None = None,
    create: bool = False,
) -> Database:
    """Reach the database, with a password when the server wants one; nothing about the schema.

    The first try goes without a password (unless one is given): the keyring is looked at only once the
    server refused, so a server that trusts the workstation, and the embedded file, never load it (about
    160 ms here). A stored password is used without a word; with none stored, or a stored or typed one
    refused, ``prompt`` asks (at most :data:`PROMPTS` times). ``password`` (typed by the user) takes the
    place of the keyring's. Without a ``prompt``, a server that wants a password raises
    :class:`PasswordRequired` (its ``reason`` says why none was at hand) or :class:`WrongPassword`, so a GUI
    can connect on a worker thread and ask on its own thread.

    ``create``: make a SQLite file that is not there (the embedded default only).

    Raises:
        DatabaseUnavailable, PasswordRequired, WrongPassword, and the address's errors (see make_engine)
    """
    parsed = normalise_url(url)
    where = describe_url(parsed)
    # Where the password tried last came from: None (no password), "keyring", or "given" (typed, URL).
    source = "given" if password is not None or parsed.password else None
    prompts = 0
    db = Database(make_engine(parsed, password=password, create=create))
    while True:
        try:
            with integrity.sqlite_errors(db):
                _reachable(db)
            return db
        except OperationalError as exc:
            db.dispose()
            reason = _first_line(exc)
            if not any(hint in reason for hint in AUTH_HINTS):
                raise DatabaseUnavailable(where=where, reason=reason) from exc
            if source is None:
                from console import credentials  # loaded only now: the server wants a password

                stored = credentials.get_password(parsed)
                if stored:
                    source = "keyring"
                    db = Database(make_engine(parsed, password=stored))
                    continue
                why = translate("Errors", credentials.keyring_status() or credentials.NOTHING_STORED)
            elif source == "keyring":
                why = translate("Errors", STORED_REFUSED)
            elif prompt is None or prompts >= PROMPTS:
                raise WrongPassword(where=where) from exc
            else:
                why = WrongPassword(where=where).message()
            typed = prompt(why) if prompt is not None and prompts < PROMPTS else None
            prompts += 1
            if not typed:
                raise PasswordRequired(where=where, reason=why) from exc
            source = "given"
            db = Database(make_engine(parsed, password=typed))


def open_database(
    url: str,
    *,
    prompt: PasswordPrompt | None = None,
    password: str | None = None,
    upgrade_embedded: bool = True,
    create: bool = False,
    check_integrity: bool = False,
) -> Database:
    """Connect (see :func:`connect_database`), check the file and the schema.

    ``create`` makes a SQLite file that is not there: pass it for the embedded default only
    (:attr:`console.settings.Settings.database_is_default`); an explicit path that is not there is refused.
    ``check_integrity`` runs SQLite's ``quick_check`` on the file first (the command line does; the
    console runs it after its first paint, :mod:`ui.integrity`).

    A SQLite file is upgraded on the spot. A shared PostgreSQL is never upgraded implicitly (other
    workstations depend on it): an older schema is an error naming the command to run. A schema newer than
    this build opens read-only.

    Raises:
        WatchfloorError: any of connect_database's, DatabaseDamaged, NotADatabase, SchemaOutdated.
    """
    db = connect_database(url, prompt=prompt, password=password, create=create)
    where = db.describe()
    try:
        if check_integrity:
            integrity.check(db)
        with integrity.sqlite_errors(db):
            status = migrate.schema_status(db.engine)
            if status.state in (SchemaState.EMPTY, SchemaState.OUTDATED):
                if not (db.is_sqlite and upgrade_embedded):
                    raise SchemaOutdated(found=status.found or "empty", known=status.known)
                log.info("upgrading %s from %s to %s", where, status.found, status.known)
                migrate.upgrade(db.engine)
    except BaseException:
        db.dispose()
        raise
    if status.state is SchemaState.TOO_NEW:
        reason = SchemaTooNew(found=status.found, known=status.known).message()
        log.warning("%s: %s", where, reason)
        return Database(db.engine, read_only_reason=reason)
    return db


def create_database(path: str) -> Database:
    """A new SQLite file at ``path``, migrated to the newest schema (``watchfloor db create``).

    Made with ``O_EXCL``: a file that exists, even one made a moment ago by someone else, is never touched.
    A failed migration removes what it made.

    Raises:
        NotASqlitePath, DatabaseFileExists, NoSuchFolder, DatabaseUnavailable (the folder is not writable)
    """
    parsed = normalise_url(path)
    file = sqlite_path(parsed)
    if file is None:
        kind = parsed.get_backend_name() if parsed.get_backend_name() != "sqlite" else ":memory:"
        raise NotASqlitePath(kind=kind)
    if file.exists() or file.is_symlink():
        raise DatabaseFileExists(path=str(file))
    if not file.parent.is_dir():
        raise NoSuchFolder(path=str(file), folder=str(file.parent))
    try:
        file.open("xb").close()
    except FileExistsError:
        raise DatabaseFileExists(path=str(file)) from None
    except OSError as exc:
        raise DatabaseUnavailable(where=describe_url(parsed), reason=exc.strerror or str(exc)) from None
    db: Database | None = None
    try:
        db = Database(make_engine(parsed))
        migrate.upgrade(db.engine)
    except BaseException:
        if db is not None:
            db.dispose()
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                file.with_name(file.name + suffix).unlink()
        raise
    return db
