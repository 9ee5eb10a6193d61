#!/usr/bin/env bash
# chaos/run-chaos.sh — the plan's chaos runner, keeping its interface:
#   ./chaos/run-chaos.sh <kafka-partition|mongodb-failure|consumer-restart|network-delay|cpu-stress|memory-stress|all>
# It injects the scenario's faults while YOUR k6 script drives load (the plan's chaos-resilience
# flow). Instead of ad-hoc docker/pumba commands it runs `cdc-chaos inject`: the same fault code
# as the experiment bundles, the allowlist preflight, a fault journal in reports/, and every fault
# undone on every exit path (after a SIGKILL: `cdc-chaos heal`).
# Extra arguments go to `cdc-chaos inject` (e.g. --dry-run, -e CHAOS_TIME_SCALE=0.1).
set -euo pipefail

SCENARIO="${1:-mongodb-failure}"
shift || true
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

GREEN='\033[0;32m'
RED='\033[0;31m'
NC='\033[0m'
log() { echo -e "${GREEN}[CHAOS]${NC} $1"; }
error() { echo -e "${RED}[ERROR]${NC} $1"; }

case "$SCENARIO" in
  kafka-partition|mongodb-failure|consumer-restart|network-delay|cpu-stress|memory-stress|connect-pause|all) ;;
  *)
    error "Unknown scenario: $SCENARIO"
    echo "Available scenarios:"
    echo "  - kafka-partition: Network partition to Kafka"
    echo "  - mongodb-failure: MongoDB crash and recovery"
    echo "  - consumer-restart: Consumer crash and recovery"
    echo "  - network-delay: Network latency injection"
    echo "  - cpu-stress: CPU pressure on consumer"
    echo "  - memory-stress: Memory pressure on consumer"
    echo "  - connect-pause: Debezium (Kafka Connect) paused"
    echo "  - all: Run all scenarios"
    exit 1
    ;;
esac

log "Executing scenario: $SCENARIO"
status=0
node "$ROOT/bin/cdc-chaos.js" inject "$SCENARIO" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  error "Chaos scenario '$SCENARIO' failed (exit $status)"
  exit "$status"
fi
log "Chaos scenario '$SCENARIO' completed!"
