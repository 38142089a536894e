#!/usr/bin/env bash
# Freeze Watchfloor into dist/watchfloor/ with PyInstaller, then smoke-test the frozen binary.
#
# Run by `make freeze` (which makes the venv first). Fails on any failed step, so CI's freeze is a real check:
#   1. the bundle check (files and modules a freeze can leave out: migrations, translations, tzdata, keyring
#      backends, psycopg's binary libpq, SQLAlchemy dialects),
#   2. --version / --help, 3. `db upgrade` + `db current` on a fresh SQLite file,
#   4. `demo --days 1` on it, once console/demo/build.py exists,
#   5. `self-check` on a fresh SQLite file, which must print OK (once ui/selfcheck.py exists),
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

# Run the frozen binary; show what it printed; fail on a non-zero exit or when EXPECT is not in its output.
run() {
    local expect=$1; shift
    local out rc=0
    echo "\$ $EXE $*"
    out=$("$EXE" "$@" 2>&1) || rc=$?
    printf '%s\n' "$out" | sed 's/^/  | /'
    if [ "$rc" -ne 0 ]; then echo "FAILED: exit $rc"; return 1; fi
    if [ -n "$expect" ] && ! grep -qF -- "$expect" <<<"$out"; then echo "FAILED: no '$expect' in the output"; return 1; fi
}

step "bundle contents"
WATCHFLOOR_BUNDLE_CHECK=1 run "OK"

step "command line"
run "watchfloor " --version
run "usage:" --help

step "schema on a fresh SQLite file"
db="$scratch/schema.db"
run "empty" --db "$db" db current
run "now at" --db "$db" db upgrade
run "current)" --db "$db" db current

if [ -f console/demo/build.py ]; then
    step "demo floor, one day"
    run "Demo floor created" --db "$scratch/demo.db" demo --days 1
else
    echo "(console/demo/build.py not written yet: demo not tested)"
fi

step "self-check on a fresh SQLite file"
if [ -f ui/selfcheck.py ]; then
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
