#!/usr/bin/env bash
# make run: when NEO4J_URI is unset, start the development Neo4j (data in .neo4j/, kept
# between runs); seed it; import the O*NET and ESCO releases the repository carries unless
# the graph holds them already; serve the API with its playground.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${NEO4J_URI:-}" ]]; then
  NEO4J_URI=$(tools/neo4j/neo4j.sh start)
  export NEO4J_URI
  echo "development Neo4j at $NEO4J_URI (stop it with: make neo4j-stop)"
fi
go build -o bin/skillgraph .
bin/skillgraph seed
# The releases the repository carries, each imported once (a later start finds it complete).
bin/skillgraph import onet data/onet-29.2 -skills data/onet-29.0-skills-knowledge -if-new
bin/skillgraph import esco data/esco-1.1.1 -if-new
echo "playground: http://localhost:${PORT:-8080}/   API: http://localhost:${PORT:-8080}/graphql"
exec bin/skillgraph serve
