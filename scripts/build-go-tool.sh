#!/usr/bin/env bash
# build-go-tool.sh <source dir> <binary name> [note]: builds one of the repository's Go tools (tools/<x>) into
# ${CDC_CHAOS_CACHE:-$HOME/.cache/cdc-chaos}/bin/<binary name>-<hash of its sources> and prints that path.
# Unchanged sources: only prints the path. Nothing is written into the repository (Go's own caches live in $HOME).
# `note` is added to the "building" line (e.g. how long a cold build takes). Exit codes: 0 ok, 2 no Go toolchain or
# the build failed.
set -euo pipefail
cd "$(dirname "$0")/.."

SRC="$1"
NAME="$2"
NOTE="${3:+ ($3)}"
CACHE="${CDC_CHAOS_CACHE:-$HOME/.cache/cdc-chaos}"
export PATH="$PATH:/usr/local/go/bin"  # where the Go toolchain lives on this kind of machine

hash="$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC"/*.go | sha256sum | cut -c1-16)"
out="$CACHE/bin/$NAME-$hash"
if [[ ! -x "$out" ]]; then
  command -v go >/dev/null 2>&1 || { echo "[build $NAME] ERROR: the Go toolchain is not installed (scripts/setup.sh installs it)" >&2; exit 2; }
  echo "[build $NAME] building $SRC → $out$NOTE ..." >&2
  mkdir -p "$CACHE/bin"
  tmp="$out.tmp.$$"
  log="$(mktemp)"
  if ! (cd "$SRC" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -o "$tmp" .) >"$log" 2>&1; then
    tail -20 "$log" >&2; rm -f "$log" "$tmp"
    echo "[build $NAME] ERROR: could not build $SRC (see the Go errors above; the Go module proxy must be reachable on a first build)" >&2
    exit 2
  fi
  rm -f "$log"
  mv "$tmp" "$out"  # builds of other sources stay: other checkouts sharing this cache may still use them
fi
echo "$out"
