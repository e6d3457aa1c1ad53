#!/usr/bin/env bash
# Run the whole suite twice: on SQLite, then on PostgreSQL. Both must pass.
# Where DATABASE_URL points at PostgreSQL that server is used; otherwise a throwaway
# cluster is started on loopback in a temporary folder and removed at the end.
# A throwaway redis-server on loopback serves the tests of the several-machines configuration
# (REDIS_URL) through TEST_REDIS_URL, unless TEST_REDIS_URL already names one.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=(.venv/bin/python -m pytest "$@")

pg_url="${DATABASE_URL:-}"
unset DATABASE_URL
free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

stop_redis() { :; }
stop_pg() { :; }
trap 'stop_pg; stop_redis' EXIT
if [ -z "${TEST_REDIS_URL:-}" ]; then
  command -v redis-server >/dev/null 2>&1 || { echo "redis-server non trovato: installare il pacchetto redis-server (vedi .ci/run)." >&2; exit 1; }
  redis_tmp="$(mktemp -d /tmp/bp-redis.XXXXXX)"
  redis_port="$(free_port)"
  redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
    --dir "$redis_tmp" --logfile "$redis_tmp/redis.log" --pidfile "$redis_tmp/redis.pid" >/dev/null
  stop_redis() {
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "$redis_tmp"
  }
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
fi

echo "=== Suite su SQLite ==="
sqlite_status=0
"${PYTEST[@]}" || sqlite_status=$?

if [[ "$pg_url" != postgres* ]]; then
  pg_bin="$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)")"
  [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL non trovato: installare il pacchetto postgresql (vedi .ci/run)." >&2; exit 1; }
  tmp="$(mktemp -d /tmp/bp-pg.XXXXXX)"
  chmod 755 "$tmp"
  port="$(free_port)"
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$tmp"
    as_pg=(runuser -u postgres --)
  fi
  stop_pg() {
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
  }
  "${as_pg[@]}" "$pg_bin/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log"; exit 1; }
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$tmp/server.log"; exit 1; }
  pg_url="postgres://postgres@127.0.0.1:$port/buonepratiche"
fi

echo "=== Suite su PostgreSQL ==="
pg_status=0
DATABASE_URL="$pg_url" "${PYTEST[@]}" || pg_status=$?

echo "SQLite: exit $sqlite_status; PostgreSQL: exit $pg_status"
[ "$sqlite_status" = 0 ] && [ "$pg_status" = 0 ]
