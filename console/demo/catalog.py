"""The demo's twenty risk indicators (DOMAIN.md's table plus two) and how each one normally behaves.

Each belongs to the area its key's prefix names (console.catalogue.area_of_key) and links the SOP the floor
works it by: the runbook of the incident it usually raises, or, for the backlog, the operations wiki's page.
All are sampled once a minute. The "count/h" ones carry a per-hour rate (events in the trailing hour), so
rare events still draw a readable line. Thresholds are absolute numbers; where the table says "2x baseline"
the warning sits clearly above the normal evening peak.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.services.indicators import IndicatorSpec


@dataclass(frozen=True)
class Model:
    """How an indicator moves on a normal day.

    ``kind``: ``count`` (Poisson per minute), ``amount`` (heavy-tailed money), ``percent`` (a share with
    Gaussian noise), ``level`` (a queue that moves slowly), ``hourly`` (per-hour rate of rare events).
    The mean runs from ``lo`` at the quiet pre-dawn hours to ``hi`` at the evening peak (the other way round
    when ``inverse``); ``lag_h`` delays that for queues that fill up after the peak.
    """

    kind: str
    lo: float
    hi: float
    noise: float = 0.0
    decimals: int = 0
    inverse: bool = False
    lag_h: float = 0.0


@dataclass(frozen=True)
class Indicator:
    spec: IndicatorSpec
    model: Model


# The SOP of each key prefix (a runbook in console/runbooks), and of the indicators that need another.
SOP_OF_PREFIX = {
    "ato": "ato_wave",
    "api": "ato_wave",
    "wd": "withdrawal_anomaly",
    "fiat": "fraud_wave",
    "p2p": "p2p_scam",
    "kyc": "kyc_fraud_ring",
    "aml": "aml_spike",
}
BACKLOG_SOP = "https://sop.example.com/risk-ops/backlog-surge"
SOP_OF_KEY = {
    "ops.auto_approval_rate": "tooling_outage",  # a broken upstream rule shows as approvals falling
    "ops.case_backlog": BACKLOG_SOP,
    "ops.avg_handle_time": BACKLOG_SOP,
    "ops.sla_breaches": BACKLOG_SOP,
}


def _ind(
    key: str,
    name: str,
    name_zh: str,
    unit: str,
    direction: str,
    warning: float,
    critical: float,
    department: str,
    model: Model,
) -> Indicator:
    sop = SOP_OF_KEY.get(key) or SOP_OF_PREFIX[key.split(".")[0]]
    spec = IndicatorSpec(
        key, name, (("zh_CN", name_zh),), unit, direction, warning, critical, department, sop=sop
    )
    return Indicator(spec, model)


INDICATORS: tuple[Indicator, ...] = (
    _ind(
        "ato.failed_logins",
        "Failed logins",
        "登录失败次数",
        "count/min",
        "higher",
        1500,
        3000,
        "security",
        Model("count", 300, 900),
    ),
    _ind(
        "ato.new_device_logins",
        "Logins from new devices",
        "新设备登录数",
        "count/min",
        "higher",
        240,
        360,
        "risk_mgmt",
        Model("count", 40, 120),
    ),
    _ind(
        "ato.2fa_resets",
        "2FA reset requests",
        "2FA 重置申请",
        "count/min",
        "higher",
        15,
        30,
        "customer_service",
        Model("count", 1, 5),
    ),
    _ind(
        "ato.password_resets",
        "Password resets",
        "密码重置次数",
        "count/min",
        "higher",
        60,
        120,
        "customer_service",
        Model("count", 5, 20),
    ),
    _ind(
        "ato.account_locks",
        "Accounts locked by risk rules",
        "风控锁定账户数",
        "count/min",
        "higher",
        30,
        60,
        "risk_mgmt",
        Model("count", 2, 9),
    ),
    _ind(
        "api.key_creations",
        "API keys created",
        "API 密钥创建数",
        "count/min",
        "higher",
        50,
        100,
        "security",
        Model("count", 5, 15),
    ),
    _ind(
        "wd.count",
        "Withdrawals",
        "提现笔数",
        "count/min",
        "higher",
        1200,
        1800,
        "risk_mgmt",
        Model("count", 200, 600),
    ),
    _ind(
        "wd.amount_usd",
        "Withdrawal amount",
        "提现金额",
        "USD/min",
        "higher",
        9_000_000,
        15_000_000,
        "risk_mgmt",
        Model("amount", 500_000, 3_000_000, noise=0.22),
    ),
    _ind(
        "wd.new_address_share",
        "Withdrawals to new addresses",
        "提现至新地址占比",
        "%",
        "higher",
        35,
        45,
        "risk_mgmt",
        Model("percent", 18, 25, noise=0.9, decimals=1),
    ),
    _ind(
        "wd.held_for_review",
        "Withdrawals held for review",
        "挂起待审提现",
        "queue",
        "higher",
        500,
        1000,
        "risk_ops",
        Model("level", 50, 200, noise=0.06, lag_h=1.5),
    ),
    _ind(
        "fiat.chargebacks",
        "Card chargebacks",
        "银行卡拒付",
        "count/h",
        "higher",
        20,
        40,
        "payments_ops",
        Model("hourly", 2, 8),
    ),
    _ind(
        "p2p.disputes",
        "P2P disputes opened",
        "P2P 申诉新增",
        "count/h",
        "higher",
        80,
        150,
        "customer_service",
        Model("hourly", 10, 40),
    ),
    _ind(
        "kyc.rejection_rate",
        "KYC rejection rate",
        "KYC 拒绝率",
        "%",
        "higher",
        25,
        35,
        "compliance",
        Model("percent", 8, 15, noise=1.1, decimals=1),
    ),
    _ind(
        "kyc.doc_fraud_suspects",
        "Suspected forged documents",
        "疑似伪造证件",
        "count/h",
        "higher",
        15,
        30,
        "compliance",
        Model("hourly", 0.5, 5),
    ),
    _ind(
        "aml.sanction_hits",
        "Sanctions-screening hits",
        "制裁名单筛查命中",
        "count/h",
        "higher",
        8,
        15,
        "compliance",
        Model("hourly", 0.3, 3),
    ),
    _ind(
        "aml.high_risk_exposure",
        "Deposits from high-risk wallets",
        "高风险钱包入金",
        "count/h",
        "higher",
        25,
        50,
        "compliance",
        Model("hourly", 2, 10),
    ),
    _ind(
        "ops.case_backlog",
        "Open review cases",
        "待处理审核案件",
        "cases",
        "higher",
        1500,
        3000,
        "risk_ops",
        Model("level", 200, 800, noise=0.05, lag_h=2.5),
    ),
    _ind(
        "ops.avg_handle_time",
        "Average handling time",
        "平均处理时长",
        "s",
        "higher",
        450,
        600,
        "risk_ops",
        Model("percent", 120, 300, noise=14),
    ),
    _ind(
        "ops.auto_approval_rate",
        "Auto-approval rate",
        "自动审批通过率",
        "%",
        "lower",
        75,
        65,
        "risk_mgmt",
        Model("percent", 85, 92, noise=0.6, decimals=2, inverse=True),
    ),
    _ind(
        "ops.sla_breaches",
        "Cases past SLA",
        "超时案件数",
        "cases",
        "higher",
        50,
        100,
        "risk_ops",
        Model("level", 2, 20, noise=0.15, lag_h=3),
    ),
)

BY_KEY = {i.spec.key: i for i in INDICATORS}

# Upstream feeds: a dead feed silences every indicator it carries.
FEEDS = {
    "withdrawal": ("wd.count", "wd.amount_usd", "wd.new_address_share"),
    "login": ("ato.failed_logins", "ato.new_device_logins", "ato.account_locks"),
    "kyc": ("kyc.rejection_rate", "kyc.doc_fraud_suspects"),
    "screening": ("aml.sanction_hits", "aml.high_risk_exposure"),
}
