# A private PostgreSQL 15 cluster for this checkout: data under .data/pg, TCP on
# 127.0.0.1:55432 only, password (SCRAM) authentication, owned by the 'ledger' system user.

as_pg_user() { runuser -u "$LEDGER_OS_USER" -- "$@"; }

pg_admin_password_file() { echo "$LEDGER_DATA/pg-admin.pw"; }

# psql as the cluster's superuser over TCP (there is no Unix socket: see ledger.conf below).
pg_admin_psql() {
  PGPASSWORD="$(cat "$(pg_admin_password_file)")" "$LEDGER_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$LEDGER_PG_HOST" -p "$LEDGER_PG_PORT" -U postgres -d postgres "$@"
}

ledger_can_login() {
  PGPASSWORD=ledger PGCONNECT_TIMEOUT=5 "$LEDGER_PG_BIN/psql" -X -q -h "$LEDGER_PG_HOST" -p "$LEDGER_PG_PORT" \
    -U ledger -d ledger -c 'select 1' >/dev/null 2>&1
}

ensure_os_user() {
  if ! id -u "$LEDGER_OS_USER" >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || die "creating the system user '$LEDGER_OS_USER' needs root"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$LEDGER_OS_USER" || die "could not create system user '$LEDGER_OS_USER'"
    note "created system user '$LEDGER_OS_USER'"
  fi
}

# The server must be able to walk down to its data directory. A clone under a private folder
# (/root/..., a 0700 temp dir) gets search-only permission (o+x, never read) on each parent.
ensure_traversable() {
  local dir="$LEDGER_DATA" path="" part
  local IFS=/
  for part in $dir; do
    [ -z "$part" ] && continue
    path="$path/$part"
    if ! as_pg_user test -x "$path"; then
      chmod o+x "$path" || die "cannot make $path traversable for '$LEDGER_OS_USER'"
      note "made $path traversable (o+x) for '$LEDGER_OS_USER'"
    fi
  done
}

write_pg_config() {
  local conf="$LEDGER_PG_DATA/ledger.conf" tmp
  tmp="$(mktemp)"
  cat >"$tmp" <<CONF
# Written by scripts/lib/postgres.sh on every set-up; edit there, not here.
listen_addresses = '$LEDGER_PG_HOST'
port = $LEDGER_PG_PORT
# TCP only: no socket directory to own, no path-length limit from deep checkouts.
unix_socket_directories = ''
password_encryption = 'scram-sha-256'
max_connections = 200
shared_buffers = 256MB
# A ledger: durability is never traded for speed, not even in tests or benchmarks.
fsync = on
synchronous_commit = on
full_page_writes = on
max_wal_size = 2GB
checkpoint_timeout = 15min
effective_cache_size = 2GB
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
# Counts every statement clients send, per database: bench/ledger.sh reports statements per payment and per pgbench
# transaction from it (docs/BENCHMARKS.md). Its cost is a hash update per statement.
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = top
CONF
  local changed=1
  if [ -f "$conf" ] && cmp -s "$tmp" "$conf"; then changed=0; fi
  if [ "$changed" = 1 ]; then
    install -o "$LEDGER_OS_USER" -g "$LEDGER_OS_USER" -m 600 "$tmp" "$conf"
  fi
  rm -f "$tmp"
  grep -q "^include_if_exists = 'ledger.conf'" "$LEDGER_PG_DATA/postgresql.conf" ||
    echo "include_if_exists = 'ledger.conf'" >>"$LEDGER_PG_DATA/postgresql.conf"
  cat >"$LEDGER_PG_DATA/pg_hba.conf" <<HBA
# Written by scripts/lib/postgres.sh. Loopback TCP with SCRAM passwords, nothing else.
# TYPE  DATABASE  USER  ADDRESS       METHOD
host    all       all   127.0.0.1/32  scram-sha-256
HBA
  chown "$LEDGER_OS_USER:$LEDGER_OS_USER" "$LEDGER_PG_DATA/pg_hba.conf" "$LEDGER_PG_DATA/postgresql.conf"
  PG_CONFIG_CHANGED=$changed
}

init_cluster() {
  if [ -f "$LEDGER_PG_DATA/PG_VERSION" ]; then
    note "cluster exists at $LEDGER_PG_DATA"
    return
  fi
  [ -e "$LEDGER_PG_DATA" ] && [ -n "$(ls -A "$LEDGER_PG_DATA" 2>/dev/null)" ] &&
    die "$LEDGER_PG_DATA exists but holds no cluster; move it away or delete it"
  install -d -o "$LEDGER_OS_USER" -g "$LEDGER_OS_USER" -m 700 "$LEDGER_PG_DATA"
  # The superuser gets a random password kept next to the cluster; the app uses role 'ledger'.
  local pw
  pw="$(pg_admin_password_file)"
  head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$pw"
  chown "$LEDGER_OS_USER:$LEDGER_OS_USER" "$pw"
  chmod 600 "$pw"
  note "initdb $LEDGER_PG_DATA"
  if ! as_pg_user "$LEDGER_PG_BIN/initdb" -D "$LEDGER_PG_DATA" --username=postgres --pwfile="$pw" \
      --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$LEDGER_DATA/initdb.log" 2>&1; then
    tail -20 "$LEDGER_DATA/initdb.log" >&2
    rm -rf "$LEDGER_PG_DATA"
    die "initdb failed (log: $LEDGER_DATA/initdb.log)"
  fi
}

# After a machine restart, postmaster.pid may name a PID that now belongs to another program,
# which pg_ctl would take for a running server. Only a live 'postgres' process counts.
clear_stale_pid_file() {
  local pidfile="$LEDGER_PG_DATA/postmaster.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(head -1 "$pidfile")"
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = postgres ]; then return 0; fi
  note "removing stale postmaster.pid (PID $pid is not a PostgreSQL server)"
  rm -f "$pidfile"
}

start_cluster() {
  local status=0
  clear_stale_pid_file
  as_pg_user "$LEDGER_PG_BIN/pg_ctl" status -D "$LEDGER_PG_DATA" >/dev/null 2>&1 || status=$?
  if [ "$status" = 0 ]; then
    if [ "$PG_CONFIG_CHANGED" = 1 ]; then
      note "configuration changed: restarting PostgreSQL"
      as_pg_user "$LEDGER_PG_BIN/pg_ctl" restart -D "$LEDGER_PG_DATA" -l "$LEDGER_PG_LOG" -w -t 120 -m fast \
        >/dev/null || die "PostgreSQL restart failed (log: $LEDGER_PG_LOG)"
    else
      note "PostgreSQL already running (reused)"
    fi
    return
  fi
  if port_open "$LEDGER_PG_PORT"; then
    # Another server (another checkout's cluster, say) holds the port: reuse it only if our role works there.
    ledger_can_login ||
      die "port $LEDGER_PG_PORT is taken by a server where role 'ledger' cannot log in; stop it first"
    warn "port $LEDGER_PG_PORT already served by another PostgreSQL where 'ledger' logs in: reusing it"
    PG_FOREIGN=1
    return
  fi
  touch "$LEDGER_PG_LOG"
  chown "$LEDGER_OS_USER:$LEDGER_OS_USER" "$LEDGER_PG_LOG"
  note "starting PostgreSQL on $LEDGER_PG_HOST:$LEDGER_PG_PORT (log: $LEDGER_PG_LOG)"
  as_pg_user "$LEDGER_PG_BIN/pg_ctl" start -D "$LEDGER_PG_DATA" -l "$LEDGER_PG_LOG" -w -t 120 >/dev/null ||
    { tail -20 "$LEDGER_PG_LOG" >&2; die "PostgreSQL did not start (log: $LEDGER_PG_LOG)"; }
}

wait_ready() {
  wait_for 60 "PostgreSQL" "$LEDGER_PG_BIN/pg_isready" -q -h "$LEDGER_PG_HOST" -p "$LEDGER_PG_PORT" ||
    { tail -20 "$LEDGER_PG_LOG" >&2; die "PostgreSQL is not accepting connections on port $LEDGER_PG_PORT"; }
}

# Two roles (docs/THREAT-MODEL.md, the insider): 'ledger' owns the schema and is used only by the set-up, the
# migration (`ledger db migrate`) and the tests that make throwaway databases; 'ledger_app' is what the service
# connects as at runtime: no DDL, no CREATEDB, and only INSERT into the history. Its grants on the tables come
# with the migration (the tables are Marten's, made there), so a cluster from before this split is upgraded by
# re-running the set-up and then the migration (scripts/run.sh does both).
ensure_role_and_database() {
  pg_admin_psql <<'SQL' || die "could not create roles 'ledger' and 'ledger_app'"
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger') THEN
    CREATE ROLE ledger LOGIN CREATEDB PASSWORD 'ledger';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_app') THEN
    CREATE ROLE ledger_app LOGIN PASSWORD 'ledger_app';
  END IF;
END
$$;
ALTER ROLE ledger LOGIN CREATEDB NOCREATEROLE NOSUPERUSER PASSWORD 'ledger';
ALTER ROLE ledger_app LOGIN NOCREATEDB NOCREATEROLE NOSUPERUSER NOINHERIT PASSWORD 'ledger_app';
SQL
  if [ "$(pg_admin_psql -At -c "select 1 from pg_database where datname = 'ledger'")" != 1 ]; then
    pg_admin_psql -c 'CREATE DATABASE ledger OWNER ledger' || die "could not create database 'ledger'"
    note "created database 'ledger'"
  fi
  ledger_can_login || die "role 'ledger' cannot log in to database 'ledger'"
  # Nobody but the owner creates objects in the public schema either (PostgreSQL 15's default; explicit for older databases).
  pg_admin_psql -d ledger -c 'REVOKE CREATE ON SCHEMA public FROM PUBLIC' ||
    die "could not revoke CREATE on schema public"
}

ensure_postgres() {
  step "PostgreSQL 15 (127.0.0.1:$LEDGER_PG_PORT, data in ${LEDGER_PG_DATA#$LEDGER_REPO/})"
  [ "$(id -u)" = 0 ] || [ "$(id -un)" = "$LEDGER_OS_USER" ] || die "run the set-up as root"
  PG_CONFIG_CHANGED=0
  PG_FOREIGN=0
  ensure_os_user
  ensure_traversable
  init_cluster
  write_pg_config
  start_cluster
  wait_ready
  if [ "$PG_FOREIGN" = 0 ]; then ensure_role_and_database; fi
  note "ready: roles 'ledger' (schema owner) and 'ledger_app' (runtime), database 'ledger'"
}
