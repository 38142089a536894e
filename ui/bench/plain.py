"""Writes that bypass Watchfloor: a plain sqlite3 / psycopg connection and plain SQL, as an ETL job would.

Nothing here goes through the services, so a console shows these rows only because the database's own
triggers wrote the change feed. Every row the benchmark writes carries its run tag (``BENCH-<run>-<n>``
refs), so it can be found and tidied away afterwards.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

P4_ACK, P4_RESOLVE = timedelta(hours=4), timedelta(days=3)  # the P4 SLA (console.services.incidents.SLA)
CATEGORY = "tooling_outage"


def ref_prefix(run: str) -> str:
    return f"BENCH-{run}-"


class PlainSQL:
    """One DB-API connection to the database of a Watchfloor URL; ``?`` placeholders on both databases.

    Each public method is one transaction.
    """

    def __init__(self, url: str) -> None:
        from console.db.engine import normalise_url  # URL parsing only: nothing of Watchfloor's writes

        parsed = normalise_url(url)
        self.kind = parsed.get_backend_name()
        self._conn: Any
        if self.kind == "sqlite":
            self._conn = sqlite3.connect(parsed.database or "", timeout=10, isolation_level=None)
        else:
            import psycopg

            extra: dict[str, Any] = {"application_name": "watchfloor-bench-plain"}
            options = parsed.query.get("options")  # e.g. a search_path given in the URL
            if options:
                extra["options"] = " ".join(options) if isinstance(options, tuple) else options
            self._conn = psycopg.connect(
                host=parsed.host,
                port=parsed.port or 5432,
                user=parsed.username,
                password=parsed.password,
                dbname=parsed.database,
                **extra,
            )

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> PlainSQL:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql if self.kind == "sqlite" else sql.replace("?", "%s")

    def _when(self, at: datetime) -> Any:
        """SQLite keeps naive UTC text exactly as SQLAlchemy writes it; PostgreSQL takes ``timestamptz``."""
        if self.kind == "sqlite":
            return at.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        return at

    def _transaction(self, work: Callable[[Any], Any]) -> Any:
        if self.kind == "sqlite":
            self._conn.execute("BEGIN IMMEDIATE")
        cur = self._conn.cursor()
        try:
            result = work(cur)
        except BaseException:
            self._conn.rollback()
            raise
        self._conn.commit()
        return result

    # -- writes ---------------------------------------------------------------------------------------
    def open_incidents(self, run: str, numbers: Sequence[int]) -> list[int]:
        """Insert one open P4 incident per number, in one transaction; returns their ids."""
        insert = self._sql(
            "INSERT INTO incidents (ref, title, category, severity, status, summary, opened_at, ack_due_at, "
            "resolve_due_at, version) VALUES (?, ?, ?, 4, 'open', 'watchfloor bench: plain SQL', ?, ?, ?, 1) "
            "RETURNING id"
        )

        def work(cur: Any) -> list[int]:
            now = datetime.now(UTC)
            ids = []
            for n in numbers:
                row = (
                    f"{ref_prefix(run)}{n}",
                    f"BENCH {run} {n}",
                    CATEGORY,
                    self._when(now),
                    self._when(now + P4_ACK),
                    self._when(now + P4_RESOLVE),
                )
                cur.execute(insert, row)
                ids.append(int(cur.fetchone()[0]))
            return ids

        return list(self._transaction(work))

    def add_samples(self, total: int) -> list[tuple[int, Any]]:
        """Insert ``total`` samples spread over the indicators, a moment before now, each repeating its
        indicator's newest value (off the minute: no per-minute sample of the simulator's is hit), in one
        transaction. Returns their keys (for :meth:`delete_samples`)."""

        def work(cur: Any) -> list[tuple[int, Any]]:
            cur.execute(
                "SELECT s.indicator_id, s.value FROM indicator_samples s JOIN "
                "(SELECT indicator_id, max(ts) AS ts FROM indicator_samples GROUP BY indicator_id) m "
                "ON m.indicator_id = s.indicator_id AND m.ts = s.ts ORDER BY s.indicator_id"
            )
            newest = cur.fetchall()
            if not newest or total <= 0:
                return []
            per = -(-total // len(newest))
            now = datetime.now(UTC) - timedelta(seconds=1, microseconds=123)
            rows = [
                (int(ind), self._when(now - timedelta(milliseconds=10 * k)), float(value))
                for k in range(per)
                for ind, value in newest
            ][:total]
            cur.executemany(
                self._sql("INSERT INTO indicator_samples (indicator_id, ts, value) VALUES (?, ?, ?)"), rows
            )
            return [(ind, ts) for ind, ts, _ in rows]

        return list(self._transaction(work))

    def close_incidents(self, run: str) -> int:
        """Close every incident of the run: the queue returns to what it was, and a simulator running later
        has nothing of the benchmark's left to close."""

        def work(cur: Any) -> int:
            now = self._when(datetime.now(UTC))
            cur.execute(
                self._sql(
                    "UPDATE incidents SET status = 'closed', resolved_at = ?, closed_at = ?, "
                    "version = version + 1 WHERE ref LIKE ? AND status = 'open'"
                ),
                (now, now, f"{ref_prefix(run)}%"),
            )
            return int(cur.rowcount)

        return int(self._transaction(work))

    def delete_samples(self, keys: Sequence[tuple[int, Any]]) -> None:
        self._transaction(
            lambda cur: cur.executemany(
                self._sql("DELETE FROM indicator_samples WHERE indicator_id = ? AND ts = ?"), list(keys)
            )
        )

    def newest_seq(self) -> int:
        def work(cur: Any) -> int:
            cur.execute("SELECT coalesce(max(seq), 0) FROM change_feed")
            return int(cur.fetchone()[0])

        return int(self._transaction(work))


def jittered(interval_s: float) -> float:
    """``interval_s`` ± 50 %: a writer on a fixed beat locks phase with SQLite's 100 ms poll, and its
    latencies then cluster wherever that phase happens to settle (p50 59 ms in one run, 24 in the next)."""
    return interval_s * random.uniform(0.5, 1.5)


def trickle(
    url: str, run: str, count: int, interval_s: float, emit: Callable[[str], None], settle_s: float = 0.0
) -> None:
    """Open ``count`` incidents one per transaction, ``interval_s`` apart; ``emit`` gets
    ``CHANGE <n> <id> <commit wall time>`` after each commit. After ``settle_s``, close them all."""
    with PlainSQL(url) as db:
        for n in range(count):
            (inc,) = db.open_incidents(run, [n])
            emit(f"CHANGE {n} {inc} {time.time():.6f}")
            time.sleep(jittered(interval_s))
        time.sleep(settle_s)
        db.close_incidents(run)
