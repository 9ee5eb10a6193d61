#!/usr/bin/env bash
# `npm test`: the whole suite from a fresh clone — system set-up, build, static checks (eslint, prettier, knip),
# local stack, then the vitest projects: unit and conformance side by side, then integration and e2e one after
# the other (they fault the shared stack, so they must not overlap). Every project runs even if an earlier one
# failed; the exit code says if any did.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "test: set-up failed" >&2; exit 1; }

# Static checks (set-up has installed the npm packages): lint, formatting, dead code. A failure fails the run, but
# the tests still run so one log shows everything.
failed=()
for check in lint format:check knip; do
  echo "=== npm run $check"
  npm run --silent "$check" || failed+=("$check")
done

# A fresh stack: data left by earlier runs (a consumer backlog, old collections) must not decide this run's verdicts.
node bin/cdc-chaos.js stack down || true
node bin/cdc-chaos.js stack up || { echo "test: the local stack did not come up" >&2; exit 1; }
# Endpoints, and DOCKER_API_VERSION = the engine's own API version (xk6-docker never negotiates).
eval "$(node bin/cdc-chaos.js stack env)"

mkdir -p reports
vitest_project() {
  npx vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="reports/vitest-$1.json"
}
# unit and conformance fault nothing: they run side by side (conformance runs its files one at a
# time, so the second core is free); their logs are printed whole once both have ended.
vitest_project unit >reports/vitest-unit.log 2>&1 & unit_pid=$!
vitest_project conformance >reports/vitest-conformance.log 2>&1 & conformance_pid=$!
wait "$unit_pid" || failed+=(unit)
wait "$conformance_pid" || failed+=(conformance)
for project in unit conformance; do
  echo "=== vitest project: $project"
  cat "reports/vitest-$project.log"
done
for project in integration e2e; do
  echo "=== vitest project: $project"
  vitest_project "$project" || failed+=("$project")
done

# One plain closing line over all projects, for readers of the log (and CI's test counter).
node -e '
  let passed = 0, failed = 0;
  for (const p of process.argv.slice(1)) {
    try { const r = JSON.parse(require("fs").readFileSync(p, "utf8")); passed += r.numPassedTests; failed += r.numFailedTests; } catch { failed += 1; }
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
' reports/vitest-{unit,conformance,integration,e2e}.json

if [ ${#failed[@]} -gt 0 ]; then
  echo "test: failed: ${failed[*]}" >&2
  exit 1
fi
