#!/usr/bin/env bash
# A single-machine Kite cluster running a real container: installs containerd/runc if missing (Debian),
# builds a busybox image locally, starts `kite server` (control plane + node agent) in a temp dir, and
# drives it with the real kubectl. Everything is removed on exit unless KEEP=1. Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "error: run as root (the node agent manages containerd and cgroups)"; exit 1; }
missing=()
for pkg in containerd runc containernetworking-plugins busybox-static; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if ((${#missing[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi

DATA=${KITE_DATA_DIR:-$(mktemp -d /tmp/kite-demo.XXXXXX)}
PORT=${KITE_PORT:-6443}
mkdir -p "$DATA/images"
node --input-type=module -e "
  import { writeBusyboxOci } from './dist/agent/images/index.js';
  await writeBusyboxOci('$DATA/images/busybox.tar', { ref: 'docker.io/library/busybox:1.35' });"
node dist/cli/main.js server --data-dir "$DATA" --https-port "$PORT" --cpus 1 --memory-mb 1024 --node-name demo \
  --log-format text 2>"$DATA/server.log" &
SERVER=$!
export KUBECONFIG="$DATA/kubeconfig.yaml"
cleanup() {
  kubectl delete deployment web --ignore-not-found --wait=true --timeout=30s >/dev/null 2>&1 || true
  kubectl wait --for=delete pod -l app=web --timeout=30s >/dev/null 2>&1 || true
  kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true
  # Containers outlive kite by design (it re-adopts them); the demo removes whatever is left.
  for procs in $(find /sys/fs/cgroup/memory/kite-demo -name cgroup.procs 2>/dev/null); do xargs -r kill -KILL < "$procs" 2>/dev/null || true; done
  pkill -KILL -f "containerd-shim-runc-v2 .*$DATA" 2>/dev/null || true
  sleep 0.5
  for c in /sys/fs/cgroup/*/kite-demo /sys/fs/cgroup/*/kite-demo-runtime; do [ -d "$c" ] && find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null; done
  grep -o " $DATA/[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$DATA"
}
[ "${KEEP:-0}" = 1 ] || trap cleanup EXIT
for _ in $(seq 1 300); do kubectl get node demo >/dev/null 2>&1 && break; sleep 0.2; done
set -x
kubectl wait --for=condition=Ready node/demo --timeout=60s
kubectl get nodes -o wide
kubectl apply -f examples/demo-deployment.yaml
kubectl rollout status deployment/web --timeout=60s
curl -s http://127.0.0.1:18080/
kubectl set env deployment/web MESSAGE="updated by kubectl set env"
kubectl rollout status deployment/web --timeout=60s
curl -s http://127.0.0.1:18080/
kubectl get deployments,replicasets,pods -o wide
set +x
if [ "${KEEP:-0}" = 1 ]; then echo "kite server (pid $SERVER) is running; use it with: export KUBECONFIG=$KUBECONFIG"; fi
