#!/usr/bin/env bash
# The main job: the MongoDB crash experiment end to end against the local stack, on a fresh
# machine — set-up, stack, bundle, then `k6 run dist/chaos-mongodb.js` through our runtime.
# Extra arguments go to `cdc-chaos run` (e.g. -e CHAOS_TIME_SCALE=0.2).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
node bin/cdc-chaos.js stack up
eval "$(node bin/cdc-chaos.js stack env)"
mkdir -p reports
exec node bin/cdc-chaos.js run "$@" dist/chaos-mongodb.js
