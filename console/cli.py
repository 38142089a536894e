"""The ``watchfloor`` command line: the core commands (no Qt). The UI adds its own in :mod:`ui.main`."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from console import (
    __version__,
    cli_anomaly,
    cli_attendance,
    cli_breaks,
    cli_coverage,
    cli_floor,
    cli_handover,
    cli_indicators,
    cli_ingest,
    cli_leave,
    cli_rota,
    cli_rules,
    cli_sla,
)
from console.errors import WatchfloorError
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.settings import OPTIONS, Settings, write_value

log = logging.getLogger("watchfloor")

Handler = Callable[[argparse.Namespace, Settings], int]


def global_options() -> argparse.ArgumentParser:
    """The options every command takes, after the command too (``watchfloor bench --db URL``).

    A parent parser for each subcommand: nothing is set unless given there (``SUPPRESS``), so an option given
    before the command is kept. ``-v`` after the command counts separately and is added in
    :func:`parse_args`. ``--wall`` only concerns the console window (no command), so it stays in front.
    """
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("options of every command (also accepted before it)")
    group.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help="settings file")
    group.add_argument(
        "--db", metavar="URL", default=argparse.SUPPRESS, help="database URL or SQLite file path"
    )
    group.add_argument(
        "--lang", choices=["en", "zh_CN"], default=argparse.SUPPRESS, help="interface language"
    )
    group.add_argument(
        "-v", "--verbose", dest="verbose_after", action="count", default=argparse.SUPPRESS, help="log more"
    )
    return common


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, **kwargs: Any
) -> argparse.ArgumentParser:
    """Add subcommand ``name`` that also takes the global options (:func:`global_options`)."""
    return sub.add_parser(name, parents=[global_options()], **kwargs)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="watchfloor",
        description="Watchfloor: the supervisor console for a 24/7 risk-operations floor. "
        "Without a command, opens the console. The options --config, --db, --lang and -v may also "
        "follow the command.",
    )
    p.add_argument("--version", action="version", version=f"watchfloor {__version__}")
    p.add_argument(
        "--config", metavar="FILE", help="settings file (default: config.toml in the user config dir)"
    )
    p.add_argument("--db", metavar="URL", help="database URL or SQLite file path (overrides the setting)")
    p.add_argument("--lang", choices=["en", "zh_CN"], help="interface language (overrides the setting)")
    p.add_argument("--wall", action="store_true", help="open the full-screen, read-only wall-screen layout")
    p.add_argument("-v", "--verbose", action="count", default=0, help="log more (-v info, -vv debug)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    db = add_command(sub, "db", help="database schema and credentials")
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = add_command(dbsub, "upgrade", help="migrate the schema up (default: to the newest)")
    up.add_argument("revision", nargs="?", default="head")
    add_command(dbsub, "current", help="show the schema revision of the database and the newest known")
    down = add_command(dbsub, "downgrade", help="migrate the schema down to REVISION ('base' empties it)")
    down.add_argument("revision")
    create = add_command(dbsub, "create", help="make a new SQLite database file, with the newest schema")
    create.add_argument("path", metavar="PATH", help="the new file (refused if it exists)")
    add_command(dbsub, "password", help="store the PostgreSQL password in the system keyring")
    keep = add_command(dbsub, "feed-retention", help="show or set how many hours the change feed keeps")
    keep.add_argument("hours", nargs="?", type=int, help="new retention in hours (1 to a year)")
    history = add_command(
        dbsub,
        "history-retention",
        help="show or set how many days of indicator history the floor keeps: the raw samples and each "
        "rollup level (the timer leader prunes past it)",
    )
    history.add_argument("level", nargs="?", choices=list(HISTORY_LEVELS), help="raw, 15m or 1h")
    history.add_argument("days", nargs="?", type=int, help="days to keep (0: for ever, rollup levels only)")

    roles = add_command(
        dbsub,
        "roles",
        help="PostgreSQL: create the database roles and grants that enforce each role (owner only)",
    )
    roles.add_argument("--dry-run", action="store_true", help="print the statements instead of running them")

    user = add_command(sub, "user", help="the floor's users and their roles (admins only)")
    usersub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add_command(usersub, "list", help="every user, their role and whether they are active")
    uadd = add_command(
        usersub, "add", help="add a user: the OS account (SQLite) or database login (PostgreSQL)"
    )
    uadd.add_argument("username")
    uadd.add_argument("--role", required=True, help="admin, supervisor, team_lead, analyst, viewer or system")
    uadd.add_argument("--name", default="", help="display name (default: the user name)")
    urole = add_command(usersub, "set-role", help="give USERNAME another role")
    urole.add_argument("username")
    urole.add_argument("role")
    for verb, text in (
        ("disable", "USERNAME can no longer sign in or write"),
        ("enable", "enable USERNAME again"),
    ):
        cmd = add_command(usersub, verb, help=text)
        cmd.add_argument("username")
    add_command(sub, "whoami", help="who this account is on the floor, with its role")

    aud = add_command(sub, "audit", help="the tamper-evident audit log")
    audsub = aud.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = add_command(audsub, "verify", help="check the whole chain; name the first broken record")
    verify.add_argument(
        "--head", metavar="ID:HASH", help="a head printed earlier: it must still be in the chain"
    )
    add_command(
        audsub, "head", help="print the chain's head (keep it off the database, e.g. in the handover)"
    )

    demo = add_command(sub, "demo", help="create the realistic demo floor in the configured database")
    demo.add_argument("--days", type=int, default=30, help="days of history (default 30)")
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    once = demo.add_mutually_exclusive_group()
    once.add_argument(
        "--if-empty", action="store_true", help="do nothing if the database already has a floor"
    )
    once.add_argument(
        "--reset",
        action="store_true",
        help="replace the demo floor there (only a floor the demo built; asks first on a terminal)",
    )
    demo.add_argument("--yes", action="store_true", help="with --reset: replace without asking")

    sim = add_command(sub, "simulate", help="keep the floor alive: clock-ins, breaks, samples, incidents")
    sim.add_argument("--rate", type=float, help="speed factor (default: the simulate_rate setting)")
    sim.add_argument(
        "--duration", type=float, default=0, help="stop after SECONDS (default: run until Ctrl+C)"
    )
    sim.add_argument("--seed", type=int, default=None, help="random seed")

    work = add_command(sub, "worker", help="run the floor's timers (SLA breaches, escalations) once")
    work.add_argument("--interval", type=float, default=5.0, help="seconds between rounds (default 5)")

    cli_handover.add_commands(sub, add_command)
    cli_floor.add_commands(sub, add_command)
    cli_sla.add_commands(sub, add_command)
    cli_ingest.add_commands(sub, add_command)
    cli_ingest.add_intake(sub, add_command)
    cli_rules.add_commands(sub, add_command)
    cli_anomaly.add_commands(sub, add_command)
    cli_indicators.add_commands(sub, add_command)
    cli_attendance.add_commands(sub, add_command)
    cli_leave.add_commands(sub, add_command)
    cli_coverage.add_commands(sub, add_command)
    cli_rota.add_commands(sub, add_command)
    cli_breaks.add_commands(sub, add_command)

    cfg = add_command(sub, "config", help="show or change settings")
    cfgsub = cfg.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    add_command(cfgsub, "show", help="print every setting and where the file is")
    cset = add_command(cfgsub, "set", help="set NAME to VALUE in the settings file")
    cset.add_argument("name", choices=[o.name for o in OPTIONS])
    cset.add_argument("value")
    return p


def parse_args(parser: argparse.ArgumentParser, argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line; ``-v`` given before and after the command add up."""
    args = parser.parse_args(argv)
    args.verbose += getattr(args, "verbose_after", 0)
    if hasattr(args, "verbose_after"):
        del args.verbose_after
    return args


def load_settings(args: argparse.Namespace) -> Settings:
    from pathlib import Path

    return Settings.load(
        path=Path(args.config) if args.config else None,
        overrides={"database_url": args.db, "language": args.lang},
    )


PROMPT_WHY = QT_TRANSLATE_NOOP(
    "Cli",
    "The database wants a password. {0} What you type is not stored ('watchfloor db password' keeps it in "
    "the system keyring).",
)
PROMPT = QT_TRANSLATE_NOOP("Cli", "Database password: ")


def has_terminal() -> bool:
    """Whether a person can be asked (a password): standard input is a terminal."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # closed
        return False


def _prompt(reason: str) -> str | None:
    print(translate("Cli", PROMPT_WHY).format(reason), file=sys.stderr)
    return getpass.getpass(translate("Cli", PROMPT)) or None


def connecting(
    settings: Settings, opener: Callable[..., Any], *, create: bool | None = None, **kw: Any
) -> Any:
    """Call ``opener`` (open_database or connect_database) on the database in force, as every command that
    connects does: the embedded default is created if missing, an explicit file never; a password is asked
    for on the terminal when the server wants one the keyring does not have, and without a terminal the
    error says what to do instead."""
    from console.errors import PasswordNeedsTerminal, PasswordRequired

    terminal = has_terminal()
    try:
        return opener(
            settings.database,
            prompt=_prompt if terminal else None,
            create=settings.database_is_default if create is None else create,
            **kw,
        )
    except PasswordRequired as exc:
        if terminal or isinstance(exc, PasswordNeedsTerminal):
            raise
        from console.credentials import NO_KEYRING

        reason = str(exc.fields.get("reason", ""))
        text = PasswordNeedsTerminal.text_no_keyring if reason == translate("Errors", NO_KEYRING) else None
        raise PasswordNeedsTerminal(text, **exc.fields) from exc


def open_db(settings: Settings, **kw: Any) -> Any:
    """The database in force, for a command: connected, its file checked (``quick_check``), its schema
    checked (an embedded file upgraded)."""
    from console.connect import open_database

    kw.setdefault("check_integrity", True)
    return connecting(settings, open_database, **kw)


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from alembic.util import CommandError

    from console.db import migrate
    from console.db.engine import describe_url
    from console.errors import MigrationRefused, SchemaNewerThanBuild

    if args.db_command == "create":
        return _create(args.path)
    where = describe_url(settings.database)
    if args.db_command == "password":
        from console import credentials

        problem = credentials.keyring_status()
        if problem:
            print(
                f"Cannot store the password. {problem} The console will ask for it each time.",
                file=sys.stderr,
            )
            return 2
        credentials.set_password(settings.database, getpass.getpass(f"Password for {where}: "))
        print(f"Stored in the system keyring (service '{credentials.SERVICE}').")
        return 0
    if args.db_command == "feed-retention":
        return _feed_retention(args, settings, where)
    if args.db_command == "history-retention":
        return _history_retention(args, settings, where)
    engine = make_database_engine(settings)
    try:
        if args.db_command == "roles":
            return _db_roles(args, engine, where)
        if args.db_command == "current":
            schema = migrate.schema_status(engine)
            print(f"{where}: {schema.found or 'empty'} (newest known: {schema.known}, {schema.state.value})")
            return 0
        schema = migrate.schema_status(engine)
        if schema.state is migrate.SchemaState.TOO_NEW:  # a newer Watchfloor made it: leave it alone
            raise SchemaNewerThanBuild(found=schema.found, known=schema.known)
        try:
            if args.db_command == "upgrade":
                migrate.upgrade(engine, args.revision)
                if engine.dialect.name == "postgresql":
                    _regrant(engine, where)
            else:
                migrate.downgrade(engine, args.revision)
        except CommandError as exc:  # e.g. an unknown revision: alembic's own words, in one line
            raise MigrationRefused(reason=str(exc).splitlines()[0]) from exc
        print(f"{where}: now at {migrate.current_revision(engine) or 'base'}")
        return 0
    finally:
        engine.dispose()


def _db_roles(args: argparse.Namespace, engine: Any, where: str) -> int:
    from console.db import grants

    if engine.dialect.name != "postgresql":
        print(
            f"{where}: database roles are a PostgreSQL matter; on the embedded SQLite file the operating "
            "system's file permissions decide who may write.",
            file=sys.stderr,
        )
        return 2
    with engine.begin() as conn:
        plan = grants.plan(conn)
        if args.dry_run:
            print("\n".join(f"{stmt};" for stmt in plan.statements))
            return 0
        grants.apply(conn, plan)
    print(f"{where}: roles and grants in place ({len(plan.statements)} statements).")
    for login, group in sorted(plan.members.items()):
        print(f"  {login}: {group}")
    for name in plan.no_login:
        print(f'  {name}: no login on this server (the DBA creates it: CREATE ROLE "{name}" LOGIN …)')
    for name in plan.superusers:
        print(
            f"  WARNING {name} is a superuser: the database cannot limit it; give consoles ordinary logins."
        )
    return 0


def _create(path: str) -> int:
    import shlex

    from console.connect import create_database
    from console.db import migrate

    db = create_database(path)
    try:
        where, revision = db.describe(), migrate.current_revision(db.engine)
    finally:
        db.dispose()
    arg = shlex.quote(db.url.database or path)
    print(f"Created {where} (schema {revision}). Use it with --db {arg}, or make it the default:")
    print(f"  watchfloor config set database_url {arg}")
    return 0


def _regrant(engine: Any, where: str) -> None:
    """After an upgrade, new tables get the roles' grants (when ``db roles`` was run on this server)."""
    from console.db import grants

    with engine.begin() as conn:
        if grants.installed(conn) and conn.dialect.has_table(conn, "users"):
            grants.apply(conn, grants.plan(conn))
            print(f"{where}: grants re-applied for the roles.")


def _feed_retention(args: argparse.Namespace, settings: Settings, where: str) -> int:
    from console.identity import sign_in
    from console.services import feed_admin

    db = open_db(settings)
    try:
        if args.hours is not None:
            feed_admin.set_feed_retention(db, sign_in(db).actor, args.hours)
        print(f"{where}: the change feed keeps {feed_admin.feed_retention_hours(db)} hours")
    finally:
        db.dispose()
    return 0


# The levels of indicator history by the names the command takes: raw samples and rollups (seconds).
HISTORY_LEVELS = {"raw": 0, "15m": 900, "1h": 3600}


def _history_retention(args: argparse.Namespace, settings: Settings, where: str) -> int:
    from console.identity import sign_in
    from console.services import retention

    if args.level is not None and args.days is None:
        print("Give a level and the days to keep it, e.g. 'db history-retention raw 60'.", file=sys.stderr)
        return 2
    db = open_db(settings)
    try:
        if args.level is not None:
            retention.set_keep_days(db, sign_in(db).actor, HISTORY_LEVELS[args.level], args.days)
        with db.reading() as s:
            kept = retention.keep_days(s)
        print(f"{where}: indicator history kept")
        for name, step in HISTORY_LEVELS.items():
            days = kept.get(step, 0)
            what = "raw samples" if step == 0 else f"{name} rollups"
            print(f"  {what}: " + (f"{days} days" if days else "for ever"))
    finally:
        db.dispose()
    return 0


def _signed_in(db: Any) -> Any:
    """Sign in; on a floor without users the account becomes its first admin, and is told so."""
    from console.identity import sign_in

    signed = sign_in(db)
    if signed.first_admin:
        print(
            f"This floor had no users: {signed.actor.username} is now its first admin "
            "('watchfloor user add' adds others).",
            file=sys.stderr,
        )
    return signed.actor


def cmd_user(args: argparse.Namespace, settings: Settings) -> int:
    from console.auth import Perm
    from console.services import org

    db = open_db(settings)
    try:
        actor = _signed_in(db)
        if args.user_command == "list":
            actor.require(Perm.MANAGE_USERS)
            with db.reading() as s:
                rows = [(u.username, u.role_code, u.active, u.display_name) for u in org.users(s)]
            width = max((len(r[0]) for r in rows), default=8)
            for username, role, active, name in rows:
                state = "active" if active else "DISABLED"
                print(f"{username:<{width}}  {role:<10}  {state:<8}  {name}")
            return 0
        if args.user_command == "add":
            org.add_user(db, actor, args.username, args.name, args.role)
            print(f"{args.username} added as {args.role} on {db.describe()}.")
        elif args.user_command == "set-role":
            before = org.set_role(db, actor, args.username, args.role)
            print(f"{args.username}: {before} -> {args.role}.")
        else:
            org.set_active(db, actor, args.username, args.user_command == "enable")
            print(f"{args.username} {args.user_command}d.")
        if not db.is_sqlite:
            print(
                "On PostgreSQL the database enforces roles too: run 'watchfloor db roles' as the schema "
                "owner "
                "to apply this to the login's grants.",
                file=sys.stderr,
            )
        return 0
    finally:
        db.dispose()


def cmd_whoami(args: argparse.Namespace, settings: Settings) -> int:
    db = open_db(settings)
    try:
        actor = _signed_in(db)
        print(f"{actor.username} ({actor.role}) on {db.describe()} from {actor.host}")
        return 0
    finally:
        db.dispose()


def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    from console import audit
    from console.errors import BadAuditHead

    expect = None
    if getattr(args, "head", None):
        try:
            expect = audit.Head.parse(args.head)
        except ValueError:
            raise BadAuditHead(value=args.head) from None
    db = open_db(settings)
    try:
        with db.engine.connect() as conn:
            if args.audit_command == "head":
                head = audit.head(conn)
                print(head if head else "empty")
                return 0
            verdict = audit.verify(conn, expect=expect)
    finally:
        db.dispose()
    if verdict.problem is not None:
        print(
            f"watchfloor: audit log BROKEN after {verdict.records} records: {verdict.problem}",
            file=sys.stderr,
        )
        return 3
    print(
        f"audit log intact: {verdict.records} records in {verdict.seconds:.1f} s; "
        f"head {verdict.head or 'empty'}"
    )
    return 0


def make_database_engine(settings: Settings) -> Any:
    """An engine for schema work: the password asked for as for any command and the file checked, the
    schema not (that is what is being changed)."""
    from console.connect import connect_database
    from console.db import integrity

    db = connecting(settings, connect_database)
    try:
        integrity.check(db)
    except BaseException:
        db.dispose()
        raise
    return db.engine


def open_writable(settings: Settings, *, existing: bool = False) -> Any:
    """The database for a command that writes: refused at once when it opens read-only (a newer schema),
    and, with ``existing``, when it is a SQLite file that is not there, even the embedded default (it is not
    created to be refused).

    Raises:
        ReadOnly, NoSuchDatabaseFile
    """
    from console.errors import ReadOnly

    db = open_db(settings, create=False) if existing else open_db(settings)
    if db.read_only_reason:
        reason = db.read_only_reason
        db.dispose()
        raise ReadOnly(reason=reason)
    return db


DEMO_CREATED = QT_TRANSLATE_NOOP("Cli", "Demo floor created in {where}: {summary}")
DEMO_INTERRUPTED = QT_TRANSLATE_NOOP(
    "Cli", "Interrupted: the demo floor was not created, nothing was written."
)
RESET_QUESTION = QT_TRANSLATE_NOOP(
    "Cli",
    "Replace the demo floor in {where}? Its agents, users, rota, samples and incidents are deleted "
    "(the audit log is kept). [y/N] ",
)
RESET_DECLINED = QT_TRANSLATE_NOOP("Cli", "Nothing was changed.")


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    """``watchfloor demo``: build the demo floor, with its progress on stderr; all or nothing.

    Exit 0 built (or, with ``--if-empty``, a floor was there), 2 refused (a floor is there; ``--reset`` of a
    floor the demo did not build, or unconfirmed), 130 interrupted (nothing written).
    """
    from console.demo.build import create_demo_floor, has_floor, is_demo_floor
    from console.demo.progress import TerminalProgress
    from console.errors import ConfirmationNeeded, FloorExists, NotDemoFloor

    db = open_writable(settings)
    progress = TerminalProgress(sys.stderr)
    try:
        where = db.describe()
        found = has_floor(db)
        if found and args.if_empty:
            return 0
        if found and not args.reset:
            raise FloorExists(where=where)
        if found and not is_demo_floor(db):
            raise NotDemoFloor(where=where)
        if found and not args.yes:
            if not sys.stdin.isatty():
                raise ConfirmationNeeded(where=where)
            answer = input(translate("Cli", RESET_QUESTION).format(where=where))
            if answer.strip().lower() not in ("y", "yes"):
                print(translate("Cli", RESET_DECLINED), file=sys.stderr)
                return 2
        summary = create_demo_floor(
            db,
            days=args.days,
            seed=args.seed,
            tz_name=settings.floor_timezone,
            progress=progress,
            replace=args.reset,
        )
        print(translate("Cli", DEMO_CREATED).format(where=where, summary=summary))
        return 0
    except (NotDemoFloor, ConfirmationNeeded, FloorExists) as exc:
        if isinstance(exc, FloorExists) and args.if_empty:  # another process built it meanwhile
            return 0
        print(f"watchfloor: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        progress.abandon()
        print(translate("Cli", DEMO_INTERRUPTED), file=sys.stderr)
        return 130
    finally:
        db.dispose()


def cmd_simulate(args: argparse.Namespace, settings: Settings) -> int:
    db = open_writable(settings, existing=True)
    try:
        return _simulate(args, settings, db)
    finally:
        db.dispose()


def _simulate(args: argparse.Namespace, settings: Settings, db: Any) -> int:
    from console.demo.build import has_floor
    from console.demo.simulate import Simulator
    from console.services.floor import floor_plan

    if not has_floor(db):
        print(f"{db.describe()} has no floor to simulate: run 'watchfloor demo' first.", file=sys.stderr)
        return 2
    from console.auth import Perm
    from console.errors import PermissionDenied

    actor = _signed_in(db)  # the simulator stands in for the upstream systems: an admin or system account
    if actor.role not in ("admin", "system"):
        raise PermissionDenied(user=actor.username, role=actor.role, action=Perm.INGEST_SAMPLES.value)
    rate = args.rate if args.rate is not None else settings.simulate_rate
    with db.reading() as s:  # the floor's own zone (floors.timezone), not the display setting
        tz_name = floor_plan(s, settings.floor_code or None)[0].timezone
    sim = Simulator(db, rate=rate, seed=args.seed, tz_name=tz_name)
    print(f"Simulating on {db.describe()} at rate {rate}; Ctrl+C stops.", flush=True)

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())  # `make run` stops the simulator so
    with contextlib.suppress(KeyboardInterrupt):
        sim.run(duration=args.duration or None, stop=stopping)
    print(f"Simulator stopped: {sim.stats}", flush=True)
    failed = sim.stats["errors"]
    if failed:  # it carries on through a hiccup, but does not call a run with lost writes a success
        print(f"watchfloor: {failed} simulator writes failed; the log has each one.", file=sys.stderr)
        return 1
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Run the timer leader headless (:mod:`console.timers`): any number may run, one leads at a time."""
    from console.auth import Perm
    from console.errors import PermissionDenied
    from console.timers import serve

    db = open_writable(settings, existing=True)
    try:
        actor = _signed_in(db)  # like the simulator: an upstream process, so an admin or system account
        if actor.role not in ("admin", "system"):
            raise PermissionDenied(user=actor.username, role=actor.role, action=Perm.WORK_INCIDENT.value)
        stopping = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())
        print(f"Timer worker on {db.describe()} as {actor.username}; Ctrl+C stops.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            serve(db, actor, stopping, interval=max(0.1, args.interval), say=lambda m: print(m, flush=True))
        return 0
    finally:
        db.dispose()


def cmd_config(args: argparse.Namespace, settings: Settings) -> int:
    if args.config_command == "set":
        write_value(settings.path, args.name, args.value)
        print(f"{args.name} set in {settings.path}")
        return 0
    print(f"# {settings.path}")
    for opt in OPTIONS:
        print(f"{opt.name} = {getattr(settings, opt.name)!r}")
    print(f"# database in force: {settings.database}")
    return 0


CORE_COMMANDS: dict[str, Handler] = {
    "db": cmd_db,
    "demo": cmd_demo,
    "simulate": cmd_simulate,
    "worker": cmd_worker,
    "config": cmd_config,
    "user": cmd_user,
    "whoami": cmd_whoami,
    "audit": cmd_audit,
    "log": cli_handover.cmd_log,
    "handover": cli_handover.cmd_handover,
    "sla": cli_sla.cmd_sla,
    "ingest": cli_ingest.cmd_ingest,
    "intake": cli_ingest.cmd_intake,
    "rules": cli_rules.cmd_rules,
    "anomaly-eval": cli_anomaly.cmd_anomaly_eval,
    "indicators": cli_indicators.cmd_indicators,
    "leave": cli_leave.cmd_leave,
    "attendance": cli_attendance.cmd_attendance,
    "coverage": cli_coverage.cmd_coverage,
    "staffing": cli_coverage.cmd_staffing,
    "floor": cli_floor.cmd_floor,
    "rota": cli_rota.cmd_rota,
    "breaks": cli_breaks.cmd_breaks,
    "adherence": cli_breaks.cmd_adherence,
}


def configure_logging(verbosity: int, level: str = "WARNING") -> None:
    lvl = {0: getattr(logging, level, logging.WARNING), 1: logging.INFO}.get(verbosity, logging.DEBUG)
    logging.basicConfig(level=lvl, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def run_core(args: argparse.Namespace, settings: Settings) -> int:
    """Run a core command; expected failures print their (translated) message and exit 1."""
    try:
        return CORE_COMMANDS[args.command](args, settings)
    except WatchfloorError as exc:
        print(f"watchfloor: {exc}", file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    """Core-only entry point (``python -m console``): every command but the console window itself."""
    parser = build_parser()
    args = parse_args(parser, argv)
    try:
        settings = load_settings(args)
    except WatchfloorError as exc:
        print(f"watchfloor: {exc}", file=sys.stderr)
        return 1
    configure_logging(args.verbose, settings.log_level)
    if args.command not in CORE_COMMANDS:
        parser.error("the console window needs the 'watchfloor' entry point (ui.main)")
    return run_core(args, settings)
