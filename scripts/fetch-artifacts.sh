#!/usr/bin/env bash
# Fetches the local stack's artifacts into ${CDC_CHAOS_CACHE:-$HOME/.cache/cdc-chaos}:
#   kafka-<V>/libs/*.jar                       Apache Kafka broker + Kafka Connect (Maven Central)
#   debezium-<V>/debezium-connector-postgres/  Debezium PostgreSQL connector plugin (Maven Central)
#   bin/ferretdb-<V>, bin/toxiproxy-server-<V> Go builds (Go module proxy)
#   bin/k6-engine-check-<hash>                 tools/k6-engine-check (scripts/build-engine-check.sh)
#   ci-files-check-<hash>/                     tools/ci-files-check (its build.sh), for the conformance test
# Each part is skipped when its ".complete" marker exists, so a second run takes well under a second.
# Versions can be overridden (CDC_CHAOS_KAFKA_VERSION, CDC_CHAOS_DEBEZIUM_VERSION, CDC_CHAOS_FERRETDB_VERSION,
# CDC_CHAOS_TOXIPROXY_VERSION). Exit codes: 0 ok, 2 a download or build failed (message on stderr says which).
set -euo pipefail

CACHE="${CDC_CHAOS_CACHE:-$HOME/.cache/cdc-chaos}"
# Kafka 4.3.0 is the version Debezium 3.6.1.Final is built against (version.kafka in debezium-build-parent).
KAFKA_VERSION="${CDC_CHAOS_KAFKA_VERSION:-4.3.0}"
DEBEZIUM_VERSION="${CDC_CHAOS_DEBEZIUM_VERSION:-3.6.1.Final}"
LOG4J_VERSION="${CDC_CHAOS_LOG4J_VERSION:-2.24.3}"
FERRETDB_VERSION="${CDC_CHAOS_FERRETDB_VERSION:-v1.24.2}"
TOXIPROXY_VERSION="${CDC_CHAOS_TOXIPROXY_VERSION:-v2.12.0}"
M2="$CACHE/m2"
export PATH="$PATH:/usr/local/go/bin"  # where the Go toolchain lives on this kind of machine

say() { echo "[fetch-artifacts] $*" >&2; }
fail() { echo "[fetch-artifacts] ERROR: $*" >&2; exit 2; }
need() { command -v "$1" >/dev/null 2>&1 || fail "'$1' is not installed ($2). Run scripts/setup.sh or install it, then retry."; }

mkdir -p "$CACHE/bin"

# mvn_copy DIR ARTIFACTS_XML INCLUDE_SCOPE: resolves the dependencies in a throwaway pom and copies the jars to DIR.
mvn_copy() {
  local dest="$1" deps="$2" scope="$3" exclude="${4:-}" work log
  work="$(mktemp -d)"; log="$work/mvn.log"
  cat > "$work/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.cdc-chaos</groupId><artifactId>artifacts</artifactId><version>0</version><packaging>pom</packaging>
  <dependencies>
$deps
  </dependencies>
</project>
POM
  rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
  if ! mvn -B -q -Dstyle.color=never -f "$work/pom.xml" -Dmaven.repo.local="$M2" \
      org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
      -DoutputDirectory="$dest.tmp" -DincludeScope="$scope" ${exclude:+-DexcludeArtifactIds="$exclude"} >"$log" 2>&1; then
    grep -E 'ERROR' "$log" | head -5 >&2 || tail -20 "$log" >&2
    rm -rf "$dest.tmp" "$work"
    return 1
  fi
  rm -rf "$dest" "$work"; mv "$dest.tmp" "$dest"
}

dep() { echo "    <dependency><groupId>$1</groupId><artifactId>$2</artifactId><version>$3</version></dependency>"; }

# ---- Maven downloads (network-bound): in the background, beside the Go builds (CPU-bound) below ----
fetch_maven() {
  # ---- Kafka broker + Connect ----
  KDIR="$CACHE/kafka-$KAFKA_VERSION"
  if [[ ! -f "$KDIR/.complete" ]]; then
    need mvn "Maven, Debian package 'maven'"
    say "Kafka $KAFKA_VERSION (broker + Connect) from Maven Central ..."
    deps="$(dep org.apache.kafka kafka_2.13 "$KAFKA_VERSION")
  $(dep org.apache.kafka kafka-tools "$KAFKA_VERSION")
  $(dep org.apache.kafka connect-runtime "$KAFKA_VERSION")
  $(dep org.apache.kafka connect-json "$KAFKA_VERSION")
  $(dep org.apache.kafka connect-transforms "$KAFKA_VERSION")
  $(dep org.apache.logging.log4j log4j-core "$LOG4J_VERSION")
  $(dep org.apache.logging.log4j log4j-slf4j-impl "$LOG4J_VERSION")"
    mvn_copy "$KDIR/libs" "$deps" runtime \
      || fail "could not download Kafka $KAFKA_VERSION from Maven Central (see the Maven errors above). Check the network/proxy settings for Maven and that CDC_CHAOS_KAFKA_VERSION=$KAFKA_VERSION exists."
    touch "$KDIR/.complete"
  fi

  # ---- Debezium PostgreSQL connector plugin ----
  DDIR="$CACHE/debezium-$DEBEZIUM_VERSION"
  if [[ ! -f "$DDIR/.complete" ]]; then
    need mvn "Maven, Debian package 'maven'"
    say "Debezium PostgreSQL connector $DEBEZIUM_VERSION from Maven Central ..."
    # Kafka Connect supplies connect-api, kafka-clients and slf4j (loaded parent-first anyway): leave them out, as
    # Debezium's own plugin archive does.
    mvn_copy "$DDIR/debezium-connector-postgres" "$(dep io.debezium debezium-connector-postgres "$DEBEZIUM_VERSION")" runtime \
        connect-api,kafka-clients,slf4j-api,lz4-java,snappy-java,zstd-jni \
      || fail "could not download Debezium $DEBEZIUM_VERSION from Maven Central (see the Maven errors above). Check the network and CDC_CHAOS_DEBEZIUM_VERSION=$DEBEZIUM_VERSION."
    touch "$DDIR/.complete"
  fi
}
fetch_maven & maven_pid=$!
# A failed Go build ends this script: the download must not go on behind it.
trap 'kill "$maven_pid" 2>/dev/null || true' EXIT

# ---- Go builds ----
go_build() { # NAME MODULE VERSION PKG OUT [prep-fn]
  local name="$1" module="$2" version="$3" pkg="$4" out="$5" prep="${6:-}" dir work log
  [[ -x "$out" ]] && return 0
  need go "the Go toolchain"
  say "$name $version from the Go module proxy ..."
  log="$(mktemp)"
  if ! dir="$(go mod download -json "$module@$version" 2>"$log" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" || [[ -z "$dir" ]]; then
    cat "$log" >&2; rm -f "$log"
    fail "could not download $module@$version from the Go module proxy. Check GOPROXY/network and the version."
  fi
  work="$(mktemp -d)"
  cp -r "$dir/." "$work/"; chmod -R u+w "$work"
  [[ -n "$prep" ]] && "$prep" "$work" "$version"
  if ! (cd "$work" && CGO_ENABLED=0 go build -trimpath -o "$out.tmp" "$pkg") >"$log" 2>&1; then
    tail -20 "$log" >&2; rm -rf "$work" "$log" "$out.tmp"
    fail "could not build $name $version (see the Go errors above)."
  fi
  mv "$out.tmp" "$out"; rm -rf "$work" "$log"
}
# FerretDB refuses to start without build/version/version.txt (normally generated by its Taskfile).
ferret_prep() { echo "$2" > "$1/build/version/version.txt"; echo "cdc-chaos" > "$1/build/version/package.txt"; }

go_build FerretDB github.com/FerretDB/FerretDB "$FERRETDB_VERSION" ./cmd/ferretdb "$CACHE/bin/ferretdb-$FERRETDB_VERSION" ferret_prep
go_build Toxiproxy github.com/Shopify/toxiproxy/v2 "$TOXIPROXY_VERSION" ./cmd/server "$CACHE/bin/toxiproxy-server-$TOXIPROXY_VERSION"
# The test tools below live in the repository only: an installed package (npm) has no tools/ and skips them.
if [ -d "$(dirname "$0")/../tools" ]; then
  # k6-engine-check (tools/, k6's JS engine for the bundles' conformance test): built here so the test's time is predictable.
  bash "$(dirname "$0")/build-engine-check.sh" >/dev/null || fail "could not build tools/k6-engine-check (see above)."

  # Cold, this build takes 100-160 s (BuildKit's Dockerfile frontend brings grpc, containerd, OpenTelemetry): made
  # here, so the conformance test that uses it does not pay for it inside its own time.
  bash "$(dirname "$0")/../tools/ci-files-check/build.sh" >/dev/null \
    || fail "could not build tools/ci-files-check (see the Go errors above)."
fi

wait "$maven_pid" || exit 2  # fetch_maven's fail said what
say "artifacts ready in $CACHE"
