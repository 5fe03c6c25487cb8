#!/usr/bin/env bash
# bench/http.sh against a throw-away PostgreSQL (bench/pg-start.sh), removed afterwards. Same arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
read -r dir port < <(bench/pg-start.sh)
trap 'bench/pg-stop.sh "$dir"' EXIT
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | head -1)
"$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE dp_bench" >/dev/null
DATABASE="postgres:Host=127.0.0.1;Port=$port;Username=postgres;Database=dp_bench" WAIT_S=${WAIT_S:-600} bench/http.sh "$@"
