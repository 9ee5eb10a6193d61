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
# Metrics go to the stack's Prometheus (k6's default remote-write URL is localhost:9090), so the alert rules that read
# the harness's series (k6_cdc_writes_total, k6_cdc_connector_running) and the dashboards see this run.
exec node bin/cdc-chaos.js run -o experimental-prometheus-rw "$@" dist/chaos-mongodb.js
