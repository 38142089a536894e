"""The rules on an indicator, and where they would have fired over a range (a backtest), as plain rows for
the indicators dock: a supervisor tunes a threshold against history before enabling the rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db.models import IndicatorRule, RuleState
from console.services import rules as rules_svc


@dataclass(frozen=True)
class RuleRow:
    id: int
    name: str
    kind: str
    enabled: bool
    firing: bool


@dataclass(frozen=True)
class FiredSpan:
    """From a fire to its clear (epoch seconds); ``end`` None: still firing at the range's end."""

    rule_id: int
    rule_name: str
    start: float
    end: float | None


def rules_of(s: Session, indicator_id: int) -> list[RuleRow]:
    """The indicator's rules, enabled or not, oldest first."""
    return [
        RuleRow(r.id, r.name, r.kind, bool(r.enabled), bool(firing))
        for r, firing in s.execute(
            select(IndicatorRule, RuleState.firing)
            .outerjoin(RuleState, RuleState.rule_id == IndicatorRule.id)
            .where(IndicatorRule.indicator_id == indicator_id)
            .order_by(IndicatorRule.id)
        )
    ]


def spans(s: Session, rule_ids: list[int], start: float, end: float) -> list[FiredSpan]:
    """Where each rule would have fired between ``start`` and ``end`` (epoch seconds), evaluated at every
    sample exactly as the timer leader evaluates live (:func:`console.services.rules.backtest`)."""
    names = {
        rule_id: name
        for rule_id, name in s.execute(
            select(IndicatorRule.id, IndicatorRule.name).where(IndicatorRule.id.in_(rule_ids))
        )
    }
    out: list[FiredSpan] = []
    first, last = datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC)
    for rule_id in rule_ids:
        if rule_id not in names:
            continue
        fired: float | None = None
        for event in rules_svc.backtest(s, rule_id, first, last):
            if event.kind == "fired":
                fired = event.at
            elif event.kind == "cleared" and fired is not None:
                out.append(FiredSpan(rule_id, names[rule_id], fired, event.at))
                fired = None
        if fired is not None:
            out.append(FiredSpan(rule_id, names[rule_id], fired, None))
    return out
