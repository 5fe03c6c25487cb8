#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster (initdb + pg_ctl, trust auth, loopback only) in a temp folder and prints
# "DIR PORT". Stop it with bench/pg-stop.sh DIR. Runs the server as the postgres user when started as root.
# usage: bench/pg-start.sh [PORT]
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | head -1)
[ -n "$bin" ] || { echo "pg-start: PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }
port=${1:-$(( 20000 + RANDOM % 20000 ))}
dir=$(mktemp -d /tmp/dp-pg-XXXXXX)
as=(); if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as=(runuser -u postgres --); fi
"${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
echo "$dir $port"
