# syntax=docker/dockerfile:1.7
# Multi-stage build. The build stage keeps cargo's registry and target folder in
# BuildKit cache mounts, so a rebuild after a source change recompiles only this
# crate, not its ~400 dependencies. The binary is stripped of debug info (symbol
# names stay, so a panic's backtrace still names functions): ~98 MB → ~20 MB.
# It runs from distroless (glibc, CA certificates, nothing else: no shell, no
# package manager) as its non-root user.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY templates ./templates
COPY static ./static
COPY locales ./locales
# Cargo.toml names the bench programs as examples; the manifest needs their files.
COPY bench ./bench
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release --locked --bin bff-tenant-booking \
 && objcopy --strip-debug target/release/bff-tenant-booking /bff-tenant-booking

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /bff-tenant-booking /usr/local/bin/bff-tenant-booking
USER nonroot:nonroot
# /metrics has its own port: publish it to the scraper only, never to guests.
# Set the UPSTREAM_*_URL variables: demo mode refuses a public address unless
# DEMO_PUBLIC=1.
ENV LISTEN_ADDR=0.0.0.0:8080 METRICS_ADDR=0.0.0.0:9091 LOG_FORMAT=json
EXPOSE 8080 9091
# The binary asks itself (GET /healthz on LISTEN_ADDR, 2 s): no curl in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["/usr/local/bin/bff-tenant-booking", "healthcheck"]
# SIGTERM stops taking connections and drains the requests in flight.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/bff-tenant-booking"]
