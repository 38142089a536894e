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
from pathlib import Path
from typing import Any

from console import __version__
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
    add_command(dbsub, "password", help="store the PostgreSQL password in the system keyring")
    keep = add_command(dbsub, "feed-retention", help="show or set how many hours the change feed keeps")
    keep.add_argument("hours", nargs="?", type=int, help="new retention in hours (1 to a year)")

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


def _prompt(reason: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    print(
        f"The database wants a password. {reason} It is not stored: it is asked each time.", file=sys.stderr
    )
    return getpass.getpass("Database password: ") or None


def open_db(settings: Settings, **kw: Any) -> Any:
    from console.connect import open_database

    return open_database(settings.database, prompt=_prompt, **kw)


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from console import credentials
    from console.db import migrate
    from console.db.engine import describe_url

    where = describe_url(settings.database)
    if args.db_command == "password":
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
    if args.db_command == "current":
        engine = make_database_engine(settings)
        schema = migrate.schema_status(engine)
        print(f"{where}: {schema.found or 'empty'} (newest known: {schema.known}, {schema.state.value})")
        return 0
    engine = make_database_engine(settings)
    if args.db_command == "upgrade":
        migrate.upgrade(engine, args.revision)
    else:
        migrate.downgrade(engine, args.revision)
    print(f"{where}: now at {migrate.current_revision(engine) or 'base'}")
    return 0


def _feed_retention(args: argparse.Namespace, settings: Settings, where: str) -> int:
    from console.auth import Actor
    from console.services import feed_admin

    db = open_db(settings)
    if args.hours is not None:
        feed_admin.set_feed_retention(db, Actor(settings.username, "admin"), args.hours)
    print(f"{where}: the change feed keeps {feed_admin.feed_retention_hours(db)} hours")
    db.dispose()
    return 0


def make_database_engine(settings: Settings) -> Any:
    """An engine for schema work: no schema check (that is what is being changed)."""
    from console import credentials
    from console.db.engine import make_engine, normalise_url

    url = normalise_url(settings.database)
    password = credentials.get_password(url) if url.get_backend_name() == "postgresql" else None
    return make_engine(url, password=password)


def open_writable(settings: Settings, *, existing: bool = False) -> Any:
    """The database for a command that writes: refused at once when it opens read-only (a newer schema),
    and, with ``existing``, when it is a SQLite file that is not there (it is not created to be refused).

    Raises:
        ReadOnly, NoSuchDatabaseFile
    """
    from console.db.engine import normalise_url
    from console.errors import NoSuchDatabaseFile, ReadOnly

    url = normalise_url(settings.database)
    path = url.database if url.get_backend_name() == "sqlite" else None
    if existing and path and path != ":memory:" and not Path(path).exists():
        raise NoSuchDatabaseFile(path=path)
    db = open_db(settings)
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
    "config": cmd_config,
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
