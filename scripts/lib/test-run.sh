# shellcheck shell=bash
# One run of the whole test suite under a time limit (run_suite), and the report of
# `scripts/test.sh --repeat N` over several runs. Sourced after common.sh and test-results.sh.

# The minimum number of tests per assembly; see the file.
LEDGER_TEST_EXPECTED="$LEDGER_REPO/tests/expected-counts"

# A test that makes no progress for this long is stopped by the blame collector, which first
# writes a mini dump of its test host and the Sequence_*.xml naming it (see summarize_trx).
# Far above the longest single test: the simulated PAD evaluation takes about 5 minutes on 2 quiet cores and
# passed 10 when other builds shared the machine (seen twice); a real hang still ends well inside the run's limit.
LEDGER_TEST_HANG=20m

# duration_seconds DURATION: DURATION (90, 90s, 40m, 2h) in seconds; fails on anything else.
duration_seconds() {
  [[ "$1" =~ ^([0-9]+)([smh]?)$ ]] || return 1
  local n=$((10#${BASH_REMATCH[1]}))
  [ "$n" -gt 0 ] || return 1
  case "${BASH_REMATCH[2]}" in
    h) echo $((n * 3600)) ;;
    m) echo $((n * 60)) ;;
    *) echo "$n" ;;
  esac
}

# format_duration SECONDS: e.g. "7m 05s".
format_duration() {
  printf '%dm %02ds' $(($1 / 60)) $(($1 % 60))
}

# run_with_limit SECONDS LOG COMMAND...: runs COMMAND, its output on the screen and in LOG, and
# stops it, with every process it started, once SECONDS have passed. Sets RUN_EXIT (124 or 137
# when the limit stopped it), RUN_TIMED_OUT (1 then) and RUN_INTERRUPTED (1 after Ctrl+C).
run_with_limit() {
  local limit="$1" log="$2" out tee_pid runner started=$SECONDS
  shift 2
  # tee -i: after a Ctrl+C it still shows how the stopped run ended.
  exec {out}> >(tee -i "$log")
  tee_pid=$!
  # timeout puts COMMAND in a process group of its own, so that at the limit the whole tree goes
  # (vstest.console, the test hosts, the blame collector), not only the dotnet CLI; after 1
  # minute of grace it sends KILL. The vstest tree leaves no TRX or blame file when stopped so.
  timeout --kill-after=60 "$limit" "$@" >&"$out" 2>&1 &
  runner=$!
  exec {out}>&-
  # That group no longer gets a Ctrl+C typed at the terminal: pass it on (timeout forwards a
  # TERM to the group). `wait` returns early when the trap runs, hence the loop.
  RUN_INTERRUPTED=0
  # shellcheck disable=SC2064 # $runner is meant to be expanded now
  trap "RUN_INTERRUPTED=1; kill -TERM $runner 2>/dev/null || true" INT TERM
  RUN_EXIT=0
  wait "$runner" || RUN_EXIT=$?
  while kill -0 "$runner" 2>/dev/null; do
    RUN_EXIT=0
    wait "$runner" || RUN_EXIT=$?
  done
  trap - INT TERM
  # The last lines of output reach the screen before the summary does.
  wait "$tee_pid" 2>/dev/null || true
  RUN_TIMED_OUT=0
  if { [ "$RUN_EXIT" = 124 ] || [ "$RUN_EXIT" = 137 ]; } && [ $((SECONDS - started)) -ge "$limit" ]; then
    RUN_TIMED_OUT=1
  fi
}

# run_suite DIR: runs every test project once with its results in DIR, prints the summary and
# sets SUITE_PASSED, SUITE_FAILED and SUITE_SKIPPED; SUITE_UNFINISHED names the tests that never
# finished, SUITE_PROBLEMS the failures that are no test (a time-out, a crashed run, an assembly
# with too few tests). Needs LEDGER_TEST_LIMIT (seconds). Exits 130 when interrupted: a partial
# run is no result.
run_suite() {
  local dir="$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  step "Running tests (results in ${dir#"$LEDGER_REPO"/}, time limit $(format_duration "$LEDGER_TEST_LIMIT"))"
  run_with_limit "$LEDGER_TEST_LIMIT" "$dir/console.log" \
    dotnet test Ledger.sln -c Release --no-build --nologo \
      --logger trx --results-directory "$dir" \
      --blame-hang-timeout "$LEDGER_TEST_HANG" --blame-hang-dump-type mini
  if [ "$RUN_INTERRUPTED" = 1 ]; then
    warn "interrupted; the tests were stopped"
    exit 130
  fi
  if [ "$RUN_TIMED_OUT" = 1 ]; then
    warn "the tests were still running after $(format_duration "$LEDGER_TEST_LIMIT") and were stopped (LEDGER_TEST_TIMEOUT=$LEDGER_TEST_TIMEOUT)"
  fi

  step "Test summary"
  summarize_trx "$dir" "$LEDGER_TEST_EXPECTED"
  if [ "$RUN_TIMED_OUT" = 1 ]; then
    count_time_out "$dir"
  elif [ "$RUN_EXIT" != 0 ] && [ "$TESTS_FAILED" = 0 ]; then
    # The runner failed without a failing result (a crashed test host, say): still a failure.
    warn "dotnet test exited with $RUN_EXIT (see ${dir#"$LEDGER_REPO"/}/console.log)"
    count_run_failure "the test run itself failed (dotnet test exited with $RUN_EXIT)"
  fi
  SUITE_PASSED=$TESTS_PASSED SUITE_FAILED=$TESTS_FAILED SUITE_SKIPPED=$TESTS_SKIPPED
  SUITE_UNFINISHED=("${TESTS_UNFINISHED[@]}") SUITE_PROBLEMS=("${TESTS_PROBLEMS[@]}")
}

# count_run_failure MESSAGE: one more failure, for something other than a failed test.
count_run_failure() {
  TESTS_FAILED=$((TESTS_FAILED + 1))
  TESTS_PROBLEMS+=("$1")
  note "counted as 1 failure: $1"
}

# count_time_out DIR: the time limit stopped the run. The blame collector knows which tests were
# running only for a host it stopped itself (a test hung for LEDGER_TEST_HANG; summarize_trx
# names those); stopped together with the run, it writes nothing, and the end of the console log
# is the best clue.
count_time_out() {
  local dir="$1"
  if [ -z "$(blame_files "$dir" 'Sequence_*.xml')" ]; then
    note "no blame sequence in ${dir#"$LEDGER_REPO"/}: the collector was stopped with the run; the console log ended with:"
    tail -n 5 "$dir/console.log" | sed 's/^/      /'
  fi
  count_run_failure "time limit of $(format_duration "$LEDGER_TEST_LIMIT") reached"
}

# run_rounds N RESULTS: runs the suite N times, round K's results in RESULTS/round-K, prints each
# round's line, then which tests failed in which rounds and the time taken. Sets SUITE_PASSED,
# SUITE_FAILED and SUITE_SKIPPED to the sums over the rounds.
run_rounds() {
  local rounds="$1" results="$2" k started=$SECONDS round_started failed_rounds=0
  local passed=0 failed=0 skipped=0
  # what failed -> the rounds it failed in ("2, 5"): tests, and failures that are no test
  local -A failed_in=() problem_in=()
  local -a lines=()
  for ((k = 1; k <= rounds; k++)); do
    round_started=$SECONDS
    run_suite "$results/round-$k"
    record_round_failures "$k" "$results/round-$k"
    lines+=("$(printf 'round %d of %d: %d passed, %d failed, %d skipped (%s)' \
      "$k" "$rounds" "$SUITE_PASSED" "$SUITE_FAILED" "$SUITE_SKIPPED" \
      "$(format_duration $((SECONDS - round_started)))")")
    echo "${lines[-1]}"
    passed=$((passed + SUITE_PASSED)) failed=$((failed + SUITE_FAILED)) skipped=$((skipped + SUITE_SKIPPED))
    [ "$SUITE_FAILED" = 0 ] || failed_rounds=$((failed_rounds + 1))
  done

  step "Report over $rounds rounds"
  printf '%s\n' "${lines[@]}"
  if [ "${#failed_in[@]}" = 0 ] && [ "${#problem_in[@]}" = 0 ]; then
    echo "no test failed in any round"
  fi
  report_rounds "tests that failed:" failed_in
  report_rounds "other failures:" problem_in
  echo "$failed_rounds of $rounds rounds failed; total time $(format_duration $((SECONDS - started)))"
  SUITE_PASSED=$passed SUITE_FAILED=$failed SUITE_SKIPPED=$skipped
}

# record_round_failures K DIR: adds round K to run_rounds' failed_in for each failed or unfinished
# test of the round (in DIR), and to its problem_in for each failure that is no test.
record_round_failures() {
  local k="$1" dir="$2" trx name
  for trx in "$dir"/*.trx; do
    [ -f "$trx" ] || continue
    while IFS= read -r name; do
      add_round failed_in "$name" "$k"
    done < <(trx_failed_tests "$trx")
  done
  for name in "${SUITE_UNFINISHED[@]}"; do
    add_round failed_in "$name (did not finish)" "$k"
  done
  for name in "${SUITE_PROBLEMS[@]}"; do
    add_round problem_in "$name" "$k"
  done
}

# add_round MAP NAME K: adds round K to NAME's rounds in MAP, once (a theory's cases share a name).
add_round() {
  local -n rounds_of="$1"
  case "${rounds_of[$2]:-}" in
    *", $3" | "$3") ;;
    "") rounds_of[$2]="$3" ;;
    *) rounds_of[$2]+=", $3" ;;
  esac
}

# report_rounds TITLE MAP: under TITLE, each entry of MAP with its rounds, sorted by name.
report_rounds() {
  local title="$1" name rounds
  local -n entries="$2"
  [ "${#entries[@]}" != 0 ] || return 0
  echo "$title"
  while IFS= read -r name; do
    rounds="${entries[$name]}"
    case "$rounds" in
      *,*) rounds="rounds $rounds" ;;
      *) rounds="round $rounds" ;;
    esac
    printf '  %-14s %s\n' "$rounds" "$name"
  done < <(printf '%s\n' "${!entries[@]}" | sort)
}
