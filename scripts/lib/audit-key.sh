# The Ed25519 key that signs audit checkpoints. Sourced after common.sh; idempotent.
#
# ensure_audit_key: creates .data/audit-key (mode 600) with a fresh 32-byte seed, base64, if it is
# missing, and never touches an existing one: replacing it would leave the checkpoints already
# signed unverifiable under the published key. The service reads it through Audit__SigningKeyPath
# (default .data/audit-key relative to its working directory) and would create it itself if absent.
LEDGER_AUDIT_KEY="$LEDGER_DATA/audit-key"

ensure_audit_key() {
  if [[ -s "$LEDGER_AUDIT_KEY" ]]; then
    note "audit signing key kept (${LEDGER_AUDIT_KEY#$LEDGER_REPO/})"
    return 0
  fi
  mkdir -p "$LEDGER_DATA"
  local tmp
  tmp="$(mktemp "$LEDGER_DATA/.audit-key.XXXXXX")"
  chmod 600 "$tmp"
  # An Ed25519 private key is any 32 random bytes (the seed).
  head -c 32 /dev/urandom | base64 -w0 >"$tmp"
  printf '\n' >>"$tmp"
  mv -n "$tmp" "$LEDGER_AUDIT_KEY"
  rm -f "$tmp"
  note "audit signing key created (${LEDGER_AUDIT_KEY#$LEDGER_REPO/})"
}

# The log's name signed into every checkpoint (Audit__LogOrigin): made once per checkout, never changed, so two
# checkouts (or a checkout and a server) never sign checkpoints that could pass as each other's.
LEDGER_LOG_ORIGIN_FILE="$LEDGER_DATA/log-origin"

ensure_log_origin() {
  if [[ -s "$LEDGER_LOG_ORIGIN_FILE" ]]; then
    note "log origin kept: $(cat "$LEDGER_LOG_ORIGIN_FILE")"
    return 0
  fi
  printf 'ledger.local/dev-%s\n' "$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$LEDGER_LOG_ORIGIN_FILE"
  note "log origin created: $(cat "$LEDGER_LOG_ORIGIN_FILE")"
}
