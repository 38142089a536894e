"""Who is acting, and what each role may do. Services check this before every change."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from console.errors import PermissionDenied


class Perm(enum.Enum):
    """Things a caller may do; each service function requires one."""

    MANAGE_ORG = "manage the organisation"
    MANAGE_FLOOR = "change the floor plan or seating"
    MANAGE_ROTA = "change the rota"
    RECORD_ATTENDANCE = "record attendance"
    INGEST_SAMPLES = "ingest indicator samples"
    MANAGE_INDICATORS = "change risk indicators"
    OPEN_INCIDENT = "open an incident"
    WORK_INCIDENT = "work an incident"


ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "admin": frozenset(Perm),
    "supervisor": frozenset(Perm) - {Perm.INGEST_SAMPLES},
    "team_lead": frozenset(
        {Perm.MANAGE_ROTA, Perm.RECORD_ATTENDANCE, Perm.OPEN_INCIDENT, Perm.WORK_INCIDENT}
    ),
    "analyst": frozenset({Perm.RECORD_ATTENDANCE, Perm.OPEN_INCIDENT, Perm.WORK_INCIDENT}),
    "viewer": frozenset(),
    # Upstream systems (badge readers, the metrics pipeline, alerting) and the simulator standing in for them.
    "system": frozenset(
        {
            Perm.RECORD_ATTENDANCE,
            Perm.INGEST_SAMPLES,
            Perm.OPEN_INCIDENT,
            Perm.WORK_INCIDENT,
            Perm.MANAGE_ROTA,
        }
    ),
}


@dataclass(frozen=True)
class Actor:
    """The caller of a service: a signed-in user or a system feed."""

    username: str
    role: str

    def can(self, perm: Perm) -> bool:
        return perm in ROLE_PERMS.get(self.role, frozenset())

    def require(self, perm: Perm) -> None:
        if not self.can(perm):
            raise PermissionDenied(user=self.username, role=self.role, action=perm.value)


SYSTEM = Actor("system", "system")
SIMULATOR = Actor("simulator", "system")
