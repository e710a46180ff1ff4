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
source bench/lib/api-builds.sh bench/FacePayBench
dotnet bench/FacePayBench/bin/Release/net10.0/facepay-bench.dll "$@"
