# shellcheck shell=bash
# Reads what `dotnet test --logger trx --blame-hang-timeout ...` leaves in a results folder:
# one TRX per test assembly, with one <UnitTestResult> per executed test or theory case, and,
# when a test host hung or crashed, the blame collector's Sequence_*.xml (which tests started,
# and whether each finished) next to the host's dump. Sourced after common.sh.

# trx_results FILE: the start tags of the file's <UnitTestResult> elements, one a line.
trx_results() {
  grep -o '<UnitTestResult [^>]*>' "$1" || true
}

# trx_count FILE OUTCOME: how many results in FILE have that outcome.
trx_count() {
  trx_results "$1" | grep -c " outcome=\"$2\"" || true
}

# xml_unescape: turns the five XML escapes on stdin back into characters.
xml_unescape() {
  sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&amp;/\&/g'
}

# trx_assembly FILE: the test assembly FILE reports on, e.g. Domain.Tests. The test definitions
# name its path (codeBase). A TRX without results has no definitions, but its run messages
# ("No test is available in /.../X.dll") usually name it; if not, prints nothing.
trx_assembly() {
  local path
  path="$(grep -o -m1 'codeBase="[^"]*"' "$1" | head -n1 | sed -e 's/^codeBase="//' -e 's/"$//' || true)"
  if [ -z "$path" ]; then
    path="$(grep -o -m1 '/[^ <>"]*\.dll' "$1" | head -n1 || true)"
  fi
  [ -z "$path" ] || basename "$path" .dll
}

# trx_run_errors FILE: the run's own errors (a crashed or killed test host), one a line.
trx_run_errors() {
  grep -A1 '<RunInfo [^>]*outcome="Error"' "$1" | sed -n 's/.*<Text>\([^<]*\).*/\1/p' | xml_unescape || true
}

# trx_failed_tests FILE: the names of the tests whose result is neither Passed nor NotExecuted.
trx_failed_tests() {
  trx_results "$1" | grep -v -e ' outcome="Passed"' -e ' outcome="NotExecuted"' |
    sed -n 's/.* testName="\([^"]*\)".*/\1/p' | xml_unescape || true
}

# blame_files DIR PATTERN: the blame collector's files of that name pattern in DIR. The TRX
# logger copies each one under DIR/<run>/In/<machine>/; only the originals are listed.
blame_files() {
  find "$1" -name "$2" -not -path '*/In/*' 2>/dev/null | sort
}

# unfinished_tests DIR: the tests the blame collector saw start but not finish (the one that hung
# or was running when its host crashed), minus any that still got a result in a TRX, one a line.
# A test killed this way has no result of its own, so without this it would go uncounted.
unfinished_tests() {
  local dir="$1" sequence name
  local -a trx_files=("$dir"/*.trx)
  while IFS= read -r sequence; do
    grep -o '<Test [^>]*Completed="False"[^>]*>' "$sequence" |
      sed -n -e 's/.* DisplayName="\([^"]*\)".*/\1/p;t' -e 's/.* Name="\([^"]*\)".*/\1/p' || true
  done < <(blame_files "$dir" 'Sequence_*.xml') | sort -u |
    while IFS= read -r name; do
      [ -e "${trx_files[0]}" ] && grep -qF "testName=\"$name\"" "${trx_files[@]}" && continue
      printf '%s\n' "$name" | xml_unescape
    done
}

# summarize_one_trx FILE: prints the assembly's counts and adds them to the totals.
summarize_one_trx() {
  local trx="$1" name passed failed skipped total other error
  name="$(trx_assembly "$trx")"
  passed="$(trx_count "$trx" Passed)"
  skipped="$(trx_count "$trx" NotExecuted)"
  total="$(trx_results "$trx" | wc -l)"
  # Failed, Error, Timeout, Aborted and anything unexpected all count as failures.
  failed=$((total - passed - skipped))
  other="$(trx_count "$trx" Failed)"
  printf '  %-32s %4d passed, %4d failed, %4d skipped\n' "${name:-?}" "$passed" "$failed" "$skipped"
  if [ "$failed" -gt "$other" ]; then
    printf '  %-32s %4d of the failures are errors, timeouts or aborts\n' "" $((failed - other))
  fi
  while IFS= read -r error; do
    printf '  %-32s %s\n' "" "run aborted: $error"
  done < <(trx_run_errors "$trx")
  TESTS_PASSED=$((TESTS_PASSED + passed))
  TESTS_FAILED=$((TESTS_FAILED + failed))
  TESTS_SKIPPED=$((TESTS_SKIPPED + skipped))
  if [ -n "$name" ]; then
    TESTS_RAN[$name]=$((${TESTS_RAN[$name]:-0} + passed + failed))
  else
    # Only a TRX without results can lack the name; the minimums still catch its assembly.
    printf '  %-32s %s\n' "" "which assembly? ${trx#"$LEDGER_REPO"/} names none"
  fi
}

# count_unfinished_tests DIR: reports the tests that never finished as failures, and where the
# blame collector put its evidence (the sequence of tests, the hung host's dump).
count_unfinished_tests() {
  local dir="$1" name file
  while IFS= read -r name; do
    printf '  did not finish (hung, or its test host crashed): %s\n' "$name"
    TESTS_FAILED=$((TESTS_FAILED + 1))
    TESTS_UNFINISHED+=("$name")
  done < <(unfinished_tests "$dir")
  while IFS= read -r file; do
    note "blame sequence: ${file#"$LEDGER_REPO"/}"
  done < <(blame_files "$dir" 'Sequence_*.xml')
  while IFS= read -r file; do
    note "hang dump: ${file#"$LEDGER_REPO"/}"
  done < <(blame_files "$dir" '*hangdump*.dmp')
}

# check_expected_counts FILE: one failure for every assembly FILE lists that ran fewer tests than
# its minimum, or none at all (its TRX missing or empty): such an assembly would otherwise just
# drop out of the totals and leave a green run.
check_expected_counts() {
  local file="$1" shown="${1#"$LEDGER_REPO"/}" assembly minimum rest line=0
  local -A listed=()
  if [ ! -f "$file" ]; then
    expected_count_failure "$shown is missing: the minimum test counts cannot be checked"
    return
  fi
  while read -r assembly minimum rest || [ -n "$assembly" ]; do
    line=$((line + 1))
    case "$assembly" in '' | '#'*) continue ;; esac
    if ! [[ "$minimum" =~ ^[0-9]+$ ]] || [[ -n "$rest" && "$rest" != '#'* ]]; then
      expected_count_failure "$shown line $line is not \"ASSEMBLY MINIMUM\""
      continue
    fi
    listed[$assembly]=1
    check_expected_count "$assembly" "$minimum"
  done < "$file"
  for assembly in $(printf '%s\n' "${!TESTS_RAN[@]}" | sort); do
    [ -n "${listed[$assembly]:-}" ] ||
      note "$assembly has no minimum in $shown: add one, so that losing its tests fails the run"
  done
}

# check_expected_count ASSEMBLY MINIMUM: a failure unless ASSEMBLY ran at least MINIMUM tests.
check_expected_count() {
  local assembly="$1" minimum="$2" ran="${TESTS_RAN[$1]:-0}" why=""
  [ "$ran" -ge "$minimum" ] && return
  [ -n "${TESTS_RAN[$assembly]+set}" ] || why=" (no TRX file names it)"
  expected_count_failure "too few tests: $assembly ran $ran, expected at least $minimum$why"
}

# expected_count_failure MESSAGE: prints MESSAGE and counts it as one failure.
expected_count_failure() {
  printf '  %s\n' "$1"
  TESTS_FAILED=$((TESTS_FAILED + 1))
  TESTS_PROBLEMS+=("$1")
}

# summarize_trx DIR [EXPECTED]: prints one line per test assembly and sets TESTS_PASSED,
# TESTS_FAILED and TESTS_SKIPPED. The failures also count every test that never finished (named
# in TESTS_UNFINISHED) and, given the minimums file EXPECTED, every listed assembly that ran too
# few tests (described in TESTS_PROBLEMS). TESTS_RAN maps assembly -> tests run.
summarize_trx() {
  local dir="$1" expected="${2:-}" trx
  TESTS_PASSED=0 TESTS_FAILED=0 TESTS_SKIPPED=0
  TESTS_PROBLEMS=() TESTS_UNFINISHED=()
  declare -gA TESTS_RAN=()
  TESTS_RAN=()
  for trx in "$dir"/*.trx; do
    [ -f "$trx" ] || continue
    summarize_one_trx "$trx"
  done
  count_unfinished_tests "$dir"
  if [ -n "$expected" ]; then
    check_expected_counts "$expected"
  fi
}
