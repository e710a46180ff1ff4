#!/usr/bin/env bash
# Presentation-attack evaluation on SIMULATED attacks built from ../shared/faces (ISO/IEC 30107-3 terms):
# per species the APCER of each layer, and the BPCER on bona fide presentations. Prints a markdown table.
# Usage: bash bench/pad.sh   (builds the Vision tests in Release; needs the model pack: scripts/models.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/models.sh >&2
# Every species, and both ways of analysing a challenge side by side: the face followed between frames (the service)
# and every frame detected.
out="$(LEDGER_PAD_FULL=1 dotnet test tests/Vision.Tests -c Release --filter "FullyQualifiedName~PadEvaluationTests" --logger "console;verbosity=detailed" 2>&1)" || {
  echo "$out" | tail -40 >&2
  echo "bench/pad.sh: the evaluation failed" >&2
  exit 1
}
echo "$out" | grep -E '^\s+(\||bona fide refused)' | sed -E 's/^\s+//' | awk '!seen[$0]++'
