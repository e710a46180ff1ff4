#!/usr/bin/env bash
# Installs the contract tooling the tests run against the served OpenAPI document (docs/CONTRACT.md):
#   @redocly/cli   the linter (npm; one self-contained package), into .tools/redocly
#   kiota          the C# client generator, a local dotnet tool pinned in .config/dotnet-tools.json
# As scripts/models.sh fetches the face models: the exact npm version, its tarball checked against the pinned sha512,
# installed offline from that tarball without scripts. Idempotent: a second run checks and returns.
set -euo pipefail

REDOCLY_PACKAGE="@redocly/cli"
REDOCLY_VERSION="2.77.0"
# sha512 of the npm tarball (the registry's "integrity" field, base64).
REDOCLY_INTEGRITY="sha512-XUa4hURDWLPG9WukIXo+UBqa9VpeTndmLI5PHu9QDkwtwH990Jsgz9nl2m1pZjsWrKFPP7avn6etRxxDbuD2Bg=="

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools/redocly"
TARBALL="$TOOLS/redocly-cli-$REDOCLY_VERSION.tgz"
REDOCLY="$TOOLS/node_modules/.bin/redocly"

log() { echo "contract-tools.sh: $*" >&2; }

# Redocly's usage report and update check: nothing leaves the machine from a lint.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

# shellcheck source=lib/npm-pack.sh
source "$ROOT/scripts/lib/npm-pack.sh"

installed_version() {
  [[ -x "$REDOCLY" ]] && node -e 'process.stdout.write(require(process.argv[1]).version)' \
    "$TOOLS/node_modules/@redocly/cli/package.json" 2>/dev/null
}

if [[ "$(installed_version || true)" != "$REDOCLY_VERSION" ]]; then
  mkdir -p "$TOOLS"
  npm_fetch "$REDOCLY_PACKAGE" "$REDOCLY_VERSION" "$TARBALL" "$REDOCLY_INTEGRITY"
  log "installing the verified tarball into $TOOLS/node_modules"
  (cd "$TOOLS" && npm install --silent --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
      --offline "./$(basename "$TARBALL")" >/dev/null)
  [[ "$(installed_version || true)" == "$REDOCLY_VERSION" ]] || { log "redocly $REDOCLY_VERSION did not install"; exit 1; }
fi
log "redocly $REDOCLY_VERSION ready: $REDOCLY"

# The pinned Kiota (and any other local tool the manifest names), from NuGet.
(cd "$ROOT" && dotnet tool restore >/dev/null) || { log "dotnet tool restore failed"; exit 1; }
log "dotnet local tools restored (.config/dotnet-tools.json)"
