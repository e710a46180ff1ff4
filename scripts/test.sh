#!/usr/bin/env bash
# Runs every test the way CI does: set-up (PostgreSQL, RabbitMQ, models), compose file check,
# one Release build of the solution, all test projects. Ends with one line:
#   tests: N passed, N failed, N skipped
# and exits non-zero if anything failed or no test ran at all.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$LEDGER_REPO/scripts/lib/packages.sh"
source "$LEDGER_REPO/scripts/lib/compose.sh"
source "$LEDGER_REPO/scripts/lib/test-results.sh"
cd "$LEDGER_REPO"

bash scripts/setup.sh
source "$LEDGER_DATA/env"

validate_compose

step "Building Ledger.sln (Release)"
dotnet build Ledger.sln -c Release --nologo -v minimal -clp:NoSummary ||
  die "build failed"

results="$LEDGER_DATA/test-results"
rm -rf "$results"
mkdir -p "$results"
step "Running tests (results in ${results#$LEDGER_REPO/})"
# A hung test fails the run after 10 minutes instead of eating CI's whole budget.
set +e
dotnet test Ledger.sln -c Release --no-build --nologo \
  --logger trx --results-directory "$results" \
  --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee "$results/console.log"
test_exit=${PIPESTATUS[0]}
set -e

step "Test summary"
summarize_trx "$results"
total=$((TESTS_PASSED + TESTS_FAILED + TESTS_SKIPPED))
if [ "$test_exit" != 0 ] && [ "$TESTS_FAILED" = 0 ]; then
  # The runner failed without a failing result (a crashed test host, say): still a failure.
  warn "dotnet test exited with $test_exit (see ${results#$LEDGER_REPO/}/console.log)"
  TESTS_FAILED=$((TESTS_FAILED + 1))
  note "counted as 1 failure: the test run itself failed"
fi
if [ "$total" = 0 ]; then
  echo "error: no test ran" >&2
fi
# The closing line stays last: CI reads it.
echo "tests: $TESTS_PASSED passed, $TESTS_FAILED failed, $TESTS_SKIPPED skipped"
if [ "$TESTS_FAILED" != 0 ] || [ "$total" = 0 ]; then exit 1; fi
