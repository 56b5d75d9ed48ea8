#!/usr/bin/env bash
# etcd benchmark (issue 6): pod creates/s (1 and 8 clients) and watch delivery delay through skiff on etcd and on
# the embedded SQLite store, and, on the same etcd in the same run, etcd's own write rate (etcdctl put, etcdctl check
# perf, and skiff's EtcdStore without the API server), with the ratios: how much of etcd's write rate reaches a
# Kubernetes client through skiff.
# Usage: bench/etcd.sh   (from the repository root; needs etcd and etcdctl: Debian's etcd-server and etcd-client)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f skiff-cli/target/skiff.jar ] || ./skiff build
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR=skiff-cli/target/skiff.jar
CP="skiff-cli/target/test-classes:$JAR:skiff-cli/target/lib/*"
ETCD_PORT=23990; PEER_PORT=24000; PORT=26643
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
mvn -q -B -o -pl skiff-cli test-compile
ETCDCTL="etcdctl --endpoints=127.0.0.1:$ETCD_PORT"
export ETCDCTL_API=3

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2/1048576}' /proc/meminfo), $(uname -r), etcd $(etcd --version | head -1 | awk '{print $3}'), $("$JAVA" -version 2>&1 | head -1)"
etcd --name bench --data-dir "$WORK/etcd" --listen-client-urls http://127.0.0.1:$ETCD_PORT --advertise-client-urls http://127.0.0.1:$ETCD_PORT \
  --listen-peer-urls http://127.0.0.1:$PEER_PORT --initial-advertise-peer-urls http://127.0.0.1:$PEER_PORT \
  --initial-cluster bench=http://127.0.0.1:$PEER_PORT >"$WORK/etcd.log" 2>&1 &
PIDS+=($!)
until $ETCDCTL endpoint health >/dev/null 2>&1; do sleep 0.1; done

start_skiff() { # $1 = data dir, rest = extra flags; plain java -jar (full JIT) for both stores
  local dir="$1"; shift
  "$JAVA" -jar "$JAR" server --data-dir "$dir" --port $PORT "$@" >"$dir.log" 2>&1 &
  SKIFF=$!
  PIDS+=($SKIFF)
  until curl -sfk "https://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do sleep 0.05; done
}
stop_skiff() { kill "$SKIFF"; wait "$SKIFF" 2>/dev/null || true; }
value() { awk -v k="$1" '$1 == "RESULT" && $2 == k {print $3}' "$2"; }

echo "== skiff server on etcd"
start_skiff "$WORK/on-etcd" --datastore-endpoint "http://127.0.0.1:$ETCD_PORT"
"$JAVA" -cp "$CP" io.skiff.cli.bench.EtcdBench api "$WORK/on-etcd/kubeconfig.yaml" | tee "$WORK/etcd.out"
stop_skiff

echo "== skiff server on the embedded SQLite store"
start_skiff "$WORK/on-sqlite"
"$JAVA" -cp "$CP" io.skiff.cli.bench.EtcdBench api "$WORK/on-sqlite/kubeconfig.yaml" | tee "$WORK/sqlite.out"
stop_skiff

echo "== etcd itself, same etcd, same run"
"$JAVA" -cp "$CP" io.skiff.cli.bench.EtcdBench store "http://127.0.0.1:$ETCD_PORT" | tee "$WORK/store.out"
VALUE=$(head -c 2048 /dev/zero | tr '\0' x)
start=$(date +%s%N)
for i in $(seq 1 300); do $ETCDCTL put "/etcdctl/$i" "$VALUE" >/dev/null; done
PUTS=$(( 300 * 1000000000 / ($(date +%s%N) - start) ))
echo "RESULT etcdctl_put_sequential $PUTS (300 etcdctl processes one after another, 2 KiB values; includes process start)" | tee -a "$WORK/store.out"
{ $ETCDCTL check perf --load=s 2>&1 || true; } | tr '\r' '\n' | grep -E 'PASS|FAIL|Throughput|Slowest|Stddev' | tee "$WORK/perf.out" 
PERF=$(sed -n 's/.*Throughput is \([0-9]*\) writes\/s.*/\1/p' "$WORK/perf.out" | head -1)
echo "RESULT etcdctl_check_perf_writes $PERF" | tee -a "$WORK/store.out"

echo "== ratios"
awk -v e1="$(value api_creates_1 "$WORK/etcd.out")" -v e8="$(value api_creates_8 "$WORK/etcd.out")" \
    -v s1="$(value api_creates_1 "$WORK/sqlite.out")" -v s8="$(value api_creates_8 "$WORK/sqlite.out")" \
    -v w50e="$(value watch_p50_ms "$WORK/etcd.out")" -v w50s="$(value watch_p50_ms "$WORK/sqlite.out")" \
    -v w99e="$(value watch_p99_ms "$WORK/etcd.out")" -v w99s="$(value watch_p99_ms "$WORK/sqlite.out")" \
    -v r1="$(value store_creates_1 "$WORK/store.out")" -v r8="$(value store_creates_8 "$WORK/store.out")" \
    -v put="$PUTS" -v perf="${PERF:-0}" 'BEGIN {
  printf "pod creates/s, 1 client:  etcd %.0f, SQLite %.0f (etcd/SQLite %.2f); of EtcdStore direct %.0f: %.0f%%; of etcdctl put %.0f/s: %.1fx\n", e1, s1, e1/s1, r1, 100*e1/r1, put, e1/put
  printf "pod creates/s, 8 clients: etcd %.0f, SQLite %.0f (etcd/SQLite %.2f); of EtcdStore direct %.0f: %.0f%%", e8, s8, e8/s8, r8, 100*e8/r8
  if (perf > 0) printf "; of etcdctl check perf %.0f writes/s: %.0f%%", perf, 100*e8/perf
  printf "\nwatch delivery p50/p99: etcd %.1f/%.1f ms, SQLite %.1f/%.1f ms\n", w50e, w99e, w50s, w99s
}'
