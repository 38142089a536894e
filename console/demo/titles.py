"""Words for demo incidents: titles, and the timeline lines analysts write when they claim, hand off and fix.

Shared by the demo history and the simulator so both read alike. Fill-ins are drawn from the caller's
generator; nothing here names a real customer.
"""

from __future__ import annotations

import numpy as np

# Which desk owns each category ("lead": the team-lead desk), and who it is escalated to.
DESK = {
    "ato_wave": "ato",
    "withdrawal_anomaly": "withdrawal",
    "fraud_wave": "withdrawal",
    "p2p_scam": "withdrawal",
    "kyc_fraud_ring": "kyc",
    "aml_spike": "aml",
    "tooling_outage": "lead",
    "feed_failure": "lead",
    "policy_breach": "lead",
}
ESCALATE_TO = {
    "ato_wave": ("security", "customer_service"),
    "withdrawal_anomaly": ("risk_mgmt",),
    "fraud_wave": ("payments_ops",),
    "p2p_scam": ("customer_service", "payments_ops"),
    "kyc_fraud_ring": ("compliance",),
    "aml_spike": ("compliance",),
    "tooling_outage": ("risk_mgmt",),
    "feed_failure": ("security",),
    "policy_breach": ("compliance",),
}
DEPARTMENT_NAMES = {
    "risk_mgmt": "Risk Management",
    "compliance": "Compliance",
    "customer_service": "Customer Service",
    "security": "Security",
    "payments_ops": "Payments Ops",
    "risk_ops": "the floor",
}
# An alert on this indicator usually opened incidents of this category.
ALERT_INDICATOR = {
    "ato_wave": "ato.failed_logins",
    "withdrawal_anomaly": "wd.amount_usd",
    "fraud_wave": "fiat.chargebacks",
    "p2p_scam": "p2p.disputes",
    "kyc_fraud_ring": "kyc.doc_fraud_suspects",
    "aml_spike": "aml.sanction_hits",
    "tooling_outage": "ops.case_backlog",
}
# Share of everyday (non-episode) incidents per category.
CATEGORY_SHARES = {
    "ato_wave": 0.20,
    "withdrawal_anomaly": 0.18,
    "fraud_wave": 0.10,
    "kyc_fraud_ring": 0.12,
    "aml_spike": 0.14,
    "p2p_scam": 0.10,
    "tooling_outage": 0.06,
    "feed_failure": 0.05,
    "policy_breach": 0.05,
}
SEVERITY_SHARES = {1: 0.02, 2: 0.10, 3: 0.47, 4: 0.41}

FILL = {
    "telco": ("Maxis", "Celcom", "Digi", "U Mobile"),
    "country": ("Vietnamese", "Brazilian", "Nigerian", "Indonesian", "Russian"),
    "domain": ("exch-verify-login[.]com", "wallet-unlock-support[.]net", "secure-kyc-update[.]io"),
    "coin": ("USDT", "BTC", "ETH", "TRX", "SOL"),
    "bank": ("Maybank", "CIMB", "Public Bank", "RHB", "Hong Leong Bank"),
    "tag": ("darknet market", "pig-butchering scam", "ransomware payout", "Garantex-linked"),
    "ccy": ("MYR", "VND", "PHP", "IDR", "THB"),
    "zone": ("the ATO desk", "the KYC desk", "the AML desk"),
}

TITLES = {
    "ato_wave": (
        "ATO cluster: {n} accounts with SIM-swap pattern ({telco})",
        "Surge in 2FA resets from {country} IP ranges",
        "Session-token replay from residential proxies",
        "Phishing domain {domain} harvesting logins",
        "Account-takeover reports from the VIP desk — {n} users",
    ),
    "withdrawal_anomaly": (
        "Unusual {coin} withdrawal velocity on dormant accounts",
        "Withdrawal to address tagged as mixer — {coin}",
        "Address-whitelist changes followed by withdrawals within 10 min",
        "Large {coin} withdrawal held: USD {amount} M to a fresh address",
    ),
    "fraud_wave": (
        "Deposit reversals from {bank} FPX transfers",
        "Card-testing pattern: micro-deposits from one BIN",
        "Chargeback cluster on accounts opened in the last 7 days",
    ),
    "kyc_fraud_ring": (
        "Repeated selfie images across {n} KYC applications",
        "Deepfake liveness attempts flagged by vendor",
        "Same device fingerprint on {n} new KYC applicants",
    ),
    "aml_spike": (
        "Deposits from high-risk wallet cluster ({tag})",
        "Structuring pattern: repeated deposits just under RM 50k",
        "Screening hit on a politically exposed person — manual review",
        "Inflows traced to a sanctioned exchange",
    ),
    "p2p_scam": (
        "P2P merchants reporting reversed bank transfers — {bank}",
        "Triangulation scam suspected on {ccy} P2P ads",
        "Off-platform payment requests in P2P chat ({n} reports)",
    ),
    "tooling_outage": (
        "Case management system slow — review queue not loading",
        "Screening vendor API timeouts (p95 > 8 s)",
        "Rule-engine deploy stuck — new rules not active",
        "Badge readers on level 23 offline",
    ),
    "feed_failure": (
        "Login telemetry delayed by more than 10 min",
        "Deposit events missing from the risk data lake",
        "Chargeback file from the acquirer not received",
    ),
    "policy_breach": (
        "Analyst opened a VIP account outside their assignment",
        "Customer data shared in an unapproved chat channel",
        "Withdrawal hold overridden without second approval",
        "Workstation left unlocked on {zone}",
    ),
}

CLAIM = {
    "ato": (
        "Claimed; pulling login telemetry for the affected ranges",
        "Claimed; checking device fingerprints",
    ),
    "withdrawal": (
        "Claimed; holding affected withdrawals for manual review",
        "Claimed; tracing destination addresses",
    ),
    "kyc": ("Claimed; sampling the flagged applications", "Claimed; comparing document templates"),
    "aml": ("Claimed; reviewing screening matches", "Claimed; tracing wallet exposure"),
    "lead": ("Claimed; on the bridge with the platform on-call", "Claimed; informing desks and duty manager"),
}
RESOLVE = {
    "ato_wave": (
        "Blocked {n} accounts and forced password resets; source ranges added to WAF deny list",
        "Wave subsided; {n} accounts locked pending owner verification",
    ),
    "withdrawal_anomaly": (
        "{n} withdrawals reviewed; {k} held for enhanced due diligence, rest released",
        "Addresses added to the watch list; affected accounts restricted",
    ),
    "fraud_wave": (
        "BIN range moved to 3-D Secure step-up; {n} cards blocked",
        "Deposits reversed and accounts restricted; acquirer informed",
    ),
    "p2p_scam": (
        "{n} ads taken down and merchants suspended pending review",
        "Warning banner added to P2P chat",
    ),
    "kyc_fraud_ring": (
        "{n} applications rejected; template hashes added to the document-fraud rule",
        "Vendor tuned liveness threshold; flagged applicants re-verified",
    ),
    "aml_spike": (
        "Matches reviewed with Compliance: {k} true hits reported, rest cleared as false positives",
        "Exposure traced; {k} accounts frozen and STRs filed",
    ),
    "tooling_outage": (
        "Release rolled back; queue drained by the floor",
        "Vendor fixed the timeout; backlog cleared",
    ),
    "feed_failure": (
        "Feed restored after upstream consumer restart; gap backfilled",
        "Upstream fixed; data complete",
    ),
    "policy_breach": (
        "Access revoked; reported to Compliance and HR",
        "Coaching done; access review scheduled",
    ),
}
CLOSE = (
    "Post-incident review filed",
    "Closed at shift handover review",
    "No further action",
    "Root cause recorded",
)


def pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]


def fill(rng: np.random.Generator, template: str) -> str:
    """Fill ``{n}``, ``{k}``, ``{amount}`` and the named pools of a template."""
    values = {name: pick(rng, pool) for name, pool in FILL.items()}
    values.update(
        n=str(int(rng.integers(6, 240))),
        k=str(int(rng.integers(1, 9))),
        amount=f"{rng.uniform(0.8, 6.5):.1f}",
    )
    return template.format(**values)


def draw_category(rng: np.random.Generator) -> str:
    names = list(CATEGORY_SHARES)
    p = np.array([CATEGORY_SHARES[c] for c in names])
    return names[int(rng.choice(len(names), p=p / p.sum()))]


def draw_severity(rng: np.random.Generator, shares: dict[int, float] = SEVERITY_SHARES) -> int:
    levels = list(shares)
    p = np.array([shares[s] for s in levels])
    return levels[int(rng.choice(len(levels), p=p / p.sum()))]


def title(rng: np.random.Generator, category: str) -> str:
    return fill(rng, pick(rng, TITLES[category]))


def claim_message(rng: np.random.Generator, desk: str) -> str:
    return pick(rng, CLAIM[desk])


def escalate_message(department: str) -> str:
    return f"Handed to {DEPARTMENT_NAMES[department]} for follow-up"


def resolve_message(rng: np.random.Generator, category: str) -> str:
    return fill(rng, pick(rng, RESOLVE[category]))
