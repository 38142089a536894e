"""How long the floor keeps indicator history, and the prune that applies it (once per floor, on the timer
leader: :func:`console.timers.run_due`).

One value per level for the whole floor, kept in the database (``history_retention``) like the change feed's
retention, so every process that may lead prunes alike: the raw samples (default six weeks: the seasonal
rules read the same minute of the past four weeks, and a backtest reads one more) and each rollup level
(15 min: 400 days, 1 h: for ever). Set by an admin (``watchfloor db history-retention``).

The prune deletes whole hours only (the cutoff is a whole UTC hour), in batches of at most
:data:`PRUNE_BATCH` rows a round, and only once a whole hour has come due, so it writes about once an hour.
It never touches the rollups of the samples it deletes (they are the history that outlives them), never
deletes samples an enabled seasonal rule still reads, and keeps the change feed quiet while it deletes
(:mod:`console.db.rollupsql`). On PostgreSQL the deletes run in ``prune_indicator_history``, which runs as
the schema owner and itself refuses to go past the floor's retention, so a leader needs no delete right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import HistoryRetention, IndicatorRollup, IndicatorRule, IndicatorSample, RiskIndicator
from console.db.rollupsql import LEVELS, keep_days, sqlite_text
from console.errors import InvalidInput
from console.services.unit import Unit, unit_of_work

PRUNE_BATCH = 20_000
MAX_KEEP_DAYS = 36_600
HOUR_S = 3600
DAY_S = 86_400


@dataclass(frozen=True)
class PruneStats:
    samples: int = 0  # raw samples deleted
    rollups: int = 0  # rollup buckets deleted (levels past their own retention)

    def __bool__(self) -> bool:
        return bool(self.samples or self.rollups)


def set_keep_days(db: Database, actor: Actor, step_s: int, days: int) -> None:
    """Keep ``days`` of the raw samples (``step_s`` 0) or of one rollup level (0 days: for ever; the raw
    samples always have an end). Each coarser rollup level keeps at least as long as the finer ones."""
    if step_s not in (0, *LEVELS):
        levels = ", ".join(map(str, LEVELS))
        raise InvalidInput(detail=f"history level {step_s} s (0 for raw samples, or {levels})")
    if not (0 <= days <= MAX_KEEP_DAYS) or (step_s == 0 and days < 1):
        raise InvalidInput(
            detail=f"history retention {days} days (1 to {MAX_KEEP_DAYS}; 0 keeps a rollup level for ever)"
        )
    with unit_of_work(db, actor, Perm.ADMINISTER_FEED) as unit:
        s = unit.session
        current = keep_days(s)
        wanted = {**current, step_s: days}
        for finer, coarser in zip(LEVELS, LEVELS[1:], strict=False):
            a, b = wanted[finer], wanted[coarser]
            if b != 0 and (a == 0 or b < a):  # a coarser level outlives a finer one: the long views need it
                raise InvalidInput(
                    detail=f"the {coarser} s rollups would be kept less long than the {finer} s ones"
                )
        row = s.get(HistoryRetention, step_s)
        if row is None:
            s.add(HistoryRetention(step_s=step_s, keep_days=days))
        else:
            row.keep_days = days
        unit.audit("history.retention", "history_retention", step_s, days=days, before=current.get(step_s))


def cutoffs(s: Session, now: datetime) -> dict[int, int]:
    """Per level, the epoch second (a whole hour) before which its history may go; levels kept for ever are
    left out. The raw samples stay as long as an enabled seasonal rule reads them."""
    keep = keep_days(s)
    weeks = 0
    for params in s.scalars(
        select(IndicatorRule.params).where(IndicatorRule.kind == "seasonal", IndicatorRule.enabled.is_(True))
    ):
        weeks = max(weeks, int(float((params or {}).get("weeks", 4))))
    keep[0] = max(keep[0], 7 * weeks + 2) if keep[0] > 0 else 0
    stamp = int(now.timestamp())
    return {step: (stamp - days * DAY_S) // HOUR_S * HOUR_S for step, days in keep.items() if days > 0}


def _due(s: Session, cut: dict[int, int]) -> list[tuple[int, int]]:
    """The (level, indicator) pairs with history past its cutoff: one index probe per indicator and level."""
    due = []
    for step, cutoff in sorted(cut.items()):
        if step == 0:
            moment = datetime.fromtimestamp(cutoff, UTC)
            older = (
                select(IndicatorSample.indicator_id)
                .where(IndicatorSample.indicator_id == RiskIndicator.id, IndicatorSample.ts < moment)
                .exists()
            )
        else:
            older = (
                select(IndicatorRollup.indicator_id)
                .where(
                    IndicatorRollup.indicator_id == RiskIndicator.id,
                    IndicatorRollup.step_s == step,
                    IndicatorRollup.bucket_s <= cutoff - step,
                )
                .exists()
            )
        found = s.scalars(select(RiskIndicator.id).where(older).order_by(RiskIndicator.id))
        due += [(step, i) for i in found]
    return due


def prune_due(db: Database, actor: Actor, now: datetime, *, batch: int = PRUNE_BATCH) -> PruneStats:
    """Delete at most ``batch`` rows of history past the floor's retention at ``now``; nothing due: a few
    reads, no write. Safe to run by several processes at once (each deletes what is still there)."""
    with db.reading() as s:
        cut = cutoffs(s, now)
        due = _due(s, cut)
    if not due:
        return PruneStats()
    with unit_of_work(db, actor, Perm.WORK_INCIDENT) as unit:
        samples = rollups = 0
        for step, ind in due:
            left = batch - samples - rollups
            if left <= 0:
                break
            gone = _delete(unit, step, ind, cut[step], left)
            if step == 0:
                samples += gone
            else:
                rollups += gone
        if samples or rollups:
            unit.audit(
                "history.prune",
                "history_retention",
                None,
                samples=samples,
                rollups=rollups,
                before={str(step): cutoff for step, cutoff in cut.items()},
            )
    return PruneStats(samples, rollups)


def _delete(unit: Unit, step: int, ind: int, cutoff: int, limit: int) -> int:
    s = unit.session
    if s.get_bind().dialect.name == "postgresql":
        gone = s.scalar(
            text("SELECT prune_indicator_history(:step, :ind, :cutoff, :limit)"),
            {"step": step, "ind": ind, "cutoff": cutoff, "limit": limit},
        )
        return int(gone or 0)
    if step == 0:
        s.execute(text("INSERT INTO history_prune (id) VALUES (1)"))
        result = s.execute(
            text(
                "DELETE FROM indicator_samples WHERE rowid IN (SELECT rowid FROM indicator_samples "
                "WHERE indicator_id = :ind AND ts < :cutoff ORDER BY ts LIMIT :limit)"
            ),
            {"ind": ind, "cutoff": sqlite_text(cutoff), "limit": limit},
        )
        s.execute(text("DELETE FROM history_prune"))
    else:
        result = s.execute(
            text(
                "DELETE FROM indicator_rollups WHERE rowid IN (SELECT rowid FROM indicator_rollups "
                "WHERE indicator_id = :ind AND step_s = :step AND bucket_s <= :last ORDER BY bucket_s "
                "LIMIT :limit)"
            ),
            {"ind": ind, "step": step, "last": cutoff - step, "limit": limit},
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
