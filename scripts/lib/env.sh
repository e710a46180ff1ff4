# Writes .data/env: the one place where the service, the tests and the benchmarks find
# their connection strings. `source .data/env` in a shell to get the same settings.

write_env_file() {
  local env="$LEDGER_DATA/env" tmp
  tmp="$(mktemp)"
  cat >"$tmp" <<ENV
# Written by scripts/setup.sh; re-run it instead of editing this file.
# LEDGER_PG: the schema owner (set-up, migrations, tests' throwaway databases, psql). The service connects as the
# runtime role, which may only insert into the history and cannot change the schema (docs/AUDIT.md).
export LEDGER_PG="Host=$LEDGER_PG_HOST;Port=$LEDGER_PG_PORT;Username=ledger;Password=ledger;Database=ledger"
export LEDGER_PG_RUNTIME="Host=$LEDGER_PG_HOST;Port=$LEDGER_PG_PORT;Username=ledger_app;Password=ledger_app;Database=ledger"
export ConnectionStrings__Ledger="\$LEDGER_PG_RUNTIME"
export ConnectionStrings__LedgerOwner="\$LEDGER_PG"
export LEDGER_PG_ADMIN="Host=$LEDGER_PG_HOST;Port=$LEDGER_PG_PORT;Username=postgres;Password=$(cat "$LEDGER_DATA/pg-admin.pw" 2>/dev/null);Database=postgres"
export LEDGER_PG_DATA="$LEDGER_PG_DATA"
export LEDGER_PG_OS_USER="$LEDGER_OS_USER"
export LEDGER_RABBITMQ_PORT=$LEDGER_RABBITMQ_PORT
export LEDGER_RABBITMQ="amqp://guest:guest@127.0.0.1:$LEDGER_RABBITMQ_PORT/"
# rabbitmqctl for this checkout's own node (as root): list queues, stop it.
export LEDGER_RABBITMQCTL="$LEDGER_REPO/scripts/broker-ctl.sh"
export ConnectionStrings__RabbitMq="\$LEDGER_RABBITMQ"
export LEDGER_MODELS="$LEDGER_REPO/.models/pack"
export Vision__ModelPack="\$LEDGER_MODELS"
# Secrets live in their own 0600 files; this file only points at them.
export Ledger__MasterKey="\$(cat '$LEDGER_DATA/master.key')"
export Audit__SigningKeyPath="$LEDGER_DATA/audit-key"
# The log's name in every checkpoint (docs/AUDIT.md): made once by the set-up, never changed.
export Audit__LogOrigin="\$(cat '$LEDGER_DATA/log-origin')"
# Every signed checkpoint is appended here too (checkpoints.jsonl): outside the database, for a second machine to collect.
export Audit__WitnessDirectory="$LEDGER_DATA/audit-witness"
# Face data keys, the PIN pepper and the capture digest key: outside the database (docs/THREAT-MODEL.md, T9-T10).
export Biometrics__KeyStore="$LEDGER_DATA/biometric-keys"
# Anything ASP.NET Core must spill (it should not: face bodies stay in memory) goes to a private folder.
export ASPNETCORE_TEMP="$LEDGER_DATA/tmp"
# Bearer tokens of the local run (curl -H "Authorization: Bearer \$LEDGER_OPERATOR_TOKEN"); the service ensures them at start.
export LEDGER_OPERATOR_TOKEN="\$(cat '$LEDGER_DATA/operator.token')"
export LEDGER_AUDITOR_TOKEN="\$(cat '$LEDGER_DATA/auditor.token')"
export Ledger__Credentials__Operator="\$LEDGER_OPERATOR_TOKEN" Ledger__Credentials__Auditor="\$LEDGER_AUDITOR_TOKEN"
# libpq tools (psql, pgbench) default to the same server.
export PGHOST=$LEDGER_PG_HOST PGPORT=$LEDGER_PG_PORT PGUSER=ledger PGPASSWORD=ledger PGDATABASE=ledger
case ":\$PATH:" in *":$LEDGER_PG_BIN:"*) ;; *) export PATH="$LEDGER_PG_BIN:\$PATH" ;; esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ENV
  install -m 600 "$tmp" "$env"
  rm -f "$tmp"
  note "wrote ${env#$LEDGER_REPO/}"
}
