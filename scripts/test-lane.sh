#!/usr/bin/env bash
# `scripts/test-lane.sh N [--up]`: lane N's share of the integration and e2e files (test/lanes.txt), one vitest
# project after the other (they fault the same stack), each with its JSON report in reports/vitest-<project>.json —
# in lane 2 that is reports/lane-2/ outside (scripts/lane.sh). --up brings the stack up first and takes its
# endpoints (a lane of its own); without it, the caller has. Both projects run even if the first fails.
set -uo pipefail
cd "$(dirname "$0")/.." || exit
lane=$1

if [ "${2:-}" = --up ]; then
  echo "=== lane $lane: stack up"
  node bin/cdc-chaos.js stack up || { echo "test: lane $lane: the stack did not come up" >&2; exit 1; }
  eval "$(node bin/cdc-chaos.js stack env)"
fi

failed=()
for project in integration e2e; do
  mapfile -t files < <(awk -v lane="$lane" -v dir="test/$project/" '$1 == lane && index($2, dir) == 1 { print $2 }' test/lanes.txt)
  [ ${#files[@]} -gt 0 ] || continue
  echo "=== lane $lane: vitest project $project: ${files[*]}"
  npx vitest run --project "$project" --reporter=default --reporter=json --outputFile.json="reports/vitest-$project.json" \
    "${files[@]}" || failed+=("$project")
done
[ ${#failed[@]} -eq 0 ] || { echo "test: lane $lane: failed: ${failed[*]}" >&2; exit 1; }
