"""The indicator catalogue (console.catalogue, console.services.indicators): an indicator edited with every
field checked and audited before → after, a stale or racing save told who won, new indicators added last, the
order changed without making open forms stale, roles checked; migration 0009 backfills the areas."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from console.auth import Actor
from console.catalogue import (
    AREAS,
    BadDefinition,
    CatalogueChanged,
    Definition,
    IndicatorConflict,
    area_of_key,
    runbook_keys,
)
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import AuditEntry, Change
from console.errors import NotFound, PermissionDenied
from console.services import indicators
from tests.factories import SmallFloor, build_small_floor, floor_now, run_in_threads

SUPERVISOR = Actor("supervisor", "supervisor")
ADMIN = Actor("admin", "admin")


@pytest.fixture
def small(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


def _entry(db: Database, key: str = "ato.failed_logins") -> indicators.CatalogueEntry:
    with db.reading() as s:
        return indicators.catalogue_entry(s, key)


def _last_audit(db: Database) -> AuditEntry:
    with db.reading() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        s.expunge(entry)
        return entry


def test_the_catalogue_reads_every_indicator_with_its_area_sop_and_names(
    db: Database, small: SmallFloor
) -> None:
    with db.reading() as s:
        rows = indicators.catalogue(s)
        depts = indicators.department_choices(s)
    assert [r.key for r in rows] == ["ato.failed_logins", "ops.auto_approval_rate"]
    failed = rows[0]
    assert failed.definition == Definition(
        name="Failed logins",
        names=(("zh_CN", "登录失败次数"),),
        unit="count/min",
        direction="higher",
        warning=1800,
        critical=3600,
        interval_seconds=60,
        department="risk_mgmt",
        area="ato",
        sop="",
    )
    assert (failed.version, failed.updated_by) == (1, None)
    assert rows[1].definition.area == "ops"
    assert [(d.code, d.names) for d in depts] == [
        ("risk_mgmt", (("zh_CN", "风险管理部"),)),
        ("compliance", (("zh_CN", "合规部"),)),
    ]


def test_an_edit_is_checked_written_in_one_go_and_audited_before_and_after(
    db: Database, small: SmallFloor
) -> None:
    ind = small.indicators["failed"]
    with db.reading() as s:
        seq = s.scalar(select(func.max(Change.seq))) or 0
    version = indicators.update(
        db,
        SUPERVISOR,
        ind,
        {
            "warning": 2000,
            "critical": 4000,
            "names": {"zh_CN": " 登录失败数 "},
            "department": "compliance",
            "sop": "ato_wave",
            "interval_seconds": 30,
        },
        expected_version=1,
    )
    assert version == 2
    entry = _entry(db)
    d = entry.definition
    assert (d.warning, d.critical, d.names, d.department, d.sop, d.interval_seconds) == (
        2000,
        4000,
        (("zh_CN", "登录失败数"),),
        "compliance",
        "ato_wave",
        30,
    )
    assert (entry.version, entry.updated_by) == (2, "supervisor")
    audit = _last_audit(db)
    assert (audit.action, audit.entity, audit.entity_id, audit.actor) == (
        "indicator.update",
        "indicator",
        str(ind),
        "supervisor",
    )
    assert audit.detail is not None
    assert audit.detail["before"] == {
        "names": {"zh_CN": "登录失败次数"},
        "warning": 1800,
        "critical": 3600,
        "interval_seconds": 60,
        "department": "risk_mgmt",
        "sop": "",
    }
    assert audit.detail["after"]["names"] == {"zh_CN": "登录失败数"}
    assert audit.detail["after"]["sop"] == "ato_wave"
    with db.reading() as s:
        feed = set(s.execute(select(Change.topic, Change.entity_id).where(Change.seq > seq)))
    assert ("indicator", ind) in feed  # the consoles hear of it through the database's triggers
    # A translation emptied is removed; a save that changes nothing writes nothing.
    assert indicators.update(db, SUPERVISOR, ind, {"names": {"zh_CN": ""}}, expected_version=2) == 3
    assert _entry(db).definition.names == ()
    before = _last_audit(db).id
    assert indicators.update(db, SUPERVISOR, ind, {"warning": 2000.0}, expected_version=3) == 3
    assert _last_audit(db).id == before


LOWER_KEY = "ops.auto_approval_rate"


@pytest.mark.parametrize(
    ("key", "changes", "message"),
    [
        (
            "ato.failed_logins",
            {"warning": 4000},
            "ato.failed_logins: higher is worse, so the critical threshold (3600) must be above the warning "
            "threshold (4000).",
        ),
        (
            LOWER_KEY,
            {"critical": 80},
            f"{LOWER_KEY}: lower is worse, so the critical threshold (80) must be below the warning "
            "threshold (75).",
        ),
        (
            LOWER_KEY,
            {"direction": "higher"},
            f"{LOWER_KEY}: higher is worse, so the critical threshold (65) must be above the warning "
            "threshold (75).",
        ),
        ("ato.failed_logins", {"warning": 3600}, "must be above the warning threshold (3600)"),
        ("ato.failed_logins", {"warning": float("nan")}, "the warning threshold “nan” is not a number."),
        ("ato.failed_logins", {"critical": "lots"}, "the critical threshold “lots” is not a number."),
        ("ato.failed_logins", {"interval_seconds": 0}, "from 1 to 86400 (0 given)"),
        ("ato.failed_logins", {"interval_seconds": 1.5}, "from 1 to 86400 (1.5 given)"),
        ("ato.failed_logins", {"unit": "  "}, "ato.failed_logins: the unit cannot be empty."),
        ("ato.failed_logins", {"name": ""}, "ato.failed_logins: the English name cannot be empty."),
        ("ato.failed_logins", {"name": "x" * 81}, "the English name holds at most 80 characters (81 given)"),
        ("ato.failed_logins", {"names": {"zh_CN": "长" * 81}}, "the Chinese name holds at most 80"),
        ("ato.failed_logins", {"direction": "up"}, "the direction is “higher” or “lower”"),
        ("ato.failed_logins", {"department": "marketing"}, "Department marketing does not exist."),
        ("ato.failed_logins", {"area": "crypto"}, "“crypto” is not an area; the areas are ato, withdrawals"),
        (
            "ato.failed_logins",
            {"sop": "no_such_book"},
            "the SOP “no_such_book” is neither a runbook (aml_spike",
        ),
        ("ato.failed_logins", {"sop": "ftp://sop.example.com/x"}, "is neither a runbook"),
        ("ato.failed_logins", {"sop": "https://sop example.com"}, "is neither a runbook"),
    ],
)
def test_a_bad_definition_is_refused_naming_what_is_wrong_and_nothing_changes(
    db: Database, small: SmallFloor, key: str, changes: dict[str, Any], message: str
) -> None:
    entry = _entry(db, key)
    with pytest.raises((BadDefinition, NotFound)) as caught:
        indicators.update(db, SUPERVISOR, entry.id, changes, expected_version=1)
    assert message in str(caught.value)
    assert _entry(db, key) == entry


def test_a_url_or_a_runbook_is_a_good_sop_and_every_area_is_known(db: Database, small: SmallFloor) -> None:
    assert "ato_wave" in runbook_keys()
    ind = small.indicators["failed"]
    assert (
        indicators.update(
            db, SUPERVISOR, ind, {"sop": "https://wiki.example.com/sop/ato?v=2"}, expected_version=1
        )
        == 2
    )
    version = 2
    for area in AREAS:
        version = indicators.update(db, SUPERVISOR, ind, {"area": area}, expected_version=version)
    assert _entry(db).definition.area == "other"


def test_a_stale_save_is_told_who_changed_the_indicator_meanwhile(db: Database, small: SmallFloor) -> None:
    ind = small.indicators["failed"]
    indicators.update(db, SUPERVISOR, ind, {"warning": 2000}, expected_version=1)
    with pytest.raises(IndicatorConflict) as caught:
        indicators.update(db, ADMIN, ind, {"critical": 5000}, expected_version=1)
    assert str(caught.value) == (
        "The indicator ato.failed_logins was just changed by supervisor: look at it again before you save."
    )
    assert _entry(db).definition.critical == 3600


def test_of_two_saves_at_once_exactly_one_wins(db: Database, small: SmallFloor) -> None:
    ind = small.indicators["failed"]
    outcomes: dict[str, object] = {}

    def save(actor: Actor, warning: float) -> None:
        try:
            outcomes[actor.username] = indicators.update(
                db, actor, ind, {"warning": warning}, expected_version=1
            )
        except IndicatorConflict as exc:
            outcomes[actor.username] = exc

    run_in_threads(save, (SUPERVISOR, 2000.0), (ADMIN, 2500.0))
    won = [who for who, out in outcomes.items() if out == 2]
    lost = [out for out in outcomes.values() if isinstance(out, IndicatorConflict)]
    assert len(won) == 1
    assert len(lost) == 1
    entry = _entry(db)
    assert (entry.version, entry.updated_by) == (2, won[0])
    assert entry.definition.warning == (2000 if won[0] == "supervisor" else 2500)


@pytest.mark.parametrize("role", ["viewer", "analyst", "team_lead", "system"])
def test_only_supervisors_and_admins_change_the_catalogue(db: Database, small: SmallFloor, role: str) -> None:
    from tests.factories import add_users

    add_users(db, (f"a_{role}", role))
    who = Actor(f"a_{role}", role)
    with pytest.raises(PermissionDenied, match="may not change risk indicators"):
        indicators.update(db, who, small.indicators["failed"], {"warning": 10}, expected_version=1)
    definition = _entry(db).definition
    with pytest.raises(PermissionDenied):
        indicators.add(db, who, "ato.new_thing", definition)
    with pytest.raises(PermissionDenied):
        indicators.reorder(db, who, list(reversed(small.indicators.values())))
    assert _entry(db).version == 1


def test_a_new_indicator_is_checked_and_comes_last(db: Database, small: SmallFloor) -> None:
    new = Definition(
        name="Withdrawals to sanctioned chains",
        names=(("zh_CN", "提现至受制裁链"),),
        unit="count/h",
        direction="higher",
        warning=3,
        critical=6,
        interval_seconds=300,
        department="compliance",
        area="aml",
        sop="aml_spike",
    )
    ind = indicators.add(db, SUPERVISOR, " aml.sanctioned_chain_withdrawals ", new)
    with db.reading() as s:
        rows = indicators.catalogue(s)
    assert [r.key for r in rows][-1] == "aml.sanctioned_chain_withdrawals"
    assert rows[-1].id == ind
    assert rows[-1].definition == new
    assert rows[-1].display_order > max(r.display_order for r in rows[:-1])
    assert _last_audit(db).action == "indicator.add"
    with pytest.raises(BadDefinition, match="There is already an indicator ato.failed_logins."):
        indicators.add(db, SUPERVISOR, "ato.failed_logins", new)
    for key in ("Ato.Caps", "nodot", "ato..x", "ato.x-y", "a." + "x" * 47):
        with pytest.raises(BadDefinition, match="is not an indicator key"):
            indicators.add(db, SUPERVISOR, key, new)
    with pytest.raises(BadDefinition, match="lower is worse"):
        indicators.add(db, SUPERVISOR, "ops.x", Definition(**{**new.__dict__, "direction": "lower"}))
    with db.reading() as s:
        assert len(indicators.catalogue(s)) == 3


def test_the_order_changes_without_making_open_forms_stale(db: Database, small: SmallFloor) -> None:
    ids = list(small.indicators.values())
    assert indicators.reorder(db, SUPERVISOR, list(reversed(ids))) is True
    with db.reading() as s:
        rows = indicators.catalogue(s)
    assert [r.id for r in rows] == list(reversed(ids))
    assert {r.version for r in rows} == {1}
    assert _last_audit(db).detail == {
        "before": ["ato.failed_logins", "ops.auto_approval_rate"],
        "after": ["ops.auto_approval_rate", "ato.failed_logins"],
    }
    assert indicators.reorder(db, SUPERVISOR, list(reversed(ids))) is False
    with pytest.raises(CatalogueChanged):
        indicators.reorder(db, SUPERVISOR, ids[:1])
    with pytest.raises(CatalogueChanged):
        indicators.reorder(db, SUPERVISOR, [ids[0], ids[0]])


def test_an_edit_of_an_unknown_indicator_or_field(db: Database, small: SmallFloor) -> None:
    with pytest.raises(NotFound):
        indicators.update(db, SUPERVISOR, 999_999, {"warning": 1}, expected_version=1)
    with pytest.raises(Exception, match="unknown catalogue field"):
        indicators.update(db, SUPERVISOR, small.indicators["failed"], {"colour": "red"}, expected_version=1)


def test_area_of_a_key() -> None:
    assert [
        area_of_key(k) for k in ("ato.x", "api.keys", "wd.count", "fiat.cb", "p2p.d", "aml.x", "ops.y")
    ] == [
        "ato",
        "ato",
        "withdrawals",
        "fiat_p2p",
        "fiat_p2p",
        "aml",
        "ops",
    ]
    assert area_of_key("extra.i0") == "other"


def test_migration_0009_backfills_each_area_from_the_key(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0007")
    keys = ["ato.a", "api.b", "wd.c", "fiat.d", "p2p.e", "kyc.f", "aml.g", "ops.h", "bench.i", "kycx.j"]
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO departments (code, name) VALUES ('risk', 'Risk')"))
        dept = conn.scalar(text("SELECT id FROM departments"))
        for n, key in enumerate(keys):
            conn.execute(
                text(
                    "INSERT INTO risk_indicators (key, name, unit, direction, warning, critical, "
                    "interval_seconds, department_id, display_order) "
                    "VALUES (:key, :key, 'n', 'higher', 1, 2, 60, :dept, :n)"
                ),
                {"key": key, "dept": dept, "n": n},
            )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        got = dict(conn.execute(text("SELECT key, area FROM risk_indicators")).all())
        extra = conn.execute(text("SELECT DISTINCT sop, version FROM risk_indicators")).all()
    assert got == {
        "ato.a": "ato",
        "api.b": "ato",
        "wd.c": "withdrawals",
        "fiat.d": "fiat_p2p",
        "p2p.e": "fiat_p2p",
        "kyc.f": "kyc",
        "aml.g": "aml",
        "ops.h": "ops",
        "bench.i": "other",
        "kycx.j": "other",
    }
    assert [tuple(r) for r in extra] == [("", 1)]
    migrate.downgrade(engine, "0007")
    with engine.begin() as conn:  # the feed's triggers on risk_indicators survive the columns going
        conn.execute(text("UPDATE risk_indicators SET warning = 3 WHERE key = 'ato.a'"))
        assert conn.scalar(text("SELECT count(*) FROM change_feed WHERE topic = 'indicator'")) >= 1
    engine.dispose()


def test_the_demo_catalogue_links_an_sop_to_every_indicator() -> None:
    from console.catalogue import sop_is_url
    from console.demo.catalog import INDICATORS

    for ind in INDICATORS:
        assert ind.spec.sop in runbook_keys() or sop_is_url(ind.spec.sop), ind.spec.key
        assert area_of_key(ind.spec.key) != "other", ind.spec.key
    assert {i.spec.sop for i in INDICATORS if i.spec.key.startswith("ato.")} == {"ato_wave"}


def test_a_definition_time_is_recorded(db: Database, small: SmallFloor) -> None:
    at = small.now + timedelta(minutes=5)
    indicators.update(
        db, SUPERVISOR, small.indicators["failed"], {"unit": "logins/min"}, expected_version=1, at=at
    )
    assert _entry(db).updated_at == at


def test_a_refusal_is_one_sentence_in_the_reader_s_language() -> None:
    from console import i18n
    from console.catalogue import EMPTY, FIELD_UNIT

    fake = {("Errors", EMPTY): "{key}：{field}不能为空。", ("Catalogue", FIELD_UNIT): "单位"}
    i18n.install_translator(lambda ctx, text: fake.get((ctx, text), text))
    try:
        refusal = BadDefinition(EMPTY, key="ato.x", field=FIELD_UNIT)
        assert str(refusal) == "ato.x：单位不能为空。"
        assert refusal.english() == "ato.x: the unit cannot be empty."
    finally:
        i18n.install_translator(None)
