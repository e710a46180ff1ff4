# Counts test outcomes from the TRX files `dotnet test --logger trx` leaves in a folder:
# one TRX per test assembly, one <UnitTestResult> per executed test or theory case.

# trx_count FILE OUTCOME: how many results in FILE have that outcome.
trx_count() {
  grep -o '<UnitTestResult [^>]*>' "$1" | grep -c " outcome=\"$2\"" || true
}

# summarize_trx DIR: prints one line per assembly, sets TESTS_PASSED/FAILED/SKIPPED.
summarize_trx() {
  local dir="$1" trx name passed failed skipped total other
  TESTS_PASSED=0 TESTS_FAILED=0 TESTS_SKIPPED=0
  shopt -s nullglob
  for trx in "$dir"/*.trx; do
    name="$(grep -o 'codeBase="[^"]*"' "$trx" | head -1 | sed -e 's/^codeBase="//' -e 's/"$//' || true)"
    name="$(basename "${name:-$trx}")"
    name="${name%.dll}"
    passed="$(trx_count "$trx" Passed)"
    skipped="$(trx_count "$trx" NotExecuted)"
    total="$(grep -o '<UnitTestResult ' "$trx" | wc -l || true)"
    # Failed, Error, Timeout, Aborted and anything unexpected all count as failures.
    failed=$((total - passed - skipped))
    other="$(trx_count "$trx" Failed)"
    # An assembly without tests leaves an empty TRX; dotnet test already said "No test is available".
    [ "$total" = 0 ] && continue
    printf '  %-32s %4d passed, %4d failed, %4d skipped\n' "$name" "$passed" "$failed" "$skipped"
    if [ "$failed" -gt "$other" ]; then
      printf '  %-32s %4d of the failures are errors, timeouts or aborts\n' "" $((failed - other))
    fi
    TESTS_PASSED=$((TESTS_PASSED + passed))
    TESTS_FAILED=$((TESTS_FAILED + failed))
    TESTS_SKIPPED=$((TESTS_SKIPPED + skipped))
  done
  shopt -u nullglob
}
