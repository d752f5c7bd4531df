# Sourced by scripts/cluster-run --scale once the brokers, the twins, the hubs and HAProxy are up (its functions and
# variables are this script's). The front door's invitation lookup (bench/run's scenario 1: REST in, SOAP to the
# registry twin, JSON back) at 32 connections, straight to one instance and through HAProxy with 1, 2 and 3 instances
# in its rotation. Every process shares this machine's cores: more instances buy availability here, not throughput,
# and the figures say what they cost. Writes target/cluster/scale.csv and scale.md; fails when a measurement answers
# errors or nothing.
need_apt wrk wrk
export BENCH_LUA=$ROOT/bench/lua
WRK_TIMEOUT=30s
source "$ROOT/bench/lib.sh"
LOOKUP=/api/v1/evisa/invitations/INV-2026-000101
SCALE_CSV=$CACHE/scale.csv
echo "instances,via,requests_per_s,p50_ms,p99_ms,errors,requests,hubs_cpu_us_per_request,twins_cpu_us_per_request,haproxy_cpu_us_per_request" > "$SCALE_CSV"
SCALE_FAILED=()

measure_scale() { # $1 instances, $2 via (haproxy or direct), $3 base url
    local h0 t0 p0 f n
    h0=$(cpu_ticks "${HUB_PID[@]}"); t0=$(cpu_ticks "$TWINS_PID"); p0=$(cpu_ticks "$FRONT_PID")
    f=$(wrk_run 32 "$SCALE_SECONDS" lookup.lua "$3$LOOKUP")
    n=$(figure "$f" requests)
    echo "$1,$2,$(figure "$f" rps),$(ms "$(figure "$f" p50)"),$(ms "$(figure "$f" p99)"),$(figure "$f" errors),$n,$(per_request $(( $(cpu_ticks "${HUB_PID[@]}") - h0 )) "$n"),$(per_request $(( $(cpu_ticks "$TWINS_PID") - t0 )) "$n"),$(per_request $(( $(cpu_ticks "$FRONT_PID") - p0 )) "$n")" >> "$SCALE_CSV"
    log "scale: $1 instance(s) via $2: $(figure "$f" rps) req/s, p99 $(ms "$(figure "$f" p99)") ms, errors $(figure "$f" errors)"
    if [ "$(figure "$f" errors)" != 0 ] || [ "${n:-0}" = 0 ]; then SCALE_FAILED+=("$1 via $2: $(figure "$f" errors) errors of $n"); fi
}

# every instance answers the lookup once before anything is measured: a cold instance's first one (its first SOAP
# client, classes loaded) can take longer than a smoke run's few seconds a figure, which is no error
for port in "${HUB_PORT[@]}"; do
    curl -fsS -m 120 -o /dev/null -H "X-Api-Key: sandbox-front-door-key" "http://127.0.0.1:$port$LOOKUP" \
        || SCALE_FAILED+=("the instance on port $port does not answer the lookup")
done
# the JIT of every instance warmed first, all three in the rotation (a third of the load each)
for (( warmed = 0; warmed < SCALE_WARM; warmed += 30 )); do
    log "scale: warm-up through HAProxy, 3 instances: $(figure "$(wrk_run 32 30 lookup.lua "$FRONT$LOOKUP")" rps) req/s"
done
measure_scale 1 direct "http://127.0.0.1:${HUB_PORT[1]}"
for k in 1 2 3; do
    stop "$FRONT_PID"
    start_front "$k"
    measure_scale "$k" haproxy "$FRONT"
done

{
    echo "# Several instances, the lookup at 32 connections: scripts/cluster-run --scale, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); hubs $HUB_HEAP on PostgreSQL and an Artemis pair; warm-up ${SCALE_WARM} s, ${SCALE_SECONDS} s a figure"
    echo
    echo "| instances | via | req/s | p50 ms | p99 ms | errors | CPU µs per request: hubs, twins, HAProxy |"
    echo "| ---: | --- | ---: | ---: | ---: | ---: | --- |"
    tail -n +2 "$SCALE_CSV" | awk -F, '{ printf "| %s | %s | %s | %s | %s | %s | %s, %s, %s |\n", $1, $2, $3, $4, $5, $6, $8, $9, $10 }'
} > "$CACHE/scale.md"
cat "$CACHE/scale.md"
if [ ${#SCALE_FAILED[@]} -gt 0 ]; then
    log "FAILED: ${SCALE_FAILED[*]}"
    exit 1
fi
