#!/usr/bin/env bash
# The interop suite (interop/glewlwyd) runs Debian's Glewlwyd and initialises its SQLite database
# with the sqlite3 command. Installs both only when missing; the package's own service is not used.
set -euo pipefail
if [ -x /usr/bin/glewlwyd ] && command -v sqlite3 >/dev/null 2>&1; then
  exit 0
fi
echo "Installing Debian's glewlwyd and sqlite3 (needed by the Glewlwyd interop suite)..."
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq glewlwyd sqlite3 >/dev/null
echo "glewlwyd $(/usr/bin/glewlwyd --version)"
