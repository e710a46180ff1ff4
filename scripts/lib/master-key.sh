# The master key that wraps terminal secrets (and later customers' template keys). Sourced after
# common.sh; idempotent.
#
# ensure_master_key: creates .data/master.key (mode 600) with 32 random bytes, base64, if it is
# missing, and never replaces an existing one: every sealed secret would become unreadable.
# .data/env exports it as Ledger__MasterKey. In production it comes from a secret store instead.
LEDGER_MASTER_KEY="$LEDGER_DATA/master.key"

ensure_master_key() {
  if [[ -s "$LEDGER_MASTER_KEY" ]]; then
    note "master key kept (${LEDGER_MASTER_KEY#$LEDGER_REPO/})"
    return 0
  fi
  local tmp
  tmp="$(mktemp "$LEDGER_DATA/.master-key.XXXXXX")"
  chmod 600 "$tmp"
  head -c 32 /dev/urandom | base64 -w0 >"$tmp"
  mv -n "$tmp" "$LEDGER_MASTER_KEY"
  rm -f "$tmp"
  note "master key created (${LEDGER_MASTER_KEY#$LEDGER_REPO/})"
}
