#!/usr/bin/env bash
# The demo: the stand-ins for outside systems and the background worker beside the web server.
#   127.0.0.1:8000  motcua (portal, back-office, admin, API)
#   127.0.0.1:8010  the e-ID (VNeID) OpenID Connect simulator: the citizens' login
#   127.0.0.1:8025  a real SMTP server that keeps every e-mail sent, in var/mail/
#   127.0.0.1:8026  the SMS gateway simulator (GET /messages lists what it received)
#   the worker      sends notifications and runs the deadline sweep every minute
# Everything stops when the web server stops (Ctrl+C).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
mkdir -p var/mail var/log

children=()
stop_children() {
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_children EXIT INT TERM

start() { # name, command...
  local name=$1
  shift
  "$@" >"var/log/$name.log" 2>&1 &
  children+=($!)
}

start oidc-sim "$BIN/motcua" oidc-sim --host 127.0.0.1 --port 8010 --key-file var/oidc-sim-key.pem
start smtp-sim "$BIN/motcua" smtp-sim --host 127.0.0.1 --port 8025 --maildir var/mail
start sms-sim "$BIN/motcua" sms-sim --host 127.0.0.1 --port 8026
start worker "$BIN/motcua" worker --poll-interval 2

echo "Simulators and worker started (logs in var/log/). Serving on http://$HOST:$PORT/"
"$BIN/motcua" runserver "$HOST:$PORT"
