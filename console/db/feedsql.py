"""The SQL that makes the database write its own change feed, for PostgreSQL and SQLite.

Any writer (the services, ``COPY``, ``psql``, an ETL job) appends to ``change_feed`` through these triggers,
so a console shows it live. The services only add what the database cannot know: the audit entry and the
``origin`` (which console wrote it), passed in a per-transaction setting.

PostgreSQL: statement-level ``AFTER`` triggers with transition tables collect the distinct keys a statement
touched into ``feed_pending`` (unlogged, one row per transaction, topic and key), so a ``COPY`` of 100,000
samples adds one pending row per indicator, not per sample. A deferred constraint trigger on
``feed_pending`` runs at commit: it takes the feed's advisory lock, numbers the transaction's entries
``max(seq) + 1 …`` and moves them into the feed, then ``NOTIFY``s. The lock is held until the commit ends, so
sequence order is commit order, with no gaps but those someone made by hand (which followers detect).

SQLite: row-level triggers (SQLite has no statement triggers), deduplicated within a transaction when the
writer opened a feed session (``feed_session``, a row that exists only inside the writer's own
transaction); any other writer gets one entry per row. SQLite numbers ``seq`` as ``max(rowid) + 1`` and
writers are serialised, so sequence order is commit order there too.

Pruning: the feed keeps ``feed_settings.retention_hours`` of history; every 1,000th entry deletes older ones
(never the newest), in whichever transaction happens to write it: once per floor, no timer anywhere.

A migration that recreates a watched table on SQLite (Alembic's batch "move and copy") drops its triggers:
use plain ``ALTER TABLE`` there, or create the triggers again with :func:`sqlite_watch`.
"""

from __future__ import annotations

from console.topics import FEED_LOCK_KEY, NOTIFY_CHANNEL, Watch

DEFAULT_RETENTION_HOURS = 72
PRUNE_EVERY = 1000
# The per-transaction setting (PostgreSQL) a console's unit of work sets to its origin.
ORIGIN_SETTING = "watchfloor.origin"

# SQLite stores SQLAlchemy DateTime as text 'YYYY-MM-DD HH:MM:SS.ffffff' (naive UTC): match it exactly.
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


# (feed op, trigger event, the row or transition table that holds the key)
_EVENTS = (("insert", "INSERT", "NEW"), ("update", "UPDATE", "NEW"), ("delete", "DELETE", "OLD"))


def _pg_name(watch: Watch, op: str) -> str:
    return f"feed_{watch.table}_{op}"


def postgres_install(watched: tuple[Watch, ...]) -> list[str]:
    """Statements creating the PostgreSQL feed machinery for ``watched`` (after the tables exist)."""
    stmts = [
        "ALTER TABLE change_feed ALTER COLUMN seq DROP IDENTITY IF EXISTS",
        "ALTER TABLE change_feed ALTER COLUMN seq DROP DEFAULT",
        """CREATE UNLOGGED TABLE feed_pending (
            txid bigint NOT NULL,
            topic varchar(24) NOT NULL,
            entity_id bigint NOT NULL,
            op varchar(8) NOT NULL,
            PRIMARY KEY (txid, topic, entity_id)
        )""",
        """CREATE FUNCTION feed_collect() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            -- TG_ARGV: topic, key column, op. The transition table is 'changed_rows'.
            EXECUTE format(
                'INSERT INTO feed_pending (txid, topic, entity_id, op) '
                'SELECT DISTINCT txid_current(), %L, %I, %L FROM changed_rows WHERE %I IS NOT NULL '
                'ON CONFLICT DO NOTHING',
                TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], TG_ARGV[1]);
            RETURN NULL;
        END $$""",
        """CREATE FUNCTION feed_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO feed_pending (txid, topic, entity_id, op)
            VALUES (txid_current(), TG_ARGV[0], 0, 'truncate') ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$""",
        f"""CREATE FUNCTION feed_flush() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            base bigint;
            added bigint;
            keep_hours integer;
        BEGIN
            -- Runs at commit once per pending row: the first call moves them all, the others find none.
            IF NOT EXISTS (SELECT 1 FROM feed_pending WHERE txid = txid_current()) THEN
                RETURN NULL;
            END IF;
            PERFORM pg_advisory_xact_lock({FEED_LOCK_KEY});
            SELECT coalesce(max(seq), 0) INTO base FROM change_feed;
            WITH moved AS (
                DELETE FROM feed_pending WHERE txid = txid_current() RETURNING topic, entity_id, op
            )
            INSERT INTO change_feed (seq, at, topic, entity_id, op, origin)
            SELECT base + row_number() OVER (ORDER BY topic, entity_id), clock_timestamp(),
                   topic, entity_id, op, nullif(current_setting('{ORIGIN_SETTING}', true), '')
            FROM moved;
            GET DIAGNOSTICS added = ROW_COUNT;
            PERFORM pg_notify('{NOTIFY_CHANNEL}', (base + added)::text);
            IF (base + added) / {PRUNE_EVERY} > base / {PRUNE_EVERY} THEN
                SELECT retention_hours INTO keep_hours FROM feed_settings WHERE id = 1;
                DELETE FROM change_feed
                WHERE at < clock_timestamp()
                           - make_interval(hours => coalesce(keep_hours, {DEFAULT_RETENTION_HOURS}))
                  AND seq < base + added;
            END IF;
            RETURN NULL;
        END $$""",
        """CREATE CONSTRAINT TRIGGER feed_flush AFTER INSERT ON feed_pending
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feed_flush()""",
    ]
    for watch in watched:
        stmts += postgres_watch(watch)
    return stmts


def postgres_watch(watch: Watch) -> list[str]:
    """The triggers that feed one table's changes (three statement triggers and one for TRUNCATE)."""
    out = []
    for op, event, table in (
        ("insert", "INSERT", "NEW"),
        ("update", "UPDATE", "NEW"),
        ("delete", "DELETE", "OLD"),
    ):
        out.append(
            f"CREATE TRIGGER {_pg_name(watch, op)} AFTER {event} ON {watch.table} "
            f"REFERENCING {table} TABLE AS changed_rows FOR EACH STATEMENT "
            f"EXECUTE FUNCTION feed_collect('{watch.topic.value}', '{watch.key}', '{op}')"
        )
    out.append(
        f"CREATE TRIGGER {_pg_name(watch, 'truncate')} AFTER TRUNCATE ON {watch.table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION feed_truncated('{watch.topic.value}')"
    )
    return out


def postgres_unwatch(watch: Watch) -> list[str]:
    ops = ("insert", "update", "delete", "truncate")
    return [f"DROP TRIGGER IF EXISTS {_pg_name(watch, op)} ON {watch.table}" for op in ops]


def postgres_uninstall(watched: tuple[Watch, ...]) -> list[str]:
    stmts = [stmt for watch in watched for stmt in postgres_unwatch(watch)]
    stmts += [
        "DROP TRIGGER IF EXISTS feed_flush ON feed_pending",
        "DROP FUNCTION IF EXISTS feed_flush()",
        "DROP FUNCTION IF EXISTS feed_truncated()",
        "DROP FUNCTION IF EXISTS feed_collect()",
        "DROP TABLE IF EXISTS feed_pending",
        "ALTER TABLE change_feed ALTER COLUMN seq ADD GENERATED BY DEFAULT AS IDENTITY",
        "SELECT setval(pg_get_serial_sequence('change_feed', 'seq'), "
        "coalesce((SELECT max(seq) FROM change_feed), 0) + 1, false)",
    ]
    return stmts


def sqlite_install(watched: tuple[Watch, ...]) -> list[str]:
    stmts = [
        # Exists only inside a console's own write transaction (inserted at its start, deleted before commit).
        """CREATE TABLE feed_session (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            origin VARCHAR(64),
            since_seq INTEGER NOT NULL
        )""",
        f"""CREATE TRIGGER feed_prune AFTER INSERT ON change_feed WHEN NEW.seq % {PRUNE_EVERY} = 0
        BEGIN
            DELETE FROM change_feed
            WHERE seq < NEW.seq AND at < strftime('%Y-%m-%d %H:%M:%f000', 'now',
                '-' || coalesce((SELECT retention_hours FROM feed_settings WHERE id = 1),
                                {DEFAULT_RETENTION_HOURS}) || ' hours');
        END""",
    ]
    for watch in watched:
        stmts += sqlite_watch(watch)
    return stmts


def sqlite_watch(watch: Watch) -> list[str]:
    out = []
    for op, event, row in (
        ("insert", "INSERT", "NEW"),
        ("update", "UPDATE", "NEW"),
        ("delete", "DELETE", "OLD"),
    ):
        key = f"{row}.{watch.key}"
        topic = watch.topic.value
        out.append(
            f"""CREATE TRIGGER {_pg_name(watch, op)} AFTER {event} ON {watch.table}
            WHEN {key} IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM change_feed
                WHERE topic = '{topic}' AND entity_id = {key}
                  AND seq > (SELECT since_seq FROM feed_session WHERE id = 1))
            BEGIN
                INSERT INTO change_feed (at, topic, entity_id, op, origin)
                VALUES ({_SQLITE_NOW}, '{topic}', {key}, '{op}',
                        (SELECT origin FROM feed_session WHERE id = 1));
            END"""
        )
    return out


def sqlite_unwatch(watch: Watch) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {_pg_name(watch, op)}" for op, _, _ in _EVENTS]


def sqlite_uninstall(watched: tuple[Watch, ...]) -> list[str]:
    stmts = [stmt for watch in watched for stmt in sqlite_unwatch(watch)]
    return [*stmts, "DROP TRIGGER IF EXISTS feed_prune", "DROP TABLE IF EXISTS feed_session"]
