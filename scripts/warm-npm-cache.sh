#!/usr/bin/env bash
# Puts into npm's cache what an `npm install` of the packed packages resolves (the registry's package metadata and
# the tarballs it picks), while this machine can reach the registry: test/e2e/package.test.ts installs the two
# tarballs like a user, in npm test's lane 2, whose private network namespace has no route out. `npm ci` caches
# tarballs only, not the metadata an install without a lockfile resolves version ranges with. Done once per
# dependency set (a stamp in the cache dir); a failure here only leaves that test to say what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${CDC_CHAOS_CACHE:-$HOME/.cache/cdc-chaos}"
stamp="$cache/npm-warm-$(cat package.json packages/k6-node-runtime/package.json | sha256sum | cut -c1-16)"
[ -e "$stamp" ] && exit 0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The runtime package comes as its own tarball: every other dependency of the two, with their own ranges.
node -e '
  const deps = { ...require("./packages/k6-node-runtime/package.json").dependencies, ...require("./package.json").dependencies };
  delete deps["k6-node-runtime"];
  console.log(JSON.stringify({ name: "warm-npm-cache", private: true, dependencies: deps }));
' >"$dir/package.json"
(cd "$dir" && npm install --prefer-offline --ignore-scripts --no-package-lock --no-audit --no-fund --loglevel=error)
mkdir -p "$cache"
touch "$stamp"
echo "[warm-npm-cache] npm's cache holds the packed packages' dependencies" >&2
