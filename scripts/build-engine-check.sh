#!/usr/bin/env bash
# Builds tools/k6-engine-check (Go; grafana/sobek from the Go module proxy) and prints its path (build-go-tool.sh:
# cached by source hash). Called by scripts/fetch-artifacts.sh (so CI builds it during set-up) and by
# test/conformance/engine-check.test.ts.
set -euo pipefail
exec bash "$(dirname "$0")/build-go-tool.sh" tools/k6-engine-check k6-engine-check
