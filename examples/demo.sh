#!/usr/bin/env bash
# Starts a single-machine Kite control plane in a temp dir and drives it with the real kubectl.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${KITE_DATA_DIR:-$(mktemp -d /tmp/kite-demo.XXXXXX)}
PORT=${KITE_PORT:-6443}
node dist/cli/main.js server --data-dir "$DATA" --https-port "$PORT" --disable-agent --log-format text 2>"$DATA/server.log" &
PID=$!
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
[ "${KEEP:-0}" = 1 ] || trap stop EXIT
export KUBECONFIG="$DATA/kubeconfig.yaml"
for _ in $(seq 1 100); do [ -f "$KUBECONFIG" ] && break; sleep 0.1; done
[ -f "$KUBECONFIG" ] || { echo "kite server did not start; log:"; cat "$DATA/server.log"; exit 1; }
set -x
kubectl get --raw /readyz; echo
kubectl version
kubectl get namespaces
kubectl apply -f examples/demo-deployment.yaml
kubectl scale deployment web --replicas=3
kubectl set image deployment/web nginx=nginx:1.27
kubectl get deployments -o wide
kubectl get deployment web -o jsonpath='{.spec.replicas} {.spec.template.spec.containers[0].image}{"\n"}'
set +x
if [ "${KEEP:-0}" = 1 ]; then
  echo "kite server is running (pid $PID). Use it with:"
  echo "  export KUBECONFIG=$KUBECONFIG"
fi
