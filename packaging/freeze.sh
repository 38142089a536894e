#!/usr/bin/env bash
# Freeze Watchfloor into dist/watchfloor/ with PyInstaller, then smoke-test the frozen binary.
#
# Run by `make freeze` (which makes the venv first). Fails on any failed step, so CI's freeze is a real check:
#   1. the bundle check (files and modules a freeze can leave out: migrations, translations, tzdata, keyring
#      backends, psycopg's binary libpq, SQLAlchemy dialects),
#   2. --version / --help, 3. a missing SQLite file refused and not created, `db create` + `db current` +
#      `db upgrade` on a new one, and a damaged one refused in one line,
#   4. `demo --days 1` on a new file, once console/demo/build.py exists, and a week of rota generated on it
#      (OR-Tools CP-SAT frozen),
#   5. `self-check` on a new SQLite file, which must print OK (once ui/selfcheck.py exists),
#   6. `db current` on PostgreSQL when CI=true or WATCHFLOOR_TEST_PG_URL is set (psycopg frozen, for real).
# Nothing touches the user's own settings or data: config and data dirs point into a temporary folder.
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PYINSTALLER="$VENV/bin/pyinstaller"
DIST=dist/watchfloor
EXE=$DIST/watchfloor

step() { printf '\n== %s\n' "$*"; }

step "PyInstaller (packaging/watchfloor.spec)"
start=$SECONDS
"$PYINSTALLER" --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/watchfloor.spec
build_secs=$((SECONDS - start))
echo "built $DIST in ${build_secs}s: $(du -sh "$DIST" | cut -f1) ($(find "$DIST" -type f | wc -l) files)"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/watchfloor-freeze.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export WATCHFLOOR_CONFIG_DIR="$scratch/config" WATCHFLOOR_DATA_DIR="$scratch/data"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

# Run the frozen binary and show what it printed; its output in OUT, its exit code in RC.
invoke() {
    echo "\$ $EXE $*"
    OUT=$("$EXE" "$@" 2>&1) && RC=0 || RC=$?
    printf '%s\n' "$OUT" | sed 's/^/  | /'
}

# Fail on a non-zero exit or when EXPECT is not in the output.
run() {
    local expect=$1; shift
    invoke "$@"
    if [ "$RC" -ne 0 ]; then echo "FAILED: exit $RC"; return 1; fi
    if [ -n "$expect" ] && ! grep -qF -- "$expect" <<<"$OUT"; then echo "FAILED: no '$expect' in the output"; return 1; fi
}

# The command must be refused: exit 1 and one line of output holding EXPECT.
refused() {
    local expect=$1; shift
    invoke "$@"
    if [ "$RC" -ne 1 ]; then echo "FAILED: exit $RC, not 1"; return 1; fi
    if [ "$(printf '%s\n' "$OUT" | wc -l)" -ne 1 ]; then echo "FAILED: not one line"; return 1; fi
    if ! grep -qF -- "$expect" <<<"$OUT"; then echo "FAILED: no '$expect' in the output"; return 1; fi
}

step "bundle contents"
WATCHFLOOR_BUNDLE_CHECK=1 run "OK"

step "command line"
run "watchfloor " --version
run "usage:" --help

step "schema on a new SQLite file"
db="$scratch/schema.db"
refused "watchfloor db create" --db "$db" db current
if [ -e "$db" ]; then echo "FAILED: a missing file named with --db was created"; exit 1; fi
run "Created" db create "$db"
run "current)" --db "$db" db current
run "now at" --db "$db" db upgrade
printf 'SQLite format 3\000%s' "$(head -c 5000 /dev/zero | tr '\0' x)" >"$scratch/garbled.db"
refused "garbled.db is not a SQLite database" --db "$scratch/garbled.db" db current

if [ -f console/demo/build.py ]; then
    step "demo floor, one day"
    run "Created" db create "$scratch/demo.db"
    run "Demo floor created" --db "$scratch/demo.db" demo --days 1
    # The rota generator's OR-Tools CP-SAT (native libraries PyInstaller collects without a hook) solves a week.
    run "shifts, solver" --db "$scratch/demo.db" rota generate --from "$(date -u -d tomorrow +%F)" --weeks 1 \
        --time-limit 10
    # A page in the middle overwritten with garbage: refused in one line by quick_check, not a minute of retries.
    cp "$scratch/demo.db" "$scratch/damaged.db"
    pages=$(( $(stat -c %s "$scratch/damaged.db") / 4096 ))
    head -c 4096 /dev/zero | tr '\0' '\377' | dd of="$scratch/damaged.db" bs=4096 seek=$((pages / 2)) conv=notrunc status=none
    refused "is damaged" --db "$scratch/damaged.db" db current
else
    echo "(console/demo/build.py not written yet: demo not tested)"
fi

step "self-check on a new SQLite file"
if [ -f ui/selfcheck.py ]; then
    run "Created" db create "$scratch/selfcheck.db"
    run "OK" --db "$scratch/selfcheck.db" self-check
else
    echo "SKIPPED: ui/selfcheck.py does not exist yet, so the frozen self-check cannot run"
fi

pg_url=${WATCHFLOOR_TEST_PG_URL:-}
if [ -z "$pg_url" ] && [ "${CI:-}" = "true" ]; then pg_url=postgresql://postgres@127.0.0.1:5432/test; fi
if [ -n "$pg_url" ]; then
    step "PostgreSQL through the frozen psycopg"
    run "PostgreSQL" --db "$pg_url" db current
fi

echo
echo "freeze OK: $DIST, $(du -sh "$DIST" | cut -f1), PyInstaller ${build_secs}s"
