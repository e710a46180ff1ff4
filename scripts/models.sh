#!/usr/bin/env bash
# Builds the face model pack (.models/pack) from two npm packages (both MIT):
#   @vladmandic/face-api  detector, landmarks, recognition (tfjs layers weights in model/)
#   @vladmandic/human     antispoof and liveness, the passive presentation-attack networks (tfjs graph models in models/)
# Idempotent: a second run checks the pack's checksums and returns at once.
#   scripts/models.sh            fetch (if needed), verify, import (if needed)
#   scripts/models.sh --force    re-import even when the pack is intact
set -euo pipefail

FACE_API_PACKAGE="@vladmandic/face-api"
FACE_API_VERSION="1.7.15"
# sha512 of each npm tarball (the registry's "integrity" field, base64).
FACE_API_INTEGRITY="sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw=="
HUMAN_PACKAGE="@vladmandic/human"
HUMAN_VERSION="3.3.6"
HUMAN_INTEGRITY="sha512-Nr5mPfq1gQ+uKeXY5uM3Fj8UxvF5CEh2s6txM5wRThqaW0mF9huooOuZSrT8hhGho0hGaXLFdAwfD/2+teCv6A=="

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NPM_DIR="$ROOT/.models/npm"
FACE_API_TARBALL="$NPM_DIR/vladmandic-face-api-$FACE_API_VERSION.tgz"
HUMAN_TARBALL="$NPM_DIR/vladmandic-human-$HUMAN_VERSION.tgz"
WEIGHTS="$NPM_DIR/node_modules/$FACE_API_PACKAGE/model"
HUMAN_MODELS="$NPM_DIR/node_modules/$HUMAN_PACKAGE/models"
PACK="$ROOT/.models/pack"
FORCE="${1:-}"

log() { echo "models.sh: $*" >&2; }

# The importer's graph revisions: a pack from an older importer (or without the human networks) is rebuilt
# even if its files are intact.
FACE_API_REVISION="$(grep -oP 'GraphRevision = \K[0-9]+' "$ROOT/Vision/Import/FaceApiNetworks.cs")"
HUMAN_REVISION="$(grep -oP 'GraphRevision = \K[0-9]+' "$ROOT/Vision/Import/HumanNetworks.cs")"
FORMAT="$(grep -oP 'CurrentFormat = \K[0-9]+' "$ROOT/Vision/Import/ModelPackManifest.cs")"

pack_is_current() {
  [[ -f "$PACK/manifest.json" && -f "$PACK/SHA256SUMS" ]] || return 1
  grep -q "\"format\": $FORMAT," "$PACK/manifest.json" || return 1
  grep -q "\"version\": \"$FACE_API_VERSION+onnx.$FACE_API_REVISION\"" "$PACK/manifest.json" || return 1
  [[ "$(grep -c "\"version\": \"$HUMAN_VERSION+onnx.$HUMAN_REVISION\"" "$PACK/manifest.json")" == 2 ]] || return 1
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

# tarball_ok FILE INTEGRITY: the file exists and its sha512 is the pinned one.
tarball_ok() {
  [[ -f "$1" ]] || return 1
  # node comes with npm, so the hash needs nothing else installed.
  local actual
  actual="$(node -e 'const c = require("crypto"), fs = require("fs");
    process.stdout.write("sha512-" + c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"));' "$1")"
  [[ "$actual" == "$2" ]]
}

# fetch PACKAGE VERSION TARBALL INTEGRITY: npm pack the exact version unless the verified tarball is there.
fetch() {
  local package="$1" version="$2" tarball="$3" integrity="$4"
  tarball_ok "$tarball" "$integrity" && return 0
  log "fetching $package@$version with npm"
  rm -f "$tarball"
  (cd "$NPM_DIR" && npm pack --silent "$package@$version" >/dev/null)
  if ! tarball_ok "$tarball" "$integrity"; then
    log "integrity check FAILED for $tarball (expected $integrity); refusing to use it"
    rm -f "$tarball"
    exit 1
  fi
}

mkdir -p "$NPM_DIR"
fetch "$FACE_API_PACKAGE" "$FACE_API_VERSION" "$FACE_API_TARBALL" "$FACE_API_INTEGRITY"
fetch "$HUMAN_PACKAGE" "$HUMAN_VERSION" "$HUMAN_TARBALL" "$HUMAN_INTEGRITY"

# Install exactly the verified tarballs (neither package has runtime dependencies); no lock file, no scripts.
# Both in one command: npm removes from node_modules what a later install does not name.
FACE_API_MARKER="$WEIGHTS/face_recognition_model.bin"
HUMAN_MARKER="$HUMAN_MODELS/liveness.bin"
if [[ ! -f "$FACE_API_MARKER" || "$FACE_API_TARBALL" -nt "$FACE_API_MARKER" || ! -f "$HUMAN_MARKER" || "$HUMAN_TARBALL" -nt "$HUMAN_MARKER" ]]; then
  log "installing the verified tarballs into $NPM_DIR/node_modules"
  (cd "$NPM_DIR" && npm install --silent --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
      --offline "./$(basename "$FACE_API_TARBALL")" "./$(basename "$HUMAN_TARBALL")" >/dev/null)
  touch "$FACE_API_MARKER" "$HUMAN_MARKER"
fi

log "importing the networks into $PACK"
if [[ -n "${LEDGER_API_DLL:-}" ]]; then
  dotnet "$LEDGER_API_DLL" models import --from "$WEIGHTS" --human "$HUMAN_MODELS" --out "$PACK"
else
  dotnet run --project "$ROOT/Api" -c Release -- models import --from "$WEIGHTS" --human "$HUMAN_MODELS" --out "$PACK"
fi
pack_is_current || { log "the imported pack does not verify"; exit 1; }
log "model pack ready: $PACK"
