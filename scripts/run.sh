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

step "Starting the Ledger API"
note "listening on   $urls"
note "OpenAPI        $base/openapi/v1.json"
note "health         $base/health/ready  (and $base/health/live)"
note "stop with Ctrl-C"

export Ledger__SeedDemoData=true
# The tour pays with plain captures sent by curl; a production service takes only captures a terminal's device key
# signed (FacePay:Capture:AcceptUnattested stays off there). Set FacePay__Capture__AcceptUnattested=false to try that.
export FacePay__Capture__AcceptUnattested="${FacePay__Capture__AcceptUnattested:-true}"
note "demo: captures without a device's signed statement accepted (recorded as unattested)"
exec dotnet run --project Api -c Release --no-build --no-launch-profile --urls "$urls"
