"""The post-incident review as a document: Markdown in the reader's language (header, impact with amounts in
their currency, root cause and contributing factors, action items, the runbook, and the timeline with the
floor at each moment). The console shows it and exports it as Markdown or PDF (``ui.documents``).

Strings are marked for the catalogue (context ``ReviewReport``) and translated here, at the edge, with the
translator the console installed; names that are data (indicators) are picked by ``language``.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from console.i18n import QT_TRANSLATE_NOOP, translate
from console.names import pick
from console.services.incidents import CATEGORIES
from console.services.lifecycle import EVENT_KINDS, STATUSES
from console.services.reviews import ACTION_STATUSES, ROOT_CAUSES, format_minor
from console.views.review import FloorMoment, ReviewData

CTX = "ReviewReport"
# Names listed in a timeline cell before the rest are counted ("+12").
NAMES_SHOWN = 6
LEVELS = {
    "normal": QT_TRANSLATE_NOOP("ReviewReport", "normal"),
    "warning": QT_TRANSLATE_NOOP("ReviewReport", "warning"),
    "critical": QT_TRANSLATE_NOOP("ReviewReport", "critical"),
}


def tr(text: str) -> str:
    return translate(CTX, text)


def cell(text: str) -> str:
    """Text fit for one Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|") or " "


def when(moment: datetime | None, tz: tzinfo) -> str:
    return "" if moment is None else moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def names(people: tuple[str, ...]) -> str:
    shown = ", ".join(people[:NAMES_SHOWN])
    return shown + (f" +{len(people) - NAMES_SHOWN}" if len(people) > NAMES_SHOWN else "")


def review_markdown(data: ReviewData, tz: tzinfo, language: str = "en") -> str:
    """The whole review as Markdown (GitHub dialect: tables), in the installed translator's language."""
    out: list[str] = []
    add = out.append
    add(f"# {tr('Post-incident review')}: {data.ref}")
    add("")
    add(f"**{cell(data.title)}**")
    add("")
    status = translate("Status", STATUSES.get(data.status, data.status))
    category = translate("Category", CATEGORIES.get(data.category, data.category))
    add(
        f"{tr('Severity')}: P{data.severity} · {tr('Category')}: {category} · {tr('Status')}: {status}"
        f" · {tr('Owner')}: {data.owner or tr('unassigned')}"
    )
    add("")
    times = [f"{tr('Opened')}: {when(data.opened_at, tz)}"]
    if data.resolved_at:
        times.append(f"{tr('Resolved')}: {when(data.resolved_at, tz)}")
    if data.closed_at:
        times.append(f"{tr('Closed')}: {when(data.closed_at, tz)}")
    add(" · ".join(times))
    add("")
    review = data.review
    if review is None:
        add(f"*{tr('No review has been written yet.')}*")
        add("")
    else:
        line = tr("Written by {0}, {1} (version {2}).").format(
            review.written_by, when(review.updated_at, tz), review.version
        )
        if review.form.share_as_case:
            line += " " + tr("Shared as a case for training.")
        add(f"*{line}*")
        add("")
        _review_body(out, data)
    _actions(out, data, tz)
    _checklist(out, data, language)
    _timeline(out, data.timeline, tz, language)
    return "\n".join(out).rstrip() + "\n"


def _review_body(out: list[str], data: ReviewData) -> None:
    review = data.review
    assert review is not None
    form = review.form
    none = tr("not recorded")
    accounts = none if review.accounts_affected is None else f"{review.accounts_affected:,}"
    at_risk = format_minor(review.amount_at_risk_minor, form.currency) or none
    lost = format_minor(review.amount_lost_minor, form.currency) or none
    root = translate("RootCause", ROOT_CAUSES[form.root_cause]) if form.root_cause else tr("not yet named")
    out += [f"## {tr('Summary')}", "", form.summary or f"*{tr('(none)')}*", ""]
    out += [f"## {tr('Impact')}", ""]
    if form.impact:
        out += [form.impact, ""]
    out += [
        f"- {tr('Accounts affected')}: {accounts}",
        f"- {tr('Amount at risk')}: {at_risk}",
        f"- {tr('Amount lost')}: {lost}",
        "",
        f"## {tr('Root cause')}",
        "",
        root,
        "",
    ]
    if form.contributing_factors:
        out += [f"### {tr('Contributing factors')}", "", form.contributing_factors, ""]


def _actions(out: list[str], data: ReviewData, tz: tzinfo) -> None:
    out += [f"## {tr('Action items')}", ""]
    if not data.actions:
        out += [f"*{tr('No action items.')}*", ""]
        return
    out.append(f"| # | {tr('Action')} | {tr('Owner')} | {tr('Due')} | {tr('Status')} | {tr('Note')} |")
    out.append("|---|---|---|---|---|---|")
    for n, a in enumerate(data.actions, start=1):
        status = translate("ActionStatus", ACTION_STATUSES.get(a.status, a.status))
        due = a.due_on.isoformat()
        out.append(f"| {n} | {cell(a.title)} | {cell(a.owner)} | {due} | {status} | {cell(a.note)} |")
    out.append("")


def _checklist(out: list[str], data: ReviewData, language: str) -> None:
    if not data.checklist:
        return
    done = sum(1 for line in data.checklist if line.done)
    out += [f"## {tr('Runbook')}", "", tr("{0} of {1} steps done.").format(done, len(data.checklist)), ""]
    for line in data.checklist:
        mark = "x" if line.done else " "
        who = f" ({line.done_by})" if line.done_by else ""
        out.append(f"- [{mark}] {line.label.text(language)}{who}")
    out.append("")


def _timeline(out: list[str], moments: tuple[FloorMoment, ...], tz: tzinfo, language: str) -> None:
    out += [f"## {tr('Timeline and the floor at each moment')}", ""]
    if not moments:
        out += [f"*{tr('No events.')}*", ""]
        return
    out.append(
        f"| {tr('Time')} | {tr('Event')} | {tr('By')} | {tr('On the floor / rostered')} "
        f"| {tr('Who was on the floor')} | {tr('Open incidents')} | {tr('Indicator')} |"
    )
    out.append("|---|---|---|---|---|---|---|")
    for m in moments:
        event = translate("Event", EVENT_KINDS.get(m.kind, m.kind))
        if m.message:
            event = f"{event}: {m.message}"
        present, rostered = m.headcount
        count = f"{present}/{rostered}"
        extra = []
        if m.on_break:
            extra.append(tr("{0} on break").format(len(m.on_break)))
        if m.on_leave:
            extra.append(tr("{0} on leave").format(m.on_leave))
        if extra:
            count += f" ({', '.join(extra)})"
        out.append(
            f"| {when(m.at, tz)} | {cell(event)} | {cell(m.actor)} | {count} | {cell(names(m.on_floor))} "
            f"| {m.open_incidents} | {cell(indicator_text(m, language))} |"
        )
    out.append("")


def indicator_text(m: FloorMoment, language: str) -> str:
    """``Failed logins 3,120 count/min (critical)``; ``… no data`` when the feed was silent."""
    ind = m.indicator
    if ind is None:
        return ""
    name = pick(ind.names, language, ind.name)
    if ind.value is None:
        return f"{name}: {tr('no data')}"
    level = translate(CTX, LEVELS.get(ind.level or "", ind.level or ""))
    value = f"{ind.value:,.0f}" if abs(ind.value) >= 1000 else f"{ind.value:.4g}"
    return f"{name}: {value} {ind.unit} ({level})"
