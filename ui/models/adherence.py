"""Adherence of one shift as a table model: per agent, scheduled activity against actual state, kept to the
second.

Rows (:class:`console.views.adherence.AdherenceRow`) hold the plan and the clock; each row's
:class:`~console.services.adherence.Standing` is worked out when the row arrives and again at every clock
tick, and a tick announces only the rows whose shown text changed (a running break's minutes, an agent
going out of adherence, an overrun).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from console.services.adherence import ACTIVITY_TITLES, STATE_TITLES, Activity, Standing, State, standing
from console.views.adherence import AdherenceRow
from ui.clock import FloorClock
from ui.format import BadgeRole, floor_hm
from ui.models.keyed import Index, KeyedTableModel
from ui.models.rota import desk_title

AgentIdRole = Qt.ItemDataRole.UserRole + 1
RotaIdRole = Qt.ItemDataRole.UserRole + 2
FlagRole = Qt.ItemDataRole.UserRole + 3  # "overrun" | "out" | "warn" | "ok" | "off"
SortRole = Qt.ItemDataRole.UserRole + 4

# The status (colour and words) beside the name: a narrow dock scrolls the details, never the status.
COLUMNS = ("agent", "status", "scheduled", "actual", "since", "adherence", "break", "next", "desk")
# Worst first: what the supervisor acts on.
URGENCY = ("overrun", "out", "warn", "ok", "off")
# The status badge (ui.delegates.BadgeDelegate) and the row tint: colour *and* text, colour-blind safe.
FLAG_COLORS = {
    "overrun": QColor("#7f1d1d"),
    "out": QColor("#d55e00"),
    "warn": QColor("#f0e442"),
    "ok": QColor("#009e73"),
    "off": QColor("#9ca3af"),
}
ROW_TINTS = {
    "overrun": (QColor("#fddcdc"), QColor("#7f1d1d")),
    "out": (QColor("#fdecc8"), QColor("#713f12")),
}


@dataclass(frozen=True)
class Shown:
    """A row's standing at the last tick, and the texts that depend on it."""

    standing: Standing
    flag: str
    texts: tuple[str, ...]


def _headers() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("AdherenceModel", "Agent"),
        QCoreApplication.translate("AdherenceModel", "Status"),
        QCoreApplication.translate("AdherenceModel", "Scheduled"),
        QCoreApplication.translate("AdherenceModel", "Actual"),
        QCoreApplication.translate("AdherenceModel", "Since"),
        QCoreApplication.translate("AdherenceModel", "Adh. %"),
        QCoreApplication.translate("AdherenceModel", "Break"),
        QCoreApplication.translate("AdherenceModel", "Next"),
        QCoreApplication.translate("AdherenceModel", "Desk"),
    )


def flag_of(st: Standing) -> str:
    if st.overrun is not None:
        return "overrun"
    if st.out:
        return "out"
    if st.out_since is not None:
        return "warn"
    if st.scheduled in (Activity.OFF, Activity.LEAVE):
        return "off"
    return "ok"


def status_text(st: Standing, flag: str, now: datetime) -> str:
    """The status in words (the colour never says it alone)."""
    if flag == "overrun" and st.overrun is not None and st.since is not None:
        minutes = int((now - st.since).total_seconds() // 60)
        return QCoreApplication.translate("AdherenceModel", "Overrun {0}/{1} min").format(
            minutes, int(st.overrun[0])
        )
    if flag in ("out", "warn") and st.out_since is not None:
        minutes = int((now - st.out_since).total_seconds() // 60)
        if flag == "out":
            return QCoreApplication.translate("AdherenceModel", "Out {0} min").format(minutes)
        return QCoreApplication.translate("AdherenceModel", "Off plan {0} min").format(minutes)
    if flag == "off":
        return QCoreApplication.translate("AdherenceModel", "Not scheduled")
    return QCoreApplication.translate("AdherenceModel", "In adherence")


def status_tip(st: Standing, flag: str, now: datetime) -> str:
    """The status as a sentence (the cell is short)."""
    if flag == "overrun" and st.overrun is not None and st.since is not None:
        minutes, limit = int((now - st.since).total_seconds() // 60), int(st.overrun[0])
        if st.overrun[1] == "allowance":
            return QCoreApplication.translate(
                "AdherenceModel",
                "On break for {0} min: past what is left of the shift's allowance ({1} min).",
            ).format(minutes, limit)
        return QCoreApplication.translate(
            "AdherenceModel", "On break for {0} min: past the planned break of {1} min."
        ).format(minutes, limit)
    if flag in ("out", "warn") and st.out_since is not None:
        minutes = int((now - st.out_since).total_seconds() // 60)
        doing = QCoreApplication.translate("Adherence", ACTIVITY_TITLES[st.scheduled])
        state = QCoreApplication.translate("Adherence", STATE_TITLES[st.actual])
        if flag == "out":
            return QCoreApplication.translate(
                "AdherenceModel", "Out of adherence for {0} min: scheduled {1}, actually {2}."
            ).format(minutes, doing, state)
        return QCoreApplication.translate(
            "AdherenceModel",
            "Off plan for {0} min (within the threshold so far): scheduled {1}, actually {2}.",
        ).format(minutes, doing, state)
    return status_text(st, flag, now)


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
        FlagRole,
    }
)


class AdherenceModel(KeyedTableModel):
    """The agents of one shift held by agent id, with their standing as of the last tick."""

    columns = COLUMNS

    def __init__(self, clock: FloorClock, parent: Any = None) -> None:
        super().__init__(parent)
        self.clock = clock

    @property
    def _shown(self) -> list[Shown]:
        return self._derived

    def derive(self, row: AdherenceRow) -> Shown:
        return self._show(row, self.clock.now())

    def _show(self, row: AdherenceRow, now: datetime) -> Shown:
        st = standing(row.facts, row.rules, now)
        flag = flag_of(st)
        tz = self.clock.tz
        f = row.facts
        texts = (
            f.name,
            status_text(st, flag, now),
            QCoreApplication.translate("Adherence", ACTIVITY_TITLES[st.scheduled]),
            QCoreApplication.translate("Adherence", STATE_TITLES[st.actual]),
            floor_hm(st.since, tz),
            "" if st.percent is None else f"{st.percent:.0f}",
            f"{int(st.break_used)}/{f.allowance}" if f.status == "scheduled" else "",
            floor_hm(st.next_break, tz),
            desk_title(f.desk),
        )
        return Shown(st, flag, texts)

    def tick(self) -> None:
        """Time moved: breaks run longer, differences pass the threshold, the scheduled activity turns."""
        now = self.clock.now()
        last = len(COLUMNS) - 1
        changed = False
        for pos, row in enumerate(self._rows):
            shown = self._show(row, now)
            old, self._shown[pos] = self._shown[pos], shown
            if shown.texts != old.texts or shown.flag != old.flag:
                self.dataChanged.emit(self.index(pos, 0), self.index(pos, last))
                changed = True
        if changed:
            self.applied.emit()

    # -- queries --------------------------------------------------------------------------------------
    def row_data(self, pos: int) -> AdherenceRow:
        return self._rows[pos]

    def standing_at(self, pos: int) -> Standing:
        return self._shown[pos].standing

    def flag_at(self, pos: int) -> str:
        return self._shown[pos].flag

    def display_text(self, pos: int, column: int) -> str:
        return self._shown[pos].texts[column]

    def counts(self) -> Counter[str]:
        return Counter(s.flag for s in self._shown)

    def overruns(self) -> list[tuple[tuple[int, datetime], str, str]]:
        """Breaks overrunning as of the last tick: ((agent id, break began), name, "37/30 min")."""
        out = []
        for row, shown in zip(self._rows, self._shown, strict=True):
            st = shown.standing
            if shown.flag == "overrun" and st.overrun is not None and st.since is not None:
                minutes = int((self.clock.now() - st.since).total_seconds() // 60)
                text = QCoreApplication.translate("AdherenceModel", "{0}/{1} min").format(
                    minutes, int(st.overrun[0])
                )
                out.append(((row.facts.agent_id, st.since), row.facts.name, text))
        return out

    def desks(self, now: datetime) -> list[tuple[str, int, int, int]]:
        """Per desk: (desk, on break now, may be on break now, rostered), in desk order."""
        rostered: Counter[str] = Counter()
        away: Counter[str] = Counter()
        sample: dict[str, AdherenceRow] = {}
        for row, shown in zip(self._rows, self._shown, strict=True):
            if row.facts.status != "scheduled":
                continue
            rostered[row.facts.desk] += 1
            sample.setdefault(row.facts.desk, row)
            away[row.facts.desk] += shown.standing.actual is State.BREAK
        return [
            (desk, away[desk], sample[desk].max_away(rostered[desk], now), rostered[desk])
            for desk in sorted(rostered)
        ]

    def header_titles(self) -> tuple[str, ...]:
        return _headers()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, shown = self._rows[index.row()], self._shown[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown.texts[index.column()]
        if role == SortRole:
            return self._sort_key(row, shown, col)
        if (
            role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
            and shown.flag in ROW_TINTS
        ):
            tint, ink = ROW_TINTS[shown.flag]
            return QBrush(tint if role == Qt.ItemDataRole.BackgroundRole else ink)
        if role == BadgeRole and col == "status":
            return FLAG_COLORS[shown.flag]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("since", "adherence", "break", "next"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == "status":
            return status_tip(shown.standing, shown.flag, self.clock.now())
        if role == Qt.ItemDataRole.ToolTipRole and col in ("agent", "next"):
            tz = self.clock.tz
            slots = ", ".join(f"{floor_hm(s.starts_at, tz)} {s.minutes}'" for s in row.facts.planned)
            return QCoreApplication.translate("AdherenceModel", "{0} · planned breaks: {1}").format(
                row.facts.name, slots or QCoreApplication.translate("AdherenceModel", "none")
            )
        if role == AgentIdRole:
            return row.facts.agent_id
        if role == RotaIdRole:
            return row.facts.rota_id
        if role == FlagRole:
            return shown.flag
        return None

    @staticmethod
    def _sort_key(row: AdherenceRow, shown: Shown, col: str) -> Any:
        st = shown.standing
        name = row.facts.name.lower()
        if col == "status":
            return f"{URGENCY.index(shown.flag)}:{name}"
        if col == "adherence":
            return -1.0 if st.percent is None else st.percent
        if col == "break":
            return st.break_used
        if col in ("since", "next"):
            moment = st.since if col == "since" else st.next_break
            return moment.timestamp() if moment else float("inf")
        if col == "desk":
            return f"{row.facts.desk}:{name}"
        return shown.texts[COLUMNS.index(col)].lower() if col != "agent" else name


class AdherenceFilter(QSortFilterProxyModel):
    """Sorts by the model's sort role; "deviations only" keeps overruns and those out of adherence."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._only = False
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_deviations_only(self, on: bool) -> None:
        if on == self._only:
            return
        if hasattr(QSortFilterProxyModel, "endFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            self._only = on
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._only = on
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._only:
            return True
        flag = self.sourceModel().index(source_row, 0, source_parent).data(FlagRole)
        return flag in ("overrun", "out", "warn")
