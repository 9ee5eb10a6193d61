#!/usr/bin/env bash
# Builds tools/kube-apiserver (the real kube-apiserver with an embedded etcd, plus kubectl, from k8s.io/kubernetes
# v1.37.2 and go.etcd.io/etcd/server/v3 on the Go module proxy) into
# ${CDC_CHAOS_CACHE:-$HOME/.cache/cdc-chaos}/bin/kube-test-cluster-<hash of its sources> and prints that path.
# Unchanged sources: only prints the path. Nothing is written into the repository (Go's own caches live in $HOME).
# Used by test/conformance/kubernetes.test.ts (opt-in: CDC_CHAOS_KUBERNETES=1; see docs/scale-out.md for the build
# time). Exit codes: 0 ok, 2 no Go toolchain or the build failed.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${CDC_CHAOS_CACHE:-$HOME/.cache/cdc-chaos}"
SRC=tools/kube-apiserver
export PATH="$PATH:/usr/local/go/bin"  # where the Go toolchain lives on this kind of machine

hash="$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC"/*.go | sha256sum | cut -c1-16)"
out="$CACHE/bin/kube-test-cluster-$hash"
if [[ ! -x "$out" ]]; then
  command -v go >/dev/null 2>&1 || { echo "[build-kube-apiserver] ERROR: the Go toolchain is not installed (scripts/setup.sh installs it)" >&2; exit 2; }
  echo "[build-kube-apiserver] building $SRC → $out (a cold build takes minutes, see docs/scale-out.md) ..." >&2
  mkdir -p "$CACHE/bin"
  tmp="$out.tmp.$$"
  log="$(mktemp)"
  if ! (cd "$SRC" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -o "$tmp" .) >"$log" 2>&1; then
    tail -20 "$log" >&2; rm -f "$log" "$tmp"
    echo "[build-kube-apiserver] ERROR: could not build $SRC (see the Go errors above; the Go module proxy must be reachable on a first build)" >&2
    exit 2
  fi
  rm -f "$log"
  mv "$tmp" "$out"  # builds of other sources stay: other checkouts sharing this cache may still use them
fi
echo "$out"
