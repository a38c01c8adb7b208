#!/usr/bin/env bash
# Starts a single-machine Kite control plane in a temp dir, adds one *simulated* node (real containers
# arrive with the node agent), and drives it with the real kubectl: a Deployment is scheduled, rolled
# out, scaled and updated. Everything is stopped on exit unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${KITE_DATA_DIR:-$(mktemp -d /tmp/kite-demo.XXXXXX)}
PORT=${KITE_PORT:-6443}
node dist/cli/main.js server --data-dir "$DATA" --https-port "$PORT" --disable-agent --log-format text 2>"$DATA/server.log" &
SERVER=$!
SIM=
stop() { [ -n "$SIM" ] && kill "$SIM" 2>/dev/null; kill "$SERVER" 2>/dev/null || true; wait 2>/dev/null || true; }
[ "${KEEP:-0}" = 1 ] || trap stop EXIT
export KUBECONFIG="$DATA/kubeconfig.yaml"
for _ in $(seq 1 100); do [ -f "$KUBECONFIG" ] && break; sleep 0.1; done
[ -f "$KUBECONFIG" ] || { echo "kite server did not start; log:"; cat "$DATA/server.log"; exit 1; }
node dist/cli/main.js dev sim-nodes --kubeconfig "$KUBECONFIG" --count 1 --name-prefix demo- 2>"$DATA/sim.log" &
SIM=$!
for _ in $(seq 1 100); do kubectl get node demo-0 >/dev/null 2>&1 && break; sleep 0.2; done
set -x
kubectl get --raw /readyz; echo
kubectl version
kubectl wait --for=condition=Ready node/demo-0 --timeout=60s
kubectl get nodes
kubectl apply -f examples/demo-deployment.yaml
kubectl rollout status deployment/web --timeout=60s
kubectl scale deployment web --replicas=3
kubectl set image deployment/web nginx=nginx:1.27
kubectl rollout status deployment/web --timeout=60s
kubectl rollout history deployment/web
kubectl get deployments,replicasets,pods -o wide
set +x
if [ "${KEEP:-0}" = 1 ]; then
  echo "kite server (pid $SERVER) and a simulated node (pid $SIM) are running. Use them with:"
  echo "  export KUBECONFIG=$KUBECONFIG"
fi
