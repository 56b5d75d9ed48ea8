#!/usr/bin/env bash
# API server benchmark (issue 2): start-up to /readyz, creates/s from 1 and 8 clients, list of 10,000 pods,
# 100 watchers x 1,000 changes, RSS idle and with 10,000 pods; and, as the peer on the same machine in the
# same run, etcd's raw put rate (what any etcd-backed API server can reach at most).
# Usage: bench/apiserver.sh   (from the repository root; builds first if needed)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f skiff-cli/target/skiff.jar ] || ./skiff build
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR=skiff-cli/target/skiff.jar
PORT=26443
WORK="$(mktemp -d)"
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

# The launcher's flags (./skiff): C1 only, serial GC, a class-data archive made by the first run.
FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$WORK/skiff.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
echo "== start-up to /readyz with the launcher's flags, control plane only (--disable-agent), fresh data dir each time; run 1 makes the archive"
for i in $(seq 1 10); do
  rm -rf "$WORK/d"
  start=$(date +%s%N)
  "$JAVA" $FLAGS -jar "$JAR" up --disable-agent --data-dir "$WORK/d" --port $PORT >/dev/null 2>&1 &
  PID=$!
  until curl -sfk "https://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do sleep 0.01; done
  echo "run $i: $(( ($(date +%s%N) - start) / 1000000 )) ms"
  kill $PID; wait $PID 2>/dev/null || true
done
echo "== the same with a plain java -jar (full JIT, no archive), 5 runs"
for i in $(seq 1 5); do
  rm -rf "$WORK/d"
  start=$(date +%s%N)
  "$JAVA" -jar "$JAR" up --disable-agent --data-dir "$WORK/d" --port $PORT >/dev/null 2>&1 &
  PID=$!
  until curl -sfk "https://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do sleep 0.01; done
  echo "run $i: $(( ($(date +%s%N) - start) / 1000000 )) ms"
  kill $PID; wait $PID 2>/dev/null || true
done
echo "== restart on an existing data dir (launcher's flags; the API load below runs on this server)"
start=$(date +%s%N)
"$JAVA" $FLAGS -jar "$JAR" up --disable-agent --data-dir "$WORK/d" --port $PORT >/dev/null 2>&1 &
PID=$!
until curl -sfk "https://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do sleep 0.01; done
echo "restart: $(( ($(date +%s%N) - start) / 1000000 )) ms"
sleep 2
echo "== API load (fabric8 client)"
mvn -q -B -o -pl skiff-cli test-compile
"$JAVA" -cp "skiff-cli/target/test-classes:$JAR:skiff-cli/target/lib/*" io.skiff.cli.bench.ApiBench "$WORK/d/kubeconfig.yaml" $PID
kill $PID; wait $PID 2>/dev/null || true

echo "== peer: etcd $(etcd --version | head -1 | awk '{print $3}') on loopback, same machine"
etcd --data-dir "$WORK/etcd" --listen-client-urls http://127.0.0.1:23790 --advertise-client-urls http://127.0.0.1:23790 \
  --listen-peer-urls http://127.0.0.1:23800 >/dev/null 2>&1 &
EPID=$!
until ETCDCTL_API=3 etcdctl --endpoints=127.0.0.1:23790 endpoint health >/dev/null 2>&1; do sleep 0.1; done
VALUE=$(head -c 2048 /dev/zero | tr '\0' x)
start=$(date +%s%N)
for i in $(seq 1 300); do ETCDCTL_API=3 etcdctl --endpoints=127.0.0.1:23790 put "/k/$i" "$VALUE" >/dev/null; done
echo "etcdctl put, 300 sequential processes (includes process start): $(( 300 * 1000000000 / ($(date +%s%N) - start) )) puts/s"
ETCDCTL_API=3 etcdctl --endpoints=127.0.0.1:23790 check perf --load=s 2>&1 | tail -4
kill $EPID; wait $EPID 2>/dev/null || true
