#!/usr/bin/env bash
# Runs every test of Pulse.Sdk on a fresh machine: installs what the tests need, builds with warnings
# as errors, runs the suite, and prints a one-line summary ("N passed, N failed").
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -d /usr/share/zoneinfo/Europe ] || need_apt+=(tzdata)
# HEP/SIP end-to-end test (tests/Pulse.Sdk.Hep.Tests): SIPp places calls, sngrep mirrors them as HEP3.
command -v sipp >/dev/null || need_apt+=(sip-tester)
command -v sngrep >/dev/null || need_apt+=(sngrep)
command -v redis-server >/dev/null || need_apt+=(redis-server)  # --- Redis for the Redis adapter tests (started below) ---
command -v chromium >/dev/null || need_apt+=(chromium)  # wallboard browser tests: Playwright drives Debian's /usr/bin/chromium
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# --- PostgreSQL for the Postgres adapter tests ---
# A throwaway server: initdb in a temporary folder (as the postgres user: initdb refuses root), loopback
# only, a free port; stopped and deleted on exit, whether the tests pass or not. PULSE_TEST_POSTGRES tells
# the tests where it is; each test class creates its own database in it.
# One exit trap stops every test server started below, whether the tests pass or not.
cleanup() {
  if declare -F stop_test_redis >/dev/null; then stop_test_redis; fi
  if declare -F pg_stop >/dev/null; then pg_stop; fi
}
trap cleanup EXIT
pg_bin=""
if [ -x /usr/local/bin/initdb ] && [ -x /usr/local/bin/pg_ctl ] && [ -x /usr/local/bin/postgres ]; then
  pg_bin=/usr/local/bin
else
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "installing: postgresql"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
fi
id postgres >/dev/null 2>&1 || useradd -r -m postgres
pg_dir=$(mktemp -d /tmp/pulse-pg.XXXXXX)
chown postgres "$pg_dir"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
pg_stop() {
  if [ -f "$pg_dir/data/postmaster.pid" ]; then
    su postgres -s /bin/sh -c "'$pg_bin/pg_ctl' -D '$pg_dir/data' -m immediate -w stop" >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_dir"
}
su postgres -s /bin/sh -c "'$pg_bin/initdb' -D '$pg_dir/data' -U postgres -A trust -E UTF8 --no-locale" >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log"; echo "initdb failed"; exit 1; }
su postgres -s /bin/sh -c "'$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/server.log' -w -t 60 \
    -o \"-h 127.0.0.1 -p $pg_port -k '$pg_dir' -c max_connections=200 -c fsync=off\" start" >/dev/null \
  || { cat "$pg_dir/server.log"; echo "PostgreSQL did not start"; exit 1; }
export PULSE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
# --- end PostgreSQL ---

command -v dotnet >/dev/null || { echo "dotnet SDK 10 is required (https://dot.net)"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Pulse.Sdk.sln -c Release -warnaserror -nologo -v q

# --- Redis for the Redis adapter tests ---
# A throwaway redis-server on loopback and a free port, no persistence, stopped on exit even when tests fail.
# Tests read PULSE_TEST_REDIS (host:port) and start their own servers from PULSE_TEST_REDIS_SERVER for restart tests.
redis_dir=$(mktemp -d)
redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
stop_test_redis() {
  if [ -f "$redis_dir/redis.pid" ]; then kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true; sleep 0.2; fi
  rm -rf "$redis_dir"
}
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
  --pidfile "$redis_dir/redis.pid" --dir "$redis_dir" --logfile "$redis_dir/redis.log" --databases 64
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
export PULSE_TEST_REDIS="127.0.0.1:$redis_port" PULSE_TEST_REDIS_SERVER="$(command -v redis-server)"
# --- end Redis ---
log=$(mktemp)
set +e
dotnet test Pulse.Sdk.sln -c Release --no-build -nologo -v q 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
for shot in artifacts/screenshots/*.png; do if [ -e "$shot" ]; then echo "screenshot: $shot"; fi; done  # kept by the wallboard browser tests
echo "tests: ${passed} passed, ${failed} failed"
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
