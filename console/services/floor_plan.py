"""Editing the floor plan: zones and seats placed, added and removed, and the plan as a JSON file.

Every change is one audited unit of work under ``MANAGE_FLOOR``. A seat is never deleted while anyone ever
sat there (the seating history points at it): removing it puts it out of use (``active`` false) and ends its
seatings; a zone whose seats are all out of use is no longer drawn or exported.

The file (``watchfloor floor export`` / ``import``)::

    {"format": "watchfloor.floor/1",
     "floor": {"code": "KL-18", "name": "...", "timezone": "Asia/Kuala_Lumpur"},
     "zones": [{"code": "ATO", "name": "ATO desk", "names": {"zh_CN": "..."}, "skill": "ato",
                "x": 0, "y": 0, "width": 10, "height": 6,
                "seats": [{"code": "ATO-01", "x": 1.5, "y": 1.5}, ...]}, ...]}

An import is checked whole before anything is written; every problem is reported with its line and field,
and nothing is written unless the whole file is right. Seats of the floor missing from the file go out of use.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import math
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Floor, Seat, SeatAssignment, Zone, ZoneName
from console.errors import NotFound, WatchfloorError
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.names import read_names, write_names
from console.services.unit import unit_of_work

FORMAT = "watchfloor.floor/1"
MAX_CODE, MAX_NAME = 16, 80  # seat codes are at most 16 characters (zones' 32, but seats carry a zone prefix)

REQUIRED = QT_TRANSLATE_NOOP("FloorFile", "is required")
NOT_NUMBER = QT_TRANSLATE_NOOP("FloorFile", "must be a number")
NOT_POSITIVE = QT_TRANSLATE_NOOP("FloorFile", "must be a number above 0")
NOT_TEXT = QT_TRANSLATE_NOOP("FloorFile", "must be text of 1 to {n} characters")
NOT_LIST = QT_TRANSLATE_NOOP("FloorFile", "must be a list")
NOT_OBJECT = QT_TRANSLATE_NOOP("FloorFile", "must be an object")
TWICE = QT_TRANSLATE_NOOP("FloorFile", "{code} is used twice (first on line {line})")
OUTSIDE = QT_TRANSLATE_NOOP("FloorFile", "seat {code} lies outside its zone")
BAD_ZONE = QT_TRANSLATE_NOOP("FloorFile", "{value} is not a time zone")
OTHER_FLOOR = QT_TRANSLATE_NOOP("FloorFile", "{code} belongs to another floor")
BAD_FORMAT = QT_TRANSLATE_NOOP("FloorFile", "must be {expected}")
BAD_JSON = QT_TRANSLATE_NOOP("FloorFile", "this is not JSON: {detail}")
UNKNOWN = QT_TRANSLATE_NOOP("FloorFile", "is not a field of a floor file")


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    text: str  # marked in the "FloorFile" context
    args: dict[str, Any]

    def message(self) -> str:
        return translate("FloorFile", self.text).format(**self.args)


class FloorFileInvalid(WatchfloorError):
    """A floor file with problems: all of them, each on its line; nothing was written."""

    text = QT_TRANSLATE_NOOP("Errors", "{file}: nothing was imported:\n{problems}")
    line_text = QT_TRANSLATE_NOOP("Errors", "line {line}, {field}: {problem}")
    more_text = QT_TRANSLATE_NOOP("Errors", "… and {n} more")
    SHOWN = 20

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(file=file, problems=problems)

    def _lines(self, lookup: Any) -> str:
        shown = [
            lookup("Errors", self.line_text).format(line=p.line, field=p.field, problem=p.message())
            for p in self.problems[: self.SHOWN]
        ]
        if len(self.problems) > self.SHOWN:
            shown.append(lookup("Errors", self.more_text).format(n=len(self.problems) - self.SHOWN))
        return "\n".join(shown)

    def english(self) -> str:
        english = lambda _ctx, text: text  # noqa: E731
        return self.text.format(file=self.fields["file"], problems=self._lines(english))

    def message(self) -> str:
        return translate("Errors", self.text).format(
            file=self.fields["file"], problems=self._lines(translate)
        )


QT_TRANSLATE_NOOP("Errors", "… and {n} more")
QT_TRANSLATE_NOOP("Entity", "Zone")


class ZoneNotEmpty(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "Zone {zone} still has {count} seats in use: remove them first.")


class CodeTaken(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "{code} is the code of another seat or zone already.")


# -- reading a file with line numbers ------------------------------------------------------------------------
class Located(dict[str, Any]):
    """A JSON object that knows the line it starts on."""

    line = 1


def parse(text: str) -> Any:
    """JSON whose objects are :class:`Located` (the pure-Python scanner, so objects can be tagged)."""
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        s, end = s_and_end
        obj, stop = json.decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined]
        located = Located(obj)
        located.line = s.count("\n", 0, end) + 1
        return located, stop

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)


@dataclass(frozen=True)
class SeatPlan:
    code: str
    x: float
    y: float


@dataclass(frozen=True)
class ZonePlan:
    code: str
    name: str
    names: tuple[tuple[str, str], ...]
    skill: str | None
    x: float
    y: float
    width: float
    height: float
    seats: tuple[SeatPlan, ...]


@dataclass(frozen=True)
class FloorPlanFile:
    code: str
    name: str
    timezone: str
    zones: tuple[ZonePlan, ...]


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, at: int, field: str, text: str, **args: Any) -> None:
        self.problems.append(Problem(at, field, text, args))

    def obj(self, value: Any, line: int, field: str) -> Located | None:
        if not isinstance(value, dict):
            self.add(line, field, NOT_OBJECT)
            return None
        return value if isinstance(value, Located) else Located(value)

    def text(self, o: Located, key: str, where: str, n: int, required: bool = True) -> str | None:
        value = o.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip() or len(value) > n:
            self.add(o.line, f"{where}.{key}", REQUIRED if value is None else NOT_TEXT, n=n)
            return None
        return value.strip()

    def number(self, o: Located, key: str, where: str, positive: bool = False) -> float | None:
        value = o.get(key)
        number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        if number is None or not math.isfinite(number) or (positive and number <= 0):
            self.add(
                o.line,
                f"{where}.{key}",
                REQUIRED if value is None else NOT_POSITIVE if positive else NOT_NUMBER,
            )
            return None
        return number

    def unknown(self, o: Located, allowed: set[str], where: str) -> None:
        for key in o:
            if key not in allowed:
                self.add(o.line, f"{where}.{key}", UNKNOWN)


def read_plan(text: str) -> FloorPlanFile:
    """Check a floor file; raises :class:`FloorFileInvalid` (with every problem found) with file ``-``;
    callers that know the file's name re-raise with it (:func:`import_floor`)."""
    check = _Checker()
    try:
        data = parse(text)
    except json.JSONDecodeError as err:
        raise FloorFileInvalid("-", [Problem(err.lineno, "-", BAD_JSON, {"detail": err.msg})]) from None
    root = check.obj(data, 1, "-")
    if root is None:
        raise FloorFileInvalid("-", check.problems)
    check.unknown(root, {"format", "floor", "zones"}, "")
    if root.get("format") != FORMAT:
        check.add(root.line, "format", BAD_FORMAT, expected=json.dumps(FORMAT))
    floor = check.obj(root.get("floor"), root.line, "floor")
    code = name = tz = None
    if floor is not None:
        check.unknown(floor, {"code", "name", "timezone"}, "floor")
        code = check.text(floor, "code", "floor", 32)
        name = check.text(floor, "name", "floor", MAX_NAME)
        tz = check.text(floor, "timezone", "floor", 64)
        if tz is not None:
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError):
                check.add(floor.line, "floor.timezone", BAD_ZONE, value=tz)
    zones_raw = root.get("zones")
    zones: list[ZonePlan] = []
    codes: dict[str, int] = {}
    if not isinstance(zones_raw, list):
        check.add(root.line, "zones", REQUIRED if zones_raw is None else NOT_LIST)
        zones_raw = []
    for zi, raw in enumerate(zones_raw):
        where = f"zones[{zi}]"
        z = check.obj(raw, root.line, where)
        if z is None:
            continue
        check.unknown(z, {"code", "name", "names", "skill", "x", "y", "width", "height", "seats"}, where)
        zcode = check.text(z, "code", where, 32)
        zname = check.text(z, "name", where, MAX_NAME)
        skill = check.text(z, "skill", where, 32, required=False)
        x, y = check.number(z, "x", where), check.number(z, "y", where)
        w, h = check.number(z, "width", where, True), check.number(z, "height", where, True)
        names: list[tuple[str, str]] = []
        raw_names = z.get("names", {})
        if not isinstance(raw_names, dict):
            check.add(z.line, f"{where}.names", NOT_OBJECT)
        else:
            for lang, title in raw_names.items():
                if not isinstance(title, str) or not title.strip() or len(title) > MAX_NAME:
                    check.add(z.line, f"{where}.names.{lang}", NOT_TEXT, n=MAX_NAME)
                else:
                    names.append((lang, title.strip()))
        if zcode is not None:
            if zcode in codes:
                check.add(z.line, f"{where}.code", TWICE, code=zcode, line=codes[zcode])
            else:
                codes[zcode] = z.line
        seats: list[SeatPlan] = []
        raw_seats = z.get("seats", [])
        if not isinstance(raw_seats, list):
            check.add(z.line, f"{where}.seats", NOT_LIST)
            raw_seats = []
        for si, sraw in enumerate(raw_seats):
            swhere = f"{where}.seats[{si}]"
            seat = check.obj(sraw, z.line, swhere)
            if seat is None:
                continue
            check.unknown(seat, {"code", "x", "y"}, swhere)
            scode = check.text(seat, "code", swhere, MAX_CODE)
            sx, sy = check.number(seat, "x", swhere), check.number(seat, "y", swhere)
            if scode is not None:
                if scode in codes:
                    check.add(seat.line, f"{swhere}.code", TWICE, code=scode, line=codes[scode])
                else:
                    codes[scode] = seat.line
            if None not in (x, y, w, h, sx, sy) and not (
                x <= sx <= x + w and y <= sy <= y + h  # type: ignore[operator]
            ):
                check.add(seat.line, swhere, OUTSIDE, code=scode or "?")
            if scode is not None and sx is not None and sy is not None:
                seats.append(SeatPlan(scode, sx, sy))
        if zcode and zname and None not in (x, y, w, h):
            zones.append(ZonePlan(zcode, zname, tuple(names), skill, x, y, w, h, tuple(seats)))  # type: ignore[arg-type]
    if check.problems:
        raise FloorFileInvalid("-", check.problems)
    assert code is not None
    assert name is not None
    assert tz is not None
    return FloorPlanFile(code, name, tz, tuple(zones))


# -- export --------------------------------------------------------------------------------------------------
def export_floor(s: Session, floor_code: str | None = None) -> dict[str, Any]:
    """The floor as a file's data: zones in order, their seats in use."""
    from console.services.floor import floor_plan

    plan, zones = floor_plan(s, floor_code)
    names = read_names(s, ZoneName, [z.id for z in zones])
    out_zones = []
    for z in zones:
        seats = sorted((seat for seat in z.seats if seat.active), key=lambda seat: seat.id)
        if z.seats and not seats:
            continue  # removed: every seat out of use
        entry: dict[str, Any] = {"code": z.code, "name": z.name}
        if names[z.id]:
            entry["names"] = dict(names[z.id])
        if z.skill:
            entry["skill"] = z.skill
        entry.update(x=z.x, y=z.y, width=z.width, height=z.height)
        entry["seats"] = [{"code": seat.code, "x": seat.x, "y": seat.y} for seat in seats]
        out_zones.append(entry)
    return {
        "format": FORMAT,
        "floor": {"code": plan.code, "name": plan.name, "timezone": plan.timezone},
        "zones": out_zones,
    }


def export_text(s: Session, floor_code: str | None = None) -> str:
    return json.dumps(export_floor(s, floor_code), ensure_ascii=False, indent=2) + "\n"


# -- import --------------------------------------------------------------------------------------------------
def import_floor(db: Database, actor: Actor, text: str, file: str = "-", on: date | None = None) -> int:
    """Create or update the floor a file describes, all or nothing. Returns the floor's id.

    Zones and seats are matched by code; seats of the floor that the file leaves out go out of use (their
    seatings end ``on``, today by default).
    """
    from console.floortime import utcnow

    try:
        plan = read_plan(text)
    except FloorFileInvalid as err:
        raise FloorFileInvalid(file, err.problems) from None
    on = on or utcnow().date()
    with unit_of_work(db, actor, Perm.MANAGE_FLOOR) as unit:
        s = unit.session
        floor = s.scalars(select(Floor).where(Floor.code == plan.code)).first()
        if floor is None:
            floor = Floor(code=plan.code, name=plan.name, timezone=plan.timezone)
            s.add(floor)
            s.flush()
        else:
            floor.name, floor.timezone = plan.name, plan.timezone
        zones = {z.code: z for z in s.scalars(select(Zone))}
        seats = {seat.code: seat for seat in s.scalars(select(Seat))}
        problems = [
            Problem(1, "zones", OTHER_FLOOR, {"code": zp.code})
            for zp in plan.zones
            if zp.code in zones and zones[zp.code].floor_id != floor.id
        ]
        wanted_seats: set[str] = set()
        zone_by_id = {z.id: z for z in zones.values()}
        for zp in plan.zones:
            for sp in zp.seats:
                wanted_seats.add(sp.code)
                held = seats.get(sp.code)
                if held is not None and zone_by_id[held.zone_id].floor_id != floor.id:
                    problems.append(Problem(1, "seats", OTHER_FLOOR, {"code": sp.code}))
        if problems:
            raise FloorFileInvalid(file, problems)
        for zp in plan.zones:
            zone = zones.get(zp.code)
            if zone is None:
                zone = Zone(floor_id=floor.id, code=zp.code, name=zp.name, skill=zp.skill, x=zp.x, y=zp.y,
                            width=zp.width, height=zp.height)  # fmt: skip
                s.add(zone)
                s.flush()
                zones[zp.code] = zone
            else:
                zone.name, zone.skill = zp.name, zp.skill
                zone.x, zone.y, zone.width, zone.height = zp.x, zp.y, zp.width, zp.height
            s.execute(delete(ZoneName).where(ZoneName.owner_id == zone.id))
            write_names(s, ZoneName, zone.id, zp.names)
            for sp in zp.seats:
                seat = seats.get(sp.code)
                if seat is None:
                    seat = Seat(zone_id=zone.id, code=sp.code, x=sp.x, y=sp.y, active=True)
                    s.add(seat)
                    seats[sp.code] = seat
                else:
                    seat.zone_id, seat.x, seat.y, seat.active = zone.id, sp.x, sp.y, True
        s.flush()
        floor_zone_ids = {z.id for z in zones.values() if z.floor_id == floor.id}
        dropped = [
            seat
            for seat in seats.values()
            if seat.zone_id in floor_zone_ids and seat.code not in wanted_seats
        ]
        for seat in dropped:
            _retire(s, seat, on)
        s.flush()
        unit.audit(
            "floor.import", "floor", floor.id, code=plan.code, zones=len(plan.zones),
            seats=len(wanted_seats), retired=len([d for d in dropped if d.active is False]),
        )  # fmt: skip
        return floor.id


def _retire(s: Session, seat: Seat, on: date) -> None:
    """Put a seat out of use: its seatings end ``on``; a seat nobody ever sat at is deleted."""
    from console.services.floor import _end

    history = list(s.scalars(select(SeatAssignment).where(SeatAssignment.seat_id == seat.id)))
    if not history:
        s.delete(seat)
        return
    seat.active = False
    for row in history:
        if row.valid_to is None or row.valid_to > on:
            _end(s, row, on)


# -- editing -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """Positions to save: seats by id ``(x, y)`` and zones by code ``(x, y, width, height)``, floor units."""

    seats: dict[int, tuple[float, float]]
    zones: dict[str, tuple[float, float, float, float]]


def save_layout(db: Database, actor: Actor, layout: Layout) -> int:
    """Move seats and zones (the editor's drags), in one transaction. Returns how many moved."""
    with unit_of_work(db, actor, Perm.MANAGE_FLOOR) as unit:
        s = unit.session
        moved = 0
        for seat_id, (x, y) in layout.seats.items():
            seat = s.get(Seat, seat_id)
            if seat is None:
                raise NotFound(what="Seat", key=seat_id)
            if (seat.x, seat.y) != (x, y):
                seat.x, seat.y = x, y
                moved += 1
        for code, (x, y, w, h) in layout.zones.items():
            zone = s.scalars(select(Zone).where(Zone.code == code)).first()
            if zone is None:
                raise NotFound(what="Zone", key=code)
            if (zone.x, zone.y, zone.width, zone.height) != (x, y, w, h):
                zone.x, zone.y, zone.width, zone.height = x, y, max(w, 1.0), max(h, 1.0)
                moved += 1
        if moved:
            unit.audit("floor.layout", "floor", None, seats=len(layout.seats), zones=len(layout.zones))
        return moved


def _code_free(s: Session, code: str) -> None:
    if s.scalar(select(exists().where(Seat.code == code))) or s.scalar(
        select(exists().where(Zone.code == code))
    ):
        raise CodeTaken(code=code)


def add_zone(
    db: Database, actor: Actor, floor_id: int, code: str, name: str, x: float, y: float,
    width: float = 6.0, height: float = 4.0, skill: str | None = None,
) -> int:  # fmt: skip
    with unit_of_work(db, actor, Perm.MANAGE_FLOOR) as unit:
        s = unit.session
        if s.get(Floor, floor_id) is None:
            raise NotFound(what="Floor", key=floor_id)
        _code_free(s, code)
        zone = Zone(
            floor_id=floor_id, code=code, name=name, skill=skill, x=x, y=y, width=width, height=height
        )
        s.add(zone)
        s.flush()
        unit.audit("floor.add_zone", "zone", zone.id, code=code)
        return zone.id


def next_seat_code(s: Session, zone_code: str) -> str:
    """``ATO-31`` after ``ATO-30``: the zone's prefix and the next free number."""
    prefix = zone_code[:12]
    used = set(s.scalars(select(Seat.code).where(Seat.code.like(f"{prefix}-%"))))
    n = s.scalar(select(func.count()).select_from(Seat).where(Seat.code.like(f"{prefix}-%"))) or 0
    while True:
        n += 1
        code = f"{prefix}-{n:02d}"
        if code not in used:
            return code


def add_seat(db: Database, actor: Actor, zone_code: str, x: float, y: float, code: str | None = None) -> int:
    with unit_of_work(db, actor, Perm.MANAGE_FLOOR) as unit:
        s = unit.session
        zone = s.scalars(select(Zone).where(Zone.code == zone_code)).first()
        if zone is None:
            raise NotFound(what="Zone", key=zone_code)
        code = code or next_seat_code(s, zone_code)
        _code_free(s, code)
        seat = Seat(zone_id=zone.id, code=code, x=x, y=y, active=True)
        s.add(seat)
        s.flush()
        unit.audit("floor.add_seat", "seat", seat.id, code=code, zone=zone_code)
        return seat.id


def remove_seat(db: Database, actor: Actor, seat_id: int, on: date) -> None:
    """The seat goes out of use from ``on`` (deleted if nobody ever sat there)."""
    with unit_of_work(db, actor, Perm.MANAGE_FLOOR) as unit:
        s = unit.session
        seat = s.get(Seat, seat_id)
        if seat is None:
            raise NotFound(what="Seat", key=seat_id)
        code = seat.code
        _retire(s, seat, on)
        unit.audit("floor.remove_seat", "seat", seat_id, code=code)


def remove_zone(db: Database, actor: Actor, zone_code: str) -> None:
    """Remove a zone with no seat in use (remove its seats first): deleted, or hidden if seats had history."""
    with unit_of_work(db, actor, Perm.MANAGE_FLOOR) as unit:
        s = unit.session
        zone = s.scalars(select(Zone).where(Zone.code == zone_code)).first()
        if zone is None:
            raise NotFound(what="Zone", key=zone_code)
        in_use = sum(1 for seat in zone.seats if seat.active)
        if in_use:
            raise ZoneNotEmpty(zone=zone.name, count=in_use)
        if not zone.seats:
            s.execute(delete(ZoneName).where(ZoneName.owner_id == zone.id))
            s.delete(zone)
        unit.audit("floor.remove_zone", "zone", zone.id, code=zone_code)
