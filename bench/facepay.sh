#!/usr/bin/env bash
# Verify-and-pay latency through HTTP (the real API, Release build, as a child process on a throwaway database),
# side by side with verify-only and ledger-only under the same closed-loop load, one run.
# Usage: bash bench/facepay.sh [clients=1] [seconds=20 per side] [rounds=2: the sides take turns]
#        bash bench/facepay.sh challenged [clients=4] [seconds=20] [rounds=2]   (live challenge: 3 frames of 640x480, attested tills)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -f .data/env ] || bash scripts/setup.sh
source .data/env
scripts/models.sh
for project in Api Cli bench/FacePayBench; do
  out="$(dotnet build -c Release "$project" --nologo -v quiet -clp:NoSummary 2>&1)" || { echo "$out" >&2; exit 1; }
done
# Private copies of the API's and the ledger tool's builds: a rebuild in the shared tree must not swap assemblies under
# the running server (the tool migrates its database and issues the second operator).
FACEPAY_API_DIR="$(mktemp -d)"
FACEPAY_TOOL_DIR="$(mktemp -d)"
trap 'rm -rf "$FACEPAY_API_DIR" "$FACEPAY_TOOL_DIR"' EXIT
cp -r Api/bin/Release/net10.0/. "$FACEPAY_API_DIR"
cp -r Cli/bin/Release/net10.0/. "$FACEPAY_TOOL_DIR"
export FACEPAY_API_DIR FACEPAY_TOOL_DIR
dotnet bench/FacePayBench/bin/Release/net10.0/facepay-bench.dll "$@"
