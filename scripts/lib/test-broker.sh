# shellcheck shell=bash
# A RabbitMQ virtual host for one run of the test suite. Tests declare durable queues under names of
# their own; put in a vhost that is deleted when the run ends, they never pile up in the node (a
# broker that must recover thousands of queues at boot may not come up at all). A vhost left by a
# run that was killed is deleted by the next run. Sourced after common.sh and rabbitmq.sh.

LEDGER_TEST_VHOST_PREFIX=ledger-test-

# Vhosts of runs whose process is gone.
stale_test_vhosts() {
  local vhost pid
  rabbit_ctl -q list_vhosts name --no-table-headers 2>/dev/null | while read -r vhost; do
    [[ "$vhost" =~ ^${LEDGER_TEST_VHOST_PREFIX}([0-9]+)$ ]] || continue
    pid="${BASH_REMATCH[1]}"
    [ "$pid" = "$$" ] || kill -0 "$pid" 2>/dev/null || echo "$vhost"
  done
}

delete_test_vhost() {
  rabbit_ctl -q delete_vhost "$1" >/dev/null 2>&1 || warn "could not delete RabbitMQ vhost $1"
}

# use_test_vhost: creates this run's vhost and points LEDGER_RABBITMQ (and the service's connection
# string) at it; deletes it when the calling shell exits.
use_test_vhost() {
  local vhost="$LEDGER_TEST_VHOST_PREFIX$$" stale
  step "RabbitMQ vhost $vhost for this run"
  for stale in $(stale_test_vhosts); do
    delete_test_vhost "$stale"
    note "deleted $stale, left by a run that was stopped"
  done
  rabbit_ctl -q add_vhost "$vhost" >/dev/null || die "could not create RabbitMQ vhost $vhost"
  rabbit_ctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null ||
    die "could not let guest use RabbitMQ vhost $vhost"
  # shellcheck disable=SC2064 # the vhost's name is meant to be fixed now
  trap "delete_test_vhost '$vhost'" EXIT
  export LEDGER_RABBITMQ="amqp://guest:guest@127.0.0.1:$LEDGER_RABBITMQ_PORT/$vhost"
  export ConnectionStrings__RabbitMq="$LEDGER_RABBITMQ"
  export LEDGER_RABBITMQ_VHOST="$vhost"
}
