#!/usr/bin/env bash
# Fails when the gqlgen output is stale: regenerates and compares with what was there.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT
cp -r graph "$before/"
go generate ./...
if ! diff -r "$before/graph" graph; then
  echo "generated code was stale (now regenerated): review and commit the changes above" >&2
  exit 1
fi
echo "generated code is up to date"
