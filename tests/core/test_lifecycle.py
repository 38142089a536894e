"""Every move between every pair of incident states, legal or not, on SQLite and PostgreSQL.

One database per backend for the whole module (each case opens its own incidents), so the 81 pairs × 2
backends stay quick.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from console import i18n
from console.auth import SYSTEM
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import Incident, IncidentEvent
from console.errors import IllegalTransition, InvalidInput
from console.services import incidents, lifecycle
from console.services.lifecycle import ACTIONS, OPEN_STATUSES, STATUSES, TRANSITIONS, allowed_actions
from tests.conftest import BACKENDS, PG_ADMIN, PG_PROBLEM, empty_sqlite_file, pg_schema_url
from tests.factories import add_users

# How to bring a new incident into each state (the moves after "open").
PATHS = {
    "open": [],
    "acknowledged": ["acknowledged"],
    "investigating": ["investigating"],
    "escalated": ["escalated"],
    "mitigated": ["acknowledged", "mitigated"],
    "resolved": ["resolved"],
    "reviewed": ["resolved", "reviewed"],
    "closed": ["resolved", "closed"],
    "duplicate": ["duplicate"],
}
PAIRS = [(a, b) for a in STATUSES for b in STATUSES]
TS = Path(__file__).resolve().parents[2] / "translations" / "watchfloor_zh_CN.ts"


@pytest.fixture(scope="module", params=BACKENDS)
def floor_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    schema = None
    if request.param == "sqlite":
        url = empty_sqlite_file(tmp_path_factory.mktemp("lifecycle") / "floor.db")
    else:
        if PG_PROBLEM is not None:
            pytest.skip(f"PostgreSQL unreachable: {PG_PROBLEM}")
        schema = f"wf_test_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        url = pg_schema_url(schema)
    db = Database(make_engine(url))
    migrate.upgrade(db.engine)
    add_users(db)
    yield db
    db.dispose()
    if schema is not None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _incident_in(db: Database, status: str) -> tuple[int, int]:
    """A new incident brought to ``status`` through legal moves: (id, version)."""
    inc = incidents.open_incident(db, SYSTEM, title=f"Walk to {status}", category="ato_wave", severity=3)
    version = 1
    for step in PATHS[status]:
        if step == "duplicate":
            other = incidents.open_incident(db, SYSTEM, title="The original", category="ato_wave", severity=3)
            version = incidents.mark_duplicate(db, SYSTEM, inc, other, expected_version=version)
        else:
            version = incidents.transition(db, SYSTEM, inc, step, expected_version=version)
    return inc, version


def _move(db: Database, inc: int, version: int, to_status: str) -> int:
    if to_status == "duplicate":
        other = incidents.open_incident(db, SYSTEM, title="Survivor", category="ato_wave", severity=3)
        return incidents.mark_duplicate(db, SYSTEM, inc, other, expected_version=version)
    return incidents.transition(db, SYSTEM, inc, to_status, expected_version=version)


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_move(floor_db: Database, from_status: str, to_status: str) -> None:
    inc, version = _incident_in(floor_db, from_status)
    with floor_db.reading() as s:
        events_before = len(list(s.scalars(select(IncidentEvent.id).where(IncidentEvent.incident_id == inc))))
    if to_status in TRANSITIONS[from_status]:
        assert _move(floor_db, inc, version, to_status) == version + 1
        with floor_db.reading() as s:
            row = s.get(Incident, inc)
            assert row is not None
            assert (row.status, row.version) == (to_status, version + 1)
            last = s.scalars(
                select(IncidentEvent.kind)
                .where(IncidentEvent.incident_id == inc)
                .order_by(IncidentEvent.id.desc())
            ).first()
        assert last == lifecycle.EVENT_OF[to_status]
        if to_status not in ("open", "duplicate"):
            assert row.acknowledged_at is not None  # any response counts as the acknowledgement
        return
    with pytest.raises(IllegalTransition) as err:
        _move(floor_db, inc, version, to_status)
    ref = _ref(floor_db, inc)
    assert (
        str(err.value)
        == f"{ref} is {STATUSES[from_status]}: it cannot be {lifecycle.VERBS[to_status]} from there."
    )
    with floor_db.reading() as s:  # nothing written
        row = s.get(Incident, inc)
        assert row is not None
        assert (row.status, row.version) == (from_status, version)
        events = len(list(s.scalars(select(IncidentEvent.id).where(IncidentEvent.incident_id == inc))))
    assert events == events_before


def _ref(db: Database, inc: int) -> str:
    with db.reading() as s:
        return str(s.scalar(select(Incident.ref).where(Incident.id == inc)))


def test_the_demo_moves_stay_legal() -> None:
    """The demo builder and the simulator move incidents along these (console/demo)."""
    for a, b in [
        ("open", "acknowledged"),
        ("acknowledged", "escalated"),
        ("escalated", "acknowledged"),
        ("acknowledged", "resolved"),
        ("escalated", "resolved"),
        ("resolved", "closed"),
        ("closed", "open"),
    ]:
        assert lifecycle.can_move(a, b), (a, b)


def test_transition_refuses_duplicate_and_unknown_targets(floor_db: Database) -> None:
    inc, version = _incident_in(floor_db, "open")
    with pytest.raises(InvalidInput, match="mark_duplicate"):
        incidents.transition(floor_db, SYSTEM, inc, "duplicate", expected_version=version)
    with pytest.raises(InvalidInput, match="'snoozed'"):
        incidents.transition(floor_db, SYSTEM, inc, "snoozed", expected_version=version)


@pytest.mark.parametrize("status", list(STATUSES))
def test_allowed_actions_are_exactly_the_legal_moves(status: str) -> None:
    actions = allowed_actions(status)
    assert "note" in actions
    assert ("hand_off" in actions) == (status in OPEN_STATUSES)
    for action, target in ACTIONS.items():
        if target is not None:
            assert (action in actions) == (target in TRANSITIONS[status]), action
    assert actions == [a for a in ACTIONS if a in actions]  # toolbar order


def test_allowed_actions_per_state() -> None:
    assert allowed_actions("open") == [
        "claim",
        "acknowledge",
        "investigate",
        "escalate",
        "hand_off",
        "resolve",
        "mark_duplicate",
        "note",
    ]
    assert allowed_actions("closed") == ["reopen", "note"]
    assert allowed_actions("duplicate") == ["note"]


def test_the_queue_shows_every_working_state_and_only_those() -> None:
    assert set(OPEN_STATUSES) == {s for s, moves in TRANSITIONS.items() if "resolved" in moves}
    assert incidents.OPEN_STATUSES == OPEN_STATUSES


def test_the_refusal_is_one_sentence_in_chinese() -> None:
    catalogue = {
        (ctx.findtext("name"), msg.findtext("source")): msg.findtext("translation")
        for ctx in ET.parse(TS).getroot()
        for msg in ctx.findall("message")
    }
    i18n.install_translator(lambda ctx, text: catalogue.get((ctx, text)) or text)
    try:
        err = IllegalTransition(ref="INC-1", status=STATUSES["closed"], verb=lifecycle.VERBS["resolved"])
        text = str(err)
    finally:
        i18n.install_translator(None)
    assert "INC-1" in text
    assert catalogue[("Status", "Closed")] in text
    assert catalogue[("Transition", "resolved")] in text
    assert err.english() == "INC-1 is Closed: it cannot be resolved from there."
