"""PostgreSQL roles and grants that make the database itself enforce what each role may do.

``watchfloor db roles`` (run by the schema owner: the login that runs ``db upgrade``, used for nothing else)
creates one group role per console role, ``wf_viewer`` … ``wf_admin`` and ``wf_system``, and grants them:

- every group: ``USAGE`` on the floor's schema and ``SELECT`` on every table (the feed included);
- each writing group: ``INSERT, UPDATE, DELETE`` on exactly the tables its permissions change
  (:data:`TABLES_BY_PERM`, derived from :data:`console.auth.ROLE_PERMS`, so the console and the database
  agree), and ``INSERT`` only on ``audit_log``;
- nobody but the owner: ``TRUNCATE``, ``ALTER``, ``DROP``, triggers, or any write to ``change_feed``
  (the feed's trigger functions run as the owner, migration 0004).

Then each active user whose name is a login on the server is made a member of the group of its role (and of
no other); a disabled user's login loses them all. Logins are made by the DBA (``CREATE ROLE … LOGIN``): a
password never passes through Watchfloor. A superuser login bypasses every grant: consoles must not use one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from console.auth import ROLE_PERMS, Perm

GROUP_PREFIX = "wf_"

# The tables each permission writes (what the services behind it insert, update or delete).
TABLES_BY_PERM: dict[Perm, tuple[str, ...]] = {
    Perm.MANAGE_ORG: (
        "departments",
        "department_names",
        "teams",
        "agents",
        "agent_languages",
        "agent_skills",
        "incident_sla",
    ),
    Perm.MANAGE_USERS: ("users",),
    Perm.MANAGE_FLOOR: ("floors", "zones", "zone_names", "seats", "seat_assignments"),
    Perm.MANAGE_ROTA: (
        "shift_templates",
        "rota_assignments",
        "staffing_requirements",
        "leave_requests",
        "rota_rules",
        "shift_swaps",
        "break_rules",
        "planned_breaks",
        "break_plan_runs",
    ),
    Perm.REQUEST_SHIFT_SWAP: ("shift_swaps",),
    Perm.RECORD_ATTENDANCE: ("attendance_events", "leave_requests"),
    Perm.INGEST_SAMPLES: ("indicator_samples", "indicator_breakdown"),
    Perm.MANAGE_INDICATORS: ("risk_indicators", "indicator_names", "indicator_rules", "rule_silences"),
    Perm.OPEN_INCIDENT: ("incidents", "incident_events", "rule_states"),
    Perm.WORK_INCIDENT: ("incidents", "incident_events", "incident_handoffs", "incident_checklist"),
    Perm.REVIEW_INCIDENT: ("incident_reviews", "review_actions"),
    Perm.KEEP_SHIFT_LOG: ("shift_log", "handovers"),
    Perm.ADMINISTER_FEED: ("feed_settings", "history_retention"),
    # 0011: the exception queue (the timer leader stores what it finds; supervisors work it)
    Perm.WORK_EXCEPTIONS: ("attendance_exceptions", "coaching_notes"),
    Perm.SET_ATTENDANCE_POLICY: ("attendance_policies",),
}
# Tables no console writes to except by appending (the feed: not even that; its triggers do).
APPEND_ONLY = ("audit_log",)


def group(role: str) -> str:
    return f"{GROUP_PREFIX}{role}"


def writable_tables(role: str) -> list[str]:
    perms = ROLE_PERMS.get(role, frozenset())
    return sorted({t for p in perms for t in TABLES_BY_PERM.get(p, ())})


@dataclass
class Plan:
    """What ``db roles`` does: the statements, and what it could not do (for the supervisor to act on)."""

    statements: list[str] = field(default_factory=list)
    members: dict[str, str] = field(default_factory=dict)  # login -> group
    no_login: list[str] = field(default_factory=list)  # users without a login on the server
    superusers: list[str] = field(default_factory=list)  # logins that bypass every grant


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def plan(conn: Connection) -> Plan:
    """Read the server and the floor; the statements that bring the grants in line."""
    out = Plan()
    schema = str(conn.scalar(text("SELECT current_schema()")))
    tables = list(
        conn.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"), {"s": schema}
        )
    )
    existing = set(conn.scalars(text("SELECT rolname FROM pg_roles WHERE rolname LIKE 'wf\\_%'")))
    groups = [group(r) for r in ROLE_PERMS]
    for g in groups:
        if g not in existing:
            out.statements.append(f"CREATE ROLE {_q(g)} NOLOGIN")
    everyone = ", ".join(_q(g) for g in groups)
    all_tables = ", ".join(_q(t) for t in tables)
    out.statements += [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {_q(schema)} FROM {everyone}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {_q(schema)} FROM {everyone}",
        f"GRANT USAGE ON SCHEMA {_q(schema)} TO {everyone}",
        f"GRANT SELECT ON {all_tables} TO {everyone}",
    ]
    for role in ROLE_PERMS:
        writes = [t for t in writable_tables(role) if t in tables]
        if writes:
            out.statements.append(
                f"GRANT INSERT, UPDATE, DELETE ON {', '.join(map(_q, writes))} TO {_q(group(role))}"
            )
        if ROLE_PERMS[role]:
            out.statements.append(f"GRANT INSERT ON {', '.join(map(_q, APPEND_ONLY))} TO {_q(group(role))}")
            out.statements.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {_q(schema)} TO {_q(group(role))}")
    logins = {
        r.rolname: r.rolsuper
        for r in conn.execute(text("SELECT rolname, rolsuper FROM pg_roles WHERE rolcanlogin"))
    }
    me = str(conn.scalar(text("SELECT current_user")))
    for username, role, active in conn.execute(
        text("SELECT username, role_code, active FROM users ORDER BY username")
    ):
        if username not in logins:
            out.no_login.append(username)
            continue
        if username == me:
            continue  # the owner keeps the owner's rights
        if logins[username]:
            out.superusers.append(username)
        keep = group(role) if active else None
        for g in groups:
            if g != keep:
                out.statements.append(f"REVOKE {_q(g)} FROM {_q(username)}")
        if keep:
            out.statements.append(f"GRANT {_q(keep)} TO {_q(username)}")
            out.members[username] = keep
    return out


def apply(conn: Connection, roles_plan: Plan) -> None:
    """Run the plan in the caller's transaction (all or nothing)."""
    for stmt in roles_plan.statements:
        conn.execute(text(stmt))


def installed(conn: Connection) -> bool:
    """``db roles`` has been run on this server (so ``db upgrade`` re-applies the grants to new tables)."""
    return bool(conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :g"), {"g": group("viewer")}))
