#!/usr/bin/env bash
# Run the whole suite twice: on SQLite, then on PostgreSQL. Both must pass.
# Where DATABASE_URL points at PostgreSQL that server is used; otherwise a throwaway
# cluster is started on loopback in a temporary folder and removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=(.venv/bin/python -m pytest "$@")

pg_url="${DATABASE_URL:-}"
unset DATABASE_URL

echo "=== Suite su SQLite ==="
sqlite_status=0
"${PYTEST[@]}" || sqlite_status=$?

cleanup() { :; }
if [[ "$pg_url" != postgres* ]]; then
  pg_bin="$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)")"
  [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL non trovato: installare il pacchetto postgresql (vedi .ci/run)." >&2; exit 1; }
  tmp="$(mktemp -d /tmp/bp-pg.XXXXXX)"
  chmod 755 "$tmp"
  port="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$tmp"
    as_pg=(runuser -u postgres --)
  fi
  cleanup() {
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
  }
  trap cleanup EXIT
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
