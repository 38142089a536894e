"""The exception queue the supervisor works: a reason, when the agent was reached, a note, a status.

Every change is audited before → after. ``version`` guards against a stale form: a save that names the
version it read, made after someone else saved, is refused with their name (:class:`console.errors.Conflict`).
Saving exactly what is stored already changes nothing and writes nothing (a double click, a re-sent save).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import AttendanceException
from console.errors import Conflict, InvalidInput, NotFound
from console.floortime import utcnow
from console.i18n import QT_TRANSLATE_NOOP
from console.services.unit import unit_of_work

REASONS = {
    "sick": QT_TRANSLATE_NOOP("ExceptionReason", "Sick"),
    "approved_leave": QT_TRANSLATE_NOOP("ExceptionReason", "Approved leave"),
    "transport": QT_TRANSLATE_NOOP("ExceptionReason", "Transport"),
    "system_issue": QT_TRANSLATE_NOOP("ExceptionReason", "System issue"),
    "family_emergency": QT_TRANSLATE_NOOP("ExceptionReason", "Family emergency"),
    "forgot_to_punch": QT_TRANSLATE_NOOP("ExceptionReason", "Forgot to punch"),
    "other": QT_TRANSLATE_NOOP("ExceptionReason", "Other"),
}
STATUSES = {
    "open": QT_TRANSLATE_NOOP("ExceptionStatus", "Open"),
    "resolved": QT_TRANSLATE_NOOP("ExceptionStatus", "Resolved"),
    "excused": QT_TRANSLATE_NOOP("ExceptionStatus", "Excused"),
}
NOTE_LIMIT = 500

NEEDS_REASON = QT_TRANSLATE_NOOP(
    "Errors",
    "Give a reason to close this exception: it is resolved or excused with a reason, never silently.",
)
_ = QT_TRANSLATE_NOOP("Entity", "Attendance exception")


@dataclass(frozen=True)
class Worked:
    """What :func:`work_exception` did: whether anything changed, and the row's version now."""

    changed: bool
    version: int


def work_exception(
    db: Database,
    actor: Actor,
    exception_id: int,
    reason_code: str | None,
    contacted_at: datetime | None,
    note: str | None,
    status: str,
    *,
    version: int | None = None,
) -> Worked:
    """Set the reason, contact time, note and status of one exception (audited before → after).

    ``version``: the version the caller's form read; a newer stored one means someone else saved meanwhile.

    Raises:
        PermissionDenied, NotFound, Conflict, InvalidInput
    """
    if reason_code is not None and reason_code not in REASONS:
        raise InvalidInput(detail=f"reason {reason_code!r} (one of {', '.join(REASONS)})")
    if status not in STATUSES:
        raise InvalidInput(detail=f"status {status!r} (one of {', '.join(STATUSES)})")
    if status != "open" and reason_code is None:
        raise InvalidInput(NEEDS_REASON)
    if contacted_at is not None and contacted_at.tzinfo is None:
        raise InvalidInput(detail="naive contact time")
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_LIMIT:
        raise InvalidInput(detail=f"note of {len(note)} characters (at most {NOTE_LIMIT})")
    with unit_of_work(db, actor, Perm.WORK_EXCEPTIONS) as unit:
        s = unit.session
        row = s.scalar(select(AttendanceException).where(AttendanceException.id == exception_id))
        if row is None:
            raise NotFound(what="Attendance exception", key=exception_id)
        if contacted_at is not None and contacted_at > utcnow():
            raise InvalidInput(detail="a contact time in the future")
        before = _state(row)
        after = {
            "status": status,
            "reason_code": reason_code,
            "contacted_at": contacted_at.isoformat() if contacted_at else None,
            "note": note,
        }
        if before == after:
            return Worked(False, row.version)
        if version is not None and row.version != version:
            raise Conflict(what=f"#{exception_id}", who=row.updated_by or "?")
        row.status, row.reason_code, row.contacted_at, row.note = status, reason_code, contacted_at, note
        if status == "open":
            row.resolved_by = row.resolved_at = None
        elif before["status"] != status:
            row.resolved_by, row.resolved_at = actor.username, utcnow()
        row.updated_by = actor.username
        row.version += 1
        unit.audit(
            "attendance.exception.work", "attendance_exception", exception_id, before=before, after=after
        )
        return Worked(True, row.version)


def _state(row: AttendanceException) -> dict[str, str | None]:
    return {
        "status": row.status,
        "reason_code": row.reason_code,
        "contacted_at": row.contacted_at.isoformat() if row.contacted_at else None,
        "note": row.note,
    }
