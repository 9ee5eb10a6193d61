#!/usr/bin/env bash
# `npm test`: the whole suite from a fresh clone — system set-up, build, static checks (eslint, prettier, knip)
# while the local stack comes up, then the vitest projects: unit, conformance and integration side by side, then
# e2e. Integration and e2e fault the shared stack, so they must not overlap; unit and conformance need no stack
# (conformance's extension tests get throwaway servers), so they keep the cores busy while integration mostly
# waits on the stack. Every project runs even if an earlier one failed; the exit code says if any did.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "test: set-up failed" >&2; exit 1; }

mkdir -p reports
# A fresh stack: data left by earlier runs (a consumer backlog, old collections) must not decide this run's verdicts.
# It comes up (mostly waiting on the JVMs and health checks) while the static checks below use the cores.
{ node bin/cdc-chaos.js stack down || true; node bin/cdc-chaos.js stack up; } >reports/stack-up.log 2>&1 & stack_pid=$!

# Static checks (set-up has installed the npm packages): lint, formatting, dead code. A failure fails the run, but
# the tests still run so one log shows everything.
failed=()
for check in lint format:check knip; do
  echo "=== npm run $check"
  npm run --silent "$check" || failed+=("$check")
done

echo "=== stack down + stack up"
stack_ok=0
wait "$stack_pid" || stack_ok=$?
cat reports/stack-up.log
[ "$stack_ok" = 0 ] || { echo "test: the local stack did not come up" >&2; exit 1; }
# Endpoints, and DOCKER_API_VERSION = the engine's own API version (xk6-docker never negotiates).
eval "$(node bin/cdc-chaos.js stack env)"

vitest_project() {
  npx vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="reports/vitest-$1.json"
}
# unit and conformance fault nothing and use no part of the stack that integration faults (conformance's extension
# tests start their own PostgreSQL and FerretDB: CDC_CHAOS_TEST_SERVICES=throwaway), so they run beside it; their
# logs are printed whole once they have ended. Not beside e2e: its package test's `npm pack` rebuilds out/ and dist/
# in place, under the CLI they run.
vitest_project unit >reports/vitest-unit.log 2>&1 & unit_pid=$!
CDC_CHAOS_TEST_SERVICES=throwaway vitest_project conformance >reports/vitest-conformance.log 2>&1 & conformance_pid=$!
echo "=== vitest project: integration"
vitest_project integration || failed+=(integration)
wait "$unit_pid" || failed+=(unit)
wait "$conformance_pid" || failed+=(conformance)
for project in unit conformance; do
  echo "=== vitest project: $project"
  cat "reports/vitest-$project.log"
done
echo "=== vitest project: e2e"
vitest_project e2e || failed+=(e2e)

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
