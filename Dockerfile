# Multi-stage build: compile in the Rust image, run as a non-root user in a
# slim Debian image with only CA certificates added.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY templates ./templates
COPY static ./static
COPY locales ./locales
# Cargo.toml names the bench programs as examples; the manifest needs their files.
COPY bench ./bench
RUN cargo build --release --locked --bin bff-tenant-booking

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home booking
COPY --from=build /src/target/release/bff-tenant-booking /usr/local/bin/bff-tenant-booking
USER 10001:10001
# /metrics has its own port: publish it to the scraper only, never to guests.
# Set the UPSTREAM_*_URL variables: demo mode refuses a public address unless
# DEMO_PUBLIC=1.
ENV LISTEN_ADDR=0.0.0.0:8080 METRICS_ADDR=0.0.0.0:9091 LOG_FORMAT=json
EXPOSE 8080 9091
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/bff-tenant-booking"]
