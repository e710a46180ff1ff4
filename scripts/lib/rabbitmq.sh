# shellcheck shell=bash
# A private RabbitMQ node for this checkout, like the PostgreSQL cluster: Debian's rabbitmq-server
# package, but data, logs and configuration under .data/rabbitmq, run as the 'ledger' system user,
# AMQP on 127.0.0.1:55672 with the guest/guest account (RabbitMQ accepts it from loopback only).
#
# Why not the machine's own broker (/var/lib/rabbitmq): its state outlives every checkout. Test runs
# killed halfway left 1,131 durable queues there, and that broker then hung recovering them at boot
# (RabbitMQ 3.10 on Debian 12), so a clean clone could not start at all. A node of our own starts
# from the checkout's state only; test runs get a virtual host each (scripts/lib/test-broker.sh).
#
# The node name uses 'localhost', not the machine's name, and the Erlang distribution and its port
# mapper get ports of their own: nothing depends on how the host name resolves, and a system broker
# on 5672/25672/4369 is neither reused nor disturbed.

LEDGER_RABBITMQ_HOME="$LEDGER_DATA/rabbitmq"
LEDGER_RABBITMQ_NODE="ledger-$LEDGER_RABBITMQ_PORT@localhost"
LEDGER_RABBITMQ_DIST_PORT=$((LEDGER_RABBITMQ_PORT + 1))
LEDGER_RABBITMQ_EPMD_PORT=$((LEDGER_RABBITMQ_PORT + 2))
LEDGER_RABBITMQ_LOG="$LEDGER_RABBITMQ_HOME/log/$LEDGER_RABBITMQ_NODE.log"

# as_rabbit COMMAND...: COMMAND as the node's user with the node's environment (the CLI tools need
# the same name, ports and Erlang cookie as the server).
as_rabbit() {
  local home="$LEDGER_RABBITMQ_HOME"
  runuser -u "$LEDGER_OS_USER" -- env \
    HOME="$home" \
    RABBITMQ_NODENAME="$LEDGER_RABBITMQ_NODE" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$LEDGER_RABBITMQ_PORT" \
    RABBITMQ_DIST_PORT="$LEDGER_RABBITMQ_DIST_PORT" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    ERL_EPMD_PORT="$LEDGER_RABBITMQ_EPMD_PORT" \
    RABBITMQ_MNESIA_BASE="$home/mnesia" \
    RABBITMQ_LOG_BASE="$home/log" \
    RABBITMQ_PID_FILE="$home/node.pid" \
    RABBITMQ_CONFIG_FILE="$home/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$home/advanced.config" \
    RABBITMQ_CONF_ENV_FILE="$home/rabbitmq-env.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$home/enabled_plugins" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    "$@"
}

rabbit_ctl() { as_rabbit /usr/lib/rabbitmq/bin/rabbitmqctl "$@" </dev/null; }

write_rabbitmq_config() {
  local home="$LEDGER_RABBITMQ_HOME"
  install -d -o "$LEDGER_OS_USER" -g "$LEDGER_OS_USER" -m 700 "$home" "$home/log" "$home/mnesia"
  # Written on every set-up; edit here, not there.
  cat >"$home/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$LEDGER_RABBITMQ_PORT
loopback_users.guest = true
log.file.level = info
log.console = false
# Below this much free disk RabbitMQ blocks publishers; a development machine may be tight.
disk_free_limit.absolute = 200MB
CONF
  printf '[].\n' >"$home/advanced.config"
  : >"$home/rabbitmq-env.conf"
  # No plugins: the node speaks AMQP and nothing else (no management listener to guard).
  printf '[].\n' >"$home/enabled_plugins"
  chown "$LEDGER_OS_USER:$LEDGER_OS_USER" "$home/rabbitmq.conf" "$home/advanced.config" \
    "$home/rabbitmq-env.conf" "$home/enabled_plugins"
}

# The last lines of the node's own log, for a start that failed.
show_rabbitmq_log() {
  local log
  for log in "$LEDGER_RABBITMQ_HOME/start.log" "$LEDGER_RABBITMQ_LOG"; do
    [ -s "$log" ] || continue
    printf -- '--- last lines of %s\n' "${log#$LEDGER_REPO/}" >&2
    tail -n 25 "$log" >&2
  done
}

ensure_rabbitmq() {
  step "RabbitMQ (127.0.0.1:$LEDGER_RABBITMQ_PORT, node $LEDGER_RABBITMQ_NODE, data in .data/rabbitmq)"
  ensure_os_user
  ensure_traversable
  write_rabbitmq_config
  if rabbit_ctl -q -t 10 ping >/dev/null 2>&1; then
    note "node already running (reused)"
  else
    if port_open "$LEDGER_RABBITMQ_PORT"; then
      die "something else listens on 127.0.0.1:$LEDGER_RABBITMQ_PORT; set LEDGER_RABBITMQ_PORT to a free port"
    fi
    note "starting the node (log: ${LEDGER_RABBITMQ_LOG#$LEDGER_REPO/})"
    # Every queue needs a file handle when the node recovers it, and runuser's PAM session sets the
    # soft limit back to 1,024: raise it to the hard limit inside.
    # shellcheck disable=SC2016 # expanded by the inner shell
    as_rabbit sh -c 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"' sh \
      /usr/lib/rabbitmq/bin/rabbitmq-server -detached </dev/null >"$LEDGER_RABBITMQ_HOME/start.log" 2>&1 ||
      { show_rabbitmq_log; die "rabbitmq-server -detached failed"; }
  fi
  # await_startup fails at once while the Erlang node itself is still booting, so retry it.
  local i ok=0
  for ((i = 0; i < 24; i++)); do
    if rabbit_ctl -q -t 10 await_startup >/dev/null 2>&1; then ok=1; break; fi
    sleep 2
  done
  if [ "$ok" != 1 ]; then
    show_rabbitmq_log
    die "RabbitMQ did not start within 2 minutes. If .data/rabbitmq holds nothing you need, stop the node" \
      "(bash scripts/broker-ctl.sh stop) and remove .data/rabbitmq/mnesia, then run this again"
  fi
  wait_for 30 "AMQP port" port_open "$LEDGER_RABBITMQ_PORT" ||
    { show_rabbitmq_log; die "RabbitMQ runs but nothing listens on 127.0.0.1:$LEDGER_RABBITMQ_PORT"; }
  rabbit_ctl -q authenticate_user guest guest >/dev/null 2>&1 ||
    die "RabbitMQ rejects guest/guest; restore the default account (bash scripts/broker-ctl.sh add_user guest guest)"
  note "ready: amqp://guest:guest@127.0.0.1:$LEDGER_RABBITMQ_PORT/"
}
