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
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "dotnet SDK 10 is required (https://dot.net)"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Pulse.Sdk.sln -c Release -warnaserror -nologo -v q
log=$(mktemp)
set +e
dotnet test Pulse.Sdk.sln -c Release --no-build -nologo -v q 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed"
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
