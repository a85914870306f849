#!/usr/bin/env bash
# The demo: the stand-ins for outside systems and the background worker beside the web server.
#   127.0.0.1:8000  motcua (portal, back-office, admin, API)
#   127.0.0.1:8010  the e-ID (VNeID) OpenID Connect simulator: the citizens' login
#   127.0.0.1:8025  a real SMTP server that keeps every e-mail sent, in var/mail/
#   127.0.0.1:8026  the SMS gateway simulator (GET /messages lists what it received)
#   127.0.0.1:8027  the national registries simulator (population, business; signed answers)
#   127.0.0.1:8028  the RFC 3161 time-stamp authority of the local CA (signed results; CRLs at /crl/)
#   127.0.0.1:8029  the payment gateway simulator (VNPAY-type protocol; IPN to the API)
#   127.0.0.1:8030  the public post simulator (orders, tracking; POST /control/orders/<number>/
#                   accept|transit|deliver|return plays the post's side and calls motcua back)
#   127.0.0.1:8031  a stand-in for ClamAV's clamd (INSTREAM; flags only the EICAR test file)
#   127.0.0.1:8032  the monitored feedback mailbox: an SMTP server writing var/feedback-mail,
#                   which the worker reads every minute (each e-mail becomes a PAKN item)
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
"$BIN/motcua" signing-ca init >/dev/null # the local CA must exist before its TSA starts
start registry-sim "$BIN/motcua" registry-sim --host 127.0.0.1 --port 8027 --key-file var/registry-sim-key.pem
start tsa-sim "$BIN/motcua" tsa-sim --host 127.0.0.1 --port 8028
start pay-sim "$BIN/motcua" pay-sim --host 127.0.0.1 --port 8029 --ipn-url "http://$HOST:$PORT/api/v1/payments/vnpay-style/ipn/"
start post-sim "$BIN/motcua" post-sim --host 127.0.0.1 --port 8030
start clamd-sim "$BIN/motcua" clamd-sim --host 127.0.0.1 --port 8031
# Every upload is scanned by the stand-in; an unanswered scan refuses the upload (fail closed).
export MOTCUA_CLAMD_ADDRESS="${MOTCUA_CLAMD_ADDRESS:-127.0.0.1:8031}"
start feedback-mail "$BIN/motcua" smtp-sim --host 127.0.0.1 --port 8032 --maildir var/feedback-mail
export MOTCUA_FEEDBACK_MAILDIR="${MOTCUA_FEEDBACK_MAILDIR:-var/feedback-mail}"
start worker "$BIN/motcua" worker --poll-interval 2

echo "Simulators and worker started (logs in var/log/). Serving on http://$HOST:$PORT/"
"$BIN/motcua" runserver "$HOST:$PORT"
