#!/usr/bin/env bash
# Scale benchmark (issue 7): for each node count, a control plane (`skiff up --disable-agent`: API server, SQLite store,
# scheduler) and `skiff simulate --nodes N` run as two processes; io.skiff.cli.bench.ScaleBench then measures the
# scheduling throughput (pods created for a stopped scheduler, then a scheduler started: pods/s to the last binding),
# a burst of pods end to end on the server's scheduler (create latency p50/p99, time to all Running), and the RSS of
# both processes. Both JVMs run with the full JIT (the launcher's C1-only flags favour start-up; see README).
# Node IPAM gets a /8 (65,536 node blocks of /24), so every hollow node is given a pod CIDR as in a real cluster.
# Usage: bench/scale.sh [NODES...]   (default: 100 1000); SCHED_PODS and BURST_PODS override the pod counts (by
# default 5,000 and 3,000, fewer when N nodes of 110 pods could not hold both measurements' pods twice over);
# FILL_PODS=50000 then adds pods until the cluster holds that many, all Running, before memory is measured.
# STORE=etcd runs the control plane on an etcd started for each node count (Debian's etcd-server; its own write rate
# is measured in the same run with `etcdctl check perf` as the peer); SKIFF_JAR runs another build (before/after
# comparisons; its lib/ beside it). SERVER_JAVA_OPTS and BENCH_JAVA_OPTS add JVM options to the control plane and to the bench's JVM (which runs the
# measured scheduler), e.g. a JFR recording; for the bench JVM also -Dskiff.bench.warmup=N (a first scheduler places N
# pods of its own before the measured one starts, so the measured one runs JIT-compiled code) and
# -Dskiff.bench.skipRunning=true (do not wait for the hollow nodes to start the pods: the scheduler's figures only).
# With BURST_PODS=0 only the throughput with the hollow nodes stopped is measured.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f skiff-cli/target/skiff.jar ] || ./skiff build
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR=${SKIFF_JAR:-skiff-cli/target/skiff.jar}
LIB="$(dirname "$JAR")/lib"
PORT=${PORT:-26543}
STORE=${STORE:-sqlite}
ETCD_PORT=${ETCD_PORT:-24390}
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
  rm -rf "$WORK/d" "$WORK/etcd"
  DATASTORE=()
  if [ "$STORE" = etcd ]; then
    etcd --name scale --data-dir "$WORK/etcd" --listen-client-urls http://127.0.0.1:$ETCD_PORT \
      --advertise-client-urls http://127.0.0.1:$ETCD_PORT --listen-peer-urls http://127.0.0.1:$((ETCD_PORT + 1)) \
      --initial-advertise-peer-urls http://127.0.0.1:$((ETCD_PORT + 1)) \
      --initial-cluster scale=http://127.0.0.1:$((ETCD_PORT + 1)) --quota-backend-bytes 8589934592 >"$WORK/etcd.log" 2>&1 &
    EPID=$!; PIDS+=($EPID)
    until ETCDCTL_API=3 etcdctl --endpoints=127.0.0.1:$ETCD_PORT endpoint health >/dev/null 2>&1; do sleep 0.1; done
    DATASTORE=(--datastore-endpoint "http://127.0.0.1:$ETCD_PORT")
  fi
  "$JAVA" ${SERVER_JAVA_OPTS:-} -jar "$JAR" up --disable-agent --data-dir "$WORK/d" --port $PORT --cluster-cidr 10.0.0.0/8 "${DATASTORE[@]}" >"$WORK/server.log" 2>&1 &
  SPID=$!; PIDS+=($SPID)
  until curl -sfk "https://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do
    kill -0 $SPID 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.1
  done
  "$JAVA" -jar "$JAR" simulate --server "https://127.0.0.1:$PORT" --token-file "$WORK/d/token" --nodes "$N" >"$WORK/simulate.log" 2>&1 &
  HPID=$!; PIDS+=($HPID)
  until grep -q "joined" "$WORK/simulate.log"; do
    kill -0 $HPID 2>/dev/null || { cat "$WORK/simulate.log"; exit 1; }
    sleep 0.2
  done
  grep "joined" "$WORK/simulate.log"
  "$JAVA" ${BENCH_JAVA_OPTS:-} -cp "skiff-cli/target/test-classes:$JAR:$LIB/*" io.skiff.cli.bench.ScaleBench \
    "$WORK/d/kubeconfig.yaml" $SPID $HPID "$N" "$SCHED" "$BURST" ${FILL_PODS:-}
  kill $HPID $SPID; wait $HPID $SPID 2>/dev/null || true
  if [ "$STORE" = etcd ]; then
    echo "etcd itself (same etcd, same run): $(ETCDCTL_API=3 etcdctl --endpoints=127.0.0.1:$ETCD_PORT check perf --load=s 2>&1 \
      | tr '\r' '\n' | sed -n 's/.*Throughput is \([0-9]*\) writes\/s.*/\1 writes\/s (etcdctl check perf --load=s)/p' | head -1)"
    echo "etcd database size: $(du -sh "$WORK/etcd" | cut -f1)"
    kill $EPID; wait $EPID 2>/dev/null || true
  fi
done
