#!/usr/bin/env bash
# Runs a command with NEO4J_URI set: the given one, or a throwaway development Neo4j on a
# free port, started here and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${NEO4J_URI:-}" ]]; then
  export NEO4J_DATA_DIR NEO4J_PORT
  NEO4J_DATA_DIR=$(mktemp -d -t skillgraph-neo4j.XXXXXX)
  NEO4J_PORT=$(scripts/free-port.sh)
  cleanup() { tools/neo4j/neo4j.sh stop || true; rm -rf "$NEO4J_DATA_DIR"; }
  trap cleanup EXIT
  NEO4J_URI=$(tools/neo4j/neo4j.sh start)
  export NEO4J_URI
fi
echo "using Neo4j at $NEO4J_URI"
"$@"
