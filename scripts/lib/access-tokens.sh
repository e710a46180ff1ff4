# Bearer tokens for the local run: one operator, one auditor. Sourced after common.sh; idempotent.
#
# ensure_access_tokens: creates .data/operator.token and .data/auditor.token (mode 600) with
# "lgr_" + 32 random bytes (base64url) if they are missing, and keeps existing ones. .data/env
# exports them as LEDGER_OPERATOR_TOKEN / LEDGER_AUDITOR_TOKEN (for curl) and as
# Ledger__Credentials__Operator / __Auditor, which the service makes sure exist at start (named
# setup-operator-… / setup-auditor-…). Revoking one with `ledger credentials revoke` sticks; delete
# the file and re-run set-up for a new token. In production, issue named credentials instead.
ensure_access_tokens() {
  local role file tmp
  for role in operator auditor; do
    file="$LEDGER_DATA/$role.token"
    if [[ -s "$file" ]]; then
      note "$role token kept (${file#$LEDGER_REPO/})"
      continue
    fi
    tmp="$(mktemp "$LEDGER_DATA/.$role-token.XXXXXX")"
    chmod 600 "$tmp"
    printf 'lgr_%s' "$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')" >"$tmp"
    mv -n "$tmp" "$file"
    rm -f "$tmp"
    note "$role token created (${file#$LEDGER_REPO/})"
  done
}
