"""Alert rules: a new P1/P2, an SLA at 90 % or breached, each once per console, none replayed at start."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from console.alerts import AlertWatch, needs_attention, sla_share

T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    id: int
    ref: str
    title: str
    severity: int
    opened_at: datetime
    ack_due_at: datetime
    resolve_due_at: datetime
    acknowledged_at: datetime | None = None


def row(n: int, severity: int, opened: datetime = T0) -> Row:
    return Row(
        n,
        f"INC-{n}",
        f"title {n}",
        severity,
        opened,
        opened + timedelta(minutes=10),
        opened + timedelta(hours=1),
    )


def kinds(alerts: list) -> list[tuple[int, str, str]]:  # type: ignore[type-arg]
    return [(a.incident_id, a.kind, a.phase) for a in alerts]


def test_the_first_look_learns_what_is_already_true_then_reports_what_becomes_true() -> None:
    watch = AlertWatch()
    old = row(1, 1)
    assert watch.update([old], T0) == []  # the console just opened: no replay
    new_p1, new_p3 = row(2, 1, T0 + timedelta(minutes=1)), row(3, 3, T0 + timedelta(minutes=1))
    assert kinds(watch.update([old, new_p1, new_p3], T0 + timedelta(minutes=1))) == [(2, "new", "ack")]
    assert watch.update([old, new_p1, new_p3], T0 + timedelta(minutes=2)) == []  # once only
    # 90 % of the 10-minute acknowledge SLA of the old one (opened at T0) is at T0 + 9 min.
    at = T0 + timedelta(minutes=9, seconds=1)
    assert kinds(watch.update([old, new_p1, new_p3], at)) == [(1, "sla_near", "ack")]
    at = T0 + timedelta(minutes=10, seconds=1)
    assert kinds(watch.update([old, new_p1, new_p3], at)) == [
        (1, "sla_breached", "ack"),  # a breach leads
        (2, "sla_near", "ack"),  # the new P1's 90 % (opened a minute later)
        (3, "sla_near", "ack"),  # and the P3's: any severity's SLA is announced
    ]
    # Acknowledged: the resolve SLA runs from then, and alerts anew for its own phase.
    acked = replace(old, acknowledged_at=at)
    assert watch.update([acked], at) == []
    late = at + timedelta(minutes=46)  # 92 % of the 50 minutes from acknowledgement to the resolve due time
    assert kinds(watch.update([acked], late)) == [(1, "sla_near", "resolve")]


def test_attention_lasts_until_someone_acts() -> None:
    p2 = row(1, 2)
    assert needs_attention(p2, T0)
    assert not needs_attention(
        replace(p2, acknowledged_at=T0 + timedelta(minutes=1)), T0 + timedelta(minutes=1)
    )
    p3 = row(2, 3)
    assert not needs_attention(p3, T0 + timedelta(minutes=8))
    assert needs_attention(p3, T0 + timedelta(minutes=9))  # 90 % of its acknowledge SLA
    assert sla_share(p3, T0 + timedelta(minutes=5)) == 0.5


def test_messages_name_the_incident_and_the_phase() -> None:
    watch = AlertWatch()
    watch.update([], T0)
    (alert,) = watch.update([row(7, 1)], T0)
    assert alert.message() == "New P1: INC-7 title 7"


def test_a_silent_feed_is_announced_once_per_silence() -> None:
    from console.alerts import FeedWatch

    watch = FeedWatch()
    assert watch.update([(1, "Failed logins", "stale", "9:00"), (2, "Approval rate", "normal", "")]) == []
    assert watch.update([(1, "Failed logins", "stale", "9:05"), (2, "Approval rate", "stale", "3:01")]) == [
        watch_alert(2, "Approval rate", "3:01")
    ]
    assert watch.update([(1, "Failed logins", "stale", "9:10"), (2, "Approval rate", "stale", "3:06")]) == []
    assert watch.update([(1, "Failed logins", "normal", ""), (2, "Approval rate", "stale", "3:11")]) == []
    [again] = watch.update([(1, "Failed logins", "stale", "3:00"), (2, "Approval rate", "stale", "3:16")])
    assert again.message() == "Failed logins: no data for 3:00 (a silent feed)"


def watch_alert(_ind: int, name: str, since: str):  # type: ignore[no-untyped-def]
    from console.alerts import Alert

    return Alert(0, since, name, 2, "feed_silent", "feed")


def test_a_break_overrun_is_announced_once_per_break_and_not_replayed_on_the_first_look() -> None:
    from console.alerts import BreakWatch

    watch = BreakWatch()
    began = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    # Opening the console: Ana's overrun is already running, so it is learnt, not announced.
    assert watch.update([((1, began), "Ana", "37/30 min")]) == []
    [alert] = watch.update([((1, began), "Ana", "38/30 min"), ((2, began), "Ben", "31/30 min")])
    assert (alert.title, alert.kind, alert.ref, alert.incident_id) == ("Ben", "break_overrun", "31/30 min", 0)
    assert watch.update([((1, began), "Ana", "39/30 min"), ((2, began), "Ben", "32/30 min")]) == []
    # Ben back from that break; his next one overruns too: announced again.
    later = began + timedelta(hours=2)
    assert watch.update([]) == []
    [again] = watch.update([((2, later), "Ben", "31/30 min")])
    assert again.title == "Ben"
