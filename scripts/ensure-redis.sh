#!/usr/bin/env bash
# The BFF's Redis session store is tested against Debian's redis-server, started by the tests on a
# free port of 127.0.0.1 (packages/test-stack/src/redis-server.ts). Installs it only when missing; the
# package's own service is not used.
set -euo pipefail
if [ -x /usr/bin/redis-server ]; then
  exit 0
fi
echo "Installing Debian's redis-server (needed by the BFF's Redis session store tests)..."
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
# The package starts its own service where an init system runs; the tests start their own servers.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  $SUDO systemctl stop redis-server || true
fi
/usr/bin/redis-server --version
