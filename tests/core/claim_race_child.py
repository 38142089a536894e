"""A workstation claiming every incident titled "Race …" as fast as it can (tests/core/test_timers.py).

``python -m tests.core.claim_race_child URL USERNAME AGENT_ID START_EPOCH``: waits until START_EPOCH so both
workstations start together, then goes through them in an order of its own (shuffled, seeded by the user
name: the two workstations cross each other all over the queue) and prints one JSON line: the ids it won,
and for each it lost, who won.
"""

from __future__ import annotations

import json
import random
import sys
import time

from sqlalchemy import select

from console.auth import Actor
from console.db.engine import Database, make_engine
from console.db.models import Incident
from console.errors import Conflict
from console.services import incidents


def main(url: str, username: str, agent_id: int, start: float) -> None:
    db = Database(make_engine(url))
    with db.reading() as s:
        ids = list(s.scalars(select(Incident.id).where(Incident.title.like("Race %")).order_by(Incident.id)))
    random.Random(username).shuffle(ids)
    actor = Actor(username, "team_lead")
    won: list[int] = []
    lost: dict[int, str | None] = {}
    time.sleep(max(0.0, start - time.time()))
    for inc in ids:
        try:
            incidents.claim(db, actor, inc, expected_version=1, owner_agent_id=agent_id)
            won.append(inc)
        except Conflict as exc:
            lost[inc] = exc.fields.get("who")
    db.dispose()
    print(json.dumps({"won": won, "lost": lost}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
