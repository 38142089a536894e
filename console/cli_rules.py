"""``watchfloor rules``: define, list, silence, enable and backtest indicator rules (:mod:`console.rules`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from console.errors import InvalidInput
from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]


def add_commands(sub: Any, add_command: AddCommand) -> None:
    r = add_command(
        sub, "rules", help="indicator rules that open incidents (the floor's timer leader runs them)"
    )
    rsub = r.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    add_command(rsub, "list", help="every rule, its parameters and whether it fires now")
    add = add_command(rsub, "add", help="define a rule on an indicator")
    add.add_argument("indicator", help="the indicator's key, e.g. ato.failed_logins")
    add.add_argument("kind", choices=["threshold", "rate", "absence", "seasonal", "anomaly"])
    add.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="e.g. value=3000, for_s=180"
    )
    add.add_argument("--severity", default="P2", help="P1 .. P4 of the incident it opens (default P2)")
    add.add_argument("--category", default="fraud_wave", help="the incident's category (default fraud_wave)")
    add.add_argument("--name", default="", help="what the incident is called")
    add.add_argument("--cooldown", type=int, default=900, help="seconds after clearing before it fires again")
    add.add_argument("--auto-resolve", action="store_true", help="clearing resolves its incident")
    sil = add_command(rsub, "silence", help="a maintenance window: the rule does not fire until it ends")
    sil.add_argument("rule", type=int)
    sil.add_argument("--minutes", type=int, required=True)
    sil.add_argument("--reason", required=True)
    for name in ("enable", "disable"):
        e = add_command(rsub, name, help=f"{name} a rule")
        e.add_argument("rule", type=int)
    bt = add_command(rsub, "backtest", help="where a rule would have fired over the past days")
    bt.add_argument("rule", type=int)
    bt.add_argument("--days", type=float, default=7.0)


def _params(items: list[str]) -> dict[str, float]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError as exc:
            raise InvalidInput(detail=f"--param {item!r} (NAME=NUMBER)") from exc
        if not sep:
            raise InvalidInput(detail=f"--param {item!r} (NAME=NUMBER)")
    return out


def cmd_rules(args: argparse.Namespace, settings: Settings) -> int:
    from console.cli import _signed_in, open_db
    from console.floortime import floor_zone, utcnow
    from console.services import rules

    db = open_db(settings)
    tz = floor_zone(settings.floor_timezone)
    try:
        if args.rules_command == "list":
            with db.reading() as s:
                listed = rules.rules_list(s)
            for rule, key, firing in listed:
                state = "FIRING" if firing else ("on" if rule.enabled else "off")
                params = ", ".join(f"{k}={v:g}" for k, v in sorted(rule.params.items()))
                head = f"{rule.id:>4}  {state:<6}  P{rule.severity}  {key:<28} {rule.kind:<9}"
                print(f"{head} {params}  {rule.name}")
            return 0
        actor = _signed_in(db)
        if args.rules_command == "add":
            severity = args.severity.strip().upper().removeprefix("P")
            if not severity.isdigit():
                raise InvalidInput(detail=f"--severity {args.severity!r}")
            rid = rules.add_rule(
                db,
                actor,
                indicator_key=args.indicator,
                kind=args.kind,
                params=_params(args.param),
                severity=int(severity),
                category=args.category,
                name=args.name,
                cooldown_s=args.cooldown,
                auto_resolve=args.auto_resolve,
            )
            print(f"rule {rid} added")
        elif args.rules_command == "silence":
            now = utcnow()
            sid = rules.silence(
                db,
                actor,
                rule_id=args.rule,
                until=now + timedelta(minutes=args.minutes),
                reason=args.reason,
                at=now,
            )
            until = (now + timedelta(minutes=args.minutes)).astimezone(tz)
            print(f"silence {sid}: rule {args.rule} until {until:%H:%M}")
        elif args.rules_command in ("enable", "disable"):
            rules.set_enabled(db, actor, args.rule, args.rules_command == "enable")
            print(f"rule {args.rule} {args.rules_command}d")
        else:
            end = utcnow()
            with db.reading() as s:
                events = rules.backtest(s, args.rule, end - timedelta(days=args.days), end)
            fired = [e for e in events if e.kind == "fired"]
            for e in events:
                at = datetime.fromtimestamp(e.at, UTC).astimezone(tz)
                value = "" if e.value is None else f"{e.value:,.4g}"
                print(f"{at:%Y-%m-%d %H:%M}  {e.kind:<8} {value}")
            print(f"rule {args.rule} would have fired {len(fired)} time(s) in {args.days:g} day(s)")
        return 0
    finally:
        db.dispose()
