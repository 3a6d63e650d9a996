#!/usr/bin/env bash
# Benchmark of the imports (make bench-import): into a fresh, empty development Neo4j, seed,
# import O*NET (with its skills and knowledge) and ESCO, then import both again; prints each
# importer's wall time and peak RSS. Usage:
# scripts/bench-import.sh [ONET_DIR] [RUNS] [SKILLS_DIR] [ESCO_PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-data/onet-29.2}
runs=${2:-3}
skills=${3:-data/onet-29.0-skills-knowledge}
esco=${4:-data/esco-1.1.1}
go build -o bin/skillgraph .
for run in $(seq 1 "$runs"); do
  export NEO4J_DATA_DIR NEO4J_PORT NEO4J_URI
  NEO4J_DATA_DIR=$(mktemp -d -t skillgraph-bench-neo4j.XXXXXX)
  NEO4J_PORT=$(scripts/free-port.sh)
  NEO4J_URI=$(tools/neo4j/neo4j.sh start 2>/dev/null)
  bin/skillgraph seed >/dev/null
  echo "run $run, empty database: $(bin/skillgraph import onet "$dir" -skills "$skills" -progress off | head -1 | cut -d: -f1)"
  echo "run $run, empty database: $(bin/skillgraph import esco "$esco" -onet "$dir" -skills "$skills" -progress off 2>/dev/null | head -1 | cut -d: -f1)"
  echo "run $run, re-import:      $(bin/skillgraph import onet "$dir" -skills "$skills" -progress off | head -1 | cut -d: -f1)"
  echo "run $run, re-import:      $(bin/skillgraph import esco "$esco" -onet "$dir" -skills "$skills" -progress off 2>/dev/null | head -1 | cut -d: -f1)"
  tools/neo4j/neo4j.sh stop 2>/dev/null
  rm -rf "$NEO4J_DATA_DIR"
done
