# Shared helpers for the set-up, run and test scripts. Sourced, never executed.
# Every constant that another script or a test relies on is defined here once.

LEDGER_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LEDGER_DATA="$LEDGER_REPO/.data"

# Port 55432 (not 5432) so our cluster never clashes with a system PostgreSQL.
LEDGER_PG_PORT="${LEDGER_PG_PORT:-55432}"
LEDGER_PG_HOST=127.0.0.1
LEDGER_PG_BIN=/usr/lib/postgresql/15/bin
LEDGER_PG_DATA="$LEDGER_DATA/pg"
LEDGER_PG_LOG="$LEDGER_DATA/pg.log"
# PostgreSQL refuses to run as root, so the cluster belongs to this system user.
LEDGER_OS_USER=ledger

# Port 55672 (not 5672) so our node never clashes with a system RabbitMQ; the node also takes the
# next two ports (Erlang distribution and its port mapper, scripts/lib/rabbitmq.sh).
LEDGER_RABBITMQ_PORT="${LEDGER_RABBITMQ_PORT:-55672}"

# Seconds since the outermost script started, on every step line: CI's time budget is visible.
: "${LEDGER_T0:=$(date +%s)}"
export LEDGER_T0
step() { printf '==> [%4ss] %s\n' "$(($(date +%s) - LEDGER_T0))" "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp, no extra tools).
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND once a second until it succeeds.
wait_for() {
  local seconds="$1" what="$2"; shift 2
  local i
  for ((i = 0; i < seconds; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}
