import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateClusterConfig } from '../../../src/config/cluster-config-validate.js';
import { cniBridgeOf, serviceSpec } from '../../../src/install/service-spec.js';
import { otherServerOf } from '../../../src/install/host-network.js';
import { redactConfig } from '../../../src/install/logs-bundle.js';
import { renderSystemdUnit, systemdQuote } from '../../../src/install/systemd.js';

test('the systemd unit runs kite server with the config\'s flags and keeps containers on restart', () => {
  const unit = renderSystemdUnit({
    argv: ['/usr/bin/node', '/opt/kite/dist/cli/main.js', 'server', '--data-dir', '/var/lib/kite', '--node-name', 'edge-1'],
    env: { HTTP_PROXY: 'http://proxy:3128', NO_PROXY: 'localhost,10.0.0.0/8' },
    logMaxBytes: 2 ** 30,
  });
  assert.match(unit, /^\[Unit\]\nDescription=Kite/);
  assert.match(unit, /\nExecStart=\/usr\/bin\/node \/opt\/kite\/dist\/cli\/main\.js server --data-dir \/var\/lib\/kite --node-name edge-1\n/);
  assert.match(unit, /\nEnvironment=HTTP_PROXY=http:\/\/proxy:3128\n/);
  assert.match(unit, /\nEnvironment=NO_PROXY=localhost,10\.0\.0\.0\/8\n/);
  assert.match(unit, /\nRestart=always\n/);
  assert.match(unit, /\nKillMode=process\n/, 'a restart must not kill the containers');
  assert.match(unit, /\nDelegate=yes\n/);
  assert.match(unit, /\[Install\]\nWantedBy=multi-user\.target\n$/);
});

test('ExecStart words are quoted and escaped for systemd', () => {
  assert.equal(systemdQuote('/var/lib/kite'), '/var/lib/kite');
  assert.equal(systemdQuote('/data/my dir'), '"/data/my dir"');
  assert.equal(systemdQuote('a"b'), '"a\\"b"');
  assert.equal(systemdQuote('100%'), '100%%');
  assert.equal(systemdQuote('$HOME'), '"$$HOME"');
});

test('KITE_CNI_BRIDGE moves the service\'s pod bridge off kite0; without it kite server keeps its default', () => {
  const r = validateClusterConfig({ apiVersion: 'kite.dev/v1alpha1', kind: 'ClusterConfig', machines: [{ name: 'a', cpuCount: 1, memoryMB: 512 }] });
  assert.ok(r.ok);
  const moved = serviceSpec(r.config, r.config.machines[0]!, { KITE_CNI_BRIDGE: 'kt1a2b3c' }).argv;
  assert.deepEqual(moved.slice(moved.indexOf('--cni-bridge'), moved.indexOf('--cni-bridge') + 2), ['--cni-bridge', 'kt1a2b3c']);
  assert.ok(!serviceSpec(r.config, r.config.machines[0]!, {}).argv.includes('--cni-bridge'));
  assert.equal(cniBridgeOf({}), 'kite0');
});

test('remove knows which per-host network state another running kite server holds (proxy chains, DNS address)', () => {
  const srv = (...a: string[]) => ['/usr/bin/node', '/opt/kite/dist/cli/main.js', 'server', ...a];
  assert.deepEqual(otherServerOf(srv('--data-dir', '/tmp/other'), '/var/lib/kite'), { proxy: true, clusterDns: '10.43.0.10' });
  assert.deepEqual(otherServerOf(srv('--data-dir=/tmp/other', '--service-cidr', '10.96.0.0/16'), '/var/lib/kite'), { proxy: true, clusterDns: '10.96.0.10' });
  assert.deepEqual(otherServerOf(srv('--data-dir', '/tmp/o', '--cluster-dns', '10.43.0.53', '--disable', 'service-proxy'), '/var/lib/kite'), { proxy: false, clusterDns: '10.43.0.53' });
  assert.deepEqual(otherServerOf(srv('--data-dir', '/tmp/o', '--disable', 'dns'), '/var/lib/kite'), { proxy: true });
  assert.deepEqual(otherServerOf(['/usr/local/bin/kite', 'server', '--data-dir', '/srv/k'], '/var/lib/kite'), { proxy: true, clusterDns: '10.43.0.10' });
  assert.equal(otherServerOf(srv(), '/var/lib/kite'), undefined, 'no --data-dir: the default, ours');
  assert.equal(otherServerOf(srv('--data-dir', '/var/lib/kite/'), '/var/lib/kite'), undefined, 'same dir, other spelling');
  assert.equal(otherServerOf(['/usr/bin/node', '/opt/kite/dist/cli/main.js', 'supervise', '--config', 'x'], '/var/lib/kite'), undefined);
  assert.equal(otherServerOf(['/usr/bin/python3', 'server', '--data-dir', '/x'], '/var/lib/kite'), undefined);
});

test('the log bundle\'s config has the hub token and proxy passwords redacted, comments kept', () => {
  const text = '# mine\napiVersion: kite.dev/v1alpha1\nhub:\n  url: https://hub\n  token: s3cret\nnetwork:\n  proxy:\n    httpProxy: http://user:pw@proxy:3128\n';
  const out = redactConfig(text);
  assert.doesNotMatch(out, /s3cret|user:pw/);
  assert.match(out, /^# mine\n/);
  assert.match(out, /token: <redacted>/);
  assert.match(out, /httpProxy: http:\/\/<redacted>@proxy:3128/);
});
