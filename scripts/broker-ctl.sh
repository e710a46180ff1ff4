#!/usr/bin/env bash
# rabbitmqctl for this checkout's own RabbitMQ node (scripts/lib/rabbitmq.sh), e.g.
#   bash scripts/broker-ctl.sh list_queues name messages
#   bash scripts/broker-ctl.sh stop
# The tests inspect the broker through it (LEDGER_RABBITMQCTL in .data/env).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$LEDGER_REPO/scripts/lib/rabbitmq.sh"
[ "$(id -u)" = 0 ] || die "run as root: the node belongs to the system user '$LEDGER_OS_USER'"
[ -d "$LEDGER_RABBITMQ_HOME" ] || die "no RabbitMQ node in ${LEDGER_RABBITMQ_HOME#$LEDGER_REPO/}; run bash scripts/setup.sh first"
[ $# -gt 0 ] || die "usage: bash scripts/broker-ctl.sh COMMAND [ARG...]   (any rabbitmqctl command)"
rabbit_ctl "$@"
