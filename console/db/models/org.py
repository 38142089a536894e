"""Who works on the floor: departments, teams, agents, users and their roles."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.db.models.base import Base


class Department(Base):
    """A counterpart the floor hands work to (Risk Management, Compliance, Customer Service, ...).

    ``handoff_minutes`` / ``handoff_p1_minutes``: how long it has to answer a handoff (for a P1 incident);
    ``None`` takes the default for its code (:mod:`console.services.handoffs`).
    """

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    handoff_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    handoff_p1_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)


class DepartmentName(Base):
    """A department's name in another language (see :mod:`console.names`)."""

    __tablename__ = "department_names"

    owner_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    primary_skill: Mapped[str] = mapped_column(String(32))

    agents: Mapped[list[Agent]] = relationship(back_populates="team")


class Agent(Base):
    """A person on the floor: analyst, senior analyst, team lead or supervisor."""

    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_no: Mapped[str] = mapped_column(String(16), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    display_name: Mapped[str] = mapped_column(String(40))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    title: Mapped[str] = mapped_column(String(24))  # analyst | senior_analyst | team_lead | supervisor
    employment: Mapped[str] = mapped_column(String(16))  # full_time | contract | intern
    hired_on: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The number on the agent's badge, as the badge system's export names them (migration 0011).
    badge_no: Mapped[str | None] = mapped_column(String(16), nullable=True, unique=True, index=True)

    team: Mapped[Team] = relationship(back_populates="agents")
    languages: Mapped[list[AgentLanguage]] = relationship(cascade="all, delete-orphan")
    skills: Mapped[list[AgentSkill]] = relationship(cascade="all, delete-orphan")


class AgentLanguage(Base):
    __tablename__ = "agent_languages"
    __table_args__ = (UniqueConstraint("agent_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))  # en | zh | ms | yue | ta
    level: Mapped[str] = mapped_column(String(12))  # native | fluent | working


class AgentSkill(Base):
    __tablename__ = "agent_skills"
    __table_args__ = (UniqueConstraint("agent_id", "skill"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    skill: Mapped[str] = mapped_column(String(32))  # ato | withdrawal | kyc | aml | fiat_p2p | qa
    level: Mapped[int] = mapped_column(SmallInteger)  # 1 learning .. 3 expert


class Role(Base):
    """A role a user holds; what each role may do is declared in :mod:`console.auth`."""

    __tablename__ = "roles"

    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class User(Base):
    """Someone (or something, such as an upstream feed) that changes data through the services."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
