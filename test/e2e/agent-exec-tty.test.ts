/**
 * Issue 4, `kubectl exec -it` and stdin's end with real containers. kubectl runs under a
 * pseudo-terminal (python3's `pty`, driven by a small script below): the shell sees the terminal's
 * size, a resize of the terminal reaches `stty size` inside (kubectl → channel 4 → SPDY resize stream
 * → CRI), and `exit 3` becomes kubectl's exit code. Without a TTY, stdin ending (`ff 00` from kubectl,
 * a FIN on the runtime's stdin stream) must still let later output and the exit code arrive.
 * `kubectl attach` (output, and `-i` into a container started with `stdin: true`) rides the same path,
 * and kubectl 1.29, which speaks SPDY to the API server, gets the same behaviour.
 * Needs root and containerd.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { kubectlPath, startCluster, type TestCluster } from './helpers/cluster.js';
import { buildBusyboxImage } from './helpers/oci-image.js';
import { until } from './helpers/wait.js';

const IMAGE = 'docker.io/library/busybox:1.35';

/**
 * Runs argv[1:] under a pty of 30x100, then follows the steps in argv[0] (JSON): `send` text,
 * `expect` a regexp in the output (10 s), `resize` [rows, cols]. Prints {"code":N,"output":"..."}.
 */
const PTY_DRIVER = String.raw`
import fcntl, json, os, pty, re, select, struct, sys, termios, time
steps = json.loads(sys.argv[1]); argv = sys.argv[2:]
def winsize(fd, rows, cols): fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
pid, fd = pty.fork()
if pid == 0:
    winsize(0, 30, 100)
    os.execvp(argv[0], argv)
out = b''
def read_until(pattern, timeout):
    global out
    end = time.time() + timeout
    while time.time() < end:
        if re.search(pattern.encode(), out): return True
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try: chunk = os.read(fd, 4096)
            except OSError: return False
            if not chunk: return False
            out += chunk
    return bool(re.search(pattern.encode(), out))
for step in steps:
    if 'send' in step: os.write(fd, step['send'].encode())
    if 'expect' in step and not read_until(step['expect'], 10):
        print(json.dumps({'code': -1, 'output': out.decode('utf8', 'replace'), 'missing': step['expect']})); os.kill(pid, 9); sys.exit(0)
    if 'resize' in step:
        winsize(fd, *step['resize']); time.sleep(0.5)
def drain(timeout):
    global out
    end = time.time() + timeout
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try: chunk = os.read(fd, 4096)
            except OSError: return
            if not chunk: return
            out += chunk
drain(20)
_, status = os.waitpid(pid, 0)
print(json.dumps({'code': os.waitstatus_to_exitcode(status), 'output': out.decode('utf8', 'replace')}))
`;

interface PtyResult { code: number; output: string; missing?: string }

describe('kubectl exec with a TTY and with stdin that ends', () => {
  let c: TestCluster;

  before(async () => {
    c = await startCluster(['--node-name', 'tty-1'], {
      agent: true,
      prepare: async (dir) => { await buildBusyboxImage(path.join(dir, 'images'), { ref: IMAGE }); },
    });
    await until('node tty-1 to register', async () => (await c.kubectl(['get', 'node', 'tty-1'])).code === 0);
    await c.k(['wait', '--for=condition=Ready', 'node/tty-1', '--timeout=60s']);
    await c.k(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata: {name: sh}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: main, image: ${IMAGE}, command: [sleep, "3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: talker}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: main, image: ${IMAGE}, command: [sh, -c, "while true; do echo tick; sleep 1; done"]}
---
apiVersion: v1
kind: Pod
metadata: {name: reader}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - {name: main, image: ${IMAGE}, stdin: true, command: [sh, -c, "while read line; do echo got:$line; done"]}
`,
    });
    await c.k(['wait', '--for=condition=Ready', 'pod/sh', 'pod/talker', 'pod/reader', '--timeout=60s']);
  });
  after(async () => {
    if (!c) return;
    await c.kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
    await c.stop();
  });

  function underPty(steps: Array<Record<string, unknown>>, args: string[], minor?: string): Promise<PtyResult> {
    return new Promise((resolve, reject) => {
      const argv = [kubectlPath(minor), '--kubeconfig', c.kubeconfig, '--cache-dir', path.join(c.dataDir, 'kubectl-cache'), ...args];
      const child = spawn('python3', ['-c', PTY_DRIVER, JSON.stringify(steps), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      child.on('error', reject);
      child.on('close', () => {
        clearTimeout(timer);
        try { resolve(JSON.parse(out) as PtyResult); } catch { reject(new Error(`pty driver failed: ${out}${err}`)); }
      });
    });
  }

  it('-it gives the shell the terminal\'s size, passes a resize and the exit code', async () => {
    const r = await underPty([
      { expect: '# ' },
      { send: 'stty size\r', expect: '30 100' },
      { resize: [40, 120] },
      { send: 'stty size\r', expect: '40 120' },
      { send: 'tty && exit 3\r' },
    ], ['exec', '-it', 'sh', '--', 'sh']);
    assert.equal(r.missing, undefined, r.output);
    assert.match(r.output, /\/dev\/pts\/\d+/, 'the shell runs on a terminal');
    assert.equal(r.code, 3, r.output);
  });

  it('-it with a command passes its exit code', async () => {
    const r = await underPty([], ['exec', '-it', 'sh', '--', 'sh', '-c', 'echo in-tty; exit 3']);
    assert.match(r.output, /in-tty/);
    assert.equal(r.code, 3, r.output);
  });

  it('after stdin ends, later output and the exit code still arrive', async () => {
    const r = await c.kubectl(['exec', '-i', 'sh', '--', 'sh', '-c', 'cat; sleep 1; echo after-eof; exit 4'], { input: 'hello\n', timeoutMs: 30_000 });
    assert.equal(r.stdout, 'hello\nafter-eof\n');
    assert.equal(r.code, 4, r.stderr);
  });

  it('kubectl attach streams a running container\'s output, and attach -i feeds its stdin', async (t) => {
    const a = c.spawnKubectl(['attach', 'talker']);
    t.after(() => { a.child.kill(); });
    await a.waitFor(/tick\n.*tick/s, 15_000);
    const r = await underPty([{ expect: 'If you don' }, { send: 'hello\r', expect: 'got:hello' }, { send: '\x03' }], ['attach', '-i', 'reader']);
    assert.equal(r.missing, undefined, r.output);
  });

  it('kubectl 1.29 (exec over SPDY) gets output, stdin\'s end, the exit code and a TTY', async () => {
    const r = await c.kubectl(['exec', '-i', 'sh', '--', 'sh', '-c', 'cat; echo err >&2; echo after-eof; exit 5'], { input: 'old\n', minor: '29', timeoutMs: 30_000 });
    assert.equal(r.stdout, 'old\nafter-eof\n');
    assert.match(r.stderr, /err/);
    assert.equal(r.code, 5, r.stderr);
    const tty = await underPty([
      { expect: '# ' },
      { send: 'stty size\r', expect: '30 100' },
      { resize: [33, 90] },
      { send: 'stty size\r', expect: '33 90' },
      { send: 'exit 7\r' },
    ], ['exec', '-it', 'sh', '--', 'sh'], '29');
    assert.equal(tty.missing, undefined, tty.output);
    assert.equal(tty.code, 7, tty.output);
  });

  it('echo hi | kubectl exec -i p -- cat returns the input and exit 0', async () => {
    const r = await c.kubectl(['exec', '-i', 'sh', '--', 'cat'], { input: 'hi\n', timeoutMs: 30_000 });
    assert.equal(r.stdout, 'hi\n');
    assert.equal(r.code, 0, r.stderr);
  });
});
