"""One shift's roster against actual clock-ins, as a table model kept current per agent.

Rows are keyed by agent (an agent works at most one shift a day). Like the seat map, each row's presence
is kept as of the last :meth:`RosterModel.tick`, so a tick announces only the rows whose status or running
break actually changed instead of repainting the whole table every second.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from console.services.attendance import PRESENCE_TITLES, Presence, RosterLine
from console.services.leave import LEAVE_TITLES
from ui.clock import FloorClock
from ui.format import PRESENCE_COLORS, BadgeRole, floor_hm
from ui.models.keyed import Index, KeyedTableModel

CTX = "RosterModel"
AgentIdRole = Qt.ItemDataRole.UserRole + 1
RotaIdRole = Qt.ItemDataRole.UserRole + 2
PresenceRole = Qt.ItemDataRole.UserRole + 3  # Presence.value
SortRole = Qt.ItemDataRole.UserRole + 4

COLUMNS = ("agent", "team", "start", "clock_in", "clock_out", "late", "break", "status", "note")
EXCEPTIONS = frozenset({Presence.LATE, Presence.ABSENT, Presence.NOT_YET})
# Status sort: what needs the supervisor first.
URGENCY = (
    Presence.ABSENT,
    Presence.NOT_YET,
    Presence.LATE,
    Presence.ON_BREAK,
    Presence.PRESENT,
    Presence.UPCOMING,
    Presence.LEFT,
    Presence.LEAVE,
)
# Light tint + dark ink: readable on light and dark palettes alike.
ROW_TINTS: dict[Presence, tuple[QColor, QColor]] = {
    Presence.LATE: (QColor("#fdecc8"), QColor("#713f12")),
    Presence.ABSENT: (QColor("#fddcdc"), QColor("#7f1d1d")),
    Presence.LEAVE: (QColor("#f8e6f0"), QColor("#6d214d")),
}


def _headers() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("RosterModel", "Agent"),
        QCoreApplication.translate("RosterModel", "Team"),
        QCoreApplication.translate("RosterModel", "Scheduled"),
        QCoreApplication.translate("RosterModel", "Clock-in"),
        QCoreApplication.translate("RosterModel", "Clock-out"),
        QCoreApplication.translate("RosterModel", "Late (min)"),
        QCoreApplication.translate("RosterModel", "Break (min)"),
        QCoreApplication.translate("RosterModel", "Status"),
        QCoreApplication.translate("RosterModel", "Note"),
    )


def presence_title(presence: Presence) -> str:
    return QCoreApplication.translate("Presence", PRESENCE_TITLES[presence])


def leave_title(leave_type: str | None) -> str:
    """``annual`` -> the translated word; an unknown or missing type: the plain "leave"."""
    if leave_type in LEAVE_TITLES:
        return QCoreApplication.translate("Leave", LEAVE_TITLES[leave_type])
    return leave_type or ""


def status_text(line: RosterLine, presence: Presence) -> str:
    """The status as the roster shows it: a leave says its type ("On leave · sick")."""
    title = presence_title(presence)
    if presence == Presence.LEAVE and line.leave_type:
        return QCoreApplication.translate("RosterModel", "{0} · {1}").format(
            title, leave_title(line.leave_type)
        )
    return title


def break_minutes(line: RosterLine, now: datetime) -> int:
    """Finished breaks plus the one running now (stopping at the shift's end), in whole minutes."""
    return int(line.break_minutes_at(now))


# The roles data() answers; a paint asks each cell for about ten.
ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        SortRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        BadgeRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
        AgentIdRole,
        RotaIdRole,
        PresenceRole,
    }
)


class RosterModel(KeyedTableModel):
    """Rostered agents of one shift held by agent id (rows of :mod:`console.views.roster`); inserted,
    updated and dropped as the change feed names agents. Beside each line: its presence and break minutes
    as of the last tick."""

    columns = COLUMNS

    def __init__(self, clock: FloorClock, parent: Any = None) -> None:
        super().__init__(parent)
        self.clock = clock

    @property
    def _lines(self) -> list[RosterLine]:
        return self._rows

    @property
    def _state(self) -> list[tuple[Presence, int]]:  # presence and break minutes as of the last tick
        return self._derived

    def derive(self, row: RosterLine) -> tuple[Presence, int]:
        return self._now_state(row, self.clock.now())

    def tick(self) -> None:
        """Time moved: a not-yet agent may now be absent, a running break is a minute longer."""
        now = self.clock.now()
        last = len(COLUMNS) - 1
        brk = COLUMNS.index("break")
        changed = False
        for row, line in enumerate(self._lines):
            if line.clock_in is not None and line.on_break_since is None:
                continue  # nothing about this row depends on the time
            state = self._now_state(line, now)
            old, self._state[row] = self._state[row], state
            if state[0] != old[0]:  # the status and the row's colour change
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
                changed = True
            elif state[1] != old[1]:
                self.dataChanged.emit(self.index(row, brk), self.index(row, brk))
                changed = True
        if changed:
            self.applied.emit()

    @staticmethod
    def _now_state(line: RosterLine, now: datetime) -> tuple[Presence, int]:
        return line.presence(now), break_minutes(line, now)

    # -- queries --------------------------------------------------------------------------------------
    def line_at(self, row: int) -> RosterLine:
        return self._lines[row]

    def display_text(self, row: int, column: int) -> str:
        """What ``data()`` shows in this cell, without a model index (column fitting reads every row)."""
        presence, brk = self._state[row]
        return self._display(self._lines[row], presence, brk, COLUMNS[column])

    def presence_at(self, row: int) -> Presence:
        return self._state[row][0]

    def counts(self) -> Counter[Presence]:
        return Counter(p for p, _ in self._state)

    def header_titles(self) -> tuple[str, ...]:
        return _headers()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None  # a view asks every cell for a dozen roles: those not served cost nothing
        line = self._lines[index.row()]
        presence, brk = self._state[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, presence, brk, col)
        if role == SortRole:
            return self._sort_key(line, presence, brk, col)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and presence in ROW_TINTS:
            tint, ink = ROW_TINTS[presence]
            return QBrush(tint if role == Qt.ItemDataRole.BackgroundRole else ink)
        if role == BadgeRole and col == "status":  # drawn by ui.delegates.BadgeDelegate, over any selection
            return PRESENCE_COLORS[presence]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
            "start",
            "clock_in",
            "clock_out",
            "late",
            "break",
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, presence, col)
        if role == AgentIdRole:
            return line.agent_id
        if role == RotaIdRole:
            return line.rota_id
        if role == PresenceRole:
            return presence.value
        return None

    def _tooltip(self, line: RosterLine, presence: Presence, col: str) -> str | None:
        if col == "agent":
            text = QCoreApplication.translate("RosterModel", "{0} · employee {1}").format(
                line.name, line.employee_no
            )
        elif col == "clock_out" and line.minutes_early:
            text = QCoreApplication.translate("RosterModel", "Left {0} min before the shift's end").format(
                line.minutes_early
            )
        elif col == "clock_out" and line.overtime_minutes:
            text = QCoreApplication.translate("RosterModel", "Stayed {0} min past the shift's end").format(
                line.overtime_minutes
            )
        elif col == "status" and presence == Presence.LEAVE:
            text = QCoreApplication.translate("RosterModel", "Approved leave ({0}): not an absence").format(
                leave_title(line.leave_type)
            )
        else:
            text = ""
        if line.note and col in ("agent", "status", "note"):
            note = QCoreApplication.translate("RosterModel", "Note: {0}").format(line.note)
            text = f"{text}\n{note}" if text else note
        return text or None

    def _display(self, line: RosterLine, presence: Presence, brk: int, col: str) -> str:
        tz = self.clock.tz
        if col == "agent":
            return line.name
        if col == "team":
            return line.team
        if col == "start":
            return f"{floor_hm(line.starts_at, tz)}–{floor_hm(line.ends_at, tz)}"
        if col == "clock_in":
            return floor_hm(line.clock_in, tz)
        if col == "clock_out":
            return floor_hm(line.clock_out, tz)
        if col == "late":
            return str(line.minutes_late) if line.minutes_late else ""
        if col == "break":
            return str(brk) if brk or presence == Presence.ON_BREAK else ""
        if col == "note":
            return line.note
        return status_text(line, presence)

    @staticmethod
    def _sort_key(line: RosterLine, presence: Presence, brk: int, col: str) -> Any:
        if col == "status":  # urgency first, then by name (a string: QVariant cannot compare tuples)
            return f"{URGENCY.index(presence)}:{line.name.lower()}"
        return {
            "agent": line.name.lower(),
            "team": line.team.lower(),
            "start": line.starts_at.timestamp(),
            "clock_in": line.clock_in.timestamp() if line.clock_in else float("inf"),
            "clock_out": line.clock_out.timestamp() if line.clock_out else float("inf"),
            "late": line.minutes_late,
            "break": brk,
            "note": line.note.lower(),
        }[col]


class RosterFilter(QSortFilterProxyModel):
    """Sorts the roster and, when asked, keeps only the exceptions (late, absent, not in yet)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._exceptions_only = False
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    @property
    def exceptions_only(self) -> bool:
        return self._exceptions_only

    def set_exceptions_only(self, on: bool) -> None:
        if on == self._exceptions_only:
            return
        if hasattr(QSortFilterProxyModel, "endFilterChange"):  # Qt 6.10+; invalidateRowsFilter is deprecated
            self.beginFilterChange()
            self._exceptions_only = on
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # Qt 6.7 - 6.9
            self._exceptions_only = on
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._exceptions_only:
            return True
        model = self.sourceModel()
        return Presence(model.index(source_row, 0, source_parent).data(PresenceRole)) in EXCEPTIONS
