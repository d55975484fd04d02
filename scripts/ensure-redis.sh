#!/usr/bin/env bash
# Make sure a Redis server answers on 127.0.0.1:6379 (the shared rate-limit counters' tests use
# it), installing and starting it if needed. It keeps nothing on disk.
set -euo pipefail
ready() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
command -v redis-cli >/dev/null 2>&1 && ready && exit 0
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing Redis"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
echo "Starting Redis"
$sudo mkdir -p /var/lib/redis /var/log/redis
$sudo redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
  --dir /var/lib/redis --logfile /var/log/redis/govcx.log
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "Redis did not start on 127.0.0.1:6379" >&2
exit 1
