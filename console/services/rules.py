"""Indicator rules on the floor: define them, silence them, evaluate them once per floor (the timer leader,
:mod:`console.timers`), backtest them over history.

A rule that fires opens an incident through :func:`console.services.incidents.open_incident` with the dedup
key ``rule:<id>``: while that incident is worked, firing again adds a hit to it instead of opening another.
Clearing notes it on the incident, and with ``auto_resolve`` resolves it (unless someone changed it meanwhile
or a department still has a handoff: then the note says so). Each fire and clear is recorded once: the state
moves with a conditional ``UPDATE`` and only the evaluator whose update changed the row opens or notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, or_, select, update
from sqlalchemy.orm import Session

from console import rules as engine
from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Incident, IndicatorRule, IndicatorSample, RiskIndicator, RuleSilence, RuleState
from console.errors import InvalidInput, NotFound, WatchfloorError
from console.floortime import utcnow
from console.services import incidents
from console.services.offline import reachable
from console.services.once import changed
from console.services.unit import unit_of_work


def add_rule(
    db: Database,
    actor: Actor,
    *,
    indicator_key: str,
    kind: str,
    params: dict[str, float],
    severity: int = 2,
    category: str = "fraud_wave",
    name: str = "",
    cooldown_s: int = 900,
    auto_resolve: bool = False,
    at: datetime | None = None,
) -> int:
    """Define a rule (checked: its kind, its parameters' names and numbers, severity, category). Returns its
    id."""
    if kind not in engine.KINDS:
        raise InvalidInput(detail=f"rule kind {kind!r} ({', '.join(engine.KINDS)})")
    unknown = sorted(set(params) - set(engine.DEFAULTS[kind]) - {"clear"})
    if unknown:
        raise InvalidInput(detail=f"{kind} rule parameter(s) {', '.join(unknown)}")
    try:
        values = {k: float(v) for k, v in params.items()}
    except (TypeError, ValueError) as exc:
        raise InvalidInput(detail=f"rule parameters {params}") from exc
    if kind == "threshold" and "value" not in values:
        raise InvalidInput(detail="a threshold rule needs its value")
    if severity not in incidents.SLA or category not in incidents.CATEGORIES or not 0 <= cooldown_s <= 86_400:
        raise InvalidInput(
            detail=f"rule severity P{severity}, category {category!r}, cooldown {cooldown_s} s"
        )
    at = at or utcnow()
    with reachable(db), unit_of_work(db, actor, Perm.MANAGE_INDICATORS) as unit:
        s = unit.session
        ind = s.scalars(select(RiskIndicator).where(RiskIndicator.key == indicator_key)).first()
        if ind is None:
            raise NotFound(what="Indicator", key=indicator_key)
        rule = IndicatorRule(
            name=(name.strip() or f"{ind.name}: {engine.KINDS[kind]}")[:120],
            indicator_id=ind.id,
            kind=kind,
            params=values,
            severity=severity,
            category=category,
            cooldown_s=cooldown_s,
            auto_resolve=auto_resolve,
            enabled=True,
            created_by=actor.username,
            created_at=at,
        )
        s.add(rule)
        s.flush()
        s.add(RuleState(rule_id=rule.id, firing=False))
        unit.audit(
            "rule.add", "rule", rule.id, indicator=ind.key, kind=kind, params=values, severity=severity
        )
        return rule.id


def set_enabled(db: Database, actor: Actor, rule_id: int, enabled: bool) -> None:
    with reachable(db), unit_of_work(db, actor, Perm.MANAGE_INDICATORS) as unit:
        rule = unit.session.get(IndicatorRule, rule_id)
        if rule is None:
            raise NotFound(what="Rule", key=rule_id)
        rule.enabled = enabled
        unit.audit("rule.enable" if enabled else "rule.disable", "rule", rule_id)


def silence(
    db: Database,
    actor: Actor,
    *,
    until: datetime,
    reason: str,
    rule_id: int | None = None,
    indicator_id: int | None = None,
    at: datetime | None = None,
) -> int:
    """A maintenance window with an owner (the actor) and an end: the rule (or every rule of the indicator)
    does not fire until ``until``."""
    at = at or utcnow()
    if (rule_id is None) == (indicator_id is None):
        raise InvalidInput(detail="a silence names one rule or one indicator")
    if until <= at or not reason.strip():
        raise InvalidInput(detail="a silence needs an end in the future and a reason")
    with reachable(db), unit_of_work(db, actor, Perm.MANAGE_INDICATORS) as unit:
        row = RuleSilence(
            rule_id=rule_id,
            indicator_id=indicator_id,
            starts_at=at,
            ends_at=until,
            owner=actor.username,
            reason=reason.strip(),
        )
        unit.session.add(row)
        unit.session.flush()
        unit.audit(
            "rule.silence", "rule", rule_id, indicator_id=indicator_id, until=until.isoformat(), reason=reason
        )
        return row.id


@dataclass(frozen=True)
class RuleInfo:
    """What firing and clearing need of a rule beyond the engine's :class:`~console.rules.Rule`."""

    id: int
    name: str
    kind: str
    indicator_id: int
    severity: int
    category: str
    auto_resolve: bool


@dataclass(frozen=True)
class Loaded:
    rule: engine.Rule
    record: RuleInfo
    indicator_name: str
    state: engine.State


def _as_rule(r: Any, ind: Any) -> engine.Rule:
    """The engine's rule from a rule and its indicator (ORM objects, or one row holding both's columns)."""
    return engine.Rule(
        r.id,
        r.indicator_id,
        r.kind,
        dict(r.params or {}),
        higher_is_worse=ind.direction != "lower",
        interval_s=ind.interval_seconds,
        cooldown_s=r.cooldown_s,
    )


def _ts(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


def load(s: Session, now: datetime) -> list[Loaded]:
    """Every enabled rule not silenced at ``now``, with its indicator and state."""
    silenced_rules: set[int] = set()
    silenced_inds: set[int] = set()
    for rule_id, ind_id in s.execute(
        select(RuleSilence.rule_id, RuleSilence.indicator_id).where(
            RuleSilence.starts_at <= now, RuleSilence.ends_at > now
        )
    ):
        if rule_id is not None:
            silenced_rules.add(rule_id)
        elif ind_id is not None:
            silenced_inds.add(ind_id)
    out = []
    r, ind, st = IndicatorRule, RiskIndicator, RuleState
    for row in s.execute(
        select(
            r.id,
            r.name,
            r.indicator_id,
            r.kind,
            r.params,
            r.severity,
            r.category,
            r.cooldown_s,
            r.auto_resolve,
            ind.name.label("indicator_name"),
            ind.direction,
            ind.interval_seconds,
            st.firing,
            st.since,
            st.pending,
            st.cleared_at,
        )  # fmt: skip
        .join(ind, ind.id == r.indicator_id)
        .outerjoin(st, st.rule_id == r.id)
        .where(r.enabled.is_(True))
        .order_by(r.id)
    ):
        if row.id in silenced_rules or row.indicator_id in silenced_inds:
            continue
        rule = _as_rule(row, row)
        info = RuleInfo(
            row.id, row.name, row.kind, row.indicator_id, row.severity, row.category, row.auto_resolve
        )
        state = engine.State(
            firing=bool(row.firing),
            since=_ts(row.since),
            pending=_ts(row.pending),
            cleared_at=_ts(row.cleared_at),
        )
        out.append(Loaded(rule, info, row.indicator_name, state))
    return out


def samples(s: Session, loaded: list[Loaded], now: datetime) -> dict[int, engine.Series]:
    """The samples every loaded rule reads at ``now``, per indicator, in one query: the indicators' recent
    window (the longest lookback among their rules) and, for seasonal rules, the same minutes of past weeks.
    A few wide ranges over the indicators rather than one per rule: the index serves them in one pass."""
    if not loaded:
        return {}
    ids = sorted({item.rule.indicator_id for item in loaded})
    ranges = [(now - max(item.rule.lookback() for item in loaded), now)]
    weeks = max((int(item.rule.p("weeks")) for item in loaded if item.rule.kind == "seasonal"), default=0)
    for k in range(1, weeks + 1):
        at = now - k * engine.WEEK
        ranges.append((at - timedelta(minutes=5), at))
    merged = _merged(ranges)
    found: dict[int, tuple[list[float], list[float]]] = {ind: ([], []) for ind in ids}
    if s.get_bind().dialect.name == "postgresql":
        # Straight from the driver, moments as epoch seconds: building and converting a datetime per row
        # cost more than the read itself for the thousands of samples a tick needs.
        spans = " OR ".join("(ts >= %s AND ts <= %s)" for _ in merged)
        epoch_rows = s.connection().exec_driver_sql(
            "SELECT indicator_id, extract(epoch FROM ts)::float8, value FROM indicator_samples "
            f"WHERE indicator_id = ANY(%s) AND ({spans}) ORDER BY indicator_id, ts",
            (ids, *(moment for span in merged for moment in span)),
        )
        for ind, t, value in epoch_rows:
            times, values = found[ind]
            times.append(t)
            values.append(value)
        return {ind: engine.Series(times, values) for ind, (times, values) in found.items()}
    # SQLite: through the ORM (its text moments parsed by the column type).
    within = or_(*(and_(IndicatorSample.ts >= lo, IndicatorSample.ts <= hi) for lo, hi in merged))
    rows = s.execute(
        select(IndicatorSample.indicator_id, IndicatorSample.ts, IndicatorSample.value)
        .where(IndicatorSample.indicator_id.in_(ids), within)
        .order_by(IndicatorSample.indicator_id, IndicatorSample.ts)
    )
    for ind, ts, value in rows:
        times, values = found[ind]
        times.append(ts.timestamp())
        values.append(value)
    return {ind: engine.Series(times, values) for ind, (times, values) in found.items()}


def _merged(ranges: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    out: list[tuple[datetime, datetime]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


@dataclass(frozen=True)
class RuleStats:
    fired: int = 0
    cleared: int = 0


def evaluate_due(db: Database, actor: Actor, now: datetime | None = None) -> RuleStats:
    """Evaluate every enabled, unsilenced rule at ``now``; open or note incidents for what fired or cleared.
    Nothing changed: reads only."""
    now = now or utcnow()
    with reachable(db), db.reading() as s:
        loaded = load(s, now)
        series = samples(s, loaded, now)
    t = now.timestamp()
    moves: list[tuple[Loaded, engine.State, engine.Event | None]] = []
    for item in loaded:
        state, event = engine.evaluate(item.rule, item.state, series[item.rule.indicator_id], t)
        if event is not None or state.pending != item.state.pending:
            moves.append((item, state, event))
    fired = cleared = 0
    for item, state, event in moves:
        if _record(db, actor, item, state, now) and event is not None:
            if event.kind == "fired":
                _fire(db, actor, item, event, now)
                fired += 1
            else:
                _clear(db, actor, item, event, now)
                cleared += 1
    return RuleStats(fired, cleared)


def _at(t: float | None) -> datetime | None:
    return None if t is None else datetime.fromtimestamp(t, UTC)


def _record(db: Database, actor: Actor, item: Loaded, state: engine.State, now: datetime) -> bool:
    """Move the rule's stored state from what was read to ``state``; False if another evaluator did first."""
    old = item.state
    t = cast(Table, RuleState.__table__)
    with reachable(db), unit_of_work(db, actor, Perm.OPEN_INCIDENT) as unit:
        return bool(
            changed(
                unit.session,
                update(t)
                .where(t.c.rule_id == item.rule.id, t.c.firing == old.firing)
                .values(
                    firing=state.firing,
                    since=_at(state.since),
                    pending=_at(state.pending),
                    cleared_at=_at(state.cleared_at),
                ),
            )
        )


def _fire(db: Database, actor: Actor, item: Loaded, event: engine.Event, now: datetime) -> None:
    r = item.record
    shown = "" if event.value is None else f" ({event.value:,.4g})"
    incidents.open_incident(
        db,
        actor,
        title=f"{r.name}{shown}",
        category=r.category,
        severity=r.severity,
        summary=f"Rule {r.id} ({r.kind}) on {item.indicator_name} fired at {now.isoformat()}",
        indicator_id=r.indicator_id,
        at=now,
        dedup_key=f"rule:{r.id}",
    )


def _clear(db: Database, actor: Actor, item: Loaded, event: engine.Event, now: datetime) -> None:
    r = item.record
    with db.reading() as s:
        row = s.execute(
            select(Incident.id, Incident.version).where(
                Incident.dedup_key == f"rule:{r.id}", Incident.status.in_(incidents.OPEN_STATUSES)
            )
        ).first()
    if row is None:
        return
    note = f"Rule {r.id} ({r.name}) cleared at {now.isoformat()}"
    if r.auto_resolve:
        try:
            incidents.transition(
                db, actor, row.id, "resolved", expected_version=row.version, message=note, at=now
            )
            return
        except WatchfloorError as exc:  # changed meanwhile, a handoff open, a state that cannot resolve
            note += f"; not resolved by the rule: {exc.english()}"
    incidents.add_note(db, actor, row.id, note, at=now)


def backtest(s: Session, rule_id: int, start: datetime, end: datetime) -> list[engine.Event]:
    """Where rule ``rule_id`` would have fired and cleared between ``start`` and ``end`` (its samples read
    with the lookback and past weeks it needs), evaluated at each sample as the timer leader does live."""
    row = s.execute(
        select(IndicatorRule, RiskIndicator)
        .join(RiskIndicator, RiskIndicator.id == IndicatorRule.indicator_id)
        .where(IndicatorRule.id == rule_id)
    ).first()
    if row is None:
        raise NotFound(what="Rule", key=rule_id)
    rule = _as_rule(*row)
    since = (
        start
        - rule.lookback()
        - (engine.WEEK * int(rule.p("weeks")) if rule.kind == "seasonal" else timedelta(0))
    )
    points = s.execute(
        select(IndicatorSample.ts, IndicatorSample.value)
        .where(
            IndicatorSample.indicator_id == rule.indicator_id,
            IndicatorSample.ts >= since,
            IndicatorSample.ts <= end,
        )
        .order_by(IndicatorSample.ts)
    ).all()
    series = engine.Series([p.ts.timestamp() for p in points], [p.value for p in points])
    return engine.backtest(rule, series, start.timestamp(), end.timestamp())


def rules_list(s: Session) -> list[tuple[IndicatorRule, str, bool]]:
    """Every rule with its indicator's key and whether it fires now."""
    return [
        (r, key, bool(firing))
        for r, key, firing in s.execute(
            select(IndicatorRule, RiskIndicator.key, RuleState.firing)
            .join(RiskIndicator, RiskIndicator.id == IndicatorRule.indicator_id)
            .outerjoin(RuleState, RuleState.rule_id == IndicatorRule.id)
            .order_by(IndicatorRule.id)
        )
    ]
