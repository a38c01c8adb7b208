#!/usr/bin/env bash
# A newcomer's first minutes on a fresh Debian 12 machine, as root, through the real product path:
#   kite config new → adjust (name, allocation, the demo image) → kite config check → kite deploy
#   (installs missing packages, starts Kite as a service, waits for the node Ready, merges the
#   kubeconfig) → kubectl apply examples/demo-deployment.yaml (a Deployment + NodePort Service) → the
#   web app answers on http://127.0.0.1:30080/ → kite info → kite remove --force.
# The demo image is built locally from busybox-static (the machine may be offline). Everything is
# removed at the end (and on failure) unless KEEP=1, which leaves the cluster running.
#
# Dev knobs, for running beside another Kite (not needed on a fresh machine): KITE_DEMO_CONFIG, a JSON
# object merged into the config (e.g. '{"dataDir":"/tmp/d","serviceCidr":"10.201.0.0/16",
# "clusterDns":"10.201.0.10","network":{"apiServerPort":7443}}'), plus kite's own KITE_ETC_DIR,
# KITE_CNI_BRIDGE and HOME/KUBECONFIG (see README, "Running it beside another Kite").
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
[ "$(id -u)" = 0 ] || { echo "error: run as root (Kite manages containerd, cgroups, iptables and a service)" >&2; exit 1; }
[ -f dist/cli/main.js ] || { echo "error: dist/ is missing. hint: npm ci && npm run build" >&2; exit 1; }
kite() { node "$REPO/dist/cli/main.js" "$@"; }
say() { printf '\n==> %s\n' "$*"; }

ETC=${KITE_ETC_DIR:-/etc/kite}
if [ -e "$ETC/config.yaml" ]; then
  echo "error: Kite is already deployed on this machine ($ETC/config.yaml); the demo would replace it." >&2
  echo "hint: use that cluster (kite info), or remove it first: kite remove --force" >&2
  exit 1
fi
command -v kubectl >/dev/null || { echo "error: kubectl is not installed. hint: apt-get install -y kubernetes-client (or any kubectl)" >&2; exit 1; }
# The demo image is built from busybox-static; `kite deploy --install-deps` installs everything else.
if ! dpkg -s busybox-static >/dev/null 2>&1; then
  say "installing busybox-static (the demo image is built from it)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null
fi

WORK=$(mktemp -d /tmp/kite-demo.XXXXXX)
CFG=$WORK/kite-config.yaml
finish() {
  local status=$?
  trap - EXIT
  if [ "${KEEP:-0}" = 1 ]; then
    [ "$status" = 0 ] && printf '\nKEEP=1: Kite keeps running. Try: kubectl get pods -o wide; curl http://127.0.0.1:30080/; kite info\nRemove it with: node %s/dist/cli/main.js remove --force\n' "$REPO"
  else
    say "kite remove --force"
    kite remove --force || status=1
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap finish EXIT

say "building the demo image from busybox-static (no registry needed)"
node --input-type=module -e "
  import { writeBusyboxOci } from '$REPO/dist/agent/images/index.js';
  await writeBusyboxOci('$WORK/busybox.tar', { ref: 'docker.io/library/busybox:1.35' });"

say "kite config new --type single -o $CFG"
kite config new --type single -o "$CFG"
say "adjusting it: cluster 'demo', 1 CPU / 1 GiB / 2 GiB for workloads, the demo image in images[]"
KITE_DEMO_CONFIG=${KITE_DEMO_CONFIG:-} node --input-type=module -e "
  import { readFileSync, writeFileSync } from 'node:fs';
  import { parse, stringify } from 'yaml';
  const c = parse(readFileSync('$CFG', 'utf8'));
  c.clusterName = 'demo';
  Object.assign(c.machines[0], { cpuCount: 1, memoryMB: 1024, dataSizeGB: 2 });
  c.images = ['$WORK/busybox.tar'];
  const patch = JSON.parse(process.env.KITE_DEMO_CONFIG || '{}');
  Object.assign(c, { ...patch, network: { ...c.network, ...(patch.network ?? {}) } });
  writeFileSync('$CFG', stringify(c));"
cat "$CFG"

say "kite config check -c $CFG"
# On a fresh machine the runtime packages are still missing: deploy --install-deps installs them.
kite config check -c "$CFG" || echo "(kite deploy --install-deps installs missing packages; any other FAIL stops it)"

say "kite deploy -c $CFG --install-deps"
kite deploy -c "$CFG" --install-deps

say "kubectl apply -f examples/demo-deployment.yaml"
kubectl apply -f examples/demo-deployment.yaml
kubectl rollout status deployment/web --timeout=90s
kubectl get nodes,deployments,pods,services -o wide

fetch() { if command -v curl >/dev/null; then curl -fsS --max-time 2 "$1"; else busybox wget -q -T 2 -O - "$1"; fi; }
say "curl http://127.0.0.1:30080/   (NodePort → the Service → one of the two pods, picked at random)"
for _ in $(seq 1 60); do fetch http://127.0.0.1:30080/ >/dev/null 2>&1 && break; sleep 0.25; done
for _ in 1 2 3 4; do fetch http://127.0.0.1:30080/; done

say "a rolling update: kubectl set env deployment/web MESSAGE=..."
kubectl set env deployment/web MESSAGE="updated by kubectl set env"
kubectl rollout status deployment/web --timeout=90s
for _ in $(seq 1 60); do fetch http://127.0.0.1:30080/ 2>/dev/null | grep -q updated && break; sleep 0.25; done
fetch http://127.0.0.1:30080/

say "kite info"
kite info
