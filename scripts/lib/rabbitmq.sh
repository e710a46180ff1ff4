# RabbitMQ from Debian's package, on 127.0.0.1:5672 with its default guest/guest account
# (which RabbitMQ only accepts from loopback). A broker that is already running is reused.

rabbit_ctl() { rabbitmqctl "$@" </dev/null; }

ensure_rabbitmq() {
  step "RabbitMQ (127.0.0.1:$LEDGER_RABBITMQ_PORT)"
  if port_open "$LEDGER_RABBITMQ_PORT"; then
    note "broker already running (reused)"
  else
    note "starting rabbitmq-server (detached)"
    # Loopback only: AMQP, Erlang distribution and epmd. Debian's wrapper passes the environment on.
    NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 ERL_EPMD_ADDRESS=127.0.0.1 \
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
      rabbitmq-server -detached </dev/null >"$LEDGER_DATA/rabbitmq-start.log" 2>&1 ||
      { cat "$LEDGER_DATA/rabbitmq-start.log" >&2; die "rabbitmq-server -detached failed"; }
  fi
  # await_startup fails at once while the Erlang node itself is still booting, so retry it.
  local i ok=0
  for ((i = 0; i < 24; i++)); do
    if rabbit_ctl -q -t 10 await_startup >/dev/null 2>&1; then ok=1; break; fi
    sleep 2
  done
  [ "$ok" = 1 ] || die "RabbitMQ did not start within 2 minutes (logs: /var/log/rabbitmq/)"
  wait_for 30 "AMQP port" port_open "$LEDGER_RABBITMQ_PORT" ||
    die "RabbitMQ runs but nothing listens on 127.0.0.1:$LEDGER_RABBITMQ_PORT"
  rabbit_ctl -q authenticate_user guest guest >/dev/null 2>&1 ||
    die "RabbitMQ rejects guest/guest; restore the default account (rabbitmqctl add_user guest guest)"
  note "ready: amqp://guest:guest@127.0.0.1:$LEDGER_RABBITMQ_PORT/"
}
