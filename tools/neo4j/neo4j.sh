#!/usr/bin/env bash
# Development Neo4j (Community 5.26, embedded launcher with Bolt) without Docker.
#   neo4j.sh start   start in the background, wait for Bolt, print the URI
#   neo4j.sh stop    stop cleanly (checkpoint; a restart shows the same graph)
#   neo4j.sh status  print the URI if running, exit 1 otherwise
# Environment: NEO4J_PORT (default 7687), NEO4J_DATA_DIR (default .neo4j in the repo),
# NEO4J_START_TIMEOUT seconds (default 180), NEO4J_HEAP (default 1g).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
port=${NEO4J_PORT:-7687}
data=${NEO4J_DATA_DIR:-$root/.neo4j}
timeout=${NEO4J_START_TIMEOUT:-180}
heap=${NEO4J_HEAP:-1g}
pidfile=$data/neo4j.pid
portfile=$data/neo4j.port
log=$data/neo4j.out

say() { echo "neo4j: $*" >&2; }

running_pid() {
  [[ -f $pidfile ]] || return 1
  local pid; pid=$(cat "$pidfile")
  # A pid file is only trusted if that pid is still our launcher for this data dir.
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "skillgraph.Neo4jDev $data "; then
    echo "$pid"; return 0
  fi
  return 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

build() {
  local cp=$here/target/classpath.txt
  if [[ ! -f $cp || ! -d $here/target/classes || $here/pom.xml -nt $cp || $here/src/main/java/skillgraph/Neo4jDev.java -nt $cp ]]; then
    command -v mvn >/dev/null || { say "Maven (mvn) is required to fetch Neo4j; install it (apt-get install maven)"; exit 1; }
    command -v java >/dev/null || { say "Java 17+ is required; install it (apt-get install openjdk-17-jre-headless)"; exit 1; }
    say "building the launcher (first run downloads Neo4j jars into ~/.m2)"
    (cd "$here" && mvn -q -B -Dstyle.color=never package -DskipTests) >&2
  fi
}

start() {
  mkdir -p "$data"
  if pid=$(running_pid); then
    say "already running (pid $pid)"
    echo "bolt://127.0.0.1:$(cat "$portfile")"
    return 0
  fi
  if port_in_use "$port"; then
    say "port $port on 127.0.0.1 is in use by another process; stop it or set NEO4J_PORT"
    command -v ss >/dev/null && ss -ltnp "sport = :$port" >&2 || true
    exit 1
  fi
  build
  rm -f "$pidfile"
  : >"$log"
  # setsid: the DBMS outlives the shell that started it (make run, a test script).
  # shellcheck disable=SC2086 # NEO4J_JAVA_OPTS is a list of options
  setsid java -Xms256m -Xmx"$heap" ${NEO4J_JAVA_OPTS:--XX:+UseG1GC} \
    -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
    skillgraph.Neo4jDev "$data" "$port" >>"$log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pidfile"
  echo "$port" >"$portfile"
  local waited=0
  until grep -q '^READY ' "$log"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "failed to start; last lines of $log:"
      tail -n 20 "$log" >&2
      rm -f "$pidfile"
      exit 1
    fi
    if (( waited >= timeout )); then
      say "not ready after ${timeout}s; stopping it. Last lines of $log:"
      tail -n 20 "$log" >&2
      kill -TERM "$pid" 2>/dev/null || true
      exit 1
    fi
    sleep 1; waited=$((waited + 1))
  done
  say "ready after ${waited}s (pid $pid, data in $data)"
  echo "bolt://127.0.0.1:$port"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    say "not running"
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if (( waited >= 120 )); then
      say "did not stop within 120s; killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1; waited=$((waited + 1))
  done
  rm -f "$pidfile"
  say "stopped"
}

status() {
  if pid=$(running_pid); then
    echo "bolt://127.0.0.1:$(cat "$portfile")"
  else
    say "not running"; exit 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
