#!/usr/bin/env bash
# Runs every test of Pulse.Sdk on a fresh machine: installs what the tests need, builds with warnings
# as errors, packs and checks the NuGet packages, runs the suite, and prints a one-line summary ("N passed, N failed").
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -d /usr/share/zoneinfo/Europe ] || need_apt+=(tzdata)
# HEP/SIP end-to-end test (tests/Pulse.Sdk.Hep.Tests): SIPp places calls, sngrep mirrors them as HEP3.
command -v sipp >/dev/null || need_apt+=(sip-tester)
command -v sngrep >/dev/null || need_apt+=(sngrep)
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
. scripts/lib/servers.sh
ensure_server_packages
pg_dir=$(mktemp -d /tmp/pulse-pg.XXXXXX)
redis_dir=""
cleanup() {
  if [ -n "$redis_dir" ]; then stop_redis "$redis_dir" "$redis_port"; rm -rf "$redis_dir"; fi
  stop_postgres "$pg_dir"
  rm -rf "$pg_dir"
}
trap cleanup EXIT
pg_port=$(free_port)
start_postgres "$pg_dir" "$pg_port" || exit 1
export PULSE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
echo "PostgreSQL $("$(pg_bin_dir)/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
# --- end PostgreSQL ---

command -v dotnet >/dev/null || { echo "dotnet SDK 10 is required (https://dot.net)"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Pulse.Sdk.sln -c Release -warnaserror -nologo -v q
# Every project under src/ packed from that build, then checked: README, licence, repository URL, symbols (.snupkg).
rm -rf artifacts/packages
dotnet pack Pulse.Sdk.sln -c Release --no-build -nologo -v q -o artifacts/packages
bash scripts/check-packages.sh artifacts/packages

# --- Redis for the Redis adapter tests ---
# A throwaway redis-server on loopback and a free port, no persistence, stopped on exit even when tests fail.
# Tests read PULSE_TEST_REDIS (host:port) and start their own servers from PULSE_TEST_REDIS_SERVER for restart tests.
redis_dir=$(mktemp -d)
redis_port=$(free_port)
start_redis "$redis_dir" "$redis_port" || exit 1
export PULSE_TEST_REDIS="127.0.0.1:$redis_port" PULSE_TEST_REDIS_SERVER="$(command -v redis-server)"
# --- end Redis ---
log=$(mktemp)
set +e
dotnet test Pulse.Sdk.sln -c Release --no-build -nologo -v q --logger "console;verbosity=minimal" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
for shot in artifacts/screenshots/*.png; do if [ -e "$shot" ]; then echo "screenshot: $shot"; fi; done  # kept by the wallboard browser tests
echo "tests: ${passed} passed, ${failed} failed"
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
