#!/usr/bin/env bash
# Prepares this machine for the service and its tests, and is safe to run any number of times:
# installs what is missing, starts (or reuses) PostgreSQL and RabbitMQ, fetches the face
# models, and writes .data/env. Used by scripts/run.sh and scripts/test.sh.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$LEDGER_REPO/scripts/lib/packages.sh"
source "$LEDGER_REPO/scripts/lib/postgres.sh"
source "$LEDGER_REPO/scripts/lib/rabbitmq.sh"
source "$LEDGER_REPO/scripts/lib/env.sh"
source "$LEDGER_REPO/scripts/lib/audit-key.sh"
source "$LEDGER_REPO/scripts/lib/master-key.sh"
source "$LEDGER_REPO/scripts/lib/access-tokens.sh"

[ "$(id -u)" = 0 ] || die "run as root: the set-up installs packages and starts PostgreSQL as user '$LEDGER_OS_USER'"
# Data folders readable by the cluster's user; secrets inside are 0600 on their own.
umask 022
mkdir -p "$LEDGER_DATA"
chmod 755 "$LEDGER_DATA"

ensure_packages
ensure_postgres
ensure_rabbitmq

if [ -x "$LEDGER_REPO/scripts/models.sh" ] || [ -f "$LEDGER_REPO/scripts/models.sh" ]; then
  step "Face models (scripts/models.sh)"
  bash "$LEDGER_REPO/scripts/models.sh" || die "scripts/models.sh failed"
fi

step "Contract tools (scripts/contract-tools.sh)"
bash "$LEDGER_REPO/scripts/contract-tools.sh" || die "scripts/contract-tools.sh failed"

step "Keys"
ensure_audit_key
ensure_log_origin
ensure_master_key
ensure_access_tokens
# Private to the service: the biometric key store (data keys, PIN pepper) and its temporary files.
mkdir -p "$LEDGER_DATA/biometric-keys" "$LEDGER_DATA/tmp"
chmod 700 "$LEDGER_DATA/biometric-keys" "$LEDGER_DATA/tmp"

step "Environment"
write_env_file
step "Set-up done"
