"""The floor's seats on the running shift: who sits where, with their roster line, and the zones."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from console.db.models import Floor, ZoneName
from console.errors import NotFound
from console.floortime import ShiftSlot, floor_zone
from console.names import Names, read_names
from console.services import floor, staffing
from console.services.attendance import RosterLine
from console.services.floor import SeatView
from console.topics import Topic
from console.views import Changes, Patch, Snapshot, View, named, promote


@dataclass(frozen=True)
class SeatMapKey:
    """Which floor and shift. ``floor_id`` is ``None`` until a floor was found: then ``floor_code`` (the
    setting, or ``None`` for the first floor) chooses it."""

    shift: ShiftSlot | None
    floor_id: int | None
    floor_code: str | None = None


@dataclass(frozen=True)
class ZoneRow:
    """A zone as the map draws it."""

    code: str
    name: str
    names: Names  # translations of ``name`` (console.names)
    x: float
    y: float
    width: float
    height: float
    # People the desk needs, hour by hour from the shift's start (staffing requirements); () when none
    # are set (the header then compares with who is rostered there).
    required: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        return self.code

    def required_at(self, hour: int) -> int | None:
        """Required headcount in the shift's ``hour`` (0 = its first), ``None`` when none is set."""
        if not self.required:
            return None
        return self.required[min(max(hour, 0), len(self.required) - 1)] or None


@dataclass(frozen=True)
class SeatRow(SeatView):
    """A seat on the shift, held by seat id."""

    @property
    def key(self) -> int:
        return self.seat_id


@dataclass(frozen=True)
class SeatMapSnapshot(Snapshot[SeatMapKey, SeatRow]):
    """The seats, plus the floor they are on (``None``: no floor in this database) and its zones."""

    floor_id: int | None = None
    zones: tuple[ZoneRow, ...] = ()
    # Rostered on the shift but seated nowhere on its pattern: they count on the floor and are listed.
    unseated: tuple[RosterLine, ...] = ()


@dataclass(frozen=True)
class SeatMapPatch(Patch[SeatMapKey, SeatRow]):
    """Some seats as they are now and, when the seating or an unseated agent changed, the whole unseated
    list again (``None``: unchanged)."""

    unseated: tuple[RosterLine, ...] | None = None

    def __bool__(self) -> bool:
        return bool(self.rows or self.gone or self.unseated is not None)


# Agents named under these topics get their seat refetched: their clock, their rostered shifts, their name.
AGENT_TOPICS = (Topic.ATTENDANCE, Topic.ROTA, Topic.AGENT)
# Staffing requirements (console.services.staffing) give the zone headers' "required"; a desk without
# requirements compares with who is rostered.


def required_by_zone(
    reqs: Sequence[staffing.Requirement],
    zone_codes: Sequence[str],
    starts_at: datetime,
    ends_at: datetime,
    tz: ZoneInfo,
    required_at: Callable[
        [Sequence[staffing.Requirement], date, int], dict[tuple[str, str | None, str | None], int]
    ] = staffing.required_at,
) -> dict[str, tuple[int, ...]]:
    """Per zone, the headcount its requirements ask for in each hour of the shift (floor time). A desk's
    own figure (no skill or language named) counts; else the largest of its narrower ones."""
    hours = max(1, round((ends_at - starts_at).total_seconds() / 3600))
    out: dict[str, list[int]] = {code: [] for code in zone_codes}
    for h in range(hours):
        local = (starts_at + timedelta(hours=h)).astimezone(tz)
        counts = required_at(reqs, local.date(), local.hour)
        for code in zone_codes:
            own = counts.get((code, None, None))
            narrower = [n for (zone, _skill, _lang), n in counts.items() if zone == code]
            out[code].append(own if own is not None else max(narrower, default=0))
    return {code: tuple(v) for code, v in out.items() if any(v)}


class SeatMapView(View[SeatMapKey, SeatRow]):
    """Seats of one floor on one shift. The floor itself or a zone changing reloads the map (it is small)."""

    topics: ClassVar[frozenset[Topic]] = frozenset(
        {Topic.SEAT, Topic.FLOOR, Topic.ZONE, Topic.STAFFING, *AGENT_TOPICS}
    )

    def snapshot(self, s: Session, key: SeatMapKey) -> SeatMapSnapshot:
        known = s.get(Floor, key.floor_id) if key.floor_id is not None else None
        try:
            plan, zones = floor.floor_plan(s, known.code if known else key.floor_code)
        except NotFound:
            return SeatMapSnapshot(key)
        zones = [z for z in zones if not z.seats or any(seat.active for seat in z.seats)]  # removed: hidden
        names = read_names(s, ZoneName, [z.id for z in zones])
        shift = key.shift
        required: dict[str, tuple[int, ...]] = {}
        if shift is not None and zones:
            required = required_by_zone(
                staffing.requirements(s, [z.id for z in zones]),
                [z.code for z in zones],
                shift.starts_at,
                shift.ends_at,
                floor_zone(plan.timezone),
            )
        shapes = tuple(
            ZoneRow(z.code, z.name, names[z.id], z.x, z.y, z.width, z.height, required.get(z.code, ()))
            for z in zones
        )
        if shift is not None:
            views = floor.seat_views(s, plan.id, shift.pattern.id, shift.shift_date, shift.starts_at)
            seats = tuple(promote(SeatRow, v) for v in views)
            unseated = tuple(floor.unseated(s, shift.pattern.id, shift.shift_date, shift.starts_at))
        else:  # between shifts: the floor with nobody on it
            seats = tuple(
                sorted(
                    (
                        SeatRow(seat.id, seat.code, z.code, seat.x, seat.y, None, None, None)
                        for z in zones
                        for seat in z.seats
                        if seat.active
                    ),
                    key=lambda r: r.seat_id,
                )
            )
            unseated = ()
        return SeatMapSnapshot(key, seats, plan.id, shapes, unseated)

    def patch(self, s: Session, key: SeatMapKey, batch: Changes) -> SeatMapSnapshot | SeatMapPatch:
        ids, reload = named(batch)
        seat_ids = set(ids.get(Topic.SEAT, ()))
        if (
            reload
            or key.floor_id is None
            or key.floor_id in ids.get(Topic.FLOOR, ())
            or ids.get(Topic.ZONE)
            or ids.get(Topic.STAFFING)
            or self.count(ids) > self.reload_over
            or (key.shift is None and seat_ids)
        ):
            return self.snapshot(s, key)
        shift = key.shift
        if shift is None:  # nobody is seated between shifts: clocks and rotas change nothing shown
            return SeatMapPatch(key)
        # Seating changed: who has no seat may have changed with it (the list is short: read it again).
        reread_unseated = bool(seat_ids)
        agents: set[int] = set()
        for topic in AGENT_TOPICS:
            agents.update(ids.get(topic, ()))
        if agents:
            named_agents = sorted(agents)
            seated = floor.seated_agents(s, named_agents, shift.pattern.id, shift.shift_date)
            loose = sorted(agents - seated)
            if loose and floor.rostered(s, shift.starts_at, loose):
                reread_unseated = True  # an unseated agent on the shift clocked in, went on break, ...
            seat_ids.update(floor.seats_of_agents(s, named_agents, shift.pattern.id, shift.shift_date))
        unseated = (
            tuple(floor.unseated(s, shift.pattern.id, shift.shift_date, shift.starts_at))
            if reread_unseated
            else None
        )
        if not seat_ids:
            return SeatMapPatch(key, unseated=unseated)
        views = floor.seat_views(
            s, key.floor_id, shift.pattern.id, shift.shift_date, shift.starts_at, seat_ids=sorted(seat_ids)
        )
        rows = tuple(promote(SeatRow, v) for v in views)
        return SeatMapPatch(key, rows, frozenset(seat_ids - {r.seat_id for r in rows}), unseated)


VIEW = SeatMapView()
