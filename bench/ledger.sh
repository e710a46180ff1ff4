#!/usr/bin/env bash
# Ledger payments/s against pgbench's TPC-B-like tps: same local PostgreSQL, same client count,
# one run. Usage: bash bench/ledger.sh [clients=8] [seconds=20] [wallets=2000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -f .data/env ] || bash scripts/setup.sh
source .data/env
dotnet build -c Release bench/Ledger.Bench --nologo -v quiet -clp:NoSummary >/dev/null
exec dotnet bench/Ledger.Bench/bin/Release/net10.0/Ledger.Bench.dll "$@"
