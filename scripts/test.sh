#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Runs every test the way CI does: set-up (PostgreSQL, RabbitMQ, models), compose file check,
# one Release build of the solution, all test projects. Ends with one line:
#   tests: N passed, N failed, N skipped
# and exits non-zero if anything failed or no test ran at all. A failure is also counted for a
# test assembly that ran fewer tests than tests/expected-counts asks, for a test that hung, and
# for a run still going after LEDGER_TEST_TIMEOUT (default 40m).
#
#   bash scripts/test.sh --repeat N   set-up and build once, then the whole suite N times
#                                     (to catch tests that fail only now and then)
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/packages.sh
source "$LEDGER_REPO/scripts/lib/packages.sh"
# shellcheck source=lib/compose.sh
source "$LEDGER_REPO/scripts/lib/compose.sh"
# shellcheck source=lib/rabbitmq.sh
source "$LEDGER_REPO/scripts/lib/rabbitmq.sh"
# shellcheck source=lib/test-broker.sh
source "$LEDGER_REPO/scripts/lib/test-broker.sh"
# shellcheck source=lib/test-results.sh
source "$LEDGER_REPO/scripts/lib/test-results.sh"
# shellcheck source=lib/test-run.sh
source "$LEDGER_REPO/scripts/lib/test-run.sh"

usage() {
  cat <<'EOF'
usage: bash scripts/test.sh [--repeat N]
  --repeat N   set up and build once, then run the whole suite N times; results in
               .data/test-results/round-K, then a report of every test that failed in any round
environment: LEDGER_TEST_TIMEOUT  time limit of one run of the suite: seconds, or 90s, 40m, 2h
                                  (default 40m)
EOF
}

# usage_error MESSAGE: bad arguments or settings end before anything is set up, with exit 2.
usage_error() {
  printf 'error: %s\n' "$1" >&2
  usage >&2
  exit 2
}

# parse_args ARG...: sets ROUNDS (0: a single run, as CI does) and LEDGER_TEST_LIMIT (seconds).
parse_args() {
  ROUNDS=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --repeat)
        [ $# -ge 2 ] || usage_error "--repeat needs a number of rounds"
        [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage_error "--repeat needs a number of rounds (1 or more), not '$2'"
        ROUNDS="$2"
        shift 2 ;;
      -h | --help)
        usage
        exit 0 ;;
      *)
        usage_error "unknown argument '$1'" ;;
    esac
  done
  LEDGER_TEST_TIMEOUT="${LEDGER_TEST_TIMEOUT:-40m}"
  LEDGER_TEST_LIMIT="$(duration_seconds "$LEDGER_TEST_TIMEOUT")" ||
    usage_error "LEDGER_TEST_TIMEOUT='$LEDGER_TEST_TIMEOUT' is not a duration such as 2400, 40m or 1h"
}

# prepare: what every run needs once: the servers, the compose file check, the Release build.
prepare() {
  bash scripts/setup.sh
  ensure_test_packages
  # shellcheck source=/dev/null # written by setup.sh
  source "$LEDGER_DATA/env"
  use_test_vhost
  validate_compose
  step "Building Ledger.sln (Release)"
  dotnet build Ledger.sln -c Release --nologo -v minimal -clp:NoSummary ||
    die "build failed"
  # What the images run (docker/Dockerfile publishes the same way): the Production boot test starts them.
  step "Publishing the API (Release)"
  rm -rf "$LEDGER_DATA/publish/api"
  dotnet publish Api/Api.csproj -c Release --no-build --nologo -v quiet -o "$LEDGER_DATA/publish/api" /p:UseAppHost=false ||
    die "publishing the API failed"
  export LEDGER_PUBLISHED_API="$LEDGER_DATA/publish/api"
  # And the tool's image (target tool): the compose file's migrate service runs it.
  step "Publishing the ledger tool (Release)"
  rm -rf "$LEDGER_DATA/publish/ledger"
  dotnet publish Cli/Cli.csproj -c Release --no-build --nologo -v quiet -o "$LEDGER_DATA/publish/ledger" /p:UseAppHost=false ||
    die "publishing the ledger tool failed"
  export LEDGER_PUBLISHED_TOOL="$LEDGER_DATA/publish/ledger"
}

main() {
  parse_args "$@"
  cd "$LEDGER_REPO"
  prepare

  local results="$LEDGER_DATA/test-results"
  rm -rf "$results"
  if [ "$ROUNDS" = 0 ]; then
    run_suite "$results"
  else
    run_rounds "$ROUNDS" "$results"
  fi

  local total=$((SUITE_PASSED + SUITE_FAILED + SUITE_SKIPPED))
  if [ "$total" = 0 ]; then
    echo "error: no test ran" >&2
  fi
  # The closing line stays last: CI reads it. After --repeat, the sums over the rounds.
  echo "tests: $SUITE_PASSED passed, $SUITE_FAILED failed, $SUITE_SKIPPED skipped"
  if [ "$SUITE_FAILED" != 0 ] || [ "$total" = 0 ]; then exit 1; fi
}

main "$@"
