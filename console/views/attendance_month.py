"""A month of attendance per agent and per team: what the supervisor reports and exports.

Qt-free; the dock's Month tab, the CLI (``watchfloor attendance month``) and the Excel export
(:mod:`console.attendance_xlsx`) read the same figures. A shift belongs to the floor date it starts on, so
the night shift of the month's last day counts in that month though it ends in the next.

What each figure means (all over the agent's rota for the month, cancelled shifts left out):

- *rostered*: shifts on the rota, leave included; *leave_annual / _sick / _emergency*: shifts on leave;
- *worked*: shifts (not on leave) with a clock-in; *absences*: shifts not on leave, started at least the
  no-show time (30 min) before ``now``, without a clock-in; shifts still to come are *upcoming*;
- *attendance rate*: worked / (worked + absences); *punctuality*: worked shifts clocked in within the
  grace period (5 min, to the second) / worked shifts;
- *minutes late*: the sum of each worked shift's minutes late (counted from the shift's start once past the
  grace period, as the roster shows them); *overtime minutes*: minutes clocked out after the shift's end;
  *break minutes*: every break taken (a break left open stops at the shift's end).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from console.errors import InvalidInput
from console.services import attendance
from console.services.attendance import NO_SHOW, RosterLine
from console.services.leave import LEAVE_TYPES


def parse_month(text: str) -> date:
    """``2026-11`` -> 1 Nov 2026. Raises :class:`InvalidInput` for anything else."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except ValueError as exc:
        raise InvalidInput(detail=f"month {text!r} (YYYY-MM)") from exc


def month_days(first: date) -> tuple[date, date]:
    """The first and last day of ``first``'s month."""
    return first.replace(day=1), first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass
class Figures:
    """Counts and minutes over some shifts; rates are derived."""

    rostered: int = 0
    worked: int = 0
    absences: int = 0
    upcoming: int = 0
    on_time: int = 0
    minutes_late: int = 0
    overtime_minutes: int = 0
    break_minutes: float = 0.0
    leave: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEAVE_TYPES, 0))

    @property
    def leave_days(self) -> int:
        return sum(self.leave.values())

    @property
    def attendance_rate(self) -> float | None:
        """Worked / (worked + absences); ``None`` when no shift was due yet."""
        due = self.worked + self.absences
        return self.worked / due if due else None

    @property
    def punctuality(self) -> float | None:
        """Worked shifts on time / worked shifts; ``None`` when none was worked."""
        return self.on_time / self.worked if self.worked else None

    def add(self, line: RosterLine, now: datetime) -> None:
        self.rostered += 1
        if line.rota_status == "leave":
            kind = line.leave_type if line.leave_type in self.leave else "annual"
            self.leave[kind or "annual"] += 1
            return
        if line.clock_in is not None:
            self.worked += 1
            self.on_time += line.on_time
            self.minutes_late += line.minutes_late
            self.overtime_minutes += line.overtime_minutes
            self.break_minutes += line.break_minutes_at(now)
        elif now >= line.starts_at + NO_SHOW:
            self.absences += 1
        else:
            self.upcoming += 1

    def merge(self, other: Figures) -> None:
        for name in (
            "rostered",
            "worked",
            "absences",
            "upcoming",
            "on_time",
            "minutes_late",
            "overtime_minutes",
            "break_minutes",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, n in other.leave.items():
            self.leave[kind] = self.leave.get(kind, 0) + n


@dataclass(frozen=True)
class AgentMonth:
    agent_id: int
    employee_no: str
    name: str
    team: str
    figures: Figures


@dataclass(frozen=True)
class TeamMonth:
    team: str
    agents: int
    figures: Figures


@dataclass(frozen=True)
class MonthSummary:
    month: date  # its first day
    now: datetime  # the moment absences were counted at
    agents: tuple[AgentMonth, ...]
    teams: tuple[TeamMonth, ...]
    shifts: tuple[RosterLine, ...]  # every rostered shift of the month, by agent then start

    @property
    def total(self) -> Figures:
        whole = Figures()
        for team in self.teams:
            whole.merge(team.figures)
        return whole


def summarise(lines: Iterable[RosterLine], month: date, now: datetime) -> MonthSummary:
    """The month's figures from its roster lines (pure: the tests hand-compute against it)."""
    by_agent: dict[int, AgentMonth] = {}
    shifts = tuple(lines)
    for line in shifts:
        agent = by_agent.get(line.agent_id)
        if agent is None:
            agent = by_agent[line.agent_id] = AgentMonth(
                line.agent_id, line.employee_no, line.name, line.team, Figures()
            )
        agent.figures.add(line, now)
    agents = tuple(sorted(by_agent.values(), key=lambda a: (a.team.lower(), a.name.lower())))
    teams: dict[str, tuple[int, Figures]] = {}
    for agent in agents:
        count, figures = teams.get(agent.team, (0, Figures()))
        figures.merge(agent.figures)
        teams[agent.team] = (count + 1, figures)
    return MonthSummary(
        month=month,
        now=now,
        agents=agents,
        teams=tuple(TeamMonth(name, count, figures) for name, (count, figures) in sorted(teams.items())),
        shifts=shifts,
    )


def month_summary(s: Session, month: date, now: datetime) -> MonthSummary:
    """Every agent's and team's figures for the month holding ``month``, absences as of ``now``."""
    first, last = month_days(month)
    return summarise(attendance.roster(s, first_day=first, last_day=last), first, now)
