#!/usr/bin/env bash
# HTTP load benchmark on loopback: publishes the web app (Release), starts it on a fresh data dir (first start
# imports the demo corpus), then runs wrk against each URL RUNS times and prints requests/s and latency percentiles.
# usage: bench/http.sh [RUNS] [SECONDS] [PATH...]    (needs wrk: apt-get install -y wrk)
# APP_ARGS adds switches (e.g. --DailyPapers:Embeddings=off).
# DATABASE=postgres:… runs the app on that database (must be empty; see bench/http-pg.sh) instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; secs=${2:-10}; shift $(( $# > 2 ? 2 : $# )) || true
paths=("$@"); [ ${#paths[@]} -gt 0 ] || paths=(/papers /papers/2409.12192 "/api/daily_papers?date=2025-06-16")
port=${PORT:-5391}
pub=$(mktemp -d); data=$(mktemp -d)
trap 'kill $app 2>/dev/null || true; rm -rf "$pub" "$data"' EXIT
dotnet publish src/DailyPapers.Web -c Release -o "$pub" -v q --nologo >/dev/null
ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
  dotnet "$pub/DailyPapers.Web.dll" --DailyPapers:DataDir="$data" --DailyPapers:Embeddings=static --Logging:LogLevel:DailyPapers=Information \
    ${DATABASE:+"--DailyPapers:Database=$DATABASE"} ${APP_ARGS:-} >"$data/app.log" 2>&1 &
app=$!
# Wait until the demo corpus is in (the feed shows the newest day).
for _ in $(seq 1 ${WAIT_S:-180}); do
  if curl -fs "http://127.0.0.1:$port/api/daily_papers?date=2026-08-21" 2>/dev/null | grep -q '"paper"'; then break; fi
  sleep 1
done
# Then let the static vectors finish (no background embedding runs during the measurements).
for _ in $(seq 1 120); do grep -q "embed minilm-static-v1: .* papers in" "$data/app.log" && break; sleep 1; done
sleep 3
echo "database: $([ -n "${DATABASE:-}" ] && echo postgres || echo sqlite)${APP_ARGS:+ ($APP_ARGS)}; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), wrk -t2 -c32 -d${secs}s, $runs runs"
# A path "search:/api/papers/search?q=" runs bench/search-load.lua: varied queries that miss the output cache.
for p in "${paths[@]}"; do
  script=()
  if [[ "$p" == search:* ]]; then
    prefix=${p#search:}
    sed "s|PATH_PREFIX|\"$prefix\"|" bench/search-load.lua > "$data/load.lua"
    script=(-s "$data/load.lua"); p="$prefix"pretraining
  fi
  curl -fs -o /dev/null "http://127.0.0.1:$port$p" || { echo "$p: request failed"; exit 1; }
  for r in $(seq 1 "$runs"); do
    out=$(wrk -t2 -c32 -d"${secs}s" --latency "${script[@]}" "http://127.0.0.1:$port$p")
    rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
    p50=$(echo "$out" | awk '$1=="50%"{print $2}')
    p99=$(echo "$out" | awk '$1=="99%"{print $2}')
    errs=$(echo "$out" | awk '/Non-2xx/{print $5}')
    echo "$p run $r: ${rps} req/s, p50 ${p50}, p99 ${p99}${errs:+, non-2xx $errs}"
  done
done
