#!/usr/bin/env bash
# There is no Docker engine here, so the container files are checked as far as a client can:
# docker-compose.yml against the Compose schema (docker-compose config), and the Dockerfile's
# build step (a static, CGO-free binary) run as the Dockerfile runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v docker-compose >/dev/null; then
  docker-compose -f docker-compose.yml config -q
  echo "docker-compose.yml: valid"
elif docker compose version >/dev/null 2>&1; then
  docker compose -f docker-compose.yml config -q
  echo "docker-compose.yml: valid"
else
  echo "docker-compose.yml: not validated (no docker-compose or docker compose plugin)" >&2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$out/skillgraph" .
if command -v file >/dev/null && ! file "$out/skillgraph" | grep -q 'statically linked'; then
  echo "the container binary is not statically linked" >&2; exit 1
fi
echo "Dockerfile build step: static binary builds"
