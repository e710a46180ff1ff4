#!/usr/bin/env bash
# Runs the README's five-minute tour, the bash block under "A five-minute tour", against a running
# service: the block itself, read from README.md (there is no second copy to drift), with every
# request and its answer printed and every answer held to the `# → ...` the README states for it.
# Exits 0 when every step answered as stated, 1 naming the README line of the first one that did not.
#
#   bash scripts/run.sh          # in one shell: the service with its demo data
#   bash scripts/tour.sh         # in another
#
# LEDGER_URL (default http://127.0.0.1:5080) and LEDGER_ENV_FILE (default .data/env: the tokens and
# connection strings) point it at another service; the tests run it so against one of their own.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/tour-steps.sh
source "$LEDGER_REPO/scripts/lib/tour-steps.sh"
cd "$LEDGER_REPO"

for tool in curl jq sha256sum base64 dotnet; do
  command -v "$tool" >/dev/null || die "the tour needs $tool (bash scripts/setup.sh installs jq)"
done
[ -f Cli/bin/Release/net10.0/ledger.dll ] || die "no Release build of the ledger tool (the tour runs it): bash scripts/run.sh builds it"
[ -f Terminal/Ledger.Terminal.Cli/bin/Release/net10.0/ledger-terminal.dll ] ||
  die "no Release build of ledger-terminal (the tour's terminal signs with it): bash scripts/run.sh builds it"
env_file="${LEDGER_ENV_FILE:-.data/env}"
[ -f "$env_file" ] || die "no $env_file: bash scripts/run.sh (or scripts/setup.sh) writes it"
url="${LEDGER_URL:-http://127.0.0.1:5080}"
command curl -sf -o /dev/null "$url/health/ready" || die "no service ready at $url: start it with bash scripts/run.sh (or set LEDGER_URL)"

TOUR_STATE="$(mktemp -d)"
# The block's own folder (TOUR: its answers and files, keys among them) is removed when the tour passed and
# kept for a look when it failed; this script's scratch folder goes either way.
tour_cleanup() {
  [ -z "${TOUR:-}" ] || [ -e "$TOUR_STATE/passed" ] || printf 'tour: the answers and files of this run are in %s\n' "$TOUR" >&2
  [ -z "${TOUR:-}" ] || [ ! -e "$TOUR_STATE/passed" ] || rm -rf "$TOUR"
  rm -rf "$TOUR_STATE"
}
trap tour_cleanup EXIT
: >"$TOUR_STATE/requests"
tour_extract README.md "$TOUR_STATE/tour.sh"
step "The README's tour (README.md lines $((TOUR_OFFSET + 1))-$((TOUR_OFFSET + $(wc -l <"$TOUR_STATE/tour.sh")))) against $url"
# The transcript: requests, answers and checks, wherever this script's output goes.
exec 3>&1

# Any other command of the block that fails (a CLI verb, a jq) stops the tour too, naming its line.
tour_error() {
  local rc=$? line
  line="$(tour_block_line)"
  if [ ! -e "$TOUR_STATE/failed" ]; then
    printf '\ntour: FAILED at README.md line %d (exit %d)\n' "$((line + TOUR_OFFSET))" "$rc" >&3
    sed -n "$((line + TOUR_OFFSET))p" README.md | sed 's/^/      /' >&3
    : >"$TOUR_STATE/failed" # once: a failure inside $(...) fails the command around it too
  fi
  exit 1
}
started=$(date +%s)
set -E
trap tour_error ERR
# shellcheck source=/dev/null  # the block read out of README.md
source "$TOUR_STATE/tour.sh"
trap - ERR
set +E

[ "$TOUR_CHECKED" = "${#TOUR_EXPECT[@]}" ] \
  || die "only $TOUR_CHECKED of the ${#TOUR_EXPECT[@]} stated answers were checked"
[ "$(cut -d' ' -f1 "$TOUR_STATE/requests" | sort -u | wc -l)" = "${#TOUR_EXPECT[@]}" ] \
  || die "requests were made that no stated answer covers"
: >"$TOUR_STATE/passed"
printf '\ntour: OK, %d steps answered as README.md states (%d requests, %d s)\n' \
  "$TOUR_CHECKED" "$(wc -l <"$TOUR_STATE/requests")" "$(($(date +%s) - started))"
