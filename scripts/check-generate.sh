#!/usr/bin/env bash
# Fails when generated code is stale (gqlgen's and the inputs' readers in graph/, the model's
# accessors and relationship methods in domain/, the relationships' plumbing in schema/):
# regenerates and compares with what was there.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT
cp -r graph "$before/"
generated=(domain/props.generated.go domain/rels.generated.go schema/graph.generated.graphqls)
for f in "${generated[@]}"; do cp "$f" "$before/"; done
go generate ./...
stale=""
diff -r "$before/graph" graph || stale=1
for f in "${generated[@]}"; do diff "$before/$(basename "$f")" "$f" || stale=1; done
if [[ -n $stale ]]; then
  echo "generated code was stale (now regenerated): review and commit the changes above" >&2
  exit 1
fi
echo "generated code is up to date"
