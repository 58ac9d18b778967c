// Run the built CLI inside a real pseudo-terminal (util-linux `script`), typing `input` into it: this is
// how the tests play the human at a terminal. No environment variable or file descriptor can stand in.
import { spawnSync } from 'node:child_process';
import { BIN, haveTool, REPO_ROOT } from '../helpers/env.js';

export function havePty(): boolean {
  return haveTool('script', 'approving through a pseudo-terminal') && spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout.includes('util-linux');
}

function shq(w: string): string {
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

/** `lines` are typed one after another (each ends with Enter). */
export function runCliInPty(args: string[], lines: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}) {
  const cmd = [process.execPath, BIN, ...args].map(shq).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    input: lines.map((l) => `${l}\r`).join(''),
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
