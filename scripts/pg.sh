#!/usr/bin/env bash
# Runs the project's own PostgreSQL cluster inside the checkout: start | stop | status.
# The cluster listens on 127.0.0.1 only (port $REDTALENTOS_PG_PORT, default 54329), trust auth,
# data in .pgdata/. As root the server binaries run as the `postgres` user.
set -euo pipefail

root_dir=$(cd "$(dirname "$0")/.." && pwd)
port=${REDTALENTOS_PG_PORT:-54329}
data=${REDTALENTOS_PG_DATA:-$root_dir/.pgdata}
dbname=${REDTALENTOS_PG_DB:-redtalentos}
# Memory for the million-profile benchmark's working set (make bench): reserved lazily, smaller
# machines can lower it.
shared_buffers=${REDTALENTOS_PG_SHARED_BUFFERS:-4GB}

find_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
    return
  fi
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return
  echo "PostgreSQL server binaries not found: install them (Debian: apt-get install postgresql) or set DATABASE_URL." >&2
  exit 1
}

bindir=$(find_bindir)

# As root, PostgreSQL refuses to run: use the postgres system user instead.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_reachable() {
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$data"
    chmod 700 "$data"
    if ! runuser -u postgres -- test -w "$data"; then
      echo "The postgres user cannot reach $data (a parent folder is private)." >&2
      echo "Move the checkout to a readable folder or set REDTALENTOS_PG_DATA to one." >&2
      exit 1
    fi
  fi
}

is_running() {
  [ -f "$data/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

# The RUM index, by which the directory orders every match by relevance (migration members 0016),
# is an extension packaged for each major version of the server, as the server itself is.
ensure_rum() {
  local sharedir major
  sharedir=$("$bindir/pg_config" --sharedir 2>/dev/null || true)
  [ -n "$sharedir" ] && [ -f "$sharedir/extension/rum.control" ] && return
  major=$("$bindir/postgres" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL's RUM extension is missing: install it (Debian: apt-get install postgresql-$major-rum)." >&2
    exit 1
  fi
  echo "Installing postgresql-$major-rum from Debian's packages..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major-rum" >/dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major-rum" >/dev/null
  }
}

start() {
  ensure_rum
  ensure_reachable
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >/dev/null
    echo "Created a PostgreSQL cluster in $data"
  fi
  if ! is_running; then
    as_pg "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c shared_buffers=$shared_buffers -c work_mem=16MB -c random_page_cost=1.1 -c effective_cache_size=4GB" >/dev/null
    echo "PostgreSQL started on 127.0.0.1:$port"
  fi
  if ! "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -Atqc \
      "SELECT 1 FROM pg_database WHERE datname = '$dbname'" postgres | grep -q 1; then
    "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$dbname"
    echo "Created database $dbname"
  fi
}

stop() {
  if is_running; then
    as_pg "$bindir/pg_ctl" -D "$data" -w -m fast stop >/dev/null
    echo "PostgreSQL stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo "running on 127.0.0.1:$port"; else echo "stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
