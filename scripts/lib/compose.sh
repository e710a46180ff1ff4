# Validates docker/compose.yaml without a Docker engine (`config` only parses and resolves).
# Docker's own `compose` plugin when the client has it, else Debian's docker-compose.

validate_compose() {
  local file="$LEDGER_REPO/docker/compose.yaml"
  step "Validating ${file#$LEDGER_REPO/}"
  [ -f "$file" ] || die "$file is missing"
  if ! command -v docker >/dev/null; then
    note "skipped: no docker client on this machine"
    return
  fi
  local -a compose
  if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
  else
    # This machine's docker client has no compose plugin; Debian packages the standalone tool.
    command -v docker-compose >/dev/null || apt_install docker-compose
    compose=(docker-compose)
  fi
  if ! "${compose[@]}" -f "$file" config -q; then
    die "${compose[*]} rejects $file"
  fi
  note "valid ($("${compose[@]}" version --short 2>/dev/null || echo "${compose[*]}"))"
}
