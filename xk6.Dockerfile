# The custom k6 binary the experiment bundles need: k6 v1 line with xk6-sql + its postgres driver,
# xk6-mongo and xk6-docker. Every version is pinned: xk6's default k6-version=latest would pick
# k6 v2 (go.k6.io/k6/v2), where these v1 extensions are silently inactive (grafana/k6#5973).
# Not built on this project's machines (k6 is AGPL; no registry here) — kept correct by
# construction and by test/unit/ci-files.test.ts, which checks these pins.
#
#   docker build -f xk6.Dockerfile -t cdc-chaos/k6:1.8.1 .
#   docker run --rm cdc-chaos/k6:1.8.1 version     # lists the four extensions
FROM grafana/xk6:1.4.11 AS build
RUN xk6 build v1.8.1 --output /xk6/k6 \
      --with github.com/grafana/xk6-sql@v1.0.6 \
      --with github.com/grafana/xk6-sql-driver-postgres@v0.1.2 \
      --with github.com/GhMartingit/xk6-mongo@v1.2.0 \
      --with github.com/grafana/xk6-docker@v0.2.0

FROM alpine:3.20
RUN apk add --no-cache ca-certificates && adduser -D -u 12345 k6
COPY --from=build /xk6/k6 /usr/bin/k6
# xk6-docker talks to /var/run/docker.sock (mounted by docker-compose.k6.yml); Docker Engine >= 29
# refuses its API 1.42 client — set DOCKER_API_VERSION=1.44 there.
USER 12345
WORKDIR /home/k6
ENTRYPOINT ["k6"]
