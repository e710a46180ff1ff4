#!/usr/bin/env bash
# The vision benchmark, ours vs face-api.js (wasm and cpu backends), on ../shared/faces/groups/bbt1.jpg.
#   bench/vision/run.sh [--iterations N] [--rounds R] [--cpu-iterations N] [--image PATH] [--no-js] [--no-cpu]
#   bench/vision/run.sh --payment [--frames 3] [--iterations N] [--rounds R] [--counter tiny|ssd] [--sketch tiny|ssd] [--from-facing] [--each] [--concurrency TILLS --threads T --permits P]
#     (one challenged payment's vision work stage by stage, against the networks' own runs: docs/VISION.md)
#   bench/vision/run.sh --followed-yaw
#     (how far a followed frame's yaw is from the detector's fit of that frame: docs/VISION.md, "Which frame is compared")
# The two sides alternate in R rounds (ours, then face-api.js on wasm, R times); the cpu backend runs once after.
# Needs the model pack (scripts/models.sh) and the reference packages (installed here if missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$ROOT/scripts/models.sh"
REF="$ROOT/tests/Vision.Tests/Reference"
if [[ ! -d "$REF/node_modules/@vladmandic/face-api" || ! -d "$REF/node_modules/@tensorflow/tfjs-backend-wasm" ]]; then
  (cd "$REF" && npm install --silent --ignore-scripts --no-package-lock)
fi
exec dotnet run --project "$ROOT/bench/vision" -c Release -- "$@"
