"""Who is acting, and what each role may do. Services check this before every change."""

from __future__ import annotations

import enum
import socket
from dataclasses import dataclass

from console.errors import PermissionDenied
from console.i18n import QT_TRANSLATE_NOOP


class Perm(enum.Enum):
    """Things a caller may do; each service function requires one."""

    MANAGE_ORG = QT_TRANSLATE_NOOP("Perm", "manage the organisation")
    MANAGE_FLOOR = QT_TRANSLATE_NOOP("Perm", "change the floor plan or seating")
    MANAGE_ROTA = QT_TRANSLATE_NOOP("Perm", "change the rota")
    RECORD_ATTENDANCE = QT_TRANSLATE_NOOP("Perm", "record attendance")
    INGEST_SAMPLES = QT_TRANSLATE_NOOP("Perm", "ingest indicator samples")
    MANAGE_INDICATORS = QT_TRANSLATE_NOOP("Perm", "change risk indicators")
    OPEN_INCIDENT = QT_TRANSLATE_NOOP("Perm", "open an incident")
    WORK_INCIDENT = QT_TRANSLATE_NOOP("Perm", "work an incident")
    REVIEW_INCIDENT = QT_TRANSLATE_NOOP("Perm", "write post-incident reviews")
    KEEP_SHIFT_LOG = QT_TRANSLATE_NOOP("Perm", "keep the shift log and hand the shift over")
    ADMINISTER_FEED = QT_TRANSLATE_NOOP("Perm", "change how long the change feed is kept")
    MANAGE_USERS = QT_TRANSLATE_NOOP("Perm", "manage users and their roles")
    WORK_EXCEPTIONS = QT_TRANSLATE_NOOP("Perm", "work attendance exceptions and keep coaching notes")
    SET_ATTENDANCE_POLICY = QT_TRANSLATE_NOOP("Perm", "change the attendance exception policies")
    REQUEST_SHIFT_SWAP = QT_TRANSLATE_NOOP("Perm", "request a shift swap")


# Role codes as people read them (the codes themselves are identifiers stored in ``users.role_code``).
ROLE_TITLES = {
    "admin": QT_TRANSLATE_NOOP("Role", "admin"),
    "supervisor": QT_TRANSLATE_NOOP("Role", "supervisor"),
    "team_lead": QT_TRANSLATE_NOOP("Role", "team lead"),
    "analyst": QT_TRANSLATE_NOOP("Role", "analyst"),
    "viewer": QT_TRANSLATE_NOOP("Role", "viewer"),
    "system": QT_TRANSLATE_NOOP("Role", "system"),
}

ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "admin": frozenset(Perm),
    "supervisor": frozenset(Perm) - {Perm.INGEST_SAMPLES, Perm.ADMINISTER_FEED, Perm.MANAGE_USERS},
    "team_lead": frozenset(
        {
            Perm.MANAGE_ROTA,
            Perm.RECORD_ATTENDANCE,
            Perm.OPEN_INCIDENT,
            Perm.WORK_INCIDENT,
            Perm.REVIEW_INCIDENT,
            Perm.KEEP_SHIFT_LOG,
            Perm.WORK_EXCEPTIONS,
            Perm.REQUEST_SHIFT_SWAP,
        }
    ),
    "analyst": frozenset(
        {Perm.RECORD_ATTENDANCE, Perm.OPEN_INCIDENT, Perm.WORK_INCIDENT, Perm.REQUEST_SHIFT_SWAP}
    ),
    "viewer": frozenset(),
    # Upstream systems (badge readers, the metrics pipeline, alerting) and the simulator standing in for them.
    # The timer worker is one of them: it prepares the handover brief of a shift that ended without one.
    "system": frozenset(
        {
            Perm.RECORD_ATTENDANCE,
            Perm.INGEST_SAMPLES,
            Perm.OPEN_INCIDENT,
            Perm.WORK_INCIDENT,
            Perm.MANAGE_ROTA,
            Perm.KEEP_SHIFT_LOG,
            Perm.WORK_EXCEPTIONS,  # the timer leader stores the attendance exceptions it finds
        }
    ),
}


# The workstation every audit record names (looked up once per process).
HOST = socket.gethostname()


@dataclass(frozen=True)
class Actor:
    """The caller of a service: a signed-in user or a system feed, and the workstation it acts from.

    The console and the CLI get theirs from :func:`console.identity.sign_in` (the role read from the
    ``users`` table); every unit of work checks it against that table again before it writes
    (:mod:`console.services.unit`), so a role changed or an account disabled meanwhile takes effect at once.
    """

    username: str
    role: str
    host: str = HOST

    @property
    def role_title(self) -> str:
        """The role as people read it, translated."""
        from console.i18n import translate

        return translate("Role", ROLE_TITLES.get(self.role, self.role))

    def can(self, perm: Perm) -> bool:
        return perm in ROLE_PERMS.get(self.role, frozenset())

    def require(self, perm: Perm) -> None:
        if not self.can(perm):
            role = ROLE_TITLES.get(self.role, self.role)
            raise PermissionDenied(user=self.username, role=role, action=perm.value)


SYSTEM = Actor("system", "system")
SIMULATOR = Actor("simulator", "system")
