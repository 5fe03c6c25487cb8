#!/usr/bin/env bash
# Stops and removes a cluster started by bench/pg-start.sh. usage: bench/pg-stop.sh DIR
set -euo pipefail
dir=$1; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | head -1)
as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
rm -rf "$dir"
