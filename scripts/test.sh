#!/usr/bin/env bash
# make test: vet and run the whole suite with the race detector against a real Neo4j (a
# throwaway one unless NEO4J_URI is set). Test packages run one at a time (-p 1): Community
# has one user database.
set -euo pipefail
cd "$(dirname "$0")/.."
go vet ./...
exec scripts/with-neo4j.sh go test -race -p 1 -count=1 -timeout 30m "$@" ./...
