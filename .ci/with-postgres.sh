#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: TEST_PG_URL points at its `postgres`
# database. The cluster lives in a temp folder on a free port and is removed afterwards.
set -euo pipefail

bin_dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin_dir" ] || [ ! -x "$bin_dir/initdb" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install postgresql)." >&2
  exit 1
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
workdir=$(mktemp -d /tmp/console-pg.XXXXXX)
chmod 755 "$workdir"

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = "0" ]; then chown postgres "$workdir"; fi

cleanup() {
  as_pg "$bin_dir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

as_pg "$bin_dir/initdb" -D "$workdir/data" -U postgres -A trust --no-sync >/dev/null
as_pg "$bin_dir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
echo "PostgreSQL $("$bin_dir/postgres" --version | awk '{print $3}') started on port $port"

export TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
