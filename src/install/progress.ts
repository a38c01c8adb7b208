/**
 * Step-by-step progress for deploy/remove: a spinner on a TTY, plain lines otherwise (CI logs, pipes).
 */
export interface Step {
  done(detail?: string): void;
  fail(detail: string): void;
}

export interface Progress {
  step(title: string): Step;
  note(message: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const secs = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

export function createProgress(out: NodeJS.WriteStream = process.stdout): Progress {
  const tty = Boolean(out.isTTY) && process.env.TERM !== 'dumb';
  return {
    note: (m) => out.write(`${m}\n`),
    step(title) {
      const t0 = Date.now();
      let timer: NodeJS.Timeout | undefined;
      if (tty) {
        let i = 0;
        const draw = () => out.write(`\r\x1b[2K${FRAMES[i++ % FRAMES.length]} ${title} ${secs(t0)}`);
        draw();
        timer = setInterval(draw, 100);
      } else {
        out.write(`... ${title}\n`);
      }
      const end = (mark: string, detail?: string) => {
        if (timer) clearInterval(timer);
        out.write(`${tty ? '\r\x1b[2K' : ''}${mark} ${title}${detail ? `: ${detail}` : ''} (${secs(t0)})\n`);
      };
      return { done: (d) => end(tty ? '✔' : 'ok ', d), fail: (d) => end(tty ? '✖' : 'FAIL', d) };
    },
  };
}
