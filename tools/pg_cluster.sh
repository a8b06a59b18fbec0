#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests (issue 12): made in a folder of its own, on a free
# loopback port, its socket in that folder, and gone again at `stop`.
#
#   tools/pg_cluster.sh start DIR   initdb + start; prints the admin URL (also written to DIR/url)
#   tools/pg_cluster.sh stop DIR    stops it (immediately: nothing in it is kept) and removes DIR
#
# PostgreSQL refuses to run as root: as root the cluster belongs to an unprivileged system user,
# dynshop-pg (made here when missing). Collation C: text sorts by bytes, as SQLite sorts it.
set -euo pipefail

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "${BIN:-}/initdb" ] || { echo "pg_cluster: PostgreSQL is not installed (tools/setup.sh installs it)" >&2; exit 1; }
cmd="${1:-}" dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: tools/pg_cluster.sh start|stop DIR" >&2; exit 2; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u dynshop-pg -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [ "$(id -u)" = 0 ] && ! id dynshop-pg >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin dynshop-pg
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" = 0 ] && chown dynshop-pg "$dir"
    # The cluster's user must reach its own folder: every parent must let it through.
    as_owner test -w "$dir" || { echo "pg_cluster: $dir is not reachable by the cluster's user (use a folder under /tmp)" >&2; exit 1; }
    as_owner "$BIN/initdb" -D "$dir/data" -U dynshop --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://dynshop@127.0.0.1:$port/postgres" | tee "$dir/url"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: tools/pg_cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
