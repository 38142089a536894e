"""Which desk an agent counts toward: the zone code staffing requirements name (console.services.staffing).

Team leads count toward the team-lead desk; everyone else toward their team's primary skill, which is the
code of the desk that works it (ato, withdrawal, kyc, aml). The rota, break planning, adherence and coverage
(for someone without a seat on the shift) all place people this way.
"""

from __future__ import annotations

LEAD_DESK = "lead"


def desk_of(title: str, primary_skill: str) -> str:
    """The desk an agent with this title, in a team with this primary skill, counts toward."""
    return LEAD_DESK if title == "team_lead" else primary_skill
