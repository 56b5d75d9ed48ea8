#!/usr/bin/env bash
# Exec, attach and port-forward benchmark (issue 5), as root: `kubectl exec POD -- true` round trips (p50/p99)
# against skiff with kubectl 1.33 (WebSocket) and 1.29 (SPDY), and in the same run `podman exec` of an equivalent
# container and raw `runc exec` into that container (the floor); `echo x | kubectl attach -i` round trips (the pod
# keeps its stdin open, so each attach ends with its input) in the same loop as `echo x | kubectl exec -i … read`
# (podman attach cannot loop: podman closes the stdin at the first attach's end); then port-forward throughput of a 100 MB download through kubectl port-forward (1.33: SPDY in a
# WebSocket; 1.30: plain SPDY) against a direct download from the pod's IP.
# Needs podman with /etc/containers/containers.conf (runtime = "runc"). Usage: bench/exec.sh  (N=200 by default; N=0 skips exec)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f skiff-cli/target/skiff.jar ] || ./skiff build
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR=skiff-cli/target/skiff.jar
WORK="$(mktemp -d)"
N=${N:-200}
PF=""
cleanup() {
  set +e
  [ -n "$PF" ] && kill $PF 2>/dev/null
  # skiff leaves pods running when it stops: delete the pod, and let the node agent unmount it, before stopping skiff
  kubectl --kubeconfig="$WORK/d/kubeconfig.yaml" --cache-dir="$WORK/kc" delete pod execbench attachbench --grace-period=1 --ignore-not-found >/dev/null 2>&1
  for _ in $(seq 1 100); do grep -q "$WORK" /proc/mounts || break; sleep 0.3; done
  kill $PID 2>/dev/null; wait $PID 2>/dev/null
  podman rm -f execbench >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

stats() { sort -n | awk -v what="$1" '{a[NR]=$1} END {i=int(NR*0.99)+1; if (i>NR) i=NR; printf "%s: n=%d p50 %.1f ms, p99 %.1f ms\n", what, NR, a[int(NR*0.5)+1]/1000, a[i]/1000}'; }
timed() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }

# The test image: Debian's busybox-static as an OCI layout, imported into skiff and into podman.
umoci init --layout "$WORK/bb" >/dev/null
umoci new --image "$WORK/bb:1.36" >/dev/null
umoci unpack --image "$WORK/bb:1.36" "$WORK/bundle" >/dev/null
mkdir -p "$WORK/bundle/rootfs/bin" "$WORK/bundle/rootfs/tmp"
cp /bin/busybox "$WORK/bundle/rootfs/bin/busybox"
for c in sh true sleep dd mkdir httpd; do ln -sf busybox "$WORK/bundle/rootfs/bin/$c"; done
umoci repack --image "$WORK/bb:1.36" "$WORK/bundle" >/dev/null
"$JAVA" -jar "$JAR" images import --data-dir "$WORK/d" "$WORK/bb" --name docker.io/library/busybox:1.36 >/dev/null

"$JAVA" -jar "$JAR" up --data-dir "$WORK/d" --port 26445 --kubelet-port 20251 > "$WORK/skiff.log" 2>&1 &
PID=$!
until grep -q "skiff is up" "$WORK/skiff.log"; do sleep 0.1; done
export KUBECONFIG="$WORK/d/kubeconfig.yaml"
K="kubectl --cache-dir=$WORK/kc"
cat > "$WORK/pod.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: execbench
spec:
  containers:
  - name: app
    image: docker.io/library/busybox:1.36
    imagePullPolicy: Never
    command: ["/bin/sh", "-c", "mkdir -p /www && dd if=/dev/zero of=/www/big bs=1M count=100 2>/dev/null && exec httpd -f -p 8080 -h /www"]
---
apiVersion: v1
kind: Pod
metadata:
  name: attachbench
spec:
  containers:
  - name: app
    image: docker.io/library/busybox:1.36
    imagePullPolicy: Never
    stdin: true
    command: ["/bin/sh", "-c", "while read l; do :; done"]
YAML
$K apply -f "$WORK/pod.yaml" >/dev/null
$K wait --for=condition=Ready pod/execbench pod/attachbench --timeout=120s >/dev/null
until $K exec execbench -- sh -c 'test -s /www/big && [ $(wc -c < /www/big) = 104857600 ]' >/dev/null 2>&1; do sleep 0.2; done
POD_IP=$($K get pod execbench -o jsonpath='{.status.podIP}')

podman rm -f execbench >/dev/null 2>&1 || true
LAYOUT=/tmp/skiff-bench-busybox-$$
cp -r "$WORK/bb" "$LAYOUT"
podman pull -q "oci:$LAYOUT:1.36" > "$WORK/podman-image"
rm -rf "$LAYOUT"
podman run -d --name execbench "$(cat "$WORK/podman-image")" /bin/sleep 3600 >/dev/null
CID=$(podman inspect -f '{{.Id}}' execbench)
K129=/usr/lib/google-cloud-sdk/bin/kubectl.1.29

if [ "$N" -gt 0 ]; then
echo "== exec round trips, $N each, interleaved (machine: $(nproc) cores, $(uname -r))"
for i in $(seq 1 $N); do
  timed $K exec execbench -- true >> "$WORK/kubectl.txt"
  [ -x "$K129" ] && timed $K129 --cache-dir="$WORK/kc129" exec execbench -- true >> "$WORK/kubectl129.txt"
  timed podman exec execbench true >> "$WORK/podman.txt"
  timed runc --root /run/runc exec "$CID" true >> "$WORK/runc.txt"
done
stats "kubectl $(kubectl version --client -o json | grep -m1 gitVersion | tr -d ' ",' | cut -d: -f2) exec -- true (skiff, WebSocket)" < "$WORK/kubectl.txt"
[ -s "$WORK/kubectl129.txt" ] && stats "kubectl 1.29 exec -- true (skiff, SPDY)" < "$WORK/kubectl129.txt"
stats "podman $(podman --version | awk '{print $3}') exec true" < "$WORK/podman.txt"
stats "runc $(runc --version | head -1 | awk '{print $3}') exec true (the floor)" < "$WORK/runc.txt"

echo "== attach round trips (echo x | kubectl …), $N each, interleaved"
echo x | $K attach -i attachbench -c app >/dev/null 2>"$WORK/attach-check.txt" || { echo "kubectl attach failed:"; cat "$WORK/attach-check.txt"; exit 1; }
for i in $(seq 1 $N); do
  timed sh -c "echo x | $K attach -i attachbench -c app" >> "$WORK/attach.txt"
  [ -x "$K129" ] && timed sh -c "echo x | $K129 --cache-dir=$WORK/kc129 attach -i attachbench -c app" >> "$WORK/attach129.txt"
  timed sh -c "echo x | $K exec -i execbench -- sh -c 'read l'" >> "$WORK/exec-read.txt"
done
stats "kubectl attach -i (skiff, WebSocket)" < "$WORK/attach.txt"
[ -s "$WORK/attach129.txt" ] && stats "kubectl 1.29 attach -i (skiff, SPDY)" < "$WORK/attach129.txt"
stats "kubectl exec -i -- sh -c 'read l' (skiff, WebSocket)" < "$WORK/exec-read.txt"
fi

echo "== port-forward: 100 MB download, 3 runs each"
direct() { curl -s -o /dev/null -w '%{speed_download}\n' "http://$POD_IP:8080/big"; }
through() { curl -s -o /dev/null -w '%{speed_download}\n' "http://127.0.0.1:$1/big"; }
mbps() { awk -v what="$1" '{s+=$1; n++} END {printf "%s: %.0f MB/s (mean of %d)\n", what, s/n/1e6, n}'; }
for i in 1 2 3; do direct; done | mbps "direct to the pod IP"
LOCAL=18091
for bin in /usr/bin/kubectl /usr/lib/google-cloud-sdk/bin/kubectl.1.30; do
  [ -x "$bin" ] || continue
  LOCAL=$((LOCAL + 1))
  $bin --cache-dir="$WORK/kc2" port-forward pod/execbench $LOCAL:8080 > "$WORK/pf-$LOCAL.log" 2>&1 &
  PF=$!
  until grep -qs Forwarding "$WORK/pf-$LOCAL.log"; do sleep 0.1; done
  for i in 1 2 3; do through $LOCAL; done | mbps "$bin port-forward"
  kill $PF; wait $PF 2>/dev/null || true; PF=""
done
