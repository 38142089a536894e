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


# Every text of the report, marked for the catalogue (lupdate reads only literal calls; _t looks them up).
MARKED = frozenset(
    {
        QT_TRANSLATE_NOOP("ReviewReport", "Post-incident review"),
        QT_TRANSLATE_NOOP("ReviewReport", "Severity"),
        QT_TRANSLATE_NOOP("ReviewReport", "Category"),
        QT_TRANSLATE_NOOP("ReviewReport", "Status"),
        QT_TRANSLATE_NOOP("ReviewReport", "Owner"),
        QT_TRANSLATE_NOOP("ReviewReport", "unassigned"),
        QT_TRANSLATE_NOOP("ReviewReport", "Opened"),
        QT_TRANSLATE_NOOP("ReviewReport", "Resolved"),
        QT_TRANSLATE_NOOP("ReviewReport", "Closed"),
        QT_TRANSLATE_NOOP("ReviewReport", "No review has been written yet."),
        QT_TRANSLATE_NOOP("ReviewReport", "Written by {0}, {1} (version {2})."),
        QT_TRANSLATE_NOOP("ReviewReport", "Shared as a case for training."),
        QT_TRANSLATE_NOOP("ReviewReport", "not recorded"),
        QT_TRANSLATE_NOOP("ReviewReport", "not yet named"),
        QT_TRANSLATE_NOOP("ReviewReport", "Summary"),
        QT_TRANSLATE_NOOP("ReviewReport", "(none)"),
        QT_TRANSLATE_NOOP("ReviewReport", "Impact"),
        QT_TRANSLATE_NOOP("ReviewReport", "Accounts affected"),
        QT_TRANSLATE_NOOP("ReviewReport", "Amount at risk"),
        QT_TRANSLATE_NOOP("ReviewReport", "Amount lost"),
        QT_TRANSLATE_NOOP("ReviewReport", "Root cause"),
        QT_TRANSLATE_NOOP("ReviewReport", "Contributing factors"),
        QT_TRANSLATE_NOOP("ReviewReport", "Action items"),
        QT_TRANSLATE_NOOP("ReviewReport", "No action items."),
        QT_TRANSLATE_NOOP("ReviewReport", "Action"),
        QT_TRANSLATE_NOOP("ReviewReport", "Due"),
        QT_TRANSLATE_NOOP("ReviewReport", "Note"),
        QT_TRANSLATE_NOOP("ReviewReport", "Runbook"),
        QT_TRANSLATE_NOOP("ReviewReport", "{0} of {1} steps done."),
        QT_TRANSLATE_NOOP("ReviewReport", "Timeline and the floor at each moment"),
        QT_TRANSLATE_NOOP("ReviewReport", "No events."),
        QT_TRANSLATE_NOOP("ReviewReport", "Time"),
        QT_TRANSLATE_NOOP("ReviewReport", "Event"),
        QT_TRANSLATE_NOOP("ReviewReport", "On the floor / rostered"),
        QT_TRANSLATE_NOOP("ReviewReport", "Who was on the floor"),
        QT_TRANSLATE_NOOP("ReviewReport", "Open incidents"),
        QT_TRANSLATE_NOOP("ReviewReport", "Indicator"),
        QT_TRANSLATE_NOOP("ReviewReport", "{0} on break"),
        QT_TRANSLATE_NOOP("ReviewReport", "{0} on leave"),
        QT_TRANSLATE_NOOP("ReviewReport", "no data"),
    }
)


def _t(text: str) -> str:
    """A text of the report (one of :data:`MARKED`) in the installed translator's language."""
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
    add(f"# {_t('Post-incident review')}: {data.ref}")
    add("")
    add(f"**{cell(data.title)}**")
    add("")
    status = translate("Status", STATUSES.get(data.status, data.status))
    category = translate("Category", CATEGORIES.get(data.category, data.category))
    add(
        f"{_t('Severity')}: P{data.severity} · {_t('Category')}: {category} · {_t('Status')}: {status}"
        f" · {_t('Owner')}: {data.owner or _t('unassigned')}"
    )
    add("")
    times = [f"{_t('Opened')}: {when(data.opened_at, tz)}"]
    if data.resolved_at:
        times.append(f"{_t('Resolved')}: {when(data.resolved_at, tz)}")
    if data.closed_at:
        times.append(f"{_t('Closed')}: {when(data.closed_at, tz)}")
    add(" · ".join(times))
    add("")
    review = data.review
    if review is None:
        add(f"*{_t('No review has been written yet.')}*")
        add("")
    else:
        line = _t("Written by {0}, {1} (version {2}).").format(
            review.written_by, when(review.updated_at, tz), review.version
        )
        if review.form.share_as_case:
            line += " " + _t("Shared as a case for training.")
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
    none = _t("not recorded")
    accounts = none if review.accounts_affected is None else f"{review.accounts_affected:,}"
    at_risk = format_minor(review.amount_at_risk_minor, form.currency) or none
    lost = format_minor(review.amount_lost_minor, form.currency) or none
    root = translate("RootCause", ROOT_CAUSES[form.root_cause]) if form.root_cause else _t("not yet named")
    out += [f"## {_t('Summary')}", "", form.summary or f"*{_t('(none)')}*", ""]
    out += [f"## {_t('Impact')}", ""]
    if form.impact:
        out += [form.impact, ""]
    out += [
        f"- {_t('Accounts affected')}: {accounts}",
        f"- {_t('Amount at risk')}: {at_risk}",
        f"- {_t('Amount lost')}: {lost}",
        "",
        f"## {_t('Root cause')}",
        "",
        root,
        "",
    ]
    if form.contributing_factors:
        out += [f"### {_t('Contributing factors')}", "", form.contributing_factors, ""]


def _actions(out: list[str], data: ReviewData, tz: tzinfo) -> None:
    out += [f"## {_t('Action items')}", ""]
    if not data.actions:
        out += [f"*{_t('No action items.')}*", ""]
        return
    out.append(f"| # | {_t('Action')} | {_t('Owner')} | {_t('Due')} | {_t('Status')} | {_t('Note')} |")
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
    out += [f"## {_t('Runbook')}", "", _t("{0} of {1} steps done.").format(done, len(data.checklist)), ""]
    for line in data.checklist:
        mark = "x" if line.done else " "
        who = f" ({line.done_by})" if line.done_by else ""
        out.append(f"- [{mark}] {line.label.text(language)}{who}")
    out.append("")


def _timeline(out: list[str], moments: tuple[FloorMoment, ...], tz: tzinfo, language: str) -> None:
    out += [f"## {_t('Timeline and the floor at each moment')}", ""]
    if not moments:
        out += [f"*{_t('No events.')}*", ""]
        return
    out.append(
        f"| {_t('Time')} | {_t('Event')} | {_t('On the floor / rostered')} "
        f"| {_t('Who was on the floor')} | {_t('Open incidents')} | {_t('Indicator')} |"
    )
    out.append("|---|---|---|---|---|---|")
    for m in moments:
        event = f"{translate('Event', EVENT_KINDS.get(m.kind, m.kind))} ({m.actor})"
        if m.message:
            event = f"{event}: {m.message}"
        present, rostered = m.headcount
        count = f"{present}/{rostered}"
        extra = []
        if m.on_break:
            extra.append(_t("{0} on break").format(len(m.on_break)))
        if m.on_leave:
            extra.append(_t("{0} on leave").format(m.on_leave))
        if extra:
            count += f" ({', '.join(extra)})"
        out.append(
            f"| {m.at.astimezone(tz):%m-%d %H:%M} | {cell(event)} | {count} | {cell(names(m.on_floor))} "
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
        return f"{name}: {_t('no data')}"
    level = translate(CTX, LEVELS.get(ind.level or "", ind.level or ""))
    value = f"{ind.value:,.0f}" if abs(ind.value) >= 1000 else f"{ind.value:.4g}"
    return f"{name}: {value} {ind.unit} ({level})"
