"""The month's attendance as an Excel workbook: one sheet per agent summary, one per team, and the shifts.

Cells keep their types: counts and minutes are numbers, rates are fractions shown as percentages, days are
dates and clock times are the floor's local time (a spreadsheet holds no zone). Names and notes that a
spreadsheet would run as a formula are neutralised (:func:`console.export.neutralise`). The header row is
frozen. The file is written whole or not at all (a temporary file beside it, then renamed).
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from typing import Any

from console.export import UnknownExportKind, cell, neutralise, write_whole
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.services.attendance import PRESENCE_TITLES
from console.services.leave import LEAVE_TITLES
from console.views.attendance_month import Figures, MonthSummary

CTX = "AttendanceMonth"
SHEETS = (
    QT_TRANSLATE_NOOP("AttendanceMonth", "Agents"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Teams"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Shifts"),
)
FIGURE_HEADERS = (
    QT_TRANSLATE_NOOP("AttendanceMonth", "Rostered shifts"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Worked shifts"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Annual leave"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Sick leave"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Emergency leave"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Absences"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Attendance rate"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Punctuality"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Minutes late"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Overtime (min)"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Break (min)"),
)
RATES = (6, 7)  # attendance rate, punctuality: fractions shown as percentages
AGENT_HEADERS = (
    QT_TRANSLATE_NOOP("AttendanceMonth", "Month"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Employee no."),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Agent"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Team"),
)
TEAM_HEADERS = (
    QT_TRANSLATE_NOOP("AttendanceMonth", "Month"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Team"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Agents"),
)
SHIFT_HEADERS = (
    QT_TRANSLATE_NOOP("AttendanceMonth", "Date"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Employee no."),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Agent"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Team"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Shift"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Scheduled start"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Scheduled end"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Clock-in"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Clock-out"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Minutes late"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Overtime (min)"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Break (min)"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Status"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Leave type"),
    QT_TRANSLATE_NOOP("AttendanceMonth", "Note"),
)
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"


def figure_cells(f: Figures) -> list[Any]:
    """One row's figures, in :data:`FIGURE_HEADERS` order (rates ``None`` when there is nothing to rate)."""
    return [
        f.rostered,
        f.worked,
        f.leave.get("annual", 0),
        f.leave.get("sick", 0),
        f.leave.get("emergency", 0),
        f.absences,
        f.attendance_rate,
        f.punctuality,
        f.minutes_late,
        f.overtime_minutes,
        round(f.break_minutes),
    ]


def _tr(texts: tuple[str, ...]) -> list[str]:
    return [translate(CTX, t) for t in texts]


def write_month(path: Path, summary: MonthSummary, tz: tzinfo) -> int:
    """Write the month to ``path`` (.xlsx); returns the number of agent rows.

    Raises:
        UnknownExportKind: not an .xlsx file.
        ExportFailed: the file could not be written (nothing is left behind).
    """
    import pandas as pd  # only when exporting: pandas is not on the console's way to its first paint

    if path.suffix.lower() != ".xlsx":
        raise UnknownExportKind(path=str(path))
    month = summary.month
    agents = pd.DataFrame(
        [
            [
                month,
                neutralise(a.employee_no),
                neutralise(a.name),
                neutralise(a.team),
                *figure_cells(a.figures),
            ]
            for a in summary.agents
        ],
        columns=_tr(AGENT_HEADERS) + _tr(FIGURE_HEADERS),
    )
    teams = pd.DataFrame(
        [[month, neutralise(t.team), t.agents, *figure_cells(t.figures)] for t in summary.teams],
        columns=_tr(TEAM_HEADERS) + _tr(FIGURE_HEADERS),
    )
    shifts = pd.DataFrame(
        [
            [
                line.starts_at.astimezone(tz).date(),
                neutralise(line.employee_no),
                neutralise(line.name),
                neutralise(line.team),
                neutralise(line.shift_code),
                cell(line.starts_at, tz),
                cell(line.ends_at, tz),
                cell(line.clock_in, tz),
                cell(line.clock_out, tz),
                line.minutes_late,
                line.overtime_minutes,
                round(line.break_minutes_at(summary.now)),
                translate("Presence", PRESENCE_TITLES[line.presence(summary.now)]),
                translate("Leave", LEAVE_TITLES[line.leave_type]) if line.leave_type in LEAVE_TITLES else "",
                neutralise(line.note),
            ]
            for line in summary.shifts
        ],
        columns=_tr(SHIFT_HEADERS),
    )
    sheets = dict(zip(_tr(SHEETS), (agents, teams, shifts), strict=True))

    def write(tmp: str) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in sheets.items():
                frame.to_excel(writer, sheet_name=name, index=False)
                _format(writer.sheets[name], frame, name == _tr(SHEETS)[2])

    write_whole(path, write)
    return len(agents)


def _format(ws: Any, frame: Any, shifts: bool) -> None:
    """Frozen header, dates and times shown as such, rates as percentages, columns wide enough."""
    ws.freeze_panes = "A2"
    headers = list(frame.columns)
    rate_names = {translate(CTX, FIGURE_HEADERS[i]) for i in RATES}
    for col, name in enumerate(headers, start=1):
        letter = ws.cell(row=1, column=col).column_letter
        width = max([len(str(name))] + [len(str(v)) for v in frame.iloc[:, col - 1].head(200)])
        ws.column_dimensions[letter].width = min(40, max(10, width + 2))
        if name in rate_names:
            fmt = "0.0%"
        elif col == 1:
            fmt = DATE_FORMAT
        elif shifts and 6 <= col <= 9:
            fmt = TIME_FORMAT
        else:
            continue
        for row in range(2, ws.max_row + 1):
            ws.cell(row=row, column=col).number_format = fmt
