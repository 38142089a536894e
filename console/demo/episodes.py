"""Things that go wrong: episodes that bend the indicator series and the incidents the floor opened for them.

Shapes follow DOMAIN.md: spikes (a credential-stuffing wave multiplies failed logins x5-x10 for 20-90 min),
level shifts (a broken rule drops the auto-approval rate for hours) and silences (a dead feed).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from console.demo.catalog import FEEDS
from console.demo.series import epoch_minutes


@dataclass(frozen=True)
class Impact:
    """At full strength, multiply ``key``'s rate by ``factor``, add ``add`` to its value, or silence it."""

    key: str
    factor: float = 1.0
    add: float = 0.0
    silence: bool = False


@dataclass(frozen=True)
class Episode:
    """One anomaly: its time, its impact on the series and the incident it becomes."""

    kind: str
    start: datetime
    minutes: int
    impacts: tuple[Impact, ...]
    category: str
    severity: int
    title: str
    indicator_key: str
    desk: str  # zone whose leads and seniors own the incident
    rise: int = 3
    fall: int = 5

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    def apply(
        self,
        minutes: np.ndarray,
        rates: dict[str, np.ndarray],
        shifts: dict[str, np.ndarray],
        silent: dict[str, np.ndarray],
    ) -> None:
        """Bend the series (see :class:`console.demo.series.Effect`): a trapezoid from start to end."""
        s = epoch_minutes(self.start)
        e = s + self.minutes
        if minutes.size == 0 or e <= minutes[0] or s > minutes[-1]:
            return
        env = np.clip(
            np.minimum((minutes - s + 1) / max(self.rise, 1), (e - minutes) / max(self.fall, 1)), 0, 1
        )
        inside = (minutes >= s) & (minutes < e)
        for imp in self.impacts:
            if imp.key not in rates:
                continue
            if imp.silence:
                silent[imp.key] |= inside
            if imp.factor != 1.0:
                rates[imp.key] = rates[imp.key] * (1 + (imp.factor - 1) * env)
            if imp.add:
                shifts[imp.key] = shifts[imp.key] + imp.add * env


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]


def stuffing(rng: np.random.Generator, start: datetime, tz: ZoneInfo) -> Episode:
    m = float(rng.uniform(5, 10))
    edge = _pick(rng, ("EU", "APAC", "LATAM", "US-East", "mobile-app", "web"))
    return Episode(
        "stuffing",
        start,
        int(rng.integers(20, 91)),
        (
            Impact("ato.failed_logins", m),
            Impact("ato.new_device_logins", 1 + (m - 1) * 0.35),
            Impact("ato.account_locks", 1 + (m - 1) * 0.9),
            Impact("ato.password_resets", 2.2),
            Impact("ato.2fa_resets", 2.5),
        ),
        "ato_wave",
        1 if m >= 8.5 else 2,
        f"Credential-stuffing wave on {edge} login edge",
        "ato.failed_logins",
        "ato",
        rise=4,
        fall=8,
    )


def approval_drop(rng: np.random.Generator, start: datetime, tz: ZoneInfo) -> Episode:
    drop = float(rng.uniform(12, 22))
    release = f"R{int(rng.integers(240, 420))}"
    return Episode(
        "approval_drop",
        start,
        int(rng.integers(120, 361)),
        (
            Impact("ops.auto_approval_rate", add=-drop),
            Impact("wd.held_for_review", float(rng.uniform(2.5, 4))),
            Impact("ops.case_backlog", 1.8),
            Impact("ops.avg_handle_time", 1.15),
            Impact("ops.sla_breaches", 3.0),
        ),
        "tooling_outage",
        2,
        f"Rule-engine regression after release {release}: auto-approval rate down",
        "ops.auto_approval_rate",
        "lead",
        rise=2,
        fall=3,
    )


def dead_feed(rng: np.random.Generator, start: datetime, tz: ZoneInfo) -> Episode:
    feed = _pick(rng, tuple(FEEDS))
    since = start.astimezone(tz)
    return Episode(
        "dead_feed",
        start,
        int(rng.integers(25, 81)),
        tuple(Impact(k, silence=True) for k in FEEDS[feed]),
        "feed_failure",
        2 if feed == "withdrawal" else 3,
        f"{feed.capitalize()} metrics feed silent since {since:%H:%M}",
        FEEDS[feed][0],
        "lead",
        rise=1,
        fall=1,
    )


def withdrawal_spike(rng: np.random.Generator, start: datetime, tz: ZoneInfo) -> Episode:
    m = float(rng.uniform(4, 6))
    chain = _pick(rng, ("TRX", "ETH", "BTC", "SOL", "BNB Chain", "USDT-TRC20"))
    return Episode(
        "withdrawal_spike",
        start,
        int(rng.integers(15, 61)),
        (
            Impact("wd.amount_usd", m),
            Impact("wd.new_address_share", add=float(rng.uniform(12, 20))),
            Impact("wd.count", 1.3),
            Impact("wd.held_for_review", 1.6),
        ),
        "withdrawal_anomaly",
        1 if m > 5.3 else 2,
        f"Spike in withdrawals to new addresses — {chain}",
        "wd.amount_usd",
        "withdrawal",
    )


def kyc_ring(rng: np.random.Generator, start: datetime, tz: ZoneInfo) -> Episode:
    doc = _pick(rng, ("passport", "Indonesian KTP", "Vietnamese CCCD", "Philippine UMID", "Thai ID card"))
    return Episode(
        "kyc_ring",
        start,
        int(rng.integers(180, 361)),
        (
            Impact("kyc.doc_fraud_suspects", float(rng.uniform(4, 6))),
            Impact("kyc.rejection_rate", add=float(rng.uniform(10, 14))),
        ),
        "kyc_fraud_ring",
        2 if rng.random() < 0.5 else 3,
        f"Forged {doc} documents — template reuse across {int(rng.integers(12, 80))} applications",
        "kyc.doc_fraud_suspects",
        "kyc",
        rise=30,
        fall=30,
    )


def sanctions(rng: np.random.Generator, start: datetime, tz: ZoneInfo) -> Episode:
    source = _pick(rng, ("OFAC SDN", "UN consolidated", "EU consolidated", "MOHA"))
    return Episode(
        "sanctions",
        start,
        int(rng.integers(60, 181)),
        (Impact("aml.sanction_hits", float(rng.uniform(4, 6))), Impact("aml.high_risk_exposure", 2.5)),
        "aml_spike",
        2,
        f"Sanctions-screening hits up after {source} list update",
        "aml.sanction_hits",
        "aml",
        rise=10,
        fall=20,
    )


def chargebacks(rng: np.random.Generator, start: datetime, tz: ZoneInfo) -> Episode:
    bin_ = f"{int(rng.integers(400000, 560000)):06d}"
    return Episode(
        "chargebacks",
        start,
        int(rng.integers(120, 301)),
        (Impact("fiat.chargebacks", float(rng.uniform(4, 5))),),
        "fraud_wave",
        2 if rng.random() < 0.4 else 3,
        f"Card chargeback wave — BIN {bin_[:4]} {bin_[4:]}xx",
        "fiat.chargebacks",
        "withdrawal",
        rise=20,
        fall=30,
    )


def p2p_scam(rng: np.random.Generator, start: datetime, tz: ZoneInfo) -> Episode:
    ccy = _pick(rng, ("MYR", "VND", "PHP", "IDR", "THB"))
    return Episode(
        "p2p_scam",
        start,
        int(rng.integers(120, 361)),
        (Impact("p2p.disputes", float(rng.uniform(2.5, 4))),),
        "p2p_scam",
        3 if rng.random() < 0.6 else 2,
        f"P2P scam wave: fake payment receipts in {ccy} ads",
        "p2p.disputes",
        "withdrawal",
        rise=20,
        fall=40,
    )


def api_keys(rng: np.random.Generator, start: datetime, tz: ZoneInfo) -> Episode:
    return Episode(
        "api_keys",
        start,
        int(rng.integers(15, 41)),
        (Impact("api.key_creations", float(rng.uniform(6, 9))), Impact("ato.failed_logins", 1.5)),
        "ato_wave",
        2,
        "Burst of API-key creations on recently recovered accounts",
        "api.key_creations",
        "ato",
    )


Maker = Callable[[np.random.Generator, datetime, ZoneInfo], Episode]
# How often each kind happens: one per this many days (and at least once in any window for the first four).
EVERY_DAYS: tuple[tuple[Maker, float, bool], ...] = (
    (stuffing, 3, True),
    (approval_drop, 10, True),
    (dead_feed, 8, True),
    (withdrawal_spike, 6, True),
    (kyc_ring, 12, False),
    (sanctions, 10, False),
    (chargebacks, 12, False),
    (p2p_scam, 10, False),
    (api_keys, 15, False),
)


def plan_episodes(rng: np.random.Generator, start: datetime, end: datetime, tz: ZoneInfo) -> list[Episode]:
    """Episodes over ``start``..``end``, all finished at least 20 minutes before ``end``, in time order."""
    days = (end - start).total_seconds() / 86400
    out: list[Episode] = []
    for maker, every, always in EVERY_DAYS:
        count = round(days / every)
        if always:
            count = max(count, 1)
        for _ in range(count):
            replay = copy.deepcopy(rng)  # the same draws again once the start is known
            probe = maker(rng, start, tz)
            latest = end - timedelta(minutes=probe.minutes + 20) - start
            earliest = timedelta(hours=1)
            if latest <= earliest:
                continue
            at = start + earliest + (latest - earliest) * float(rng.random())
            out.append(maker(replay, epoch_floor(at), tz))
    return sorted(out, key=lambda e: (e.start, e.kind))


def epoch_floor(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)
