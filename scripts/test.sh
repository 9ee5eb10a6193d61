#!/usr/bin/env bash
# `npm test`: the whole suite from a fresh clone — system set-up, build, local stack, then the
# vitest projects one after another (integration and e2e fault the shared stack, so they must
# not overlap). Every project runs even if an earlier one failed; the exit code says if any did.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "test: set-up failed" >&2; exit 1; }
node bin/cdc-chaos.js stack up || { echo "test: the local stack did not come up" >&2; exit 1; }

failed=()
for project in unit conformance integration e2e; do
  echo "=== vitest project: $project"
  npx vitest run --project "$project" || failed+=("$project")
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "test: failed projects: ${failed[*]}" >&2
  exit 1
fi
