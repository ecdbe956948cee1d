#!/usr/bin/env bash
# Fault checks for production readiness, each against a throwaway PostgreSQL server that
# this script starts itself (initdb in a temporary directory, its own port) and removes at
# the end; no other database server is touched. Traffic goes to loopback only.
#
#   1. database restart under load: requests fail fast with 503 while it is down, and
#      succeed again by themselves once it is back (no app server restart);
#   2. a gunicorn worker killed with SIGKILL under load is replaced by the master;
#   3. a restore killed halfway (SIGKILL) leaves nothing behind, and a rerun succeeds;
#   4. an import killed halfway (SIGKILL) leaves nothing behind, and a rerun succeeds.
#
# Usage: scripts/fault_checks.sh   (as root or as the postgres user; needs initdb, pg_ctl)
# Environment: FAULT_PG_PORT (55432), FAULT_ZONES (20000), FAULT_CLIENTS (16),
# FAULT_IMPORT_ROWS (100000).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${FAULT_PG_PORT:-55432}
ZONES=${FAULT_ZONES:-20000}
CLIENTS=${FAULT_CLIENTS:-16}
IMPORT_ROWS=${FAULT_IMPORT_ROWS:-100000}
PY=.venv/bin/python
BINDIR=$(dirname "$(command -v initdb || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
WORK=$(mktemp -d /tmp/registry-faults.XXXXXX)
DATA=$WORK/pg
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/registry_faults"
failures=0

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg() { as_postgres "$BINDIR/pg_ctl" -D "$DATA" -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1" -l "$DATA/log" -w "$@" >/dev/null; }
psql_value() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d "$1" -Atc "$2"; }
say() { printf '\n=== %s\n' "$*"; }
verdict() {
    if [ "$1" = 0 ]; then echo "PASS: $2"; else echo "FAIL: $2"; failures=$((failures + 1)); fi
}
cleanup() {
    [ -n "${LOAD_PID:-}" ] && kill "$LOAD_PID" 2>/dev/null || true
    pg stop -m immediate 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

say "throwaway PostgreSQL on 127.0.0.1:$PORT in $DATA"
mkdir -p "$DATA"
[ "$(id -u)" = 0 ] && chown -R postgres "$WORK"
as_postgres "$BINDIR/initdb" -D "$DATA" -A trust -U postgres >/dev/null
pg start
psql -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE registry_faults"
$PY manage.py migrate --noinput -v0

say "seeding $ZONES zones (loadtest's throwaway database registry_faults_loadtest)"
$PY manage.py loadtest --zones "$ZONES" --mix probes --clients 2 --duration 1 >/dev/null

start_load() {
    local out=$1
    shift
    $PY manage.py loadtest --zones "$ZONES" --clients "$CLIENTS" "$@" >"$out" 2>&1 &
    LOAD_PID=$!
}
# Wait until the load test prints that it drives the server; echo the gunicorn master pid.
master_pid() {
    for _ in $(seq 240); do
        grep -q "^driving" "$1" && break
        sleep 0.5
    done
    grep "^driving" "$1" | sed -E 's/.*gunicorn pid ([0-9]+).*/\1/'
}

# From here on a failed step is a failed check, reported by verdict, not an abort.
set +e

say "1. database restart under load"
MIX=(--request readyz:3:/readyz --request healthz:1:/healthz)
start_load "$WORK/restart.out" "${MIX[@]}" --duration 45 --timeline "$WORK/restart.csv"
master_pid "$WORK/restart.out" >/dev/null
sleep 10
STOPPED=$(date +%s)
pg stop -m fast
echo "database stopped at $STOPPED"
sleep 10
STARTED=$(date +%s)
pg start
echo "database started at $STARTED"
wait "$LOAD_PID"
LOAD_PID=
cat "$WORK/restart.out"
$PY - "$WORK/restart.csv" "$STOPPED" "$STARTED" <<'EOF'
import csv
import sys

path, stopped, started = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
# The pool retries lost connections with exponential backoff (1, 2, 4, 8 s, ...), so after
# a 10 s outage the last connections come back within about 10 s of the restart.
RECOVERY = 10
rows = list(csv.DictReader(open(path)))
status_columns = [c for c in rows[0] if c.startswith("status_")]


def phase(first, last):
    picked = [r for r in rows if first <= int(r["epoch_second"]) <= last]
    counts = {c[7:]: sum(int(r[c]) for r in picked) for c in status_columns}
    return {k: v for k, v in counts.items() if v}, max((float(r["max_ms"]) for r in picked), default=0)


end = int(rows[-1]["epoch_second"])
before, before_max = phase(0, stopped - 1)
during, during_max = phase(stopped + 1, started - 1)
after, after_max = phase(started + RECOVERY, end)
last_503 = max(
    (int(r["epoch_second"]) for r in rows if int(r.get("status_503") or 0)), default=stopped
)
print(f"before the stop: {before}, slowest {before_max:.0f} ms")
print(f"database down:   {during}, slowest {during_max:.0f} ms")
print(f"from {RECOVERY} s after the start: {after}, slowest {after_max:.0f} ms")
print(f"last 503 at {last_503 - started:+d} s from the start")
ok = (
    set(before) == {"200"}
    and "503" in during and set(during) <= {"200", "503"}
    and during_max < 5000
    and set(after) == {"200"}
)
sys.exit(0 if ok else 1)
EOF
verdict $? "503 within 5 s while the database is down, only 200 from 10 s after it is back"

say "2. a worker killed with SIGKILL under load"
start_load "$WORK/kill.out" "${MIX[@]}" --duration 20 --workers 4
MASTER=$(master_pid "$WORK/kill.out")
sleep 5
BEFORE=$(cat "/proc/$MASTER/task/$MASTER/children")
VICTIM=${BEFORE%% *}
kill -KILL "$VICTIM"
echo "workers before: $BEFORE; killed $VICTIM"
sleep 5
AFTER=$(cat "/proc/$MASTER/task/$MASTER/children")
echo "workers after:  $AFTER"
wait "$LOAD_PID"
LOAD_PID=
cat "$WORK/kill.out"
count() { wc -w <<<"$1"; }
[ "$(count "$AFTER")" = "$(count "$BEFORE")" ] && ! grep -qw "$VICTIM" <<<"$AFTER"
verdict $? "the master replaced the killed worker ($(count "$AFTER") workers running)"

say "3. a restore killed halfway leaves nothing behind"
DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/registry_faults_loadtest" \
    $PY manage.py backup_registry "$WORK/registry.json"
psql -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE registry_faults_restore"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/registry_faults_restore"
$PY manage.py migrate --noinput -v0
$PY manage.py restore_registry "$WORK/registry.json" &
RESTORE=$!
# Kill it once its transaction is inserting zones (its last statement, seen by the server).
INSERTING="SELECT count(*) FROM pg_stat_activity WHERE datname = 'registry_faults_restore'
           AND query LIKE 'INSERT INTO \"registry_zone\"%'"
for _ in $(seq 600); do
    [ "$(psql_value registry_faults_restore "$INSERTING")" != 0 ] && break
    sleep 0.1
done
CAUGHT=$(psql_value registry_faults_restore "$INSERTING")
echo "restore inserting zones: $CAUGHT backend(s)"
# The restore empties the tables first (TRUNCATE), so other sessions wait for it to end;
# a plain count here would wait for its commit and the kill would come too late.
ROWS_DURING=$(PGOPTIONS="-c lock_timeout=1s" psql_value registry_faults_restore \
    "SELECT count(*) FROM registry_zone" 2>/dev/null || echo "none (locked)")
kill -KILL "$RESTORE"
wait "$RESTORE" 2>/dev/null || true
ROWS_AFTER_KILL=$(psql_value registry_faults_restore "SELECT count(*) FROM registry_zone")
echo "zones visible while loading: $ROWS_DURING; after SIGKILL: $ROWS_AFTER_KILL"
# A restore that never got to its zones proves nothing.
[ "$CAUGHT" != 0 ] && [ "$ROWS_AFTER_KILL" = 0 ]
verdict $? "nothing left behind by the killed restore"
$PY manage.py restore_registry "$WORK/registry.json"
verdict $? "the rerun restores the backup identically"

say "4. an import killed halfway leaves nothing behind"
DB=registry_faults_loadtest
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/$DB"
# benchmark_import's generated zones, as a CSV with the export's field-name headers.
$PY manage.py shell --no-imports -c "
from registry.management.commands.benchmark_import import csv_bytes, generate_rows
open('$WORK/zones.csv', 'wb').write(csv_bytes(generate_rows($IMPORT_ROWS)))"
rows() { psql_value $DB "SELECT count(*) FROM $1"; }
ZONES=$(rows registry_zone)
HISTORY=$(rows registry_historicalzone)
SIZE=$(psql_value $DB "SELECT pg_relation_size('registry_zone')")
echo "before: $ZONES zones, $HISTORY history rows; importing $IMPORT_ROWS new zones"
$PY manage.py import_registry "$WORK/zones.csv" --table zone >"$WORK/import.out" 2>&1 &
IMPORT=$!
# Halfway: every new zone row is in the table, uncommitted, and the history rows are
# streaming in (the import's last COPY). Parsing the file comes first and takes a while.
WRITING="SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND state = 'active'
         AND query LIKE 'COPY \"registry_historicalzone\"%'"
LOCKS="SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
       AND database = (SELECT oid FROM pg_database WHERE datname = '$DB')"
HALFWAY=no
for _ in $(seq 6000); do
    if [ "$(psql_value $DB "$WRITING")" != 0 ]; then HALFWAY=yes; break; fi
    kill -0 "$IMPORT" 2>/dev/null || break
    sleep 0.1
done
echo "caught writing history rows: $HALFWAY; advisory locks held: $(psql_value $DB "$LOCKS");" \
    "zone table grew from $SIZE to $(psql_value $DB "SELECT pg_relation_size('registry_zone')")" \
    "bytes; other sessions see $(rows registry_zone) zones"
kill -KILL "$IMPORT"
wait "$IMPORT" 2>/dev/null
# The server drops the dead client's session at once (its COPY reads a closed socket).
LEFT="SELECT ($LOCKS) + (SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB'
         AND state LIKE 'idle in transaction%')"
for _ in $(seq 100); do
    [ "$(psql_value $DB "$LEFT")" = 0 ] && break
    sleep 0.1
done
echo "after SIGKILL: $(rows registry_zone) zones, $(rows registry_historicalzone) history rows;" \
    "advisory locks and idle-in-transaction sessions left: $(psql_value $DB "$LEFT")"
[ "$HALFWAY" = yes ] && [ "$(rows registry_zone)" = "$ZONES" ] \
    && [ "$(rows registry_historicalzone)" = "$HISTORY" ] && [ "$(psql_value $DB "$LEFT")" = 0 ]
verdict $? "nothing left behind by the killed import: no rows, no lock, no open transaction"
$PY manage.py import_registry "$WORK/zones.csv" --table zone >"$WORK/rerun.out" 2>/dev/null
head -1 "$WORK/rerun.out"
echo "after the rerun: $(rows registry_zone) zones, $(rows registry_historicalzone) history rows"
[ "$(rows registry_zone)" = $((ZONES + IMPORT_ROWS)) ] \
    && [ "$(rows registry_historicalzone)" = $((HISTORY + IMPORT_ROWS)) ]
verdict $? "the rerun imports every row, each with its history row"

say "$failures fault check(s) failed"
exit "$failures"
