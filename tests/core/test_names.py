"""Names in more languages: rows carry their translations, old Chinese names move over, changes are live."""

from __future__ import annotations

from sqlalchemy import select, text

from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import DepartmentName
from console.feed import last_seq
from console.names import as_names, pick, read_names
from console.services import org
from tests.factories import ADMIN


def test_pick_prefers_the_language_then_its_family_then_the_own_name() -> None:
    names = as_names({"zh_CN": "提现审核", "ms": "Semakan pengeluaran"})
    assert pick(names, "zh_CN", "Withdrawal review") == "提现审核"
    assert pick(names, "zh_TW", "Withdrawal review") == "提现审核"  # Chinese rather than English
    assert pick(names, "ms_MY", "Withdrawal review") == "Semakan pengeluaran"
    assert pick(names, "en", "Withdrawal review") == "Withdrawal review"
    assert pick((), "zh_CN", "Withdrawal review") == "Withdrawal review"


def test_departments_keep_any_number_of_languages_and_feed_their_changes(db: Database) -> None:
    (dept,) = org.add_departments(
        db, ADMIN, [("compliance", "Compliance", {"zh_CN": "合规部", "ms": "Pematuhan"})]
    )
    with db.reading() as s:
        assert read_names(s, DepartmentName, [dept]) == {dept: (("ms", "Pematuhan"), ("zh_CN", "合规部"))}
    seq = last_seq(db)
    with db.writing() as s:  # a translator fixes a name by hand: the owner's topic names the department
        s.execute(text("UPDATE department_names SET name = '合规管理部' WHERE language = 'zh_CN'"))
    with db.reading() as s:
        rows = s.execute(
            text("SELECT topic, entity_id FROM change_feed WHERE seq > :seq"), {"seq": seq}
        ).all()
    assert [tuple(r) for r in rows] == [("department", dept)]


def test_migration_moves_the_chinese_names_and_back(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO departments (code, name, name_zh) "
                "VALUES ('risk_mgmt', 'Risk Management', '风险管理部')"
            )
        )
    migrate.upgrade(engine)
    db = Database(engine)
    with db.reading() as s:
        rows = s.execute(select(DepartmentName.language, DepartmentName.name)).all()
    assert [tuple(r) for r in rows] == [("zh_CN", "风险管理部")]
    migrate.downgrade(engine, "0002")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name_zh FROM departments")).scalar() == "风险管理部"
    engine.dispose()
