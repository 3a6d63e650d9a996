#!/usr/bin/env bash
# Fails when generated code is stale (gqlgen's in graph/, the model's accessors in domain/):
# regenerates and compares with what was there.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT
cp -r graph "$before/"
cp domain/props.generated.go "$before/"
go generate ./...
stale=""
diff -r "$before/graph" graph || stale=1
diff "$before/props.generated.go" domain/props.generated.go || stale=1
if [[ -n $stale ]]; then
  echo "generated code was stale (now regenerated): review and commit the changes above" >&2
  exit 1
fi
echo "generated code is up to date"
