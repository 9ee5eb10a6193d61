#!/usr/bin/env bash
# Builds tools/kube-apiserver (the real kube-apiserver with an embedded etcd, plus kubectl, from k8s.io/kubernetes
# v1.37.2 and go.etcd.io/etcd/server/v3 on the Go module proxy) and prints its path (build-go-tool.sh: cached by
# source hash). Used by test/conformance/kubernetes.test.ts (opt-in: CDC_CHAOS_KUBERNETES=1; see docs/scale-out.md
# for the build time).
set -euo pipefail
exec bash "$(dirname "$0")/build-go-tool.sh" tools/kube-apiserver kube-test-cluster 'a cold build takes minutes, see docs/scale-out.md'
