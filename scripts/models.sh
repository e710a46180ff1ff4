#!/usr/bin/env bash
# Builds the face model pack (.models/pack) from the npm package @vladmandic/face-api (MIT).
# Idempotent: a second run checks the pack's checksums and returns at once.
#   scripts/models.sh            fetch (if needed), verify, import (if needed)
#   scripts/models.sh --force    re-import even when the pack is intact
set -euo pipefail

PACKAGE="@vladmandic/face-api"
VERSION="1.7.15"
# sha512 of the npm tarball of ${PACKAGE}@${VERSION} (the registry's "integrity" field, base64).
INTEGRITY="sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw=="

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NPM_DIR="$ROOT/.models/npm"
TARBALL="$NPM_DIR/vladmandic-face-api-$VERSION.tgz"
WEIGHTS="$NPM_DIR/node_modules/$PACKAGE/model"
PACK="$ROOT/.models/pack"
FORCE="${1:-}"

log() { echo "models.sh: $*" >&2; }

# The importer's graph revision: a pack from an older importer is rebuilt even if its files are intact.
REVISION="$(grep -oP 'GraphRevision = \K[0-9]+' "$ROOT/Vision/Import/FaceApiNetworks.cs")"

pack_is_current() {
  [[ -f "$PACK/manifest.json" && -f "$PACK/SHA256SUMS" ]] || return 1
  grep -q "\"version\": \"$VERSION+onnx.$REVISION\"" "$PACK/manifest.json" || return 1
  (cd "$PACK" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1)
}

if [[ "$FORCE" != "--force" ]] && pack_is_current; then
  log "model pack up to date: $PACK"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  log "installing node and npm (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nodejs npm >/dev/null
fi

tarball_ok() {
  [[ -f "$TARBALL" ]] || return 1
  # node comes with npm, so the hash needs nothing else installed.
  local actual
  actual="$(node -e 'const c = require("crypto"), fs = require("fs");
    process.stdout.write("sha512-" + c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"));' "$TARBALL")"
  [[ "$actual" == "$INTEGRITY" ]]
}

mkdir -p "$NPM_DIR"
if ! tarball_ok; then
  log "fetching $PACKAGE@$VERSION with npm"
  rm -f "$TARBALL"
  (cd "$NPM_DIR" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
  if ! tarball_ok; then
    log "integrity check FAILED for $TARBALL (expected $INTEGRITY); refusing to use it"
    rm -f "$TARBALL"
    exit 1
  fi
fi

# Install exactly the verified tarball (the package has no runtime dependencies); no lock file, no scripts.
if [[ ! -f "$WEIGHTS/face_recognition_model.bin" || "$TARBALL" -nt "$WEIGHTS/face_recognition_model.bin" ]]; then
  log "installing the verified tarball into $NPM_DIR/node_modules"
  (cd "$NPM_DIR" && npm install --silent --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
      --offline "./$(basename "$TARBALL")" >/dev/null)
  touch "$WEIGHTS/face_recognition_model.bin"
fi

log "importing the networks into $PACK"
if [[ -n "${LEDGER_API_DLL:-}" ]]; then
  dotnet "$LEDGER_API_DLL" models import --from "$WEIGHTS" --out "$PACK"
else
  dotnet run --project "$ROOT/Api" -c Release -- models import --from "$WEIGHTS" --out "$PACK"
fi
pack_is_current || { log "the imported pack does not verify"; exit 1; }
log "model pack ready: $PACK"
