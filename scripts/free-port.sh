#!/usr/bin/env bash
# Prints a TCP port on 127.0.0.1 that nothing listens on, below the kernel's range of
# ephemeral ports: a port in that range can be taken, between this check and the listen, as
# the local end of any outgoing connection (a Neo4j launched on one failed to bind so).
low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
low=${low:-32768}
for _ in $(seq 1 100); do
  p=$((10000 + RANDOM % (low - 10000)))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; exit 0; fi
done
echo "no free port found" >&2; exit 1
