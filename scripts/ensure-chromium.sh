#!/usr/bin/env bash
# Installs Debian's chromium for the end-to-end tests, only when it is missing (the e2e run calls this first).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: /usr/bin/chromium is missing; install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "ensure-chromium: installing chromium (about a minute)…" >&2
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
