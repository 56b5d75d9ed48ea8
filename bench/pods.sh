#!/usr/bin/env bash
# Pod benchmark (issue 4), as root: skiff (create -> Running seen by a watch, 50 pods; the seed's init-pod overhead;
# 100 pods at once; memory per pod; delete -> gone) and, in the same run, podman kube play / kube down of the same
# pod, and the raw floor (skiff-runtime's PodStartBenchmark: pause + container with runc and a CNI ADD), interleaved
# with skiff's pods (one floor pod right before each) and again as a series of its own at the end.
# SKIFF_ONLY=1 skips the peers (for quick iterations; figures for BENCHMARKS.md come from a full run); PHASES picks
# PodBench's phases (sequential,init,burst,delete); KEEP_LOG=FILE keeps skiff's log.
# Needs podman with /etc/containers/containers.conf (runtime = "runc", default_ulimits as DEVELOPERS.md says).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f skiff-cli/target/skiff.jar ] || ./skiff build
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR=skiff-cli/target/skiff.jar
WORK="$(mktemp -d)"
N=${N:-50}
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

# The test image: Debian's busybox-static as an OCI layout, imported into skiff and into podman.
umoci init --layout "$WORK/bb" >/dev/null
umoci new --image "$WORK/bb:1.36" >/dev/null
umoci unpack --image "$WORK/bb:1.36" "$WORK/bundle" >/dev/null
mkdir -p "$WORK/bundle/rootfs/bin" "$WORK/bundle/rootfs/tmp"
cp /bin/busybox "$WORK/bundle/rootfs/bin/busybox"
for c in sh echo cat sleep ls; do ln -sf busybox "$WORK/bundle/rootfs/bin/$c"; done
umoci repack --image "$WORK/bb:1.36" "$WORK/bundle" >/dev/null
"$JAVA" -jar "$JAR" images import --data-dir "$WORK/d" "$WORK/bb" --name docker.io/library/busybox:1.36 >/dev/null

# skiff runs as users run it, through ./skiff (C1 only, serial GC, class-data archive: the launcher's flags; a plain
# java -jar spends about as much CPU in C2 compiler threads as in skiff's own work during these pods, BENCHMARKS.md
# "Issue 4, fourth pass"); SKIFF_JAVA_OPTS adds or overrides JVM flags (-XX:TieredStopAtLevel=4: the JVM's default
# JIT; the launcher's serial collector stays). The agent's pod startup tracker logs each pod's startup at INFO and its
# steps at DEBUG: PodBench accounts for the time with them.
SKIFF_JAVA_OPTS="-Dorg.slf4j.simpleLogger.log.io.skiff.kubelet.startup=debug ${SKIFF_JAVA_OPTS:-}" \
  ./skiff up --data-dir "$WORK/d" --port 26444 --kubelet-port 20250 > "$WORK/skiff.log" 2>&1 &
PID=$!
until grep -q "skiff is up" "$WORK/skiff.log" 2>/dev/null; do
  kill -0 $PID 2>/dev/null || { echo "skiff up ended:"; cat "$WORK/skiff.log"; exit 1; }
  sleep 0.1
done
mvn -q -B -o -pl skiff-cli test-compile >/dev/null
mvn -q -B -o -pl skiff-runtime test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/rt.cp" -Dmdep.includeScope=test >/dev/null
# The raw floor interleaved with skiff's pods (one floor pod right before each), so that both see the same load.
FLOOR="$JAVA -cp skiff-runtime/target/classes:skiff-runtime/target/test-classes:$(cat "$WORK/rt.cp") io.skiff.runtime.runc.PodStartBenchmark serve ipmasq"
echo "== skiff"
"$JAVA" -Dpods.floor="$FLOOR" -Dpods.agentLog="$WORK/skiff.log" -Dpods.skiffPid=$PID -Dpods.floorLog="$WORK/floor.log" -cp "skiff-cli/target/test-classes:$JAR:skiff-cli/target/lib/*" io.skiff.cli.bench.PodBench "$WORK/d/kubeconfig.yaml" "$N" "${PHASES:-sequential,init,burst,delete}"
kill $PID; wait $PID 2>/dev/null || true
[ -n "${KEEP_LOG:-}" ] && cp "$WORK/skiff.log" "$KEEP_LOG"
[ "${SKIFF_ONLY:-0}" = 1 ] && exit 0

echo "== podman $(podman --version | awk '{print $3}') (runc), same pod"
# podman names an oci: image after its path, which must be lower case
LAYOUT=/tmp/skiff-bench-busybox-$$
cp -r "$WORK/bb" "$LAYOUT"
podman rmi -f docker.io/library/busybox:1.36 >/dev/null 2>&1 || true
podman pull -q "oci:$LAYOUT:1.36" >/dev/null
podman tag "localhost$LAYOUT:latest" docker.io/library/busybox:1.36 2>/dev/null || podman tag "$(podman images -q | head -1)" docker.io/library/busybox:1.36
rm -rf "$LAYOUT"
cat > "$WORK/pod.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: pb
spec:
  containers:
  - name: app
    image: docker.io/library/busybox:1.36
    command: ["/bin/sleep", "3600"]
YAML
for i in $(seq 1 $N); do
  s=$(date +%s%N); podman kube play "$WORK/pod.yaml" >/dev/null 2>&1; e=$(date +%s%N)
  echo $(( (e - s) / 1000000 )) >> "$WORK/play.txt"
  s=$(date +%s%N); podman kube down "$WORK/pod.yaml" >/dev/null 2>&1; e=$(date +%s%N)
  echo $(( (e - s) / 1000000 )) >> "$WORK/down.txt"
done
sort -n "$WORK/play.txt" | awk '{a[NR]=$1} END {printf "podman kube play -> Running, %d pods: p50 %d ms, p99 %d ms\n", NR, a[int(NR/2)+1], a[NR]}'
sort -n "$WORK/down.txt" | awk '{a[NR]=$1} END {printf "podman kube down: p50 %d ms\n", a[int(NR/2)+1]}'

echo "== floor: the same pod by hand (unshare netns, CNI ADD, runc run pause, runc run app) vs the runtime alone"
"$JAVA" -cp "skiff-runtime/target/classes:skiff-runtime/target/test-classes:$(cat "$WORK/rt.cp")" io.skiff.runtime.runc.PodStartBenchmark "$N" ipmasq \
  2>/dev/null | grep -v WARN
