"""Staffing requirements: how many people each desk needs, hour by hour (``staffing_requirements``).

A requirement is a floor-time window on some weekdays with a minimum headcount, optionally counting only
people with a skill or a language. The rota solver plans against them, the coverage view and the seat map's
zone headers compare them with who is rostered and present. :func:`hourly` expands them to the 24 hours of
one floor day, which is what all of those read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import StaffingRequirement, Zone
from console.errors import InvalidInput, NotFound
from console.i18n import QT_TRANSLATE_NOOP
from console.services.unit import unit_of_work
from console.topics import Topic

TOPIC = Topic.STAFFING  # what the feed names when this module's table changes (written by the database)
EVERY_DAY = 127
LANGUAGES = ("en", "zh", "ms", "yue", "ta")
SKILLS = ("ato", "withdrawal", "kyc", "aml", "fiat_p2p", "qa")

BAD_HOURS = QT_TRANSLATE_NOOP(
    "Errors", "A window starts at hour 0 to 23 and ends at hour 1 to 24 (got {start}–{end})."
)
BAD_COUNT = QT_TRANSLATE_NOOP("Errors", "A required headcount is a whole number from 0 to 500 (got {count}).")
BAD_DAYS = QT_TRANSLATE_NOOP("Errors", "Choose at least one weekday.")
BAD_SKILL = QT_TRANSLATE_NOOP("Errors", "Unknown skill {skill}: use one of {known}.")
BAD_LANGUAGE = QT_TRANSLATE_NOOP("Errors", "Unknown language {language}: use one of {known}.")


@dataclass(frozen=True)
class Requirement:
    """One row of ``staffing_requirements`` with its desk's code."""

    id: int
    zone_id: int
    zone_code: str
    from_hour: int
    to_hour: int
    weekdays: int
    skill: str | None
    language: str | None
    min_count: int

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        """What it counts: the desk, and the skill or language that narrows it."""
        return (self.zone_code, self.skill, self.language)

    def hours(self) -> list[int]:
        """The floor-time hours of one day the window covers (crossing midnight wraps)."""
        end = self.to_hour if self.to_hour > self.from_hour else self.to_hour + 24
        return [h % 24 for h in range(self.from_hour, end)]

    def on(self, day: date) -> bool:
        """Whether the window applies on ``day`` (the day the covered hour falls on)."""
        return bool(self.weekdays & (1 << day.weekday()))


def requirements(s: Session, zone_ids: Iterable[int] | None = None) -> list[Requirement]:
    """Every requirement (of these desks), ordered by desk, window and what it narrows to."""
    q = (
        select(StaffingRequirement, Zone.code)
        .join(Zone, Zone.id == StaffingRequirement.zone_id)
        .order_by(Zone.id, StaffingRequirement.from_hour, StaffingRequirement.id)
    )
    if zone_ids is not None:
        q = q.where(StaffingRequirement.zone_id.in_(list(zone_ids)))
    return [
        Requirement(
            r.id, r.zone_id, code, r.from_hour, r.to_hour, r.weekdays, r.skill, r.language, r.min_count
        )
        for r, code in s.execute(q)
    ]


def hourly(reqs: Sequence[Requirement], day: date) -> dict[tuple[str, str | None, str | None], list[int]]:
    """The required headcount per hour of floor day ``day`` (0 … 23), per (desk, skill, language).

    Overlapping windows for the same key take the larger count (two rows never add up: "6 from 07 to 15"
    and "4 from 07 to 23" mean 6 in the morning, 4 in the evening).
    """
    out: dict[tuple[str, str | None, str | None], list[int]] = {}
    for r in reqs:
        counts = out.setdefault(r.key, [0] * 24)
        for h in r.hours():
            # An hour after midnight of a window starting the evening before belongs to the next day, but
            # hourly() reads one calendar day: hour h of ``day`` is covered when the window applies on
            # ``day`` (the day the hour falls on).
            if r.on(day):
                counts[h] = max(counts[h], r.min_count)
    return out


def required_at(
    reqs: Sequence[Requirement], day: date, hour: int
) -> dict[tuple[str, str | None, str | None], int]:
    """The required headcount at one floor-time hour, per (desk, skill, language), zero rows left out."""
    return {key: counts[hour] for key, counts in hourly(reqs, day).items() if counts[hour]}


def _check(
    from_hour: int, to_hour: int, min_count: int, weekdays: int, skill: str | None, language: str | None
) -> None:
    if not (0 <= from_hour <= 23 and 1 <= to_hour <= 24):
        raise InvalidInput(BAD_HOURS, start=from_hour, end=to_hour)
    if not 0 <= min_count <= 500:
        raise InvalidInput(BAD_COUNT, count=min_count)
    if not 1 <= weekdays <= EVERY_DAY:
        raise InvalidInput(BAD_DAYS)
    if skill is not None and skill not in SKILLS:
        raise InvalidInput(BAD_SKILL, skill=skill, known=", ".join(SKILLS))
    if language is not None and language not in LANGUAGES:
        raise InvalidInput(BAD_LANGUAGE, language=language, known=", ".join(LANGUAGES))


def set_requirement(
    db: Database,
    actor: Actor,
    zone_code: str,
    from_hour: int,
    to_hour: int,
    min_count: int,
    *,
    skill: str | None = None,
    language: str | None = None,
    weekdays: int = EVERY_DAY,
) -> int:
    """Add the requirement, or change the count of the one with the same desk, window, days, skill and
    language. Returns its id. Audited before → after."""
    _check(from_hour, to_hour, min_count, weekdays, skill, language)
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        s = unit.session
        zone = s.scalar(select(Zone).where(Zone.code == zone_code))
        if zone is None:
            raise NotFound(what="Zone", key=zone_code)
        r = StaffingRequirement
        row = s.scalar(
            select(r).where(
                r.zone_id == zone.id,
                r.from_hour == from_hour,
                r.to_hour == to_hour,
                r.weekdays == weekdays,
                r.skill.is_(None) if skill is None else r.skill == skill,
                r.language.is_(None) if language is None else r.language == language,
            )
        )
        before = row.min_count if row is not None else None
        if row is None:
            row = r(
                zone_id=zone.id,
                from_hour=from_hour,
                to_hour=to_hour,
                weekdays=weekdays,
                skill=skill,
                language=language,
                min_count=min_count,
            )
            s.add(row)
        else:
            row.min_count = min_count
        s.flush()
        unit.audit(
            "staffing.set",
            "zone",
            zone.id,
            window=f"{from_hour:02d}-{to_hour:02d}",
            weekdays=weekdays,
            skill=skill,
            language=language,
            before=before,
            after=min_count,
        )
        return row.id


def remove_requirement(db: Database, actor: Actor, requirement_id: int) -> None:
    """Delete one requirement; audited with what it said."""
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        row = unit.session.get(StaffingRequirement, requirement_id)
        if row is None:
            raise NotFound(what="Staffing requirement", key=requirement_id)
        unit.audit(
            "staffing.remove",
            "zone",
            row.zone_id,
            window=f"{row.from_hour:02d}-{row.to_hour:02d}",
            skill=row.skill,
            language=row.language,
            before=row.min_count,
        )
        unit.session.delete(row)
