#!/usr/bin/env bash
# Ledger payments/s against pgbench's TPC-B-like tps: same local PostgreSQL, same client counts, interleaved
# rounds; rate, p50/p99, statements and commits per unit, ratio. Exits 1 if any request of either side failed.
# Usage: bash bench/ledger.sh [clients=8,64] [seconds=10] [rounds=3] [wallets=2000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -f .data/env ] || bash scripts/setup.sh
source .data/env
dotnet build -c Release bench/Ledger.Bench --nologo -v quiet -clp:NoSummary >/dev/null
exec dotnet bench/Ledger.Bench/bin/Release/net10.0/Ledger.Bench.dll "$@"
