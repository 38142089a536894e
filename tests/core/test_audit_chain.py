"""The audit log is a hash chain: any change made in SQL is detected and the first record concerned named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, text

from console import audit
from console.cli import main
from console.db.engine import Database
from console.db.models import AuditEntry
from console.services import incidents
from tests.factories import SmallFloor, build_small_floor, floor_now


@pytest.fixture
def small(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


def verify(db: Database, expect: audit.Head | None = None) -> audit.Verdict:
    with db.engine.connect() as conn:
        return audit.verify(conn, expect=expect)


def ids(db: Database) -> list[int]:
    with db.reading() as s:
        return list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def tamper(db: Database, *statements: str) -> None:
    """Change the log behind the console's back, as someone with the owner's rights would (guards lifted)."""
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        for stmt in statements:
            conn.execute(text(stmt))
        if db.is_sqlite:
            for verb in ("UPDATE", "DELETE"):
                conn.execute(
                    text(
                        f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
                    )
                )
        else:
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))


def test_a_floor_written_through_the_services_is_one_intact_chain(db: Database, small: SmallFloor) -> None:
    verdict = verify(db)
    assert verdict.intact, verdict.problem
    with db.reading() as s:
        rows = s.execute(
            select(AuditEntry.id, AuditEntry.prev_hash, AuditEntry.hash).order_by(AuditEntry.id)
        ).all()
    assert verdict.records == len(rows) > 10
    assert rows[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    assert [r.id for r in rows] == list(range(rows[0].id, rows[0].id + len(rows)))  # no gaps, commit order
    assert verdict.head == audit.Head(rows[-1].id, rows[-1].hash)


def test_records_name_the_workstation_and_before_after(db: Database, small: SmallFloor) -> None:
    from console.auth import SYSTEM, Actor

    inc = incidents.open_incident(db, SYSTEM, title="x", category="ato_wave", severity=2)
    incidents.transition(
        db, Actor("supervisor", "supervisor", "KL-WS07"), inc, "acknowledged", expected_version=1
    )
    with db.reading() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert (last.actor, last.role, last.host) == ("supervisor", "supervisor", "KL-WS07")
    assert last.detail["before"] == {"status": "open"}
    assert last.detail["after"] == {"status": "acknowledged"}


Tamper = Callable[[Database, list[int]], tuple[str, int | None]]

CASES: dict[str, Tamper] = {
    # name: (what to do, given the ids) -> (expected problem kind, the id it names)
    "edited": lambda db, i: (
        tamper(db, f"UPDATE audit_log SET actor = 'mallory' WHERE id = {i[5]}"),
        ("edited", i[5]),
    )[1],
    "detail edited": lambda db, i: (
        tamper(db, f"UPDATE audit_log SET detail = NULL WHERE id = {i[3]}"),
        ("edited", i[3]),
    )[1],
    "deleted": lambda db, i: (tamper(db, f"DELETE FROM audit_log WHERE id = {i[4]}"), ("unlinked", i[5]))[1],
    "first deleted": lambda db, i: (tamper(db, f"DELETE FROM audit_log WHERE id = {i[0]}"), ("start", i[1]))[
        1
    ],
    "inserted": lambda db, i: (
        tamper(
            db,
            "INSERT INTO audit_log (id, at, actor, role, action, entity, prev_hash, hash) "
            f"SELECT {i[-1] + 1}, at, 'mallory', 'admin', 'org.add_user', 'user', hash, hash FROM audit_log "
            f"WHERE id = {i[-1]}",
        ),
        ("edited", i[-1] + 1),
    )[1],
    "inserted unchained": lambda db, i: (
        tamper(
            db,
            "INSERT INTO audit_log (id, at, actor, role, action, entity) "
            f"SELECT {i[-1] + 1}, at, 'mallory', 'admin', 'org.add_user', 'user' "
            f"FROM audit_log WHERE id = {i[-1]}",
        ),
        ("unchained", i[-1] + 1),
    )[1],
    "reordered": lambda db, i: (
        tamper(
            db,
            f"UPDATE audit_log SET id = -1 WHERE id = {i[2]}",
            f"UPDATE audit_log SET id = {i[2]} WHERE id = {i[3]}",
            f"UPDATE audit_log SET id = {i[3]} WHERE id = -1",
        ),
        ("unlinked", i[2]),
    )[1],
    "emptied": lambda db, i: (tamper(db, "DELETE FROM audit_log"), ("emptied", None))[1],
}


@pytest.mark.parametrize("case", list(CASES))
def test_tampering_in_sql_is_detected_and_named(db: Database, small: SmallFloor, case: str) -> None:
    assert verify(db).intact
    kind, named = CASES[case](db, ids(db))
    verdict = verify(db)
    assert verdict.problem is not None, case
    assert verdict.problem.kind == kind
    assert verdict.problem.id == named
    message = verdict.problem.message()
    assert "\n" not in message
    if named is not None:
        assert str(named) in message


def test_a_cut_off_end_is_detected_only_against_a_head_kept_off_the_database(
    db: Database, small: SmallFloor
) -> None:
    head = verify(db).head
    assert head is not None
    tamper(db, f"DELETE FROM audit_log WHERE id = {head.id}")
    assert verify(db).intact  # the rest still chains: a deleted end leaves no trace inside the log
    verdict = verify(db, expect=head)
    assert verdict.problem is not None
    assert verdict.problem.kind == "head_gone"
    assert str(head.id) in verdict.problem.message()


def test_a_rewritten_record_under_a_kept_head_is_named(db: Database, small: SmallFloor) -> None:
    head = verify(db).head
    assert head is not None
    with db.engine.connect() as conn:
        row = conn.execute(select(AuditEntry).where(AuditEntry.id == head.id)).one()
    assert audit.Head.parse(str(head)) == head
    forged = audit.record_hash(
        row.id,
        row.at,
        "mallory",
        row.role,
        row.host,
        row.action,
        row.entity,
        row.entity_id,
        row.detail,
        row.prev_hash,
    )
    tamper(db, f"UPDATE audit_log SET actor = 'mallory', hash = '{forged}' WHERE id = {head.id}")
    assert verify(db).intact  # consistently rewritten: only the kept head tells
    verdict = verify(db, expect=head)
    assert verdict.problem is not None
    assert verdict.problem.kind == "head_changed"


def test_a_dropped_or_disabled_guard_is_named(db: Database, small: SmallFloor) -> None:
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
    verdict = verify(db)
    assert verdict.problem is not None
    assert verdict.problem.kind == "guard"
    assert ("audit_log_no_delete" if db.is_sqlite else "audit_log_append_only") in verdict.problem.message()


def test_the_log_refuses_update_delete_and_truncate(db: Database, small: SmallFloor) -> None:
    statements = ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"]
    if not db.is_sqlite:
        statements.append("TRUNCATE audit_log")
    for stmt in statements:
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(stmt))
    assert verify(db).intact


def test_the_workstation_keeps_the_head_and_catches_a_cut_off_end(
    db: Database, small: SmallFloor, tmp_path: Path
) -> None:
    heads = tmp_path / "heads.json"
    first = audit.check_and_keep(db, heads)
    assert first.intact
    assert first.head is not None
    tamper(db, f"DELETE FROM audit_log WHERE id = {first.head.id}")
    second = audit.check_and_keep(db, heads)
    assert second.problem is not None
    assert second.problem.kind == "head_gone"


def test_audit_commands(
    db_url: str, db: Database, small: SmallFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "audit", "head"]) == 0
    head = capsys.readouterr().out.strip()
    assert audit.Head.parse(head) == verify(db).head
    assert main(["--db", db_url, "audit", "verify", "--head", head]) == 0
    out = capsys.readouterr().out
    assert "intact" in out
    assert head in out
    assert main(["--db", db_url, "audit", "verify", "--head", "12:nothex"]) == 1
    assert "is not an audit head" in capsys.readouterr().err
    i = ids(db)
    tamper(db, f"UPDATE audit_log SET action = 'nothing' WHERE id = {i[7]}")
    assert main(["--db", db_url, "audit", "verify"]) == 3
    err = capsys.readouterr().err
    assert f"Record {i[7]} " in err
    assert "BROKEN" in err
    assert len(err.strip().splitlines()) == 1


def test_upgrading_a_floor_made_before_sign_in_chains_its_log_and_adopts_the_local_account(
    sqlite_url: str,
) -> None:
    from console.db import migrate
    from console.db.engine import make_engine
    from console.identity import os_account, sign_in

    engine = make_engine(sqlite_url)
    migrate.upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (username, display_name, role_code, active) "
                "VALUES ('supervisor', 'S', 'supervisor', 1)"
            )
        )
        for n in range(3):
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor, role, action, entity, detail) "
                    f"VALUES ('2026-11-01 10:00:0{n}.000000', 'supervisor', 'supervisor', 'org.x', 'user', "
                    f"'{{\"n\": {n}}}')"
                )
            )
    migrate.upgrade(engine)
    db = Database(engine)
    try:
        signed = sign_in(db)
        assert (signed.actor.username, signed.actor.role) == (os_account(), "admin")
        assert not signed.first_admin
        verdict = verify(db)
        assert verdict.intact, verdict.problem
        assert verdict.records == 4
        with db.reading() as s:
            actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions[-1] == "org.adopt_account"
    finally:
        db.dispose()
