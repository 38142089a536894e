"""The demo floor's work discipline: a few staged slips in the latest shifts, the exception queue the timer
leader would have built over the history, most of it already worked by the supervisor, and coaching notes.

The history (:func:`console.demo.schedule.attendance_history`) already has late arrivals, no-shows, overtime
and the odd long break. :func:`stage` adds what a supervisor must find on today's queue whatever the seed: a
37-minute break in the running (or latest) shift and a missed clock-out on the shift before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import select, update

from console.auth import SYSTEM, Actor, Perm
from console.db.engine import Database
from console.db.models import AttendanceException, CoachingNote
from console.demo.schedule import RotaRow
from console.services import exceptions
from console.services.unit import unit_of_work

Event = tuple[int, str, datetime]

# Reasons a supervisor records, by kind, with a typical note (the demo's notes are English, as typed).
REASONS = {
    "late": (("transport", "LRT delay on the Kelana Jaya line"), ("other", "Overslept, apologised")),
    "no_show": (("sick", "Called in sick at 07:40"), ("family_emergency", "Family emergency, back tomorrow")),
    "unscheduled_absence": (("sick", "MC submitted"), ("family_emergency", "Hospital visit, HR informed")),
    "break_overrun": (
        ("other", "Prayer and lunch ran over"),
        ("system_issue", "Locked out of the case tool"),
    ),
    "missed_punch": (("forgot_to_punch", "Confirmed on CCTV, forgot to badge out"),),
    "early_leave": (("approved_leave", "Left early with the team lead's approval"),),
    "overtime": (("other", "Stayed to close a P1 handoff"),),
}
NOTES = (
    "Talked about punctuality: third late arrival this month; agreed to take the earlier train.",
    "Reminded to badge out at the end of the shift.",
    "Breaks: keep to the rota, tell the team lead before stepping away.",
    "Good turnaround after last week's coaching; no exceptions since.",
)


def stage(events: Sequence[Event], rows: Sequence[RotaRow], now: datetime) -> list[Event]:
    """``events`` with a 37-minute break in the latest shift that has had breaks and a missed clock-out on
    a shift that ended over an hour ago (each on one agent, chosen by time: deterministic)."""
    out = list(events)
    ended = [r for r in rows if r.status == "scheduled" and r.ends_at <= now - timedelta(minutes=70)]
    if ended:
        last_end = max(r.ends_at for r in ended)
        shift = sorted((r for r in ended if r.ends_at == last_end), key=lambda r: r.agent_id)
        outs = {(a, k): i for i, (a, k, at) in enumerate(out) if k == "clock_out" and at >= last_end}
        for row in shift:
            i = outs.get((row.agent_id, "clock_out"))
            if i is not None:
                del out[i]  # forgot to badge out
                break
    starts = {(r.agent_id, r.starts_at): r for r in rows if r.starts_at <= now}
    latest = sorted({r.starts_at for r in starts.values()}, reverse=True)
    for shift_start in latest[:2]:
        for i, (agent, kind, at) in enumerate(out):
            if kind != "break_start" or at < shift_start or (agent, shift_start) not in starts:
                continue
            j = next((k for k in range(i + 1, len(out)) if out[k][0] == agent), None)
            if j is None or out[j][1] != "break_end":
                continue
            nxt = next((k for k in range(j + 1, len(out)) if out[k][0] == agent), None)
            end = at + timedelta(minutes=37, seconds=20)
            if end > now or (nxt is not None and out[nxt][2] <= end + timedelta(minutes=5)):
                continue
            out[j] = (agent, "break_end", end)
            out.sort(key=lambda e: (e[2], e[0]))
            return out
    return out


def build_queue(db: Database, rng: np.random.Generator, now: datetime, days: int, supervisor: Actor) -> int:
    """Store the exceptions of the history (as the timer leader would have), work those older than a day
    (a reason, a contact time, a note; some excused) and add coaching notes. Returns how many were stored."""
    stats = exceptions.sync_due(db, SYSTEM, now, lookback=timedelta(days=days + 1))
    cutoff = now - timedelta(hours=20)
    with unit_of_work(db, supervisor, Perm.WORK_EXCEPTIONS) as unit:
        s = unit.session
        x = AttendanceException
        old = s.execute(select(x.id, x.kind, x.at, x.agent_id).where(x.at < cutoff).order_by(x.id)).all()
        worked = 0
        for ex_id, kind, at, _agent in old:
            options = REASONS.get(kind, (("other", ""),))
            reason, note = options[int(rng.integers(len(options)))]
            status = "excused" if reason in ("sick", "family_emergency", "approved_leave") else "resolved"
            contacted = at + timedelta(minutes=int(rng.integers(5, 90)))
            s.execute(
                update(x)
                .where(x.id == ex_id)
                .values(
                    status=status,
                    reason_code=reason,
                    note=note or None,
                    contacted_at=min(contacted, now),
                    resolved_by=supervisor.username,
                    resolved_at=min(contacted + timedelta(minutes=10), now),
                    updated_by=supervisor.username,
                    version=2,
                )
            )
            worked += 1
        frequent: dict[int, int] = {}
        for _id, _kind, _at, agent in old:
            frequent[agent] = frequent.get(agent, 0) + 1
        coached = sorted(frequent, key=lambda a: (-frequent[a], a))[: len(NOTES)]
        for n, agent in enumerate(coached):
            s.add(
                CoachingNote(
                    agent_id=agent,
                    at=now - timedelta(days=2 + 3 * n, hours=3),
                    author=supervisor.username,
                    text=NOTES[n],
                )
            )
        unit.audit("attendance.demo_queue", "attendance_exceptions", None, worked=worked, notes=len(coached))
    return stats.added
