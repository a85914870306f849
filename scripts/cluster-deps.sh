#!/usr/bin/env bash
# System packages the reference deployment (scripts/cluster.sh) needs beyond the project's own,
# installed with apt-get when missing and running as root:
#   haproxy                 the load balancer in front of the web nodes
#   postgresql-15           initdb, pg_ctl, pg_basebackup for the primary and its replica
#   redis-server, rabbitmq-server   the shared cache and the broker, when not already running
set -euo pipefail

missing=()
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
[ -x /usr/lib/postgresql/15/bin/pg_basebackup ] || missing+=(postgresql-15)
command -v curl >/dev/null 2>&1 || missing+=(curl)
(exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null || command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
(exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null || command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
exec bash "$(dirname "$0")/install-missing.sh" ${missing[@]+"${missing[@]}"}
