"""Whether a SQLite file is whole: ``PRAGMA quick_check``, and SQLite's own "not a database" / "malformed"
errors turned into one line for the supervisor.

``quick_check`` reads every page (about 1.2 s cold, 0.2 s warm on the 76 MB 30-day demo floor here). The
command line runs it as it opens a file (:func:`console.connect.open_database`, ``check_integrity``); the
console, whose start must stay under a second, runs it in the background after its first paint
(:mod:`ui.integrity`). A damaged file used to make ``self-check`` retry a failing dock for a minute and print
hundreds of lines, and the console retry for ever while it said "online".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError

from console.db.engine import Database, sqlite_path
from console.errors import DatabaseDamaged, NotADatabase

# The first problem is enough to refuse the file: one line, not the hundreds a damaged page can produce.
QUICK_CHECK = "PRAGMA quick_check(1)"
DETAIL_CHARS = 200


def _one_line(text: str) -> str:
    text = text.replace("*** in database main ***", " ")
    return " ".join(text.split())[:DETAIL_CHARS]


def quick_check(db: Database) -> str | None:
    """The first problem ``PRAGMA quick_check`` finds in the file, on one line, or ``None`` when it is whole.

    Raises:
        NotADatabase, DatabaseDamaged: SQLite could not even run the check.
    """
    if not db.is_sqlite:
        return None
    with sqlite_errors(db), db.engine.connect() as conn:
        rows = conn.exec_driver_sql(QUICK_CHECK).fetchall()
    problems = [str(row[0]) for row in rows if row[0] != "ok"]
    return _one_line(" ".join(problems)) if problems else None


def check(db: Database) -> None:
    """Refuse a SQLite file that fails ``quick_check`` (PostgreSQL: nothing to do).

    Raises:
        DatabaseDamaged, NotADatabase
    """
    problem = quick_check(db)
    if problem:
        raise DatabaseDamaged(path=_where(db), detail=problem)


def _where(db: Database) -> str:
    path = sqlite_path(db.url)
    return str(path) if path is not None else db.describe()


@contextmanager
def sqlite_errors(db: Database) -> Iterator[None]:
    """SQLite's "file is not a database" and "database disk image is malformed", wherever they surface
    (opening, the schema check, a query), raised as :class:`NotADatabase` / :class:`DatabaseDamaged`."""
    try:
        yield
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        orig = exc.orig if isinstance(exc, DBAPIError) else exc
        name = str(getattr(orig, "sqlite_errorname", ""))
        if name.startswith("SQLITE_NOTADB"):
            raise NotADatabase(path=_where(db)) from exc
        if name.startswith("SQLITE_CORRUPT"):
            raise DatabaseDamaged(path=_where(db), detail=_one_line(str(orig))) from exc
        raise
