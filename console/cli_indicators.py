"""``watchfloor indicators``: the indicator catalogue from the command line (list, show, set, add, order) and
the latest values of an indicator's breakdown by dimension.

The same services as the console's catalogue dialog (:mod:`console.services.indicators`, the same checks in
the same words, audited); an edit names the version it read, so a change made meanwhile elsewhere is refused
naming who made it. Messages in the configured language; a refused change exits 1 and changes nothing.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from console.catalogue import AREAS, Definition, area_title, direction_title, number
from console.errors import WatchfloorError
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.names import pick
from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]

# Options of ``set`` and ``add``: (option, field of the definition, help).
FIELD_OPTIONS = (
    ("--name", "name", "the English name"),
    ("--name-zh", "names", "the Chinese name ('' removes it)"),
    ("--unit", "unit", "e.g. count/min, %, USD/min"),
    ("--direction", "direction", "which way is worse: higher or lower"),
    ("--warning", "warning", "the warning threshold"),
    ("--critical", "critical", "the critical threshold (beyond warning, the way that is worse)"),
    ("--interval", "interval_seconds", "the sampling interval in seconds"),
    ("--department", "department", "the owning department's code (sla show lists them)"),
    ("--area", "area", f"one of {', '.join(AREAS)}"),
    ("--sop", "sop", "a runbook (e.g. ato_wave) or an http(s) address; '' unlinks it"),
)

REQUIRED_TO_ADD = ("--name", "--unit", "--direction", "--warning", "--critical", "--department")

NOTHING_TO_CHANGE = QT_TRANSLATE_NOOP("Errors", "Nothing to change: give at least one of {options}.")
BAD_SINCE = QT_TRANSLATE_NOOP(
    "Errors", "--since “{value}” is neither a time span (90m, 6h, 2d) nor a moment in ISO 8601 with a zone."
)
BAD_BY = QT_TRANSLATE_NOOP("Errors", "--by “{value}” is not a dimension name (such as region or channel).")

CHANGED = QT_TRANSLATE_NOOP("Cli", "{key}: {changes} (version {version})")
UNCHANGED = QT_TRANSLATE_NOOP("Cli", "{key}: nothing changed (version {version})")
ADDED = QT_TRANSLATE_NOOP("Cli", "{key} added, last in the catalogue (area {area}).")
ORDERED = QT_TRANSLATE_NOOP("Cli", "The catalogue's order: {keys}")
ALREADY_ORDERED = QT_TRANSLATE_NOOP("Cli", "The catalogue was already in that order.")
BREAKDOWN_HEAD = QT_TRANSLATE_NOOP("Cli", "{key} ({name}, {unit}): latest value of each series since {since}")
NO_BREAKDOWN = QT_TRANSLATE_NOOP("Cli", "{key} has no samples by dimension since {since}.")
SHOW_LINES = (
    QT_TRANSLATE_NOOP("Cli", "English name"),
    QT_TRANSLATE_NOOP("Cli", "Chinese name"),
    QT_TRANSLATE_NOOP("Cli", "area"),
    QT_TRANSLATE_NOOP("Cli", "unit"),
    QT_TRANSLATE_NOOP("Cli", "worse when"),
    QT_TRANSLATE_NOOP("Cli", "warning"),
    QT_TRANSLATE_NOOP("Cli", "critical"),
    QT_TRANSLATE_NOOP("Cli", "interval"),
    QT_TRANSLATE_NOOP("Cli", "department"),
    QT_TRANSLATE_NOOP("Cli", "SOP"),
    QT_TRANSLATE_NOOP("Cli", "version"),
)
CHANGED_BY = QT_TRANSLATE_NOOP("Cli", "{version}, last changed by {who} at {at}")
NONE = QT_TRANSLATE_NOOP("Cli", "(none)")


def _t(text: str) -> str:
    return translate("Cli", text)


def add_commands(sub: Any, add_command: AddCommand) -> None:
    ind = add_command(sub, "indicators", help="the risk indicator catalogue: thresholds, areas, SOPs")
    isub = ind.add_subparsers(dest="indicators_command", metavar="ACTION", required=True)
    lst = add_command(isub, "list", help="every indicator by area, with its thresholds and SOP")
    lst.add_argument("--area", choices=list(AREAS), help="only this area")
    show = add_command(isub, "show", help="one indicator's whole definition")
    show.add_argument("key", help="e.g. ato.failed_logins")
    put = add_command(isub, "set", help="change an indicator (supervisors and admins; audited)")
    put.add_argument("key")
    add = add_command(isub, "add", help="add an indicator to the catalogue (last in the order)")
    add.add_argument("key", help="lower-case parts joined by dots, e.g. aml.mixer_deposits")
    for option, _field, text in FIELD_OPTIONS:
        put.add_argument(option, help=text)
        add.add_argument(option, help=text, required=option in REQUIRED_TO_ADD)
    order = add_command(isub, "order", help="put these indicators first, in this order (the rest follow)")
    order.add_argument("keys", nargs="+", metavar="KEY")
    br = add_command(isub, "breakdown", help="the latest value of each series of KEY split by dimensions")
    br.add_argument("key")
    br.add_argument("--since", default="24h", help="a time span back (90m, 6h, 2d) or an ISO moment; 24h")
    br.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="NAME",
        help="only series split by exactly these dimensions",
    )


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    """The fields given on the command line, as :func:`console.services.indicators.update` takes them."""
    out: dict[str, Any] = {}
    for option, field, _ in FIELD_OPTIONS:
        value = getattr(args, option[2:].replace("-", "_"))
        if value is None:
            continue
        if field == "names":
            out[field] = {"zh_CN": value}
        elif field == "interval_seconds":
            out[field] = int(value) if value.strip().isdigit() else value
        else:
            out[field] = value
    return out


def cmd_indicators(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_db
    from console.services import indicators

    db = open_db(settings)
    try:
        command = args.indicators_command
        if command in ("list", "show", "breakdown"):
            with db.reading() as s:
                if command == "list":
                    _print_list(indicators.catalogue(s), settings.language, args.area)
                elif command == "show":
                    depts = {d.code: d for d in indicators.department_choices(s)}
                    _print_entry(indicators.catalogue_entry(s, args.key), depts, settings)
                else:
                    _print_breakdown(s, args, settings)
            return 0
        actor = _signed_in(db)
        if command == "set":
            changes = _changes(args)
            if not changes:
                options = ", ".join(o for o, _, _ in FIELD_OPTIONS)
                raise WatchfloorError(NOTHING_TO_CHANGE, options=options)
            with db.reading() as s:
                before = indicators.catalogue_entry(s, args.key)
            version = indicators.update(db, actor, before.id, changes, expected_version=before.version)
            with db.reading() as s:
                after = indicators.catalogue_entry(s, args.key)
            print(_said_changes(before.key, before.definition, after.definition, version))
        elif command == "add":
            definition = Definition(
                name=args.name,
                names=(("zh_CN", args.name_zh),) if args.name_zh else (),
                unit=args.unit,
                direction=args.direction,
                warning=args.warning,
                critical=args.critical,
                interval_seconds=_changes(args).get("interval_seconds", 60),
                department=args.department,
                area=args.area or _area_of(args.key),
                sop=args.sop or "",
            )
            indicators.add(db, actor, args.key, definition)
            print(_t(ADDED).format(key=args.key.strip(), area=area_title(definition.area)))
        else:
            with db.reading() as s:
                current = indicators.catalogue(s)
                named = [indicators.catalogue_entry(s, k).id for k in args.keys]
            ordered = list(dict.fromkeys(named)) + [e.id for e in current if e.id not in named]
            if indicators.reorder(db, actor, ordered):
                keys = {e.id: e.key for e in current}
                print(_t(ORDERED).format(keys=", ".join(keys[i] for i in ordered)))
            else:
                print(_t(ALREADY_ORDERED))
        return 0
    finally:
        db.dispose()


def _area_of(key: str) -> str:
    from console.catalogue import area_of_key

    return area_of_key(key.strip())


def _said_changes(key: str, before: Definition, after: Definition, version: int) -> str:
    from console.catalogue import changed

    diff = changed(before, after)
    if not diff:
        return _t(UNCHANGED).format(key=key, version=version)

    def shown(value: Any) -> str:
        if isinstance(value, float):
            return number(value)
        if isinstance(value, tuple):
            return ", ".join(f"{lang} {text}" for lang, text in value) or "—"
        return str(value) if value != "" else "—"

    parts = [f"{field} {shown(old)} → {shown(new)}" for field, (old, new) in diff.items()]
    return _t(CHANGED).format(key=key, changes="; ".join(parts), version=version)


def _print_list(entries: list[Any], language: str, only: str | None) -> None:
    for area in AREAS:
        rows = [e for e in entries if e.definition.area == area]
        if not rows or (only and area != only):
            continue
        print(f"{area_title(area)} ({area})")
        for e in rows:
            d = e.definition
            name = pick(d.names, language, d.name)
            arrow = "↑" if d.direction == "higher" else "↓"
            thresholds = f"{arrow} {number(d.warning)} / {number(d.critical)}"
            print(
                f"  {e.key:<28} {name:<32} {d.unit:<10} {thresholds:<24} {d.interval_seconds:>5} s  "
                f"{d.department:<18} {d.sop or '—'}"
            )


def _print_entry(e: Any, depts: dict[str, Any], settings: Settings) -> None:
    from console.catalogue import runbook_keys
    from console.floortime import floor_zone
    from console.services import runbooks

    d: Definition = e.definition
    dept = depts.get(d.department)
    sop = d.sop or _t(NONE)
    if d.sop in runbook_keys():
        book = runbooks.runbook(d.sop)
        sop = f"{d.sop}: {book.title.text(settings.language)}" if book else d.sop
    version = str(e.version)
    if e.updated_by and e.updated_at:
        at = e.updated_at.astimezone(floor_zone(settings.floor_timezone))
        version = _t(CHANGED_BY).format(version=e.version, who=e.updated_by, at=f"{at:%Y-%m-%d %H:%M}")
    values = (
        d.name,
        dict(d.names).get("zh_CN", _t(NONE)),
        f"{area_title(d.area)} ({d.area})",
        d.unit,
        f"{direction_title(d.direction)} ({d.direction})",
        number(d.warning),
        number(d.critical),
        f"{d.interval_seconds} s",
        f"{d.department} ({pick(dept.names, settings.language, dept.name) if dept else '?'})",
        sop,
        version,
    )
    print(e.key)
    labels = [_t(label) for label in SHOW_LINES]
    width = max(len(label) for label in labels)
    for label, value in zip(labels, values, strict=True):
        print(f"  {label:<{width}}  {value}")


def _since(text: str, now: datetime) -> datetime:
    """``--since``: a span back from ``now`` (``90m``, ``6h``, ``2d``, ``1w``) or a moment with its zone."""
    span = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*", text)
    if span:
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[span[2]]
        return now - timedelta(**{unit: float(span[1])})
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise WatchfloorError(BAD_SINCE, value=text)
    return moment


def _print_breakdown(s: Any, args: argparse.Namespace, settings: Settings) -> None:
    from console import dims
    from console.floortime import floor_zone, utcnow
    from console.services import breakdown, indicators

    bad = next((n for n in args.by if not dims.valid_name(n.strip().lower())), None)
    if bad is not None:
        raise WatchfloorError(BAD_BY, value=bad)
    by = [n.strip().lower() for n in args.by]
    entry = indicators.catalogue_entry(s, args.key)
    tz = floor_zone(settings.floor_timezone)
    since = _since(args.since, utcnow())
    shown_since = f"{since.astimezone(tz):%Y-%m-%d %H:%M}"
    rows = breakdown.breakdown(s, entry.id, since, by)
    d = entry.definition
    if not rows:
        print(_t(NO_BREAKDOWN).format(key=entry.key, since=shown_since))
        return
    name = pick(d.names, settings.language, d.name)
    print(_t(BREAKDOWN_HEAD).format(key=entry.key, name=name, unit=d.unit, since=shown_since))
    labels = [" ".join(dict(r.pairs)[n] for n in by) if by else r.dims for r in rows]
    width = max(len(label) for label in labels)
    for label, row in zip(labels, rows, strict=True):
        level = indicators.level(d, row.value)  # type: ignore[arg-type]  # a Definition has the thresholds
        shown = "" if level == "normal" else level.upper()
        at = row.ts.astimezone(tz)
        print(f"  {label:<{width}}  {number(row.value):>14}  {at:%m-%d %H:%M}  {shown}")
