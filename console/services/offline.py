"""Changes refused while the database cannot be reached, in the words every other failure uses.

A write that cannot reach the database fails in the driver (connection refused, reset, timed out; a SQLite
file gone or locked past the busy timeout). :func:`reachable` turns those into
:class:`~console.errors.DatabaseUnavailable`, translated and naming the database, so a console shows the
supervisor why their action did not happen: it is never queued, retried behind their back or lost silently.
Errors that are not about reaching the database (a constraint, a bug) pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from console.db.engine import Database
from console.errors import DatabaseUnavailable

# SQLSTATE classes of a server that went away: connection exceptions, and the server shutting down.
_GONE_STATES = ("08", "57P01", "57P02", "57P03")


def unreachable(exc: BaseException) -> bool:
    """Whether a driver error says the database could not be reached (rather than refusing the statement)."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated or isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    return state is None or state.startswith(_GONE_STATES)


@contextmanager
def reachable(db: Database) -> Iterator[None]:
    """Run a change; if the database cannot be reached, raise :class:`DatabaseUnavailable` instead."""
    try:
        yield
    except DBAPIError as exc:
        if not unreachable(exc):
            raise
        reason = (
            str(exc.orig).strip().splitlines()[0] if exc.orig is not None and str(exc.orig).strip() else ""
        )
        raise DatabaseUnavailable(where=db.describe(), reason=reason or type(exc.orig).__name__) from exc
