#!/usr/bin/env bash
# make bench-hostile: a server over the seed (and the O*NET release in ONET_DIR, if set) on a
# throwaway Neo4j (unless NEO4J_URI is set), loaded on loopback by bench/hostile: normal
# queries alone, then with a share of hostile requests; prints the normal requests' p50/p99
# and the server's peak RSS per phase. Arguments go to bench/hostile (-duration, -clients,
# -hostile). Figures need an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/skillgraph .
go build -o bin/bench-hostile ./bench/hostile
export HOSTILE_ARGS="$*"
exec scripts/with-neo4j.sh bash -c '
  set -euo pipefail
  bin/skillgraph seed >/dev/null
  if [[ -n "${ONET_DIR:-}" ]]; then bin/skillgraph import onet "$ONET_DIR" -progress off >/dev/null; fi
  port=$(scripts/free-port.sh)
  LOG_LEVEL=warn bin/skillgraph serve -host 127.0.0.1 -port "$port" 2>/dev/null &
  pid=$!
  trap "kill $pid 2>/dev/null; wait $pid 2>/dev/null || true" EXIT
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  bin/bench-hostile -url "http://127.0.0.1:$port" -pid "$pid" $HOSTILE_ARGS
'
