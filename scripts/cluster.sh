#!/usr/bin/env bash
# The reference deployment on one machine, on loopback (make cluster / make cluster-down):
#   127.0.0.1:58000        HAProxy, health-checking each node's /readyz every second
#   127.0.0.1:58001, 58002 two web nodes (motcua serve, production settings)
#   two workers            motcua worker, consuming RabbitMQ (queue cluster.outbox); each
#                          serves its own /metrics on 127.0.0.1:58011, 58012 (same token)
#   127.0.0.1:55432        PostgreSQL primary     (var/cluster/pg-primary)
#   127.0.0.1:55433        PostgreSQL streaming replica made with pg_basebackup (var/cluster/pg-replica)
#   Redis db 12            the shared cache and rate-limit store
#   Redis, RabbitMQ        the machine's where they answer; else started here (var/cluster/redis,
#                          var/cluster/rabbitmq) and stopped by `down`
#   var/cluster/shared     the files both nodes use (MOTCUA_VAR_DIR: uploads, results, static)
# Everything it starts, `down` stops (pids in var/cluster/run, pg_ctl for the clusters).
# PostgreSQL refuses to run as root, so its clusters belong to the postgres user.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$PWD"
BIN="$ROOT/.venv/bin"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
CLUSTER="${MOTCUA_CLUSTER_DIR:-$ROOT/var/cluster}"
RUN="$CLUSTER/run"
LOG="$CLUSTER/log"
PRIMARY_PORT=55432
REPLICA_PORT=55433
LB_PORT=58000
NODE_PORTS=(58001 58002)
WORKERS=2
WORKER_METRICS_BASE=58010
PG_USER=postgres
# Redis and RabbitMQ: used where they already run (a machine's services); started here, and
# stopped by `down`, where nothing answers on their ports (a fresh container has no init system).
REDIS_PORT="${MOTCUA_CLUSTER_REDIS_PORT:-6379}"
AMQP_PORT="${MOTCUA_CLUSTER_AMQP_PORT:-5672}"

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

pg_start() { # data dir, port
  as_pg "$PG_BIN/pg_ctl" -D "$1" -l "$LOG/postgres-$2.log" -w -t 60 \
    -o "-p $2 -k $RUN -c listen_addresses=127.0.0.1" start >/dev/null
}

env_file() {
  # One set of secrets for every process of the deployment: the nodes must share the secret key
  # (a session or a signed link made by one is read by the other).
  if [ ! -f "$CLUSTER/env" ]; then
    "$BIN/python" - >"$CLUSTER/env" <<'EOF'
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "motcua.config.settings.local"
import django
django.setup()
from motcua.core.env import secrets_generated
for name, value in sorted(secrets_generated().items()):
    print(f"export {name}='{value}'")
EOF
    chmod 600 "$CLUSTER/env"
  fi
  cat >>"$CLUSTER/env" <<EOF
export DJANGO_SETTINGS_MODULE=motcua.config.settings.production
export DATABASE_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/motcua
export MOTCUA_REPLICA_DATABASE_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/motcua
export MOTCUA_CACHE_URL=redis://127.0.0.1:$REDIS_PORT/12
export MOTCUA_BROKER_URL=amqp://guest:guest@127.0.0.1:$AMQP_PORT//
export MOTCUA_BROKER_QUEUE=cluster.outbox
export MOTCUA_VAR_DIR=$CLUSTER/shared
export MOTCUA_SSL_REDIRECT=false
export MOTCUA_ALLOWED_HOSTS=127.0.0.1,localhost
export MOTCUA_TRUSTED_PROXY_HEADER=X-Forwarded-For
export MOTCUA_WEB_WORKERS=\${MOTCUA_WEB_WORKERS:-2}
EOF
}

spawn() { # name, command...
  local name="$1"
  shift
  setsid "$@" >>"$LOG/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

answers() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_port() { # port, seconds, what
  local deadline=$((SECONDS + $2))
  until answers "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "$3 does not answer on $1; see $LOG" >&2; return 1; }
    sleep 0.5
  done
}

start_services() {
  if ! answers "$REDIS_PORT"; then
    mkdir -p "$CLUSTER/redis"
    spawn redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$CLUSTER/redis" \
      --save "" --appendonly no
    wait_port "$REDIS_PORT" 30 Redis
  fi
  if ! answers "$AMQP_PORT"; then
    # Its own node name, listener, data and logs under the cluster's folder, as the rabbitmq user
    # (the Debian wrapper switches to it); `down` stops it and the port mapper it started.
    mkdir -p "$CLUSTER/rabbitmq"
    echo "listeners.tcp.local = 127.0.0.1:$AMQP_PORT" >"$CLUSTER/rabbitmq/rabbitmq.conf"
    chown -R rabbitmq "$CLUSTER/rabbitmq" 2>/dev/null || true
    local node="motcua-cluster-$AMQP_PORT@localhost"
    echo "$node" >"$RUN/rabbitmq.node"
    RABBITMQ_CONFIG_FILE="$CLUSTER/rabbitmq/rabbitmq.conf" RABBITMQ_DIST_PORT=$((AMQP_PORT + 20000)) \
      RABBITMQ_NODENAME="$node" \
      RABBITMQ_MNESIA_BASE="$CLUSTER/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$CLUSTER/rabbitmq" \
      RABBITMQ_LOGS=- spawn rabbitmq rabbitmq-server
    wait_port "$AMQP_PORT" 120 RabbitMQ
  fi
}

wait_http() { # url, seconds
  local deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "no answer from $1; see $LOG" >&2; return 1; }
    sleep 0.5
  done
}

up() {
  command -v haproxy >/dev/null || bash scripts/cluster-deps.sh
  mkdir -p "$RUN" "$LOG" "$CLUSTER/shared"
  chown "$PG_USER" "$RUN" "$LOG" 2>/dev/null || true
  chmod 755 "$CLUSTER"
  start_services

  if [ ! -f "$CLUSTER/pg-primary/PG_VERSION" ]; then
    mkdir -p "$CLUSTER/pg-primary"
    chown "$PG_USER" "$CLUSTER/pg-primary" 2>/dev/null || true
    as_pg "$PG_BIN/initdb" -D "$CLUSTER/pg-primary" -U postgres --auth=trust -E UTF8 \
      --locale=C.UTF-8 >"$LOG/initdb.log"
  fi
  pg_start "$CLUSTER/pg-primary" $PRIMARY_PORT
  as_pg "$PG_BIN/psql" -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'motcua'" | grep -q 1 ||
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p $PRIMARY_PORT -U postgres motcua

  if [ ! -f "$CLUSTER/pg-replica/PG_VERSION" ]; then
    mkdir -p "$CLUSTER/pg-replica"
    chown "$PG_USER" "$CLUSTER/pg-replica" 2>/dev/null || true
    chmod 700 "$CLUSTER/pg-replica"
    # -R writes standby.signal and the primary's address: the copy starts as a streaming standby.
    as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p $PRIMARY_PORT -U postgres \
      -D "$CLUSTER/pg-replica" -R -X stream -c fast
  fi
  pg_start "$CLUSTER/pg-replica" $REPLICA_PORT

  rm -f "$CLUSTER/env"
  env_file
  # shellcheck disable=SC1091
  source "$CLUSTER/env"
  "$BIN/motcua" migrate --no-input -v 0
  "$BIN/motcua" collectstatic --no-input -v 0

  for port in "${NODE_PORTS[@]}"; do
    spawn "web-$port" "$BIN/motcua" serve --bind "127.0.0.1:$port"
  done
  for n in $(seq 1 $WORKERS); do
    spawn "worker-$n" "$BIN/motcua" worker --poll-interval 2 \
      --metrics-bind "127.0.0.1:$((WORKER_METRICS_BASE + n))"
  done

  {
    cat <<EOF
global
  maxconn 2000
  # "show stat" on this socket tells which nodes the health checks hold up (the kill test reads it).
  stats socket $RUN/haproxy.sock mode 600 level user
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  retries 2
  # A node killed mid-request: the request goes to the other node, but only when sending it again
  # is harmless (see disable-l7-retry below); a client's retry with its Idempotency-Key covers a
  # write whose answer was lost.
  retry-on conn-failure empty-response response-timeout
  option redispatch
frontend motcua
  bind 127.0.0.1:$LB_PORT
  http-request set-header X-Request-ID %[uuid()] unless { req.hdr(X-Request-ID) -m found }
  option forwardfor
  default_backend nodes
backend nodes
  balance roundrobin
  # A request the dead node may already have acted on is replayed only if replaying it cannot act
  # twice: a GET or HEAD, or a write carrying an Idempotency-Key (answered once, then from its
  # record). A transition carries none: replayed on the other node, it moves the dossier on a
  # second time when the same officer holds the next step (the kill test saw it happen). A
  # connection that never reached a node is retried whatever the request.
  http-request disable-l7-retry unless METH_GET || { req.hdr(Idempotency-Key) -m found }
  option httpchk
  http-check send meth GET uri /readyz hdr Host 127.0.0.1
  http-check expect status 200
EOF
    for port in "${NODE_PORTS[@]}"; do
      echo "  server node-$port 127.0.0.1:$port check inter 1s fall 2 rise 2"
    done
  } >"$CLUSTER/haproxy.cfg"
  spawn haproxy haproxy -db -f "$CLUSTER/haproxy.cfg"

  for port in "${NODE_PORTS[@]}"; do wait_http "http://127.0.0.1:$port/readyz" 120; done
  wait_http "http://127.0.0.1:$LB_PORT/readyz" 30
  echo "motcua cluster up: http://127.0.0.1:$LB_PORT/ (nodes ${NODE_PORTS[*]}, primary :$PRIMARY_PORT, replica :$REPLICA_PORT; logs in $LOG)"
}

down() {
  if [ -d "$RUN" ]; then
    local pids=() pidfile pid rabbitmq_started=""
    if [ -f "$RUN/rabbitmq.node" ]; then
      # The Debian wrapper runs the node in a session of its own, out of the group: stop it by name.
      rabbitmqctl -n "$(cat "$RUN/rabbitmq.node")" stop >/dev/null 2>&1 || true
      rm -f "$RUN/rabbitmq.node"
    fi
    for pidfile in "$RUN"/*.pid; do
      [ -e "$pidfile" ] || continue
      pids+=("$(cat "$pidfile")")
      [ "$(basename "$pidfile")" != rabbitmq.pid ] || rabbitmq_started=1
      rm -f "$pidfile"
    done
    # Each was started in its own session: its process group holds it and its children. All are
    # asked at once and given 10 s together, then what remains is killed.
    for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    for _ in $(seq 1 40); do
      local left=0
      for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && left=1; done
      [ $left = 1 ] || break
      sleep 0.25
    done
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
    # A RabbitMQ started here started Erlang's port mapper, which leaves the group; with no node
    # left registered, it stops on request.
    if [ -n "${rabbitmq_started:-}" ]; then epmd -kill >/dev/null 2>&1 || true; fi
  fi
  for data in "$CLUSTER/pg-replica" "$CLUSTER/pg-primary"; do
    if [ -f "$data/postmaster.pid" ]; then
      as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
    fi
  done
  echo "motcua cluster down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
