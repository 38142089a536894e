"""``watchfloor ingest FILE|-``: indicator samples from a CSV or JSON Lines file (or standard input), checked
line by line and stored all or nothing (:mod:`console.ingest`); samples with dimensions (region, channel, …)
go to their breakdown series in the same transaction (:mod:`console.services.breakdown`)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from console.i18n import QT_TRANSLATE_NOOP, translate
from console.settings import Settings

AddCommand = Callable[..., argparse.ArgumentParser]

STORED = QT_TRANSLATE_NOOP(
    "Cli",
    "{stored:,} samples stored, {already:,} already there ({read:,} read from {source} in {took:.2f} s)",
)
STORED_DIMS = QT_TRANSLATE_NOOP(
    "Cli",
    "{stored:,} samples stored, {already:,} already there; by dimension {split:,} stored, {split_already:,} "
    "already there ({read:,} read from {source} in {took:.2f} s)",
)
INGEST_SUMMARY = "store indicator samples from a CSV or JSON Lines file (- : standard input)"
INGEST_HELP = INGEST_SUMMARY + (
    ". CSV: a header naming "
    "indicator, timestamp and value; any further column is a dimension (region, channel, …; an empty cell: "
    "none). JSON Lines: objects with those three fields, dimensions in a 'dims' object or as further keys. "
    "Samples with dimensions are stored by series (see 'indicators breakdown'); those without are the "
    "indicator's headline series"
)


def add_commands(sub: Any, add_command: AddCommand) -> None:
    ing = add_command(sub, "ingest", help=INGEST_SUMMARY, description=INGEST_HELP)
    ing.add_argument(
        "file", help="indicator,timestamp,value[,dimension…] (CSV with a header, or JSON Lines); - for stdin"
    )
    ing.add_argument("--format", choices=["csv", "jsonl"], help="default: from the file's first character")
    ing.add_argument("--source", default="import", help="what the audit log names as the source")


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from console import ingest
    from console.cli import _signed_in, open_writable
    from console.db.models import RiskIndicator
    from console.errors import InvalidInput
    from console.services import indicators

    db = open_writable(settings, existing=True)
    try:
        actor = _signed_in(db)
        with db.reading() as s:
            known = {ind.key: ind.id for ind in s.query(RiskIndicator)}
        source = "stdin" if args.file == "-" else args.file
        started = time.perf_counter()
        if args.file == "-":
            parsed = ingest.parse(sys.stdin.buffer, known, args.format)
        else:
            path = Path(args.file)
            if not path.is_file():
                raise InvalidInput(detail=f"{path}: no such file")
            with path.open("rb") as stream:
                parsed = ingest.parse(stream, known, args.format)
        ingest.checked(parsed, source)
        if parsed.dimensioned:
            from console.services import breakdown

            both = breakdown.ingest_dimensioned(
                db, actor, parsed.ids, parsed.micros, parsed.values, parsed.dims, source=args.source
            )
            took = time.perf_counter() - started
            print(
                translate("Cli", STORED_DIMS).format(
                    stored=both.samples,
                    already=both.samples_already,
                    split=both.breakdown,
                    split_already=both.breakdown_already,
                    read=len(parsed),
                    source=source,
                    took=took,
                )
            )
            return 0
        stored, already = indicators.ingest_rows(
            db, actor, parsed.ids, parsed.micros, parsed.values, source=args.source
        )
        took = time.perf_counter() - started
        print(
            translate("Cli", STORED).format(
                stored=stored, already=already, read=len(parsed), source=source, took=took
            )
        )
        return 0
    finally:
        db.dispose()


def add_intake(sub: Any, add_command: AddCommand) -> None:
    take = add_command(
        sub, "intake", help="take Alertmanager / Grafana webhooks as incidents (bearer token in the keyring)"
    )
    take.add_argument("--listen", metavar="HOST:PORT", help="serve webhooks here, e.g. 127.0.0.1:9094")
    take.add_argument(
        "--new-token", action="store_true", help="make a new token, keep it in the keyring and print it once"
    )


def cmd_intake(args: argparse.Namespace, settings: Settings) -> int:
    import signal
    import threading

    from console import intake
    from console.cli import _signed_in, open_writable
    from console.errors import InvalidInput

    if not args.listen and not args.new_token:
        raise InvalidInput(detail="intake needs --listen HOST:PORT or --new-token")
    db = open_writable(settings, existing=True)
    try:
        actor = _signed_in(db)
        url = db.url.render_as_string(hide_password=True)
        if args.new_token:
            made = intake.new_token(url)
            print(f"Intake token for {db.describe()} (kept in the keyring; shown this once):\n{made}")
        if not args.listen:
            return 0
        token = intake.stored_token(url)
        if token is None:
            raise intake.NoIntakeToken()
        host, _, port = args.listen.rpartition(":")
        if not port.isdigit() or not host:
            raise InvalidInput(detail=f"--listen {args.listen!r} (HOST:PORT)")
        server = intake.make_server(db, actor, host.strip("[]"), int(port), token)
        signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
        print(f"Alert intake on http://{args.listen}/ for {db.describe()} as {actor.username}; Ctrl+C stops.")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        return 0
    finally:
        db.dispose()
