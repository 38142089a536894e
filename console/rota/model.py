"""The rota's plain data: shift templates, agents, rostered shifts, the floor's rules and what breaks them.

Nothing here touches the database or Qt: the rule checker (:mod:`console.rota.check`) and the solver
(:mod:`console.rota.solver`) work on these, and :mod:`console.services.rota` reads and writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from console.floortime import is_night_shift
from console.i18n import QT_TRANSLATE_NOOP, translate


@dataclass(frozen=True)
class Template:
    """A shift template: starts at a floor-time ``start`` and lasts ``minutes`` (may cross midnight).

    A shift belongs to the floor date it starts on (the 19:00 12-hour night of 31 Jan ends on 1 Feb).
    """

    id: int
    code: str
    start: time
    minutes: int

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        """Minutes after the start day's midnight at which it ends (past 1440 when it crosses midnight)."""
        return self.start_minute + self.minutes

    @property
    def is_night(self) -> bool:
        """Whether it works any of 00:00–05:00 floor time (:func:`console.floortime.is_night_shift`)."""
        return is_night_shift(self.start, self.minutes)

    @property
    def crosses_midnight(self) -> bool:
        return self.end_minute > 1440

    def bounds(self, day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """UTC start and end on floor date ``day`` (the floor's zone decides the UTC moment)."""
        start = datetime.combine(day, self.start, tzinfo=tz).astimezone(UTC)
        return start, start + timedelta(minutes=self.minutes)

    def hours(self, day: date) -> list[tuple[date, int]]:
        """The floor-time (date, hour) slots it covers (an hour counts when any part of it is worked)."""
        first = self.start_minute // 60
        last = (self.end_minute - 1) // 60
        return [(day + timedelta(days=h // 24), h % 24) for h in range(first, last + 1)]


@dataclass(frozen=True)
class Agent:
    """Who may be rostered: their desk (team's primary skill, or ``lead`` for team leads), skills and
    languages, and their usual template (``None``: no habit to keep)."""

    id: int
    name: str
    desk: str
    team: str = ""
    skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    usual: str | None = None

    def counts_for(self, desk: str, skill: str | None, language: str | None) -> bool:
        """Whether this agent on shift counts towards a requirement of ``desk`` narrowed to skill/language."""
        return (
            self.desk == desk
            and (skill is None or skill in self.skills)
            and (language is None or language in self.languages)
        )


SCHEDULED, LEAVE, CANCELLED = "scheduled", "leave", "cancelled"


@dataclass(frozen=True)
class Shift:
    """One rota row: an agent on a template on a floor date; ``id`` the stored row's (``None``: planned)."""

    agent_id: int
    day: date
    code: str
    status: str = SCHEDULED
    leave_type: str | None = None
    id: int | None = None

    @property
    def working(self) -> bool:
        return self.status == SCHEDULED


@dataclass(frozen=True)
class Rules:
    """The floor's rota rules (``rota_rules``; these are the defaults)."""

    min_rest_hours: float = 11.0
    max_consecutive_nights: int = 4
    max_consecutive_days: int = 6
    max_shifts_per_week: int = 5

    def as_dict(self) -> dict[str, Any]:
        return {
            "min_rest_hours": self.min_rest_hours,
            "max_consecutive_nights": self.max_consecutive_nights,
            "max_consecutive_days": self.max_consecutive_days,
            "max_shifts_per_week": self.max_shifts_per_week,
        }


@dataclass(frozen=True)
class Requirement:
    """What one hour needs: at least ``count`` on ``desk`` (narrowed to ``skill`` / ``language``)."""

    desk: str
    skill: str | None
    language: str | None
    day: date
    hour: int
    count: int


# Violation kinds, with their titles (translated where shown).
REST, NIGHTS, DAYS, WEEK, LEAVE_KIND, ONE_A_DAY, COVERAGE, SKILL, LANGUAGE = (
    "rest",
    "nights",
    "days",
    "week",
    "leave",
    "one_a_day",
    "coverage",
    "skill",
    "language",
)
KIND_TITLES = {
    REST: QT_TRANSLATE_NOOP("RotaRules", "Too little rest between shifts"),
    NIGHTS: QT_TRANSLATE_NOOP("RotaRules", "Too many nights in a row"),
    DAYS: QT_TRANSLATE_NOOP("RotaRules", "Too many working days in a row"),
    WEEK: QT_TRANSLATE_NOOP("RotaRules", "Too many shifts in a week"),
    LEAVE_KIND: QT_TRANSLATE_NOOP("RotaRules", "Rostered on approved leave"),
    ONE_A_DAY: QT_TRANSLATE_NOOP("RotaRules", "More than one shift in a day"),
    COVERAGE: QT_TRANSLATE_NOOP("RotaRules", "Desk below its required headcount"),
    SKILL: QT_TRANSLATE_NOOP("RotaRules", "Too few people with the required skill"),
    LANGUAGE: QT_TRANSLATE_NOOP("RotaRules", "Too few speakers of the required language"),
}
AGENT_KINDS = frozenset({REST, NIGHTS, DAYS, WEEK, LEAVE_KIND, ONE_A_DAY})


@dataclass(frozen=True)
class Violation:
    """A broken rule: about an agent (rest, nights, days, week, leave, one a day) or a desk (coverage,
    skill, language), on a floor date and, for coverage, from ``hour`` for ``hours`` hours."""

    kind: str
    day: date
    agent_id: int | None = None
    desk: str | None = None
    hour: int | None = None
    hours: int = 0
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The rule broken, translated."""
        return translate("RotaRules", KIND_TITLES[self.kind])

    def describe(self) -> str:
        """One line, translated: the rule and the figures that break it."""
        d = self.detail
        if self.kind == REST:
            return translate("RotaRules", REST_TEXT).format(
                title=self.title, rest=d["rest_hours"], code=d["code"], min=d["min"]
            )
        if self.kind in (NIGHTS, DAYS, WEEK):
            return translate("RotaRules", COUNT_TEXT).format(title=self.title, count=d["count"], max=d["max"])
        if self.kind == LEAVE_KIND:
            return translate("RotaRules", LEAVE_TEXT).format(
                # The leave type's title as console.services.leave marks it ("Leave" context, source = code).
                title=self.title,
                code=d["code"],
                leave=translate("Leave", d["leave_type"]) if d.get("leave_type") else "",
            )
        if self.kind == ONE_A_DAY:
            return translate("RotaRules", CODES_TEXT).format(title=self.title, codes=", ".join(d["codes"]))
        start = self.hour or 0
        return translate("RotaRules", GAP_TEXT).format(
            title=self.title,
            desk=self.desk,
            what=d.get("skill") or d.get("language") or "",
            have=d["have"],
            need=d["need"],
            start=start,
            end=(start + self.hours) % 24,
        )


REST_TEXT = QT_TRANSLATE_NOOP(
    "RotaRules", "{title}: {rest:.1f} h before the {code} shift (at least {min:g} h)"
)
COUNT_TEXT = QT_TRANSLATE_NOOP("RotaRules", "{title}: {count} (at most {max})")
LEAVE_TEXT = QT_TRANSLATE_NOOP("RotaRules", "{title}: {code} on a day of {leave} leave")
CODES_TEXT = QT_TRANSLATE_NOOP("RotaRules", "{title}: {codes}")
GAP_TEXT = QT_TRANSLATE_NOOP(
    "RotaRules", "{title}: {desk} {what} {have} of {need}, {start:02d}:00–{end:02d}:00"
)
