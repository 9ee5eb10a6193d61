#!/usr/bin/env bash
# Builds ci-files-check and workflow-lint (two modules, see their headers) into
# ${CDC_CHAOS_CACHE:-$HOME/.cache/cdc-chaos}/ci-files-check-<key>/, keyed by a hash of both modules' sources and
# the Go version, unless that build is there already; prints the ci-files-check path on stdout. Older builds are
# removed. Exit 0 ok, 2 the build failed (Go's errors above).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
CACHE="${CDC_CHAOS_CACHE:-$HOME/.cache/cdc-chaos}"
export PATH="$PATH:/usr/local/go/bin" GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0
command -v go >/dev/null 2>&1 || { echo "ci-files-check: the Go toolchain is not installed (run scripts/setup.sh)" >&2; exit 2; }

key="$( { go version; cd "$here" && find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) -print0 \
  | LC_ALL=C sort -z | xargs -0 sha256sum; } | sha256sum | cut -c1-16)"
mkdir -p "$CACHE"
out="$CACHE/ci-files-check-$key"
if [[ ! -x "$out/ci-files-check" || ! -x "$out/workflow-lint" ]]; then
  echo "[ci-files-check] building (Go module proxy; the first build takes a while) ..." >&2
  tmp="$(mktemp -d "$CACHE/ci-files-check-build.XXXXXX")"
  flags=(-trimpath -buildvcs=false -mod=readonly)
  if ! (cd "$here" && go build "${flags[@]}" -o "$tmp/ci-files-check" .) \
    || ! (cd "$here/workflow-lint" && go build "${flags[@]}" -o "$tmp/workflow-lint" .); then
    rm -rf "$tmp"
    echo "ci-files-check: the build failed (see the Go errors above)" >&2
    exit 2
  fi
  find "$CACHE" -maxdepth 1 -name 'ci-files-check-*' ! -path "$tmp" -exec rm -rf {} +
  mv "$tmp" "$out"
fi
echo "$out/ci-files-check"
