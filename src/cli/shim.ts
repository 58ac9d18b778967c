import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';
import { homePaths } from '../core/paths.js';
import { twokeyHome } from '../core/home.js';
import { installShims } from '../terraform/shim.js';
import { resolve, dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HELP = `Usage: twokey shim install [--dir DIR] [--json]

Writes terraform, tofu and terragrunt shims (small shell scripts) into DIR (default
$TWOKEY_HOME/shims). Put DIR first on the agent's PATH: every call then goes through 'twokey run'.
The shims find the real binaries on PATH, skipping their own directory, so they never call themselves.
Remove the files (or DIR from PATH) to undo.
`;

function twokeyBinPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/cli.js or dist/chunks/x.js -> bin/twokey.js
  for (const up of ['..', join('..', '..')]) {
    const candidate = resolve(here, up, 'bin', 'twokey.js');
    if (existsSync(candidate)) return candidate;
  }
  return resolve(process.argv[1] ?? 'twokey');
}

export const command: CliCommand = {
  name: 'shim',
  summary: 'Install terraform/tofu/terragrunt shims that route through `twokey run`',
  help: HELP,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== 'install') throw new UserError(sub ? `unknown subcommand '${sub}'` : 'missing subcommand', 'Usage: twokey shim install [--dir DIR]');
    let dir = homePaths(twokeyHome(io.env)).shimDir;
    let json = false;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '--dir') { const v = rest[++i]; if (!v) throw new UserError('--dir needs a value'); dir = resolve(io.cwd, v); }
      else if (rest[i].startsWith('--dir=')) dir = resolve(io.cwd, rest[i].slice(6));
      else if (rest[i] === '--json') json = true;
      else throw new UserError(`unknown option '${rest[i]}'`);
    }
    let result;
    try {
      result = installShims(dir, process.execPath, twokeyBinPath());
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    if (json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`twokey: shims written: ${result.written.join(', ')}\nPut them first on the agent's PATH:\n  ${result.pathHint}\n`);
    return 0;
  },
};
