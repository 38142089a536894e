"""The floor's seats on one shift as a table model: the one source the seat map and its legend draw from.

One row per seat. Presence depends on the clock (a not-yet agent becomes absent 30 minutes into the shift),
so the model keeps each row's presence key as of the last :meth:`SeatMapModel.tick` and only announces rows
whose key changed; ``data()`` never touches the database and never recomputes from a moving clock, so every
view of a row agrees between ticks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from console.names import pick
from console.services.attendance import PRESENCE_TITLES, Presence, RosterLine
from console.services.floor import SeatView
from console.views.seat_map import ZoneRow
from ui import i18n
from ui.clock import FloorClock
from ui.format import PRESENCE_COLORS, floor_hm
from ui.models.keyed import Index, KeyedTableModel, runs

CTX = "SeatMapModel"
SeatIdRole = Qt.ItemDataRole.UserRole + 1
XRole = Qt.ItemDataRole.UserRole + 2  # seat centre, floor units
YRole = Qt.ItemDataRole.UserRole + 3
ZoneCodeRole = Qt.ItemDataRole.UserRole + 4
PresenceRole = Qt.ItemDataRole.UserRole + 5  # Presence.value, or EMPTY
AgentIdRole = Qt.ItemDataRole.UserRole + 6

COLUMNS = ("seat", "zone", "agent", "state")
EMPTY = "empty"  # nobody seated here this shift (or the seat holder is not rostered today)
# Legend order: who is working, then who is missing, then the seats nobody uses.
STATE_ORDER = (
    Presence.PRESENT.value,
    Presence.LATE.value,
    Presence.ON_BREAK.value,
    Presence.NOT_YET.value,
    Presence.ABSENT.value,
    Presence.LEAVE.value,
    Presence.LEFT.value,
    Presence.UPCOMING.value,
    EMPTY,
)


def state_title(key: str) -> str:
    """The translated name of a seat state (a presence title, or "Empty seat")."""
    if key == EMPTY:
        return QCoreApplication.translate("SeatMapModel", "Empty seat")
    return QCoreApplication.translate("Presence", PRESENCE_TITLES[Presence(key)])


def state_color(key: str) -> QColor:
    return PRESENCE_COLORS[None if key == EMPTY else Presence(key)]


_LETTERS: dict[str, str] = {}  # in the UI language; cleared by :func:`forget_letters` when it changes


def forget_letters() -> None:
    _LETTERS.clear()


def state_letter(key: str) -> str:
    """The one letter (in Chinese, one character) drawn on a seat and its legend swatch, so a seat's state
    never rests on its colour alone. An empty seat has none: its dashed outline and no name say it.
    Translated once per language (a refresh of 1,000 seats asks 1,000 times)."""
    letter = _LETTERS.get(key)
    if letter is None:
        letter = _LETTERS[key] = _translate_letter(key)
    return letter


def _translate_letter(key: str) -> str:
    if key == EMPTY:
        return ""
    letters = {
        Presence.PRESENT.value: QCoreApplication.translate("SeatMapModel", "P", "seat letter: present"),
        Presence.LATE.value: QCoreApplication.translate("SeatMapModel", "L", "seat letter: late"),
        Presence.ON_BREAK.value: QCoreApplication.translate("SeatMapModel", "B", "seat letter: on break"),
        Presence.NOT_YET.value: QCoreApplication.translate("SeatMapModel", "N", "seat letter: not in yet"),
        Presence.ABSENT.value: QCoreApplication.translate("SeatMapModel", "A", "seat letter: absent"),
        Presence.LEAVE.value: QCoreApplication.translate("SeatMapModel", "V", "seat letter: on leave"),
        Presence.LEFT.value: QCoreApplication.translate("SeatMapModel", "O", "seat letter: clocked out"),
        Presence.UPCOMING.value: QCoreApplication.translate("SeatMapModel", "U", "seat letter: upcoming"),
    }
    return letters[key]


@dataclass(frozen=True)
class ZoneShape(ZoneRow):
    """A zone as the map draws it (plain data, so no ORM row is touched on the GUI thread), with its title
    in the UI language."""

    def title(self) -> str:
        return pick(self.names, i18n.current_language(), self.name)


# Who is on the floor at their desk (a zone header's "present").
AT_DESK = frozenset({Presence.PRESENT.value, Presence.LATE.value})


class SeatMapModel(KeyedTableModel):
    """Seats of one floor on one shift held by seat id (rows of :mod:`console.views.seat_map`), kept
    current seat by seat as the change feed names them. Beside each seat: its state key as of the last tick.
    Beside the seats: the agents rostered on the shift with no seat (:attr:`unseated`), who count too.

    Signals:
        unseatedChanged(): the unseated agents or their states changed.
    """

    unseatedChanged = Signal()

    columns = COLUMNS

    def __init__(self, clock: FloorClock, parent: Any = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.zones: dict[str, ZoneShape] = {}
        self.unseated: list[RosterLine] = []
        self.starts_at: datetime | None = None
        self.unseated_keys: list[str] = []

    @property
    def _seats(self) -> list[SeatView]:
        return self._rows

    @property
    def _keys(self) -> list[str]:
        return self._derived

    # -- feeding --------------------------------------------------------------------------------------
    def set_floor(
        self,
        zones: Iterable[ZoneShape],
        seats: Iterable[SeatView],
        unseated: Iterable[RosterLine] = (),
        starts_at: datetime | None = None,
    ) -> None:
        """Replace everything (first load, a new shift, a reload). ``starts_at``: the shift's start, which
        the zones' hour-by-hour requirements count from."""
        self.zones = {z.code: z for z in zones}
        self.starts_at = starts_at
        self._set_unseated(unseated)
        self.reset(seats)
        self.unseatedChanged.emit()

    def set_unseated(self, lines: Iterable[RosterLine]) -> None:
        """The unseated agents as read now (a reload that kept the floor's shape)."""
        lines = list(lines)
        if lines == self.unseated:
            return
        self._set_unseated(lines)
        self.unseatedChanged.emit()
        self.applied.emit()

    def _set_unseated(self, lines: Iterable[RosterLine]) -> None:
        now = self.clock.now()
        self.unseated = sorted(lines, key=lambda ln: ln.name)
        self.unseated_keys = [ln.presence(now).value for ln in self.unseated]

    def derive(self, row: SeatView) -> str:
        return self._key(row, self.clock.now())

    def tick(self) -> None:
        """Time moved: announce only the seats whose presence changed (not-yet turning absent)."""
        now = self.clock.now()
        changed: list[int] = []
        for row, view in enumerate(self._seats):
            key = self._key(view, now)
            if key != self._keys[row]:
                self._keys[row] = key
                changed.append(row)
        for first, last in runs(changed):  # one signal per run of rows, never one per seat
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        loose = [ln.presence(now).value for ln in self.unseated]
        moved = loose != self.unseated_keys
        if moved:
            self.unseated_keys = loose
            self.unseatedChanged.emit()
        if changed or moved:
            self.applied.emit()

    @staticmethod
    def _key(view: SeatView, now: Any) -> str:
        presence = view.presence(now)
        return EMPTY if presence is None else presence.value

    def retranslate(self) -> None:
        forget_letters()
        super().retranslate()

    # -- queries for the dock, the map and the legend --------------------------------------------------
    def seat_at(self, row: int) -> SeatView:
        return self._seats[row]

    def rows_and_keys(self) -> tuple[list[SeatView], list[str]]:
        """The seats and their state keys, in row order (the lists held: read, never change them)."""
        return self._seats, self._keys

    def key_at(self, row: int) -> str:
        return self._keys[row]

    def counts(self) -> Counter[str]:
        """How many PEOPLE are in each state, seated or not, and (under ``EMPTY``) how many seats are free:
        the legend's figures. An unseated late agent counts as late."""
        counts = Counter(self._keys)
        counts.update(self.unseated_keys)
        return counts

    def zone_required(self, code: str) -> int | None:
        """What the zone's staffing requirements ask for now (``None``: none set for this hour)."""
        zone = self.zones.get(code)
        if zone is None or self.starts_at is None:
            return None
        return zone.required_at(int((self.clock.now() - self.starts_at).total_seconds() // 3600))

    def zone_counts(self) -> dict[str, tuple[int, int]]:
        """Per zone: (at their desk now, rostered there on the shift)."""
        out: dict[str, list[int]] = {code: [0, 0] for code in self.zones}
        for view, key in zip(self._seats, self._keys, strict=True):
            if key == EMPTY:
                continue
            entry = out.setdefault(view.zone_code, [0, 0])
            entry[1] += 1
            if key in AT_DESK:
                entry[0] += 1
        return {code: (v[0], v[1]) for code, v in out.items()}

    def header_titles(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("SeatMapModel", "Seat"),
            QCoreApplication.translate("SeatMapModel", "Zone"),
            QCoreApplication.translate("SeatMapModel", "Agent"),
            QCoreApplication.translate("SeatMapModel", "State"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._seats):
            return None
        view, key = self._seats[index.row()], self._keys[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "seat":
                return view.code
            if col == "zone":
                zone = self.zones.get(view.zone_code)
                return zone.title() if zone else view.zone_code
            if col == "agent":
                return view.agent_name if key != EMPTY else ""
            return state_title(key)
        if role == Qt.ItemDataRole.DecorationRole and col == "state":
            return state_color(key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(index.row())
        if role == SeatIdRole:
            return view.seat_id
        if role == XRole:
            return view.x
        if role == YRole:
            return view.y
        if role == ZoneCodeRole:
            return view.zone_code
        if role == PresenceRole:
            return key
        if role == AgentIdRole:
            return view.agent_id if key != EMPTY else None
        return None

    def tooltip(self, row: int) -> str:
        """Who sits here, in what state, since when: what a supervisor hovering a seat wants to know."""
        view, key = self._seats[row], self._keys[row]
        zone = self.zones.get(view.zone_code)
        where = QCoreApplication.translate("SeatMapModel", "Seat {0} · {1}").format(
            view.code, zone.title() if zone else view.zone_code
        )
        line = view.line
        if key == EMPTY or line is None:
            return "\n".join(
                (where, QCoreApplication.translate("SeatMapModel", "Nobody seated here this shift"))
            )
        tz = self.clock.tz
        parts = [
            view.agent_name or "",
            where,
            QCoreApplication.translate("SeatMapModel", "State: {0}").format(state_title(key)),
        ]
        if line.clock_in is not None:
            parts.append(
                QCoreApplication.translate("SeatMapModel", "Clocked in {0}").format(
                    floor_hm(line.clock_in, tz)
                )
            )
            if line.minutes_late:
                parts.append(
                    QCoreApplication.translate("SeatMapModel", "{0} min late").format(line.minutes_late)
                )
        elif key != Presence.LEAVE.value:
            parts.append(
                QCoreApplication.translate("SeatMapModel", "Shift started {0}, not clocked in").format(
                    floor_hm(line.starts_at, tz)
                )
            )
        if line.on_break_since is not None and key == Presence.ON_BREAK.value:
            parts.append(
                QCoreApplication.translate("SeatMapModel", "On break since {0}").format(
                    floor_hm(line.on_break_since, tz)
                )
            )
        if line.clock_out is not None and key == Presence.LEFT.value:
            parts.append(
                QCoreApplication.translate("SeatMapModel", "Clocked out {0}").format(
                    floor_hm(line.clock_out, tz)
                )
            )
        return "\n".join(parts)
