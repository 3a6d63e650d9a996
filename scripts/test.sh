#!/usr/bin/env bash
# make test: vet and run the whole suite with the race detector against a real Neo4j. When
# NEO4J_URI is unset it starts a throwaway development Neo4j on a free port and removes it
# afterwards. Test packages run one at a time (-p 1): Community has one user database.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${NEO4J_URI:-}" ]]; then
  export NEO4J_DATA_DIR NEO4J_PORT
  NEO4J_DATA_DIR=$(mktemp -d -t skillgraph-test-neo4j.XXXXXX)
  NEO4J_PORT=$(scripts/free-port.sh)
  cleanup() { tools/neo4j/neo4j.sh stop || true; rm -rf "$NEO4J_DATA_DIR"; }
  trap cleanup EXIT
  NEO4J_URI=$(tools/neo4j/neo4j.sh start)
  export NEO4J_URI
fi
echo "testing against $NEO4J_URI"
go vet ./...
go test -race -p 1 -count=1 "$@" ./...
