"""Who works on the demo floor: departments, twelve desk-and-shift teams, ~150 agents.

Each team is one desk on one shift pattern, led by one team lead (so the floor has 12 leads). Everyone keeps
their shift pattern and works five days on, two off, with rest days staggered inside the team so the desk is
covered every day. Mandarin speakers are spread so every team has at least two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from console.demo.names import Person, draw_people

DEPARTMENTS = (
    ("risk_mgmt", "Risk Management", "风险管理部"),
    ("compliance", "Compliance", "合规部"),
    ("customer_service", "Customer Service", "客服部"),
    ("security", "Security", "安全部"),
    ("payments_ops", "Payments Operations", "支付运营部"),
    ("risk_ops", "Risk Operations floor", "风控运营现场"),
)
DESK_NAMES = {"ato": "ATO", "withdrawal": "Withdrawal", "kyc": "KYC", "aml": "AML"}
PATTERN_NAMES = {"M": "Morning", "E": "Evening", "N": "Night"}
# Analysts (seniors included) per desk and pattern: Morning is the biggest shift, Night the smallest.
HEADCOUNT = {
    "ato": {"M": 18, "E": 14, "N": 8},
    "withdrawal": {"M": 17, "E": 13, "N": 8},
    "kyc": {"M": 14, "E": 10, "N": 6},
    "aml": {"M": 14, "E": 10, "N": 6},
}
OTHER_SKILLS = ("ato", "withdrawal", "kyc", "aml", "fiat_p2p")
MIN_MANDARIN = 3


@dataclass(frozen=True)
class TeamPlan:
    code: str  # e.g. "ato-m"
    name: str  # e.g. "ATO desk · Morning"
    desk: str
    pattern: str


@dataclass
class AgentPlan:
    """One agent as the demo imagines them, before and after they get a database id."""

    person: Person
    team: TeamPlan
    title: str
    employment: str = "full_time"
    hired_on: date = date(2020, 1, 1)
    skills: dict[str, int] = field(default_factory=dict)
    rest_offset: int = 0  # rest days are the 6th and 7th day of a 7-day cycle shifted by this
    employee_no: str = ""
    agent_id: int = 0

    @property
    def zone(self) -> str:
        return "lead" if self.title == "team_lead" else self.team.desk

    @property
    def username(self) -> str:
        return self.employee_no.lower()

    def works_on(self, day: date) -> bool:
        return (day.toordinal() - self.rest_offset) % 7 < 5

    def speaks(self, language: str) -> bool:
        return language in self.person.languages


def teams() -> list[TeamPlan]:
    return [
        TeamPlan(f"{desk}-{p.lower()}", f"{DESK_NAMES[desk]} desk · {PATTERN_NAMES[p]}", desk, p)
        for desk in HEADCOUNT
        for p in ("M", "E", "N")
    ]


def plan_agents(rng: np.random.Generator, first_day: date) -> list[AgentPlan]:
    """Draw the whole floor. ``first_day`` is the first rota day; everyone was hired before it."""
    slots: list[tuple[TeamPlan, str]] = []
    for team in teams():
        slots.append((team, "team_lead"))
        size = HEADCOUNT[team.desk][team.pattern]
        seniors = max(1, round(size * 0.2))
        slots += [(team, "senior_analyst")] * seniors + [(team, "analyst")] * (size - seniors)
    people = draw_people(rng, len(slots))
    plans = [AgentPlan(person, team, title) for person, (team, title) in zip(people, slots, strict=True)]
    _spread_mandarin(plans)
    for team in teams():
        base = int(rng.integers(7))
        members = [a for a in plans if a.team == team]
        for i, a in enumerate(members):  # i * 3 walks all seven weekdays: rest days spread over the week
            a.rest_offset = (base + i * 3) % 7
    for a in plans:
        _career(rng, a, first_day)
    for n, a in enumerate(sorted(plans, key=lambda p: (p.hired_on, p.person.full_name))):
        a.employee_no = f"KL0{101 + n:03d}"
    return plans


def _spread_mandarin(plans: list[AgentPlan]) -> None:
    """Swap people between teams until every team has Mandarin speakers (China-facing counterparts)."""
    by_team: dict[str, list[AgentPlan]] = {}
    for a in plans:
        by_team.setdefault(a.team.code, []).append(a)
    for _ in range(200):
        counts = {code: sum(a.speaks("zh") for a in members) for code, members in by_team.items()}
        short = min(counts, key=lambda c: counts[c])
        rich = max(counts, key=lambda c: counts[c])
        if counts[short] >= MIN_MANDARIN or counts[rich] <= MIN_MANDARIN:
            return
        pairs = [
            (g, t)
            for g in by_team[rich]
            if g.speaks("zh") and g.title != "team_lead"
            for t in by_team[short]
            if not t.speaks("zh") and t.title == g.title
        ]
        if not pairs:
            return
        giver, taker = pairs[0]
        giver.person, taker.person = taker.person, giver.person


def _career(rng: np.random.Generator, a: AgentPlan, first_day: date) -> None:
    """Title-dependent hire date, employment type and skills."""
    years = {"team_lead": (3.0, 8.0), "senior_analyst": (2.0, 6.0), "analyst": (0.15, 4.0)}[a.title]
    tenure_days = int(rng.uniform(*years) * 365)
    if a.title == "analyst":
        u = rng.random()
        a.employment = "intern" if u < 0.04 else "contract" if u < 0.16 else "full_time"
        if a.employment == "intern":
            tenure_days = int(rng.integers(20, 150))
    a.hired_on = first_day - timedelta(days=max(tenure_days, 14))
    desk = a.team.desk
    primary = 3 if a.title != "analyst" else (1 if tenure_days < 180 else 2 if rng.random() < 0.85 else 3)
    a.skills = {desk: primary}
    if desk == "withdrawal" and rng.random() < 0.5:
        a.skills["fiat_p2p"] = int(rng.integers(1, 3))
    if rng.random() < 0.35:
        other = OTHER_SKILLS[int(rng.integers(len(OTHER_SKILLS)))]
        a.skills.setdefault(other, int(rng.integers(1, 3)))
    if a.title != "analyst" and rng.random() < 0.5:
        a.skills["qa"] = int(rng.integers(2, 4))
