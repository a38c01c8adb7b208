/**
 * Where the agent's own containerd keeps its files, and the config.toml it runs with. Everything
 * lives under DIR/agent (DESIGN §3) so the agent never shares root, state or socket with a host
 * containerd. The settings marked REQUIRED are the ones this machine kind needs (see
 * shared/notes/runtime-on-debian.md §1 and §3).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { PAUSE_IMAGE } from '../images/oci-build.js';

export interface ContainerdPaths {
  /** DIR/agent/containerd */
  base: string;
  config: string;
  root: string;
  state: string;
  /** The gRPC socket; containerd also creates `<socket>.ttrpc` next to it. */
  socket: string;
  /** True when the socket moved to /run/kite/<hash>/ because the path under DIR was too long. */
  socketFallback: boolean;
  log: string;
  pidFile: string;
  /** Records the boot the state dirs belong to (they are wiped after a reboot). */
  bootIdFile: string;
  /** runc's state (`--root`) for CRI containers, instead of /run/containerd/runc. */
  runcRoot: string;
  certsDir: string;
  optDir: string;
  cniConfDir: string;
  cniBinDir: string;
}

/**
 * sun_path holds 108 bytes including the NUL; the longest socket containerd creates is the ttrpc
 * one, `<address>.ttrpc`, so the gRPC address must leave room for that suffix.
 */
const SUN_PATH_MAX = 107;
const TTRPC_SUFFIX = '.ttrpc';

export function containerdPaths(dataDir: string): ContainerdPaths {
  const dir = path.resolve(dataDir);
  const base = path.join(dir, 'agent', 'containerd');
  let socket = path.join(base, 'containerd.sock');
  let socketFallback = false;
  if (Buffer.byteLength(socket + TTRPC_SUFFIX) > SUN_PATH_MAX) {
    // Stable per data dir, so `kite images` finds the same socket the agent uses.
    const hash = createHash('sha256').update(dir).digest('hex').slice(0, 16);
    socket = path.join('/run/kite', hash, 'containerd.sock');
    socketFallback = true;
  }
  return {
    base, socket, socketFallback,
    config: path.join(base, 'config.toml'),
    root: path.join(base, 'root'),
    state: path.join(base, 'state'),
    log: path.join(base, 'containerd.log'),
    pidFile: path.join(base, 'containerd.pid'),
    bootIdFile: path.join(base, 'boot_id'),
    runcRoot: path.join(base, 'runc'),
    certsDir: path.join(base, 'certs.d'),
    optDir: path.join(base, 'opt'),
    cniConfDir: path.join(dir, 'agent', 'cni', 'net.d'),
    cniBinDir: '/usr/lib/cni',
  };
}

export interface RenderOptions {
  /** containerd's own cgroup (it moves itself there; shims inherit it). Default `/kite/containerd`. */
  cgroupPath?: string;
}

/** TOML basic strings accept JSON's escapes, so JSON.stringify quotes any path safely. */
const q = (s: string) => JSON.stringify(s);

export function renderContainerdConfig(p: ContainerdPaths, o: RenderOptions = {}): string {
  const cri = '[plugins."io.containerd.grpc.v1.cri"';
  return `# Written by kite at every agent start; edits are overwritten.
version = 2
root = ${q(p.root)}
state = ${q(p.state)}
# Snapshotters that cannot work here; disabling them keeps the log free of their load errors.
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs"]

[grpc]
  address = ${q(p.socket)}

# containerd (and the shims it starts) get their own cgroup, so their usage is accounted apart from pods.
[cgroup]
  path = ${q(o.cgroupPath ?? '/kite/containerd')}

${cri}]
  # REQUIRED: the default pause image cannot be pulled offline; kite imports a local one under this name.
  sandbox_image = ${q(PAUSE_IMAGE)}
  # REQUIRED: root lacks CAP_SYS_RESOURCE, so negative oom_score_adj values must be clamped.
  restrict_oom_score_adj = true
  # exec/attach/port-forward streaming server: loopback only, any free port (two agents can coexist).
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  ${cri}.cni]
    bin_dir = ${q(p.cniBinDir)}
    conf_dir = ${q(p.cniConfDir)}
  ${cri}.containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
  ${cri}.containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
  ${cri}.containerd.runtimes.runc.options]
    # REQUIRED: no systemd here, so the cgroupfs driver.
    SystemdCgroup = false
    # runc's state next to containerd's, not in the shared /run/containerd/runc.
    Root = ${q(p.runcRoot)}
  ${cri}.registry]
    # hosts.toml per registry host (mirrors, plain-http registries); re-read on every pull.
    config_path = ${q(p.certsDir)}

[plugins."io.containerd.internal.v1.opt"]
  path = ${q(p.optDir)}
`;
}
