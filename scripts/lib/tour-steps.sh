# shellcheck shell=bash
# The README tour's steps as checks: reads the tour's fenced block out of README.md, and stands in for
# curl while it runs, printing each request and its answer and holding every answer to what the README
# line states in its `# → ...` comment. Sourced by scripts/tour.sh after common.sh, never executed.
#
# A stated answer is `# → STATUS` plus, optionally, "words" (in double quotes) the answer must hold,
# e.g. `# → 201 "declined" "step_up_required"`, and free remarks after them. A step that asks until
# something is ready states `# → 409 until the first checkpoint, then 200`: 409s are allowed before the
# 200, up to TOUR_MAX_TRIES of them.

TOUR_MAX_TRIES="${TOUR_MAX_TRIES:-40}"
# TOUR_STATE: the caller's scratch folder (the requests made so far, their answers), set before the block runs.
TOUR_STATE="${TOUR_STATE:-}"
# Filled by tour_extract, by line of the block (not of the README: README line = block line + TOUR_OFFSET).
declare -A TOUR_EXPECT=()
TOUR_OFFSET=0
TOUR_CHECKED=0

# tour_extract README OUT: writes the fenced bash block after `<!-- tour -->` (and before the next
# `### ` heading) to OUT, line for line, each stated answer's comment replaced by `; tour_check LINE`,
# so that line numbers in OUT are the block's and every step is checked right after it ran.
tour_extract() {
  local readme="$1" out="$2" n=0 in_tour=0 in_block=0 line block=0
  local marker='^(.*[^[:space:]])[[:space:]]+#[[:space:]]*→[[:space:]]*(.+)$'
  : >"$out"
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    if ((in_block)); then
      [ "$line" = '```' ] && return 0
      block=$((block + 1))
      if [[ $line =~ $marker ]]; then
        TOUR_EXPECT[$block]="${BASH_REMATCH[2]}"
        printf '%s ; tour_check %d\n' "${BASH_REMATCH[1]}" "$block" >>"$out"
      else
        printf '%s\n' "$line" >>"$out"
      fi
    elif [ "$line" = '<!-- tour -->' ]; then
      in_tour=1
    elif ((in_tour)) && [[ $line == '### '* ]]; then
      break
    elif ((in_tour)) && [ "$line" = '```bash' ]; then
      in_block=1
      TOUR_OFFSET=$n
    fi
  done <"$readme"
  die "no tour in $readme: a \`\`\`bash block after <!-- tour --> and before the next ### heading, closed by \`\`\`"
}

# tour_expectation TEXT: sets TOUR_TRANSIENT (status allowed before the answer, or empty), TOUR_STATUS
# and TOUR_WORDS (the quoted words, one per element) from a stated answer; fails on anything else.
tour_expectation() {
  local text="$1" rest
  TOUR_TRANSIENT="" TOUR_WORDS=()
  if [[ $text =~ ^([0-9]{3})\ until\ [^,]*,\ then\ ([0-9]{3})(.*)$ ]]; then
    TOUR_TRANSIENT="${BASH_REMATCH[1]}" TOUR_STATUS="${BASH_REMATCH[2]}" rest="${BASH_REMATCH[3]}"
  elif [[ $text =~ ^([0-9]{3})(.*)$ ]]; then
    TOUR_STATUS="${BASH_REMATCH[1]}" rest="${BASH_REMATCH[2]}"
  else
    return 1
  fi
  while [[ $rest =~ \"([^\"]*)\"(.*)$ ]]; do
    TOUR_WORDS+=("${BASH_REMATCH[1]}")
    rest="${BASH_REMATCH[2]}"
  done
}

# The block line running now: of the block's own top-level command, however deep in its functions
# (the block is sourced, so the frame under "source" is the block's).
tour_block_line() {
  local i
  for ((i = 1; i < ${#FUNCNAME[@]}; i++)); do
    [ "${FUNCNAME[$i]}" = source ] && { echo "${BASH_LINENO[$((i - 1))]}"; return 0; }
  done
  echo 0
}

# The block line of the step the running request belongs to: the first line at or after the caller's
# line that states an answer (bash reports a command spanning lines by its first or its last line).
tour_step_of() {
  local caller line
  caller="$(tour_block_line)"
  for line in $(printf '%s\n' "${!TOUR_EXPECT[@]}" | sort -n); do
    ((line >= caller)) && { echo "$line"; return 0; }
  done
  echo "$caller"
  return 1
}

# tour_fail BLOCK-LINE MESSAGE: the step's README line, its text and what went wrong; the tour stops.
tour_fail() {
  local readme_line=$(($1 + TOUR_OFFSET))
  : >"$TOUR_STATE/failed"
  printf '\ntour: FAILED at README.md line %d: %s\n' "$readme_line" "$2" >&3
  sed -n "${readme_line}p" "$LEDGER_REPO/README.md" | sed 's/^/      /' >&3
  exit 1
}

# tour_show TEXT: at most a few hundred characters of a request or an answer, on one line.
tour_show() {
  local text="${1//$'\n'/ }" max=400
  if ((${#text} > max)); then printf '%s… (%d characters)' "${text:0:max}" "${#text}"; else printf '%s' "$text"; fi
}

# curl ...: the real curl (with -sS, so that its errors show), printing the request and the answer,
# recording the answer for tour_check and failing the tour at once on a transport error, a 5xx, an
# answer the step does not allow or too many tries. -o and -f behave as curl's.
curl() {
  local args=() out="" fail=0 method="" url="" shown="" arg step status rc=0 n answer
  step="$(tour_step_of)" || tour_fail "$step" "a request on a line after which no line states its answer (# → STATUS)"
  n=$(($(wc -l <"$TOUR_STATE/requests") + 1))
  answer="$TOUR_STATE/answer.$n"
  while (($#)); do
    arg="$1"; shift
    case "$arg" in
      -o | --output) out="$1"; shift; continue ;;
      -f | --fail) fail=1; continue ;;
      -sf | -fs) fail=1; arg=-s ;;
      -X | --request) method="$1"; args+=("$arg" "$1"); shift; continue ;;
      -d | --data | --data-raw | --data-binary)
        if [ "$1" = @- ]; then cat >"$TOUR_STATE/request.$n"; set -- "@$TOUR_STATE/request.$n" "${@:2}"; shown="$(<"$TOUR_STATE/request.$n")"; else shown="$1"; fi
        method="${method:-POST}" ;;
      -F | --form) shown="${shown:+$shown }$1"; method="${method:-POST}" ;;
      -H | --header) args+=("$arg" "$1"); shift; continue ;;
      http://* | https://*) url="$arg" ;;
    esac
    args+=("$arg")
  done
  printf '\n── README line %d: %s %s\n' "$((step + TOUR_OFFSET))" "${method:-GET}" "${url#"${B:-}"}" >&3
  [ -n "$shown" ] && printf '   %s\n' "$(tour_show "$shown")" >&3
  status="$(command curl -sS "${args[@]}" -o "$answer" -w '%{http_code}' 2>"$TOUR_STATE/curl-error")" || rc=$?
  ((rc == 0)) || tour_fail "$step" "curl failed (exit $rc): $(<"$TOUR_STATE/curl-error")"
  printf '%s %s %s\n' "$step" "$status" "$answer" >>"$TOUR_STATE/requests"
  # The answer goes where the step sends it (the transcript, a pipe into tee, a file), after its status;
  # no newline after it, as curl prints none: tour_check starts its line with one.
  if [ -n "$out" ] && ! ((fail && status >= 400)); then
    cp "$answer" "$out"
    printf '   %s (%s bytes to %s)' "$status" "$(wc -c <"$answer")" "$out" >&3
  elif [ -n "$out" ]; then
    printf '   %s %s' "$status" "$(tour_show "$(<"$answer")")" >&3
  else
    printf '   %s ' "$status" >&3
    cat "$answer"
  fi
  ((status < 500)) || tour_fail "$step" "the service failed ($status)"
  tour_expectation "${TOUR_EXPECT[$step]}"
  if [ "$status" != "$TOUR_STATUS" ] && [ "$status" != "$TOUR_TRANSIENT" ]; then
    tour_fail "$step" "answered $status; the README states ${TOUR_EXPECT[$step]}"
  fi
  [ "$status" != "$TOUR_TRANSIENT" ] || (($(grep -c "^$step " "$TOUR_STATE/requests") <= TOUR_MAX_TRIES)) \
    || tour_fail "$step" "still $status after $TOUR_MAX_TRIES tries"
  ((fail && status >= 400)) && return 22
  return 0
}

# tour_check BLOCK-LINE: after a step ran, its requests must end in the stated answer (one request, or
# the transient status until the last), and the last answer must hold the stated words.
tour_check() {
  local step="$1" statuses=() answers=() s st a i word
  while read -r s st a; do
    [ "$s" = "$step" ] && { statuses+=("$st"); answers+=("$a"); }
  done <"$TOUR_STATE/requests"
  tour_expectation "${TOUR_EXPECT[$step]}"
  ((${#statuses[@]} > 0)) || tour_fail "$step" "no request was made; the README states ${TOUR_EXPECT[$step]}"
  for ((i = 0; i < ${#statuses[@]} - 1; i++)); do
    if [ -z "$TOUR_TRANSIENT" ] || [ "${statuses[$i]}" != "$TOUR_TRANSIENT" ]; then
      tour_fail "$step" "${#statuses[@]} requests (${statuses[*]}); the README states one answer: ${TOUR_EXPECT[$step]}"
    fi
  done
  [ "${statuses[-1]}" = "$TOUR_STATUS" ] || tour_fail "$step" "answered ${statuses[-1]}; the README states ${TOUR_EXPECT[$step]}"
  for word in "${TOUR_WORDS[@]}"; do
    grep -qF -- "$word" "${answers[-1]}" || tour_fail "$step" "the answer does not hold \"$word\"; the README states ${TOUR_EXPECT[$step]}"
  done
  printf '\n   ✓ as stated: %s\n' "${TOUR_EXPECT[$step]}" >&3
  TOUR_CHECKED=$((TOUR_CHECKED + 1))
}
