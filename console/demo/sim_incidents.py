"""Incidents for the simulator: new ones now and then, and progress on the ones in the queue.

New incidents arrive about every three minutes at rate 1 (mostly P3/P4). A P1/P2 credential-stuffing or
withdrawal incident comes with a live episode, so its indicator really spikes on the charts. Open incidents
are claimed by someone of the owning desk who is on the floor right now, then escalated or resolved, and
resolved ones are closed. Every move passes the version it saw, so a supervisor's own edit always wins.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import select

from console.auth import SIMULATOR
from console.db.engine import Database
from console.db.models import Department, Incident, RiskIndicator, Zone
from console.demo import titles
from console.demo.episodes import Episode, stuffing, withdrawal_spike
from console.demo.sim_floor import OnFloor
from console.errors import Conflict, InvalidInput
from console.services import incidents, reviews
from console.services.incidents import SLA

log = logging.getLogger(__name__)

MEAN_ARRIVAL_S = 180.0
NEW_SEVERITY = {1: 0.02, 2: 0.10, 3: 0.45, 4: 0.43}
LIVE_EPISODES: dict[str, Callable[[np.random.Generator, datetime, ZoneInfo], Episode]] = {
    "ato_wave": stuffing,
    "withdrawal_anomaly": withdrawal_spike,
}
P_ESCALATE = {1: 0.7, 2: 0.4, 3: 0.12, 4: 0.03}


def _clamp(seconds: float, lo: float, hi: float) -> float:
    return min(max(seconds, lo), hi)


class IncidentFlow:
    """Opens and works incidents as the floor would."""

    def __init__(self, db: Database, rng: np.random.Generator, rate: float, tz: ZoneInfo) -> None:
        self.db = db
        self.rng = rng
        self.rate = rate
        self.tz = tz
        self.episodes: list[Episode] = []  # live ones, read by the sample writer

    def _happens(self, mean_s: float, dt: float) -> bool:
        return bool(self.rng.random() < 1 - math.exp(-dt * self.rate / mean_s))

    def step(self, now: datetime, dt: float, on_floor: list[OnFloor]) -> Counter[str]:
        counts: Counter[str] = Counter()
        self.episodes = [e for e in self.episodes if e.end > now]
        with self.db.reading() as s:
            zones = {code: zid for zid, code in s.execute(select(Zone.id, Zone.code))}
            inds = {key: iid for iid, key in s.execute(select(RiskIndicator.id, RiskIndicator.key))}
            depts = {code: did for did, code in s.execute(select(Department.id, Department.code))}
            queue = list(
                s.scalars(
                    select(Incident)
                    .where(Incident.status.in_((*incidents.OPEN_STATUSES, "resolved")))
                    .order_by(Incident.id)
                )
            )
        for _ in range(int(self.rng.poisson(dt * self.rate / MEAN_ARRIVAL_S))):
            self._open(now, zones, inds)
            counts["incident_open"] += 1
        zone_code = {zid: code for code, zid in zones.items()}
        for inc in queue:
            try:
                moved = self._work(inc, now, dt, zone_code.get(inc.zone_id or -1, "lead"), on_floor, depts)
            except Conflict:
                log.debug("simulator: %s changed meanwhile; leaving it", inc.ref)
                continue
            except InvalidInput as exc:
                log.debug("simulator: %s", exc)
                continue
            if moved:
                counts[f"incident_{moved}"] += 1
        return counts

    def _open(self, now: datetime, zones: dict[str, int], inds: dict[str, int]) -> None:
        category = titles.draw_category(self.rng)
        severity = titles.draw_severity(self.rng, NEW_SEVERITY)
        title = titles.title(self.rng, category)
        key = titles.ALERT_INDICATOR.get(category) if self.rng.random() < 0.6 else None
        maker = LIVE_EPISODES.get(category)
        if maker is not None and severity <= 2:
            episode = maker(self.rng, now.replace(second=0, microsecond=0), self.tz)
            self.episodes.append(episode)
            title, key = episode.title, episode.indicator_key
        incidents.open_incident(
            self.db,
            SIMULATOR,
            title=title,
            category=category,
            severity=severity,
            at=now,
            summary="Raised by the alert rule." if key else "Reported from the floor.",
            indicator_id=inds.get(key) if key else None,
            zone_id=zones.get(titles.DESK[category]),
        )

    def _work(
        self,
        inc: Incident,
        now: datetime,
        dt: float,
        desk: str,
        on_floor: list[OnFloor],
        depts: dict[str, int],
    ) -> str | None:
        """Maybe move one incident on; returns the status it moved to."""
        ack_sla, res_sla = SLA.get(inc.severity, SLA[3])
        age = now - inc.opened_at
        if age < timedelta(0):
            return None
        move = incidents.transition
        if inc.status == "open":
            if not self._happens(_clamp(0.3 * ack_sla.total_seconds(), 20, 240), dt):
                return None
            owner = self._owner(desk, on_floor)
            if owner is None:
                return None
            move(
                self.db,
                SIMULATOR,
                inc.id,
                "acknowledged",
                expected_version=inc.version,
                owner_agent_id=owner,
                message=titles.claim_message(self.rng, desk if desk in titles.CLAIM else "lead"),
                at=now,
            )
            return "acknowledged"
        if inc.status == "resolved":
            if not self._happens(600, dt) or inc.severity in reviews.REQUIRED_FOR:
                return None  # a P1/P2 is closed by people, after its post-incident review
            move(
                self.db,
                SIMULATOR,
                inc.id,
                "closed",
                expected_version=inc.version,
                message=titles.pick(self.rng, titles.CLOSE),
                at=now,
            )
            return "closed"
        if not self._happens(_clamp(0.2 * res_sla.total_seconds(), 60, 600), dt):
            return None
        if any(e.title == inc.title and e.end > now for e in self.episodes):
            return None  # the wave is still on: keep working it
        if inc.status == "acknowledged" and self.rng.random() < P_ESCALATE.get(inc.severity, 0.1):
            dept = titles.pick(self.rng, titles.ESCALATE_TO.get(inc.category, ("risk_mgmt",)))
            move(
                self.db,
                SIMULATOR,
                inc.id,
                "escalated",
                expected_version=inc.version,
                department_id=depts.get(dept),
                message=titles.escalate_message(dept),
                at=now,
            )
            return "escalated"
        message = (
            titles.resolve_message(self.rng, inc.category) if inc.category in titles.RESOLVE else "Resolved"
        )
        move(self.db, SIMULATOR, inc.id, "resolved", expected_version=inc.version, message=message, at=now)
        return "resolved"

    def _owner(self, desk: str, on_floor: list[OnFloor]) -> int | None:
        """A lead or senior of the desk who is at their seat; else anyone at that desk; else any lead."""
        senior = [p for p in on_floor if p.title != "analyst" and (p.zone == desk or desk == "lead")]
        anyone = [p for p in on_floor if p.zone == desk]
        leads = [p for p in on_floor if p.title == "team_lead"]
        pool = senior or anyone or leads
        if not pool:
            return None
        return pool[int(self.rng.integers(len(pool)))].agent_id
