# Shared by bench/run and scripts/cluster/scale.sh (sourced): running wrk and reading its figures, CPU time per request.
# BENCH_LUA: the directory of the Lua scripts; WRK_TIMEOUT: wrk's time-out (default 10s).

wrk_run() { # $1 connections, $2 seconds, $3 lua, $4 url -> the FIGURES line report.lua prints
    local threads=$(( $1 < 2 ? 1 : 2 ))
    wrk -t"$threads" -c"$1" -d"${2}s" --timeout "${WRK_TIMEOUT:-10s}" -s "$BENCH_LUA/$3" "$4" 2>&1 | grep '^FIGURES' \
        || echo "FIGURES requests=0 rps=0 errors=1"
}
figure() { # $1 FIGURES line, $2 key
    sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< " ${1#FIGURES }" | head -1
}
ms() { awk -v us="${1:-0}" 'BEGIN { printf "%.2f", us / 1000 }'; }
# CPU time (user + system, every thread: requests, writers, GC, JIT) of processes, in clock ticks
cpu_ticks() {
    local pid total=0
    for pid in "$@"; do
        [ -n "$pid" ] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
    done
    echo "$total"
}
per_request() { # $1 ticks, $2 requests -> microseconds of CPU per request
    awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (n > 0 ? t * 1e6 / hz / n : 0) }'
}
