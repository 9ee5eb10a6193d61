# The custom k6 binary the experiment bundles need: k6 v1 line with xk6-sql + its postgres driver,
# xk6-mongo and xk6-docker. Every version is pinned and every replace has its reason in
# docs/k6-binary.md; deploy/xk6/module-graph.json holds the module-graph facts they rest on, and
# test/conformance/xk6-module-graph.test.ts runs Go's own module resolution over them with these flags.
#  - k6 v1.8.1: xk6's default k6-version=latest would pick k6 v2 (go.k6.io/k6/v2), where these v1
#    extensions are silently inactive (grafana/k6#5973).
#  - --replace docker/docker => v23.0.6: xk6-sql-driver-postgres v0.1.2 requires docker/docker
#    v28.5.1 (indirect, from its tests' testcontainers); minimal version selection takes it over
#    xk6-docker's v23.0.6, and xk6-docker v0.2.0 compiles against v23.x only
#    ("undefined: types.ContainerListOptions" from v24 on).
#
#   docker build -f xk6.Dockerfile -t cdc-chaos/k6:1.8.1 .
#   docker run --rm cdc-chaos/k6:1.8.1 version     # lists the four extensions
FROM grafana/xk6:1.4.11 AS build
RUN xk6 build v1.8.1 --output /xk6/k6 \
      --with github.com/grafana/xk6-sql@v1.0.6 \
      --with github.com/grafana/xk6-sql-driver-postgres@v0.1.2 \
      --with github.com/GhMartingit/xk6-mongo@v1.2.0 \
      --with github.com/grafana/xk6-docker@v0.2.0 \
      --replace github.com/docker/docker=github.com/docker/docker@v23.0.6+incompatible

FROM alpine:3.20
RUN apk add --no-cache ca-certificates && adduser -D -u 12345 k6
COPY --from=build /xk6/k6 /usr/bin/k6
# xk6-docker talks to /var/run/docker.sock (mounted by docker-compose.k6.yml) and never negotiates
# the API version: run it with DOCKER_API_VERSION = the engine's own (docs/extensions.md).
USER 12345
WORKDIR /home/k6
ENTRYPOINT ["k6"]
