"""The handover brief as Markdown, in the current language (no Qt: the console shows it in a QTextBrowser
and exports it as Markdown or PDF; the command line prints or writes it).

The stored brief holds codes and every language's names, so this is the only place its words are chosen:
headings and labels are marked with ``QT_TRANSLATE_NOOP("Handover", …)`` and translated through
:func:`console.i18n.translate`; statuses, categories and presences reuse their own contexts; indicator and
department names are picked from the brief's names for ``language``. Times are shown in ``tz`` (the floor's
zone unless told otherwise) with its abbreviation (MYT).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from console.floortime import DEFAULT_TZ, floor_zone, zone_abbrev
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.names import as_names, pick
from console.services.attendance import PRESENCE_TITLES, Presence
from console.services.handover import HandoverRecord
from console.services.incidents import CATEGORIES
from console.services.lifecycle import STATUSES

CTX = "Handover"

SHIFT_NAMES = {
    "M": QT_TRANSLATE_NOOP("Handover", "Morning"),
    "E": QT_TRANSLATE_NOOP("Handover", "Evening"),
    "N": QT_TRANSLATE_NOOP("Handover", "Night"),
}
LEVELS = {
    "critical": QT_TRANSLATE_NOOP("Handover", "Critical"),
    "warning": QT_TRANSLATE_NOOP("Handover", "Warning"),
    "silent": QT_TRANSLATE_NOOP("Handover", "Silent"),
}
EXCEPTIONS = {
    "absent": Presence.ABSENT,
    "not_yet": Presence.NOT_YET,
    "late": Presence.LATE,
    "leave": Presence.LEAVE,
}
_MD_SPECIAL = set("\\`*_[]#|<>~")


def md(text: Any) -> str:
    """Plain text as Markdown shows it literally (people's words never become markup); one line."""
    s = " ".join(str(text).split())
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in s)


def duration(delta: timedelta) -> str:
    """``1 h 05 min`` / ``12 min`` (whole minutes, never negative: the caller says before or after)."""
    minutes = int(abs(delta.total_seconds()) // 60)
    if minutes >= 60:
        return translate("Handover", "{0} h {1:02d} min").format(minutes // 60, minutes % 60)
    return translate("Handover", "{0} min").format(minutes)


class _Clock:
    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def at(self, iso: str | None, fmt: str = "%H:%M") -> str:
        if not iso:
            return "—"
        return datetime.fromisoformat(iso).astimezone(self.tz).strftime(fmt)

    def abbrev(self, iso: str) -> str:
        return zone_abbrev(self.tz, datetime.fromisoformat(iso))


def shift_name(shift: dict[str, Any]) -> str:
    code = shift.get("code", "")
    return translate(CTX, SHIFT_NAMES[code]) if code in SHIFT_NAMES else str(shift.get("name", code))


def _table(head: Sequence[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(cells) + " |" for cells in rows]
    return [*out, ""]


def render(record: HandoverRecord, language: str = "en", tz: ZoneInfo | None = None) -> str:
    """The whole handover (brief and sign-off) as Markdown, in the installed translation's language."""
    brief = record.brief
    clock = _Clock(tz or floor_zone(brief.get("tz") or DEFAULT_TZ))
    shift = brief["shift"]
    zone = clock.abbrev(shift["start"])
    lines = [
        "# "
        + translate("Handover", "Shift handover: {shift} shift of {date}").format(
            shift=md(shift_name(shift)), date=shift["date"]
        ),
        "",
        translate(
            "Handover",
            "Shift {start}–{end} {zone}. Prepared by **{who}** at {at} {zone} (figures as of then).",
        ).format(
            start=clock.at(shift["start"]),
            end=clock.at(shift["end"]),
            zone=zone,
            who=md(record.prepared_by),
            at=clock.at(brief["as_of"], "%Y-%m-%d %H:%M"),
        ),
        "",
    ]
    if record.signed_off_at is not None:
        signed = translate("Handover", "Signed off by **{who}** at {at} {zone}.").format(
            who=md(record.signed_off_by or "?"),
            at=clock.at(record.signed_off_at.isoformat(), "%Y-%m-%d %H:%M"),
            zone=zone,
        )
        if record.sign_note:
            signed += " " + translate("Handover", "Note: {0}").format(md(record.sign_note))
        lines += [signed, ""]
    else:
        lines += ["**" + translate("Handover", "Not signed off yet.") + "**", ""]
    lines += _incidents(brief, clock)
    lines += _handoffs(brief, clock, language)
    lines += _indicators(brief, clock, language)
    lines += _staffing(brief, clock)
    lines += _log(brief, clock, language)
    return "\n".join(lines).rstrip() + "\n"


def _incidents(brief: dict[str, Any], clock: _Clock) -> list[str]:
    rows = brief["incidents"]
    out = ["## " + translate("Handover", "Open incidents ({0})").format(len(rows)), ""]
    if not rows:
        return [*out, translate("Handover", "No open incidents."), ""]
    table = []
    for r in rows:
        which = (
            translate("Handover", "acknowledge") if r["sla"] == "ack" else translate("Handover", "resolve")
        )
        left = timedelta(seconds=r["seconds_left"])
        if r["breached"]:
            sla = (
                "**"
                + translate("Handover", "{which} SLA breached {time} ago").format(
                    which=which, time=duration(left)
                )
                + "**"
            )
        else:
            sla = translate("Handover", "{which} SLA: {time} left").format(which=which, time=duration(left))
        category, status = (
            CATEGORIES.get(r["category"], r["category"]),
            STATUSES.get(r["status"], r["status"]),
        )
        table.append(
            [
                f"P{r['severity']}",
                f"{md(r['ref'])} · {md(r['title'])}",
                translate("Category", category),
                translate("Status", status),
                md(r["owner"]) if r["owner"] else translate("Handover", "unassigned"),
                sla + f" ({clock.at(r['due_at'])})",
            ]
        )
    head = [
        translate("Handover", "Sev."),
        translate("Handover", "Incident"),
        translate("Handover", "Category"),
        translate("Handover", "Status"),
        translate("Handover", "Owner"),
        translate("Handover", "SLA"),
    ]
    return out + _table(head, table)


def _handoffs(brief: dict[str, Any], clock: _Clock, language: str) -> list[str]:
    rows = brief["handoffs"]
    out = ["## " + translate("Handover", "Waiting on departments ({0})").format(len(rows)), ""]
    if not rows:
        return [*out, translate("Handover", "No handoff is waiting on a department."), ""]
    as_of = datetime.fromisoformat(brief["as_of"])
    table = []
    for r in rows:
        due = datetime.fromisoformat(r["due_at"])
        if r["overdue"]:
            state = "**" + translate("Handover", "OVERDUE by {0}").format(duration(as_of - due)) + "**"
        else:
            state = translate("Handover", "due in {0}").format(duration(due - as_of))
        if r["acknowledged"]:
            state += ", " + translate("Handover", "acknowledged")
        dept = pick(as_names(tuple(map(tuple, r["department_names"]))), language, r["department"])
        table.append([md(r["ref"]), md(dept), md(r["action"]), clock.at(r["requested_at"]), state])
    head = [
        translate("Handover", "Incident"),
        translate("Handover", "Department"),
        translate("Handover", "Asked for"),
        translate("Handover", "Requested"),
        translate("Handover", "Due"),
    ]
    return out + _table(head, table)


def _value(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.1f}"


def _indicators(brief: dict[str, Any], clock: _Clock, language: str) -> list[str]:
    rows = brief["indicators"]
    out = ["## " + translate("Handover", "Risk indicators needing attention ({0})").format(len(rows)), ""]
    if not rows:
        return [*out, translate("Handover", "Every indicator is normal and reporting."), ""]
    table = []
    for r in rows:
        name = pick(as_names(tuple(map(tuple, r["names"]))), language, r["name"])
        level = translate(CTX, LEVELS[r["level"]])
        if r["level"] == "silent":
            level = (
                "**"
                + (
                    translate("Handover", "Silent since {0}").format(clock.at(r["last_at"]))
                    if r["last_at"]
                    else translate("Handover", "No data")
                )
                + "**"
            )
        elif r["level"] == "critical":
            level = f"**{level}**"
        unit_code: str = r["unit"]
        unit = translate("Unit", unit_code)
        latest = "—" if r["value"] is None else f"{_value(r['value'])} {unit}"
        limits = translate("Handover", "warning {0} / critical {1}").format(
            _value(r["warning"]), _value(r["critical"])
        )
        table.append([md(name), level, latest, limits])
    head = [
        translate("Handover", "Indicator"),
        translate("Handover", "Level"),
        translate("Handover", "Latest"),
        translate("Handover", "Thresholds"),
    ]
    return out + _table(head, table)


def _staffing(brief: dict[str, Any], clock: _Clock) -> list[str]:
    staffing = brief["staffing"]
    out = ["## " + translate("Handover", "Staffing"), ""]
    desks = staffing["desks"]
    if desks:
        head = [
            translate("Handover", "Desk"),
            translate("Handover", "Rostered"),
            translate("Handover", "Came in"),
            translate("Handover", "On the floor"),
            translate("Handover", "Late"),
            translate("Handover", "Absent"),
        ]
        head.append(translate("Handover", "On leave"))
        keys = ("rostered", "came_in", "on_floor", "late", "absent", "leave")
        out += _table(head, [[md(d["team"]), *(str(d[k]) for k in keys)] for d in desks])
    else:
        out += [translate("Handover", "Nobody was rostered on this shift."), ""]
    exceptions = staffing["exceptions"]
    if exceptions:
        out += ["### " + translate("Handover", "Attendance exceptions ({0})").format(len(exceptions)), ""]
        for e in exceptions:
            presence = PRESENCE_TITLES[EXCEPTIONS[e["kind"]]]
            what = translate("Presence", presence)
            if e["kind"] == "late":
                what += " " + translate("Handover", "({0} min, in at {1})").format(
                    e["minutes_late"], clock.at(e["clock_in"])
                )
            out.append(f"- **{md(e['name'])}** ({md(e['employee_no'])}, {md(e['team'])}): {what}")
        out.append("")
    nxt = staffing.get("next")
    if nxt:
        out += [
            "### "
            + translate("Handover", "Next shift: {shift} {start}–{end}").format(
                shift=md(shift_name(nxt)), start=clock.at(nxt["start"]), end=clock.at(nxt["end"])
            ),
            "",
        ]
        for d in nxt["desks"]:
            out.append(
                "- "
                + translate("Handover", "{desk}: {rostered} rostered, {leave} on leave").format(
                    desk=md(d["team"]), rostered=d["rostered"], leave=d["leave"]
                )
            )
        if not nxt["desks"]:
            out.append("- " + translate("Handover", "Nobody is rostered yet."))
        if nxt["on_leave"]:
            out.append(
                "- "
                + translate("Handover", "On leave: {0}").format(", ".join(md(n) for n in nxt["on_leave"]))
            )
        out.append("")
    return out


def _log(brief: dict[str, Any], clock: _Clock, language: str) -> list[str]:
    rows = brief["log"]
    out = ["## " + translate("Handover", "Shift log ({0})").format(len(rows)), ""]
    if not rows:
        return [*out, translate("Handover", "Nothing was written in the shift log."), ""]
    for r in rows:
        about = []
        if r["incident_ref"]:
            about.append(md(r["incident_ref"]))
        if r["agent"]:
            about.append(md(r["agent"]))
        if r["indicator"]:
            about.append(
                md(pick(as_names(tuple(map(tuple, r["indicator_names"]))), language, r["indicator"]))
            )
        link = f" \\[{' · '.join(about)}\\]" if about else ""
        body = "  \n  ".join(md(line) for line in str(r["body"]).splitlines() if line.strip())
        out.append(f"- **{clock.at(r['at'])}** {md(r['author'])}{link}: {body}")
    return [*out, ""]
