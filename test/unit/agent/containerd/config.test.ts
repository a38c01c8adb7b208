import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containerdPaths, renderContainerdConfig } from '../../../../src/agent/containerd/config.js';

describe('containerd config', () => {
  it('renders the agent config with own dirs, socket and the settings this machine kind needs', () => {
    const p = containerdPaths('/var/lib/kite');
    assert.equal(p.socketFallback, false);
    assert.equal(renderContainerdConfig(p), `# Written by kite at every agent start; edits are overwritten.
version = 2
root = "/var/lib/kite/agent/containerd/root"
state = "/var/lib/kite/agent/containerd/state"
# Snapshotters that cannot work here; disabling them keeps the log free of their load errors.
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs"]

[grpc]
  address = "/var/lib/kite/agent/containerd/containerd.sock"

# containerd (and the shims it starts) get their own cgroup, so their usage is accounted apart from pods.
[cgroup]
  path = "/kite/containerd"

[plugins."io.containerd.grpc.v1.cri"]
  # REQUIRED: the default pause image cannot be pulled offline; kite imports a local one under this name.
  sandbox_image = "registry.k8s.io/pause:3.6"
  # REQUIRED: root lacks CAP_SYS_RESOURCE, so negative oom_score_adj values must be clamped.
  restrict_oom_score_adj = true
  # exec/attach/port-forward streaming server: loopback only, any free port (two agents can coexist).
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "/var/lib/kite/agent/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
    # REQUIRED: no systemd here, so the cgroupfs driver.
    SystemdCgroup = false
    # runc's state next to containerd's, not in the shared /run/containerd/runc.
    Root = "/var/lib/kite/agent/containerd/runc"
  [plugins."io.containerd.grpc.v1.cri".registry]
    # hosts.toml per registry host (mirrors, plain-http registries); re-read on every pull.
    config_path = "/var/lib/kite/agent/containerd/certs.d"

[plugins."io.containerd.internal.v1.opt"]
  path = "/var/lib/kite/agent/containerd/opt"
`);
  });

  it('a custom cgroup path and paths with quotes are rendered as escaped TOML strings', () => {
    const toml = renderContainerdConfig(containerdPaths('/data/we"ird\\dir'), { cgroupPath: '/kite-test-1/containerd' });
    assert.match(toml, /^root = "\/data\/we\\"ird\\\\dir\/agent\/containerd\/root"$/m);
    assert.match(toml, /^\s+path = "\/kite-test-1\/containerd"$/m);
  });

  it('relative data dirs are resolved, and every path lies under DIR/agent', () => {
    const p = containerdPaths('rel/dir');
    for (const k of ['base', 'config', 'root', 'state', 'socket', 'log', 'pidFile', 'runcRoot', 'certsDir', 'optDir', 'cniConfDir'] as const) {
      assert.ok(p[k].startsWith(`${process.cwd()}/rel/dir/agent/`), `${k}: ${p[k]}`);
    }
  });

  it('a socket path too long for sun_path (with the .ttrpc suffix) moves to /run/kite/<hash>/', () => {
    // "/agent/containerd/containerd.sock.ttrpc" is 39 bytes, so a 68-byte data dir is the longest that fits in 107.
    const fits = `/${'a'.repeat(67)}`;
    assert.equal(containerdPaths(fits).socketFallback, false);
    assert.equal(Buffer.byteLength(`${containerdPaths(fits).socket}.ttrpc`), 107);
    const long = `/${'a'.repeat(68)}`;
    const p = containerdPaths(long);
    assert.equal(p.socketFallback, true);
    assert.match(p.socket, /^\/run\/kite\/[0-9a-f]{16}\/containerd\.sock$/);
    assert.equal(containerdPaths(long).socket, p.socket, 'stable for the same dir');
    assert.notEqual(containerdPaths(`${long}b`).socket, p.socket, 'distinct per dir');
    assert.equal(p.root, `${long}/agent/containerd/root`, 'only the socket moves');
  });
});
