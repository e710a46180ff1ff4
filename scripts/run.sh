#!/usr/bin/env bash
# Sets up this machine (see scripts/setup.sh) and serves the Ledger API with a small demo
# data set. LEDGER_URLS overrides where it listens (default http://127.0.0.1:5080).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LEDGER_REPO"

bash scripts/setup.sh
source "$LEDGER_DATA/env"

urls="${LEDGER_URLS:-http://127.0.0.1:5080}"
base="${urls%%;*}"
base="${base%/}"
step "Building the API (Release)"
dotnet build Api -c Release --nologo -v quiet -clp:NoSummary || die "the API does not build"
# The `ledger` tool: the migration below, and the README tour's `ledger` commands (README: The ledger tool).
dotnet build Cli -c Release --nologo -v quiet -clp:NoSummary || die "the ledger tool does not build"
# The README tour's terminal signs its requests with the terminal SDK's tool (docs/TERMINALS.md).
dotnet build Terminal/Ledger.Terminal.Cli -c Release --nologo -v quiet -clp:NoSummary || die "ledger-terminal does not build"

step "Migrating the database (as the schema owner)"
# The service runs as the runtime role, which cannot change the schema: the owner applies it first.
dotnet "$LEDGER_REPO/Cli/bin/Release/net10.0/ledger.dll" db migrate || die "the database migration failed"

step "Starting the Ledger API"
note "listening on   $urls"
note "OpenAPI        $base/openapi/v1.json"
note "health         $base/health/ready  (and $base/health/live)"
note "the tour       LEDGER_URL=$base bash scripts/tour.sh  (README: A five-minute tour)"
note "stop with Ctrl-C"

# The service runs as its own system user, never root: it may read the build, the models and the files
# it needs (the audit key, the biometric key store, its temporary folder), nothing else of .data. The
# master key and tokens reach it in the environment that root read from .data/env.
service_user=ledger-api
if ! id -u "$service_user" >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$service_user" \
    || die "could not create the system user $service_user"
fi
chown "$service_user" "$Audit__SigningKeyPath"
mkdir -p "$Audit__WitnessDirectory"
chown "$service_user" "$Audit__WitnessDirectory"
chmod 755 "$Audit__WitnessDirectory"
chown -R "$service_user" "$Biometrics__KeyStore" "$ASPNETCORE_TEMP"
chmod 700 "$Biometrics__KeyStore" "$ASPNETCORE_TEMP"
note "serving as     $service_user"

export Ledger__SeedDemoData=true
# The tour pays with plain captures sent by curl; a production service takes only captures a terminal's device key
# signed (FacePay:Capture:AcceptUnattested stays off there). Set FacePay__Capture__AcceptUnattested=false to try that.
export FacePay__Capture__AcceptUnattested="${FacePay__Capture__AcceptUnattested:-true}"
note "demo: captures without a device's signed statement accepted (recorded as unattested)"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}" HOME="$ASPNETCORE_TEMP"
cd "$LEDGER_REPO/Api/bin/Release/net10.0"
# The owner's connection stays with the migration: the service gets only the runtime role's.
unset ConnectionStrings__LedgerOwner
exec runuser -u "$service_user" -- dotnet Ledger.Api.dll --urls "$urls"
