"""Staffing requirements: stored per desk and window, expanded per floor hour, validated, audited, live."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from console.auth import Actor
from console.db.engine import Database
from console.db.models import AuditEntry, Change
from console.errors import InvalidInput, NotFound, PermissionDenied
from console.services import staffing
from console.topics import Topic
from tests.factories import build_small_floor, floor_now

SUPERVISOR = Actor("supervisor", "supervisor")
MONDAY = date(2026, 12, 7)


@pytest.fixture
def floor(db: Database):
    return build_small_floor(db, floor_now())


def test_windows_expand_per_hour_and_cross_midnight(db: Database, floor) -> None:
    staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 6)
    staffing.set_requirement(db, SUPERVISOR, "ato", 7, 23, 4)
    staffing.set_requirement(db, SUPERVISOR, "ato", 23, 7, 3)
    staffing.set_requirement(db, SUPERVISOR, "ato", 23, 7, 2, language="zh")
    with db.reading() as s:
        reqs = staffing.requirements(s)
    hours = staffing.hourly(reqs, MONDAY)
    desk = hours[("ato", None, None)]
    # Overlapping windows take the larger count, never the sum; the night wraps around midnight.
    assert desk[:7] == [3] * 7
    assert desk[7:15] == [6] * 8
    assert desk[15:23] == [4] * 8
    assert desk[23] == 3
    assert hours[("ato", None, "zh")] == [2] * 7 + [0] * 16 + [2]
    assert staffing.required_at(reqs, MONDAY, 3) == {("ato", None, None): 3, ("ato", None, "zh"): 2}


def test_weekdays_mask_names_the_day_the_hour_falls_on(db: Database, floor) -> None:
    weekend = (1 << 5) | (1 << 6)
    staffing.set_requirement(db, SUPERVISOR, "kyc", 7, 15, 2, weekdays=weekend)
    with db.reading() as s:
        reqs = staffing.requirements(s)
    assert staffing.hourly(reqs, MONDAY)[("kyc", None, None)] == [0] * 24
    assert staffing.hourly(reqs, date(2026, 12, 12))[("kyc", None, None)][7:15] == [2] * 8  # Saturday


def test_setting_again_changes_the_count_and_audits_before_and_after(db: Database, floor) -> None:
    first = staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 6, skill="ato")
    again = staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 8, skill="ato")
    assert first == again
    with db.reading() as s:
        (req,) = staffing.requirements(s)
        audits = s.scalars(select(AuditEntry).where(AuditEntry.action == "staffing.set")).all()
        topics = set(s.scalars(select(Change.topic)))
    assert (req.min_count, req.skill) == (8, "ato")
    assert [a.detail["after"] for a in audits] == [6, 8]
    assert audits[1].detail["before"] == 6
    assert Topic.STAFFING.value in topics  # the database wrote the feed entry
    staffing.remove_requirement(db, SUPERVISOR, req.id)
    with db.reading() as s:
        assert staffing.requirements(s) == []
    with pytest.raises(NotFound):
        staffing.remove_requirement(db, SUPERVISOR, req.id)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("ato", 24, 7, 2), {}),
        (("ato", 7, 0, 2), {}),
        (("ato", 7, 15, -1), {}),
        (("ato", 7, 15, 2), {"weekdays": 0}),
        (("ato", 7, 15, 2), {"skill": "cooking"}),
        (("ato", 7, 15, 2), {"language": "klingon"}),
    ],
)
def test_bad_windows_are_refused_and_nothing_is_stored(db: Database, floor, args, kwargs) -> None:
    with pytest.raises(InvalidInput):
        staffing.set_requirement(db, SUPERVISOR, *args, **kwargs)
    with db.reading() as s:
        assert staffing.requirements(s) == []


def test_unknown_desk_and_roles_without_rota_rights_are_refused(db: Database, floor) -> None:
    with pytest.raises(NotFound):
        staffing.set_requirement(db, SUPERVISOR, "nowhere", 7, 15, 2)
    with pytest.raises(PermissionDenied):
        staffing.set_requirement(db, Actor("wall", "viewer"), "ato", 7, 15, 2)
