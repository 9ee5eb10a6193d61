#!/usr/bin/env bash
# `npm test`: the whole suite from a fresh clone — system set-up, build, static checks (tsc, eslint, prettier, knip)
# while the local stack comes up, then the vitest projects. Integration and e2e fault a stack, so they run in two
# lanes with a stack each (test/lanes.txt shares their files out by measured durations): lane 1 on the machine's own
# stack, lane 2 in a private namespace with its own engine and stack (scripts/lane.sh), from the start; CI takes the
# longer lane, not the sum. unit and conformance need no stack (conformance's extension tests get throwaway
# servers), so they keep the cores busy beside the lanes, which mostly wait on their stacks. Every project runs
# even if an earlier one failed; the exit code and the closing count cover all of them.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "test: set-up failed" >&2; exit 1; }

mkdir -p reports
# Nothing from an earlier run may be counted as this one's.
rm -rf reports/lane-2 reports/vitest-*.json reports/lane-*.log
mkdir -p reports/lane-2

# Lane 2 needs no engine of the machine's: it starts now, with its own stack, and is stopped and removed on any exit.
bash scripts/lane.sh lane-2 bash scripts/test-lane.sh 2 --up >reports/lane-2.log 2>&1 &
lane2_pid=$!
lanes_printed=0
stop_lane2() {
  kill -TERM "$lane2_pid" 2>/dev/null && wait "$lane2_pid" 2>/dev/null
  [ "$lanes_printed" = 1 ] || { echo "=== lane 2 (stopped)"; cat reports/lane-2.log; }
}
trap stop_lane2 EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A fresh stack: data left by earlier runs (a consumer backlog, old collections) must not decide this run's verdicts.
# It comes up (mostly waiting on the JVMs and health checks) while the static checks below use the cores.
{ node bin/cdc-chaos.js stack down || true; node bin/cdc-chaos.js stack up; } >reports/stack-up.log 2>&1 & stack_pid=$!

# Static checks (set-up has installed the npm packages): types (the build only transpiles), lint, formatting, dead
# code. A failure fails the run, but the tests still run so one log shows everything.
failed=()
for check in typecheck lint format:check knip; do
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
# unit and conformance fault nothing and use no part of the stack that the lanes fault (conformance's extension tests
# start their own PostgreSQL and FerretDB: CDC_CHAOS_TEST_SERVICES=throwaway). Their logs, and each lane's, are
# printed whole once all have ended.
vitest_project unit >reports/vitest-unit.log 2>&1 & unit_pid=$!
CDC_CHAOS_TEST_SERVICES=throwaway vitest_project conformance >reports/vitest-conformance.log 2>&1 & conformance_pid=$!
bash scripts/test-lane.sh 1 >reports/lane-1.log 2>&1 & lane1_pid=$!
wait "$unit_pid" || failed+=(unit)
wait "$conformance_pid" || failed+=(conformance)
wait "$lane1_pid" || failed+=(lane-1)
wait "$lane2_pid" || failed+=(lane-2)
for project in unit conformance; do
  echo "=== vitest project: $project"
  cat "reports/vitest-$project.log"
done
for lane in 1 2; do
  echo "=== lane $lane (test/lanes.txt)"
  cat "reports/lane-$lane.log"
done
lanes_printed=1

# One plain closing line over all projects and both lanes, for readers of the log (and CI's test counter). A report
# a lane should have written and did not counts as a failure.
reports=(reports/vitest-unit.json reports/vitest-conformance.json)
for lane in 1 2; do
  dir=reports
  [ "$lane" = 1 ] || dir=reports/lane-$lane
  for project in integration e2e; do
    grep -q "^$lane test/$project/" test/lanes.txt && reports+=("$dir/vitest-$project.json")
  done
done
# The failed tests are named again here, last, so a log cut to its tail still says which ones and why.
node -e '
  let passed = 0, failed = 0;
  const lines = [];
  for (const p of process.argv.slice(1)) {
    let r;
    try { r = JSON.parse(require("fs").readFileSync(p, "utf8")); } catch { failed += 1; lines.push(`${p}: no report`); continue; }
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    for (const file of r.testResults) {
      const name = file.name.replace(/^.*?(test\/)/, "$1");
      for (const t of file.assertionResults.filter((a) => a.status === "failed")) {
        const why = (t.failureMessages[0] ?? "").split("\n").find((l) => l.trim()) ?? "";
        lines.push(`FAILED ${name} > ${t.fullName} (${Math.round((t.duration ?? 0) / 1000)} s): ${why.slice(0, 400)}`);
      }
      if (file.status === "failed" && file.assertionResults.length === 0) lines.push(`FAILED ${name}: ${file.message.slice(0, 400)}`);
    }
  }
  for (const l of lines) console.log(l);
  console.log(`tests: ${passed} passed, ${failed} failed`);
' "${reports[@]}"

if [ ${#failed[@]} -gt 0 ]; then
  echo "test: failed: ${failed[*]}" >&2
  exit 1
fi
