#!/usr/bin/env bash
# System set-up for a fresh machine of this kind (Debian 12, root): Debian packages, a running Docker engine,
# npm packages, the build. Idempotent: a second run only checks (a few seconds). `npm test` and CI call it.
#   CDC_CHAOS_SKIP_APT=1   skip the Debian packages (e.g. not root, or already provisioned)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[setup] $*" >&2; }
die() { echo "[setup] ERROR: $*" >&2; exit 1; }

# ---- Debian packages ----
# docker.io: the engine; postgresql-15: the server binaries cdc-postgres runs; prometheus (+ promtool): cdc-prometheus;
# stress-ng: CPU/memory faults; iptables: partitions; curl: container healthchecks; maven + a JDK: Kafka/Connect
# artifacts (the JVM runs the brokers); golang is only needed when no Go toolchain is installed; chromium: the
# headless browser the HTML report's screenshot test renders with; shellcheck: actionlint's check of the workflow's
# run: scripts (tools/ci-files-check); libpq-dev (+ a C compiler): k6/x/sql's addon, built by `npm ci`/`npm run build`
# (packages/k6-node-runtime/native/build.mjs); iproute2: the loopback of npm test's second lane (scripts/lane.sh).
PKGS=(docker.io postgresql-15 prometheus stress-ng iptables curl ca-certificates chromium shellcheck libpq-dev iproute2)
command -v cc >/dev/null 2>&1 || PKGS+=(gcc libc6-dev)
command -v java >/dev/null 2>&1 || PKGS+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || PKGS+=(maven)
command -v go >/dev/null 2>&1 || [ -x /usr/local/go/bin/go ] || PKGS+=(golang-go)

if [ "${CDC_CHAOS_SKIP_APT:-}" != 1 ]; then
  missing=()
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "Debian packages missing (${missing[*]}) and not root: install them, or rerun as root"
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || die "apt-get update failed: is a Debian mirror reachable?"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed (see above)"
    # The packaged services are not wanted (and no init system starts them here): the stack runs its own copies.
    # Debian's postgresql cluster would take 5432, and prometheus 9090.
    for svc in postgresql prometheus; do
      if command -v service >/dev/null 2>&1; then service "$svc" stop >/dev/null 2>&1 || true; fi
    done
  else
    say "Debian packages present"
  fi
fi
export PATH="$PATH:/usr/local/go/bin"

# ---- Docker engine ----
if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null 2>&1 || die "dockerd is not installed (Debian package docker.io)"
  [ "$(id -u)" = 0 ] || die "no Docker engine answers and starting dockerd needs root"
  mkdir -p "${CDC_CHAOS_CACHE:-$HOME/.cache/cdc-chaos}/logs"
  log="${CDC_CHAOS_CACHE:-$HOME/.cache/cdc-chaos}/logs/dockerd.log"
  say "starting dockerd (log: $log)"
  nohup dockerd >>"$log" 2>&1 &
  deadline=$((SECONDS + 60))
  until docker info >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "dockerd did not answer within 60 s; see $log"
    sleep 0.5
  done
  say "Docker engine is up"
else
  say "Docker engine answers"
fi

# ---- artifacts (Maven, Go): cached, fast when present; fetched while npm installs and builds ----
bash scripts/fetch-artifacts.sh & artifacts_pid=$!
# npm's cache, for the packaging test's offline install (scripts/warm-npm-cache.sh says why)
bash scripts/warm-npm-cache.sh & warm_pid=$!
trap 'kill "$artifacts_pid" "$warm_pid" 2>/dev/null || true' EXIT

# ---- npm packages + build ----
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed (see above)"
else
  say "node_modules up to date"
fi
say "npm run build"
npm run build --silent || die "npm run build failed"

wait "$artifacts_pid" || die "fetching the stack's artifacts failed (see above)"
wait "$warm_pid" || say "warning: npm's cache could not be warmed (see above): the packaging test may not install offline"
say "done"
