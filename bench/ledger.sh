#!/usr/bin/env bash
# Ledger payments/s against pgbench's TPC-B-like tps: same local PostgreSQL, same client counts, interleaved
# rounds; rate, p50/p99, statements and commits per unit, ratio. The ledger side runs in process, with group
# commit (GROUP_COMMIT_WRITERS, default 1 as the API ships; a list such as 1,2 gives a side per value; 0 leaves it out; LEDGER_BENCH_GC_MARTEN=1 adds those writers writing each command
# the Marten way instead of set-based; LEDGER_BENCH_GC_NOCACHE=1 adds them reading every batch's snapshots instead of
# deciding on the ones they committed last; each group commit side pays from wallets of its own; LEDGER_BENCH_DIRECT=0 leaves out the side committing each payment alone), and through HTTP to the API as a process of its own
# with signed terminal requests (LEDGER_BENCH_HTTP=0 leaves it out; LEDGER_BENCH_HTTP_WRITERS=N gives the API N group commit writers, 1 as shipped, 0 commits each payment alone;
# a list such as 0,1 runs one API for each as sides of the same rounds, and 1n is one writer with each request's nonce
# committed alone instead of with the nonces of the requests that arrived with it, 1c one whose writer reads every batch's snapshots, 1q one whose thread pool's idle workers sleep at once instead of spinning; LEDGER_BENCH_HTTP_WALLETS, default 200, is how many
# wallets its payments spread over). Exits 1 if any request of any side failed.
# Each side is warmed until its JIT settles (LEDGER_BENCH_WARMUP_SECONDS caps it, default 90).
# LEDGER_BENCH_DAEMON=1 also runs, in the bench's process, the work the API does after a payment (the async daemon's
# fraud views and the fraud rules in shadow mode), reports after each ledger turn how far behind it was, and waits for it
# untimed before the next side; with many wallets (e.g. 20000) each pays at a customer's pace instead of every two seconds.
# LEDGER_BENCH_STATEMENTS=N prints after each round the N statements called most, calls and server ms per payment.
# Usage: bash bench/ledger.sh [clients=8,64] [seconds=10] [rounds=3] [wallets=2000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -f .data/env ] || bash scripts/setup.sh
source .data/env
source bench/lib/api-builds.sh bench/Ledger.Bench
dotnet bench/Ledger.Bench/bin/Release/net10.0/Ledger.Bench.dll "$@"
