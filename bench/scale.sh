#!/usr/bin/env bash
# Scale benchmark (issue 7): for each node count, a control plane (`skiff up --disable-agent`: API server, SQLite store,
# scheduler) and `skiff simulate --nodes N` run as two processes; io.skiff.cli.bench.ScaleBench then measures the
# scheduling throughput (pods created for a stopped scheduler, then a scheduler started: pods/s to the last binding),
# a burst of pods end to end on the server's scheduler (create latency p50/p99, time to all Running), and the RSS of
# both processes. Both JVMs run with the full JIT (the launcher's C1-only flags favour start-up; see README).
# Usage: bench/scale.sh [NODES...]   (default: 100 1000); SCHED_PODS and BURST_PODS override the pod counts (by
# default 5,000 and 3,000, fewer when N nodes of 110 pods could not hold both measurements' pods twice over).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f skiff-cli/target/skiff.jar ] || ./skiff build
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR=skiff-cli/target/skiff.jar
PORT=${PORT:-26543}
WORK="$(mktemp -d)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill $p 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
mvn -q -B -o -pl skiff-cli test-compile
NODES=("$@")
[ ${#NODES[@]} -gt 0 ] || NODES=(100 1000)
for N in "${NODES[@]}"; do
  CAP=$((N * 110 / 4))
  SCHED=${SCHED_PODS:-$((CAP < 5000 ? CAP : 5000))}
  BURST=${BURST_PODS:-$((CAP < 3000 ? CAP : 3000))}
  echo "== $N hollow nodes, $SCHED pods (twice) for the scheduler throughput, a burst of $BURST pods end to end"
  rm -rf "$WORK/d"
  "$JAVA" -jar "$JAR" up --disable-agent --data-dir "$WORK/d" --port $PORT >"$WORK/server.log" 2>&1 &
  SPID=$!; PIDS+=($SPID)
  until curl -sfk "https://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do sleep 0.1; done
  "$JAVA" -jar "$JAR" simulate --server "https://127.0.0.1:$PORT" --token-file "$WORK/d/token" --nodes "$N" >"$WORK/simulate.log" 2>&1 &
  HPID=$!; PIDS+=($HPID)
  until grep -q "joined" "$WORK/simulate.log"; do
    kill -0 $HPID 2>/dev/null || { cat "$WORK/simulate.log"; exit 1; }
    sleep 0.2
  done
  grep "joined" "$WORK/simulate.log"
  "$JAVA" -cp "skiff-cli/target/test-classes:$JAR:skiff-cli/target/lib/*" io.skiff.cli.bench.ScaleBench \
    "$WORK/d/kubeconfig.yaml" $SPID $HPID "$N" "$SCHED" "$BURST"
  kill $HPID $SPID; wait $HPID $SPID 2>/dev/null || true
done
