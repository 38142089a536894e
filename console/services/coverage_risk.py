"""Live risk load per desk against the people present, the "understaffed for current risk" rule, and who
could move to help.

**The load of a desk, now:** its open incidents (``incidents.zone_id``, a working status of
:data:`console.services.lifecycle.OPEN_STATUSES`) by severity, how many of them nobody has acknowledged yet,
and the review backlog (the ``ops.case_backlog`` indicator's latest value in the last hour: per desk where
the indicator has a breakdown by ``desk``, else the floor's total, judged at floor level).

**The rule.** A desk is *understaffed for current risk* when any of these holds, each stated in words:

1. fewer people present than its headcount requirement for the running hour;
2. fewer present with a required skill, or speaking a required language, than that row asks;
3. a P1 or P2 incident is open on it and nobody is to spare (present ≤ required);
4. open incidents on it while nobody is present;
5. more open incidents per present person than ``incidents_per_agent`` (the setting
   ``coverage_incidents_per_agent``, default 1);
6. (with a desk breakdown) more backlog cases per present person than ``backlog_per_agent`` (the setting
   ``coverage_backlog_per_agent``, default 30).

The floor is understaffed when a desk is, or (without a desk breakdown) when the floor's backlog per person
present on the floor is over ``backlog_per_agent``.

**Who could move.** Someone present now (clocked in, not on break), who owns no open incident, sitting at
another desk that is not itself understaffed and whose present count, and every skill and language row they
count for, stays at or above its requirement without them; with the skill the gap asks for (a skill row:
that skill; a language row: that language; otherwise the desk's own skill, any level; the team-lead desk
takes team leads). Ranked by the needed skill's level, then the language's level, then the spare the
source desk keeps, then name. Each desk is offered as many people as its largest shortfall (at least one
for a load reason), never the same person twice, and never so many from one desk that it opens a gap there.
A desk for which nobody qualifies says so (:attr:`DeskLoad.nobody_can_move`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db.models import Incident, IndicatorSample, RiskIndicator
from console.desks import LEAD_DESK
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.services import breakdown as breakdown_svc
from console.services import staffing
from console.services.coverage import LANGUAGE_TITLES, SKILL_TITLES, Desk, Shift
from console.services.lifecycle import OPEN_STATUSES

BACKLOG_KEY = "ops.case_backlog"
BACKLOG_DIM = "desk"
BACKLOG_FRESH = timedelta(hours=1)
INCIDENTS_PER_AGENT = 1.0
BACKLOG_PER_AGENT = 30.0

# Why a desk (or the floor) is understaffed. Parameters are filled by name; the UI and the CLI translate.
REASONS = {
    "short": QT_TRANSLATE_NOOP("Coverage", "{present} present, {required} required now"),
    "short_skill": QT_TRANSLATE_NOOP(
        "Coverage", "{present} present with {skill} skill, {required} required now"
    ),
    "short_language": QT_TRANSLATE_NOOP(
        "Coverage", "{present} {language} speakers present, {required} required now"
    ),
    "severe_open": QT_TRANSLATE_NOOP(
        "Coverage", "P{severity} incident open and nobody to spare ({present} present, {required} required)"
    ),
    "nobody_present": QT_TRANSLATE_NOOP("Coverage", "{open} open incidents and nobody present"),
    "incident_load": QT_TRANSLATE_NOOP(
        "Coverage", "{open} open incidents for {present} present ({per} per person, limit {limit})"
    ),
    "backlog_load": QT_TRANSLATE_NOOP(
        "Coverage",
        "Review backlog of {backlog} cases for {present} present ({per} per person, limit {limit})",
    ),
}
NOBODY_CAN_MOVE = QT_TRANSLATE_NOOP("Coverage", "Nobody can move without opening a gap")
MOVE_WHY = {
    "skill": QT_TRANSLATE_NOOP("Coverage", "{skill} skill level {level}"),
    "language": QT_TRANSLATE_NOOP("Coverage", "speaks {language}"),
    "keeps": QT_TRANSLATE_NOOP("Coverage", "{desk} keeps {after} of {required}"),
    "lead": QT_TRANSLATE_NOOP("Coverage", "team lead"),
}


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if value < 10 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


@dataclass(frozen=True)
class Reason:
    """One reason in words: a key of :data:`REASONS` and its parameters (skill and language as codes)."""

    kind: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, tx: Any = translate) -> str:
        values = {}
        for name, value in self.params:
            if name == "skill":
                value = tx("Coverage", SKILL_TITLES.get(value, value))
            elif name == "language":
                value = tx("Coverage", LANGUAGE_TITLES.get(value, value))
            values[name] = _fmt(value)
        return tx("Coverage", REASONS[self.kind]).format(**values)


@dataclass(frozen=True)
class Move:
    """A suggestion: ``name`` from ``from_desk`` to ``to_desk``, and why."""

    agent_id: int
    name: str
    from_desk: str
    to_desk: str
    skill: str | None
    skill_level: int
    language: str | None
    language_level: int
    lead: bool
    from_after: int  # present at the source desk after the move
    from_required: int

    @property
    def key(self) -> tuple[int, str]:
        return (self.agent_id, self.to_desk)

    def why(self, desk_name: str, tx: Any = translate) -> str:
        parts = []
        if self.lead:
            parts.append(tx("Coverage", MOVE_WHY["lead"]))
        if self.skill:
            parts.append(
                tx("Coverage", MOVE_WHY["skill"]).format(
                    skill=tx("Coverage", SKILL_TITLES.get(self.skill, self.skill)), level=self.skill_level
                )
            )
        if self.language:
            parts.append(
                tx("Coverage", MOVE_WHY["language"]).format(
                    language=tx("Coverage", LANGUAGE_TITLES.get(self.language, self.language))
                )
            )
        parts.append(
            tx("Coverage", MOVE_WHY["keeps"]).format(
                desk=desk_name, after=self.from_after, required=self.from_required
            )
        )
        return "; ".join(parts)


@dataclass(frozen=True)
class DeskLoad:
    """One desk now: people against requirement, its risk load, the verdict with reasons."""

    desk: str
    required: int
    scheduled: int
    present: int
    on_break: int
    open_by_severity: tuple[int, int, int, int]  # P1 … P4
    unacknowledged: int
    backlog: float | None  # this desk's share (a breakdown by desk), else None
    reasons: tuple[Reason, ...] = ()
    nobody_can_move: bool = False

    @property
    def key(self) -> str:
        return self.desk

    @property
    def open(self) -> int:
        return sum(self.open_by_severity)

    @property
    def understaffed(self) -> bool:
        return bool(self.reasons)

    @property
    def per_person(self) -> float | None:
        """Open incidents per present person (``None`` with nobody present)."""
        return self.open / self.present if self.present else None


@dataclass(frozen=True)
class FloorLoad:
    """The floor as a whole now."""

    required: int
    present: int
    open: int
    unacknowledged: int
    no_desk: int  # open incidents on no desk
    backlog: float | None  # the indicator's latest value (the whole floor)
    backlog_by_desk: bool
    reasons: tuple[Reason, ...] = ()
    understaffed_desks: tuple[str, ...] = ()

    @property
    def understaffed(self) -> bool:
        return bool(self.reasons or self.understaffed_desks)


@dataclass(frozen=True)
class RiskLoad:
    floor: FloorLoad
    desks: tuple[DeskLoad, ...]
    moves: tuple[Move, ...] = field(default=())


@dataclass(frozen=True)
class Limits:
    incidents_per_agent: float = INCIDENTS_PER_AGENT
    backlog_per_agent: float = BACKLOG_PER_AGENT


@dataclass(frozen=True)
class OpenIncident:
    zone_id: int | None
    severity: int
    acknowledged: bool
    owner_agent_id: int | None


def open_incidents(s: Session) -> list[OpenIncident]:
    return [
        OpenIncident(zone_id, int(sev), ack is not None, owner)
        for zone_id, sev, ack, owner in s.execute(
            select(
                Incident.zone_id, Incident.severity, Incident.acknowledged_at, Incident.owner_agent_id
            ).where(Incident.status.in_(OPEN_STATUSES))
        )
    ]


def backlog(s: Session, now: datetime) -> tuple[float | None, dict[str, float]]:
    """The latest ``ops.case_backlog`` (in the last hour), and its split by desk where one is ingested."""
    ind = s.scalar(select(RiskIndicator.id).where(RiskIndicator.key == BACKLOG_KEY))
    if ind is None:
        return None, {}
    since = now - BACKLOG_FRESH
    total = s.scalar(
        select(IndicatorSample.value)
        .where(IndicatorSample.indicator_id == ind, IndicatorSample.ts > since, IndicatorSample.ts <= now)
        .order_by(IndicatorSample.ts.desc())
        .limit(1)
    )
    split = {
        dict(row.pairs)[BACKLOG_DIM]: row.value
        for row in breakdown_svc.breakdown(s, ind, since, by=(BACKLOG_DIM,))
        if row.ts <= now
    }
    return total, split


def assess(
    now: datetime,
    today: date,
    hour: int,
    desk_rows: Sequence[Desk],
    reqs: Sequence[staffing.Requirement],
    all_shifts: Sequence[Shift],
    incidents: Sequence[OpenIncident],
    backlog_total: float | None,
    backlog_split: dict[str, float],
    limits: Limits = Limits(),
) -> RiskLoad:
    """The load per desk now, the verdicts and the suggested moves (see the module's rule)."""
    required = staffing.required_at(reqs, today, hour)
    zone_code = {d.zone_id: d.code for d in desk_rows}
    codes = [d.code for d in desk_rows]
    here = {code: [sh for sh in all_shifts if sh.desk == code and sh.present_now(now)] for code in codes}
    here = {code: list({sh.person.agent_id: sh for sh in rows}.values()) for code, rows in here.items()}
    owners = {i.owner_agent_id for i in incidents if i.owner_agent_id is not None}
    by_desk: dict[str, list[OpenIncident]] = {code: [] for code in codes}
    no_desk = 0
    for inc in incidents:
        code = zone_code.get(inc.zone_id or -1)
        if code is None:
            no_desk += 1
        else:
            by_desk[code].append(inc)
    split = {code: v for code, v in backlog_split.items() if code in by_desk}
    loads: dict[str, DeskLoad] = {}
    for code in codes:
        present = len(here[code])
        need = required.get((code, None, None), 0)
        mine = by_desk[code]
        sev = tuple(sum(1 for i in mine if i.severity == n) for n in (1, 2, 3, 4))
        around = [sh for sh in all_shifts if sh.desk == code and sh.around(now)]
        scheduled = len({sh.person.agent_id for sh in around if sh.starts_at <= now < sh.ends_at})
        on_break = len({sh.person.agent_id for sh in around if sh.on_break})
        reasons = _reasons(code, present, need, here[code], required, mine, split.get(code), limits)
        loads[code] = DeskLoad(
            code,
            need,
            scheduled,
            present,
            on_break,
            sev,  # type: ignore[arg-type]
            sum(1 for i in mine if not i.acknowledged),
            split.get(code),
            reasons,
        )
    moves, stuck = _moves(desk_rows, loads, here, required, owners)
    for code in stuck:
        loads[code] = _replace(loads[code], nobody_can_move=True)
    total_present = sum(len(v) for v in here.values())
    floor_reasons: list[Reason] = []
    if backlog_total is not None and not split:
        per = backlog_total / total_present if total_present else float("inf")
        if per > limits.backlog_per_agent:
            floor_reasons.append(_backlog_reason(backlog_total, total_present, per, limits))
    if no_desk and not total_present:
        floor_reasons.append(Reason("nobody_present", (("open", no_desk),)))
    floor = FloorLoad(
        required=sum(v for (c, sk, la), v in required.items() if not sk and not la and c in by_desk),
        present=total_present,
        open=len(incidents),
        unacknowledged=sum(1 for i in incidents if not i.acknowledged),
        no_desk=no_desk,
        backlog=backlog_total,
        backlog_by_desk=bool(split),
        reasons=tuple(floor_reasons),
        understaffed_desks=tuple(code for code in codes if loads[code].understaffed),
    )
    return RiskLoad(floor, tuple(loads[c] for c in codes), tuple(moves))


def _replace(load: DeskLoad, **changes: Any) -> DeskLoad:
    import dataclasses

    return dataclasses.replace(load, **changes)


def _backlog_reason(backlog: float, present: int, per: float, limits: Limits) -> Reason:
    return Reason(
        "backlog_load",
        (
            ("backlog", round(backlog)),
            ("present", present),
            ("per", "∞" if per == float("inf") else float(per)),
            ("limit", f"{limits.backlog_per_agent:g}"),
        ),
    )


def _reasons(
    code: str,
    present: int,
    need: int,
    here: Sequence[Shift],
    required: dict[tuple[str, str | None, str | None], int],
    incidents: Sequence[OpenIncident],
    backlog: float | None,
    limits: Limits,
) -> tuple[Reason, ...]:
    out: list[Reason] = []
    if present < need:
        out.append(Reason("short", (("present", present), ("required", need))))
    for (desk, skill, language), count in sorted(
        required.items(), key=lambda kv: (kv[0][1] or "", kv[0][2] or "")
    ):
        if desk != code or not (skill or language):
            continue
        have = sum(1 for sh in here if sh.person.counts_for(skill, language))
        if have < count:
            if skill:
                out.append(Reason("short_skill", (("present", have), ("skill", skill), ("required", count))))
            else:
                out.append(
                    Reason("short_language", (("present", have), ("language", language), ("required", count)))
                )
    severe = min((i.severity for i in incidents if i.severity <= 2), default=None)
    if severe is not None and present <= need:
        out.append(Reason("severe_open", (("severity", severe), ("present", present), ("required", need))))
    if incidents and not present:
        out.append(Reason("nobody_present", (("open", len(incidents)),)))
    elif incidents and len(incidents) / present > limits.incidents_per_agent:
        out.append(
            Reason(
                "incident_load",
                (
                    ("open", len(incidents)),
                    ("present", present),
                    ("per", float(len(incidents) / present)),
                    ("limit", f"{limits.incidents_per_agent:g}"),
                ),
            )
        )
    if backlog is not None:
        per = backlog / present if present else float("inf")
        if per > limits.backlog_per_agent:
            out.append(_backlog_reason(backlog, present, per, limits))
    return tuple(out)


def _moves(
    desk_rows: Sequence[Desk],
    loads: dict[str, DeskLoad],
    here: dict[str, list[Shift]],
    required: dict[tuple[str, str | None, str | None], int],
    owners: set[int],
) -> tuple[list[Move], list[str]]:
    """Greedy: the most pressed desk first, the best-ranked free person whose desk keeps its requirements."""
    skill_of = {d.code: d.skill for d in desk_rows}
    # How many each source desk (and each of its rows) can give without opening a gap.
    spare: dict[tuple[str, str | None, str | None], int] = {}
    for d in desk_rows:
        rows = [(d.code, None, None)] + [k for k in required if k[0] == d.code and (k[1] or k[2])]
        for k in rows:
            have = sum(1 for sh in here[d.code] if sh.person.counts_for(k[1], k[2]))
            spare[k] = have - required.get(k, 0)
    taken: set[int] = set()
    moves: list[Move] = []
    stuck: list[str] = []
    pressed = sorted((load for load in loads.values() if load.understaffed), key=_pressure)
    for load in pressed:
        wants = _wants(load, skill_of.get(load.desk))
        offered = 0
        for skill, language, count in wants:
            for _ in range(count):
                best = _best(
                    load.desk, skill, language, desk_rows, loads, here, required, spare, owners, taken
                )
                if best is None:
                    break
                sh, src = best
                taken.add(sh.person.agent_id)
                for k in list(spare):
                    if k[0] == src and sh.person.counts_for(k[1], k[2]):
                        spare[k] -= 1
                src_need = required.get((src, None, None), 0)
                moves.append(
                    Move(
                        sh.person.agent_id,
                        sh.person.name,
                        src,
                        load.desk,
                        skill,
                        sh.person.skill_level(skill) if skill else 0,
                        language,
                        sh.person.language_level(language) if language else 0,
                        load.desk == LEAD_DESK,
                        spare[(src, None, None)] + src_need,
                        src_need,
                    )
                )
                offered += 1
        if not offered:
            stuck.append(load.desk)
    return moves, stuck


def _pressure(load: DeskLoad) -> tuple[int, int, int, str]:
    """Which desk gets people first: the most severe open incident, the largest shortfall, most reasons."""
    worst = next((n for n, count in enumerate(load.open_by_severity, start=1) if count), 9)
    return (worst, -(load.required - load.present), -len(load.reasons), load.desk)


def _wants(load: DeskLoad, desk_skill: str | None) -> list[tuple[str | None, str | None, int]]:
    """What the desk asks for: (skill, language, how many). Row shortfalls first, then the headcount."""
    out: list[tuple[str | None, str | None, int]] = []
    rows = 0
    for r in load.reasons:
        p = dict(r.params)
        if r.kind == "short_skill":
            out.append((p["skill"], None, p["required"] - p["present"]))
            rows = max(rows, p["required"] - p["present"])
        elif r.kind == "short_language":
            out.append((None, p["language"], p["required"] - p["present"]))
            rows = max(rows, p["required"] - p["present"])
    headcount = max(0, load.required - load.present)
    # Row moves count toward the headcount; a load reason asks for at least one person.
    more = max(headcount - rows, 0 if out else 1)
    if more:
        out.append((desk_skill, None, more))
    return out


def _best(
    to_desk: str,
    skill: str | None,
    language: str | None,
    desk_rows: Sequence[Desk],
    loads: dict[str, DeskLoad],
    here: dict[str, list[Shift]],
    required: dict[tuple[str, str | None, str | None], int],
    spare: dict[tuple[str, str | None, str | None], int],
    owners: set[int],
    taken: set[int],
) -> tuple[Shift, str] | None:
    ranked = []
    for d in desk_rows:
        src = d.code
        if src == to_desk or loads[src].understaffed or spare.get((src, None, None), 0) < 1:
            continue
        for sh in here[src]:
            p = sh.person
            if p.agent_id in taken or p.agent_id in owners:
                continue
            if to_desk == LEAD_DESK and p.title != "team_lead":
                continue
            if not p.counts_for(skill, language):
                continue
            # Every row of the source desk this person counts for must keep its requirement.
            if any(
                spare[k] < 1 for k in spare if k[0] == src and (k[1] or k[2]) and p.counts_for(k[1], k[2])
            ):
                continue
            ranked.append(
                (
                    -(p.skill_level(skill) if skill else 0),
                    -(p.language_level(language) if language else 0),
                    -spare[(src, None, None)],
                    p.name,
                    p.agent_id,
                    sh,
                    src,
                )
            )
    if not ranked:
        return None
    best = min(ranked, key=lambda r: r[:5])
    return best[5], best[6]
