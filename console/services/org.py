"""The organisation: departments, teams, agents with their languages and skills, and users."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Agent, AgentLanguage, AgentSkill, Department, DepartmentName, Role, Team, User
from console.errors import Conflict, InvalidInput, LastAdmin, NotFound, UnknownRole
from console.names import write_names
from console.services.unit import unit_of_work
from console.topics import Topic

TOPIC = Topic.AGENT  # what the feed names when this module's tables change (written by the database)
TITLES = ("analyst", "senior_analyst", "team_lead", "supervisor")
EMPLOYMENT = ("full_time", "contract", "intern")


def add_departments(
    db: Database, actor: Actor, departments: list[tuple[str, str, Mapping[str, str]]]
) -> list[int]:
    """Add departments as ``(code, name, {language: name})``."""
    with unit_of_work(db, actor, Perm.MANAGE_ORG) as unit:
        rows = [Department(code=c, name=n) for c, n, _ in departments]
        unit.session.add_all(rows)
        unit.session.flush()
        for row, (_, _, names) in zip(rows, departments, strict=True):
            write_names(unit.session, DepartmentName, row.id, names)
        for d in rows:
            unit.audit("org.add_department", "department", d.id, code=d.code)
        return [d.id for d in rows]


def add_team(db: Database, actor: Actor, code: str, name: str, primary_skill: str) -> int:
    with unit_of_work(db, actor, Perm.MANAGE_ORG) as unit:
        team = Team(code=code, name=name, primary_skill=primary_skill)
        unit.session.add(team)
        unit.session.flush()
        unit.audit("org.add_team", "team", team.id, code=code)
        return team.id


@dataclass(frozen=True)
class AgentSpec:
    employee_no: str
    full_name: str
    display_name: str
    team_id: int
    title: str
    employment: str
    hired_on: date
    languages: dict[str, str] = field(default_factory=dict)  # language -> level
    skills: dict[str, int] = field(default_factory=dict)  # skill -> 1..3
    badge_no: str | None = None  # as the badge system's export names the agent (unique)


def add_agents(db: Database, actor: Actor, specs: list[AgentSpec]) -> list[int]:
    """Hire agents (one transaction for the batch)."""
    for spec in specs:
        if spec.title not in TITLES:
            raise InvalidInput(detail=f"{spec.employee_no}: title {spec.title!r}")
        if spec.employment not in EMPLOYMENT:
            raise InvalidInput(detail=f"{spec.employee_no}: employment {spec.employment!r}")
        if any(not 1 <= lvl <= 3 for lvl in spec.skills.values()):
            raise InvalidInput(detail=f"{spec.employee_no}: skill level outside 1..3")
    with unit_of_work(db, actor, Perm.MANAGE_ORG) as unit:
        s = unit.session
        nos = [spec.employee_no for spec in specs]
        if len(set(nos)) != len(nos) or s.scalars(select(Agent.id).where(Agent.employee_no.in_(nos))).first():
            raise Conflict(what="Employee number")
        agents = []
        for spec in specs:
            agent = Agent(
                employee_no=spec.employee_no,
                full_name=spec.full_name,
                display_name=spec.display_name,
                team_id=spec.team_id,
                title=spec.title,
                employment=spec.employment,
                hired_on=spec.hired_on,
                badge_no=spec.badge_no,
            )
            agent.languages = [AgentLanguage(language=k, level=v) for k, v in spec.languages.items()]
            agent.skills = [AgentSkill(skill=k, level=v) for k, v in spec.skills.items()]
            agents.append(agent)
        s.add_all(agents)
        s.flush()
        unit.audit("org.add_agents", "agent", None, count=len(agents))
        return [a.id for a in agents]


def add_user(
    db: Database, actor: Actor, username: str, display_name: str, role: str, agent_id: int | None = None
) -> int:
    """Add a user (a person, or an upstream system) with a role. Admins only."""
    username = username.strip()
    if not username:
        raise InvalidInput(detail="empty user name")
    with unit_of_work(db, actor, Perm.MANAGE_USERS) as unit:
        s = unit.session
        _check_role(s, role)
        if s.scalars(select(User.id).where(User.username == username)).first():
            raise Conflict(what=f"User {username}")
        user = User(
            username=username, display_name=display_name or username, role_code=role, agent_id=agent_id
        )
        s.add(user)
        s.flush()
        unit.audit("org.add_user", "user", user.id, username=username, role=role)
        return user.id


def set_role(db: Database, actor: Actor, username: str, role: str) -> str:
    """Give ``username`` another role; returns the role held before. The last active admin keeps theirs."""
    with unit_of_work(db, actor, Perm.MANAGE_USERS) as unit:
        s = unit.session
        _check_role(s, role)
        user = _user(s, username)
        before = user.role_code
        if before == "admin" and role != "admin" and user.active:
            _keep_an_admin(s, user)
        user.role_code = role
        unit.audit(
            "org.set_role", "user", user.id, username=username, before={"role": before}, after={"role": role}
        )
        return before


def set_active(db: Database, actor: Actor, username: str, active: bool) -> None:
    """Disable (or enable again) ``username``: a disabled user can neither sign in nor write."""
    with unit_of_work(db, actor, Perm.MANAGE_USERS) as unit:
        s = unit.session
        user = _user(s, username)
        if user.active == active:
            return
        if not active and user.role_code == "admin":
            _keep_an_admin(s, user)
        user.active = active
        unit.audit(
            "org.enable_user" if active else "org.disable_user",
            "user",
            user.id,
            username=username,
            before={"active": not active},
            after={"active": active},
        )


def users(s: Session) -> list[User]:
    return list(s.scalars(select(User).order_by(User.role_code, User.username)))


def _user(s: Session, username: str) -> User:
    user = s.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(what="User", key=username)
    return user


def _check_role(s: Session, role: str) -> None:
    if s.get(Role, role) is None:
        known = ", ".join(s.scalars(select(Role.code).order_by(Role.code)))
        raise UnknownRole(role=role, roles=known)


def _keep_an_admin(s: Session, leaving: User) -> None:
    others = s.scalar(
        select(User.id)
        .where(User.role_code == "admin", User.active.is_(True), User.id != leaving.id)
        .limit(1)
    )
    if others is None:
        raise LastAdmin(user=leaving.username)


def department_choices(db: Database) -> list[tuple[int, str]]:
    """``(id, name)`` of every department, for a form to choose from."""
    with db.reading() as s:
        return [(d.id, d.name) for d in departments(s)]


def departments(s: Session) -> list[Department]:
    return list(s.scalars(select(Department).order_by(Department.id)))
