"""The ``watchfloor`` entry point: the console window, plus every core command."""

from __future__ import annotations

import sys

from console import cli
from console.errors import WatchfloorError


def build_parser() -> cli.argparse.ArgumentParser:
    from ui.bench.options import add_options

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, cli.argparse._SubParsersAction))
    cli.add_command(
        sub,
        "self-check",
        help="build the main window offscreen on the configured database, load every "
        "dock, print OK (exit 0) or the reason (exit 1)",
    )
    bench = cli.add_command(sub, "bench", help="measure cold start and change-to-screen latency")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--starts", type=int, default=5, help="fresh processes for the start time (default 5)")
    bench.add_argument("--changes", type=int, default=100, help="changes to time (default 100)")
    bench.add_argument("--bench-child", choices=["start", "writer"], help="internal")
    add_options(bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = cli.parse_args(parser, argv)
    try:
        settings = cli.load_settings(args)
    except WatchfloorError as exc:
        # The settings could not say which language to speak; --lang can.
        _app = _translate_cli(args.lang or "en")  # noqa: F841 - kept alive while the message is made
        print(f"watchfloor: {exc}", file=sys.stderr)
        return 1
    cli.configure_logging(args.verbose, settings.log_level)
    if args.command in cli.CORE_COMMANDS:
        _app = _translate_cli(settings.language)  # noqa: F841 - kept alive while the command runs
        return cli.run_core(args, settings)
    if args.command == "self-check":
        from ui.selfcheck import self_check

        return self_check(settings)
    if args.command == "bench":
        from ui.bench import bench

        return bench(args, settings)
    from ui.app import run_console

    return run_console(settings, wall=args.wall)


def _translate_cli(language: str) -> object:
    """Core messages printed by the CLI use the same catalogue as the window. Returns what must stay alive."""
    if language == "en":
        return None
    from PySide6.QtCore import QCoreApplication

    from ui import i18n

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    return app, i18n.install(app, language)


if __name__ == "__main__":
    sys.exit(main())
