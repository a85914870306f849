#!/usr/bin/env bash
# Installs the Debian packages named as arguments with apt-get when running as root; otherwise
# names them and fails. Shared by system-deps.sh and cluster-deps.sh.
set -euo pipefail
[ $# -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
else
  echo "Missing system packages: $*. Install them (Debian/Ubuntu: sudo apt-get install $*)." >&2
  exit 1
fi
