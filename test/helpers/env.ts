// Shared test helpers: where the repo and ../shared are, and how to require an external tool.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
export const BIN = join(REPO_ROOT, 'bin', 'twokey.js');

const REQUIRE_TOOLS = process.env.TWOKEY_REQUIRE_TOOLS === '1';

/**
 * Returns false (and says so loudly) when `../shared` is absent, so the caller can skip.
 * With TWOKEY_REQUIRE_TOOLS=1 (CI) a missing shared/ is a failure, not a skip.
 */
export function haveShared(what = 'this test'): boolean {
  if (existsSync(SHARED_DIR)) return true;
  const msg = `!!! ${what} needs ../shared (${SHARED_DIR}), which is absent`;
  if (REQUIRE_TOOLS) throw new Error(`${msg}; TWOKEY_REQUIRE_TOOLS=1 makes this a failure`);
  process.stderr.write(`${msg}: SKIPPING\n`);
  return false;
}

/** Is `bin` on PATH (or an absolute path that exists)? Missing tools skip loudly, or fail under TWOKEY_REQUIRE_TOOLS=1. */
export function haveTool(bin: string, why = 'this test'): boolean {
  const found = bin.startsWith('/') ? existsSync(bin) : spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).status === 0;
  if (found) return true;
  const msg = `!!! ${why} needs '${bin}', which is not installed`;
  if (REQUIRE_TOOLS) throw new Error(`${msg}; TWOKEY_REQUIRE_TOOLS=1 makes this a failure`);
  process.stderr.write(`${msg}: SKIPPING\n`);
  return false;
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'twokey-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Run the built CLI (`bin/twokey.js`) with args; returns status, stdout, stderr. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
