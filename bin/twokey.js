#!/usr/bin/env node
// twokey entry. Kept tiny: the hook path loads only the lean socket client; everything else the CLI bundle.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const argv = process.argv.slice(2);

if (!existsSync(join(dist, 'cli.js'))) {
  process.stderr.write(`twokey: not built (${dist} is missing). Run 'npm ci' or 'npm run build' in the twokey checkout.\n`);
  // A hook that cannot run must still block: exit 2 is the blocking code for the hook protocols that honour it.
  process.exit(argv[0] === 'hook' ? 2 : 1);
}

if (argv[0] === 'hook' && existsSync(join(dist, 'hook-client.js'))) {
  const { runHookClient } = await import('../dist/hook-client.js');
  await runHookClient(argv.slice(1));
} else {
  const { main } = await import('../dist/cli.js');
  process.exitCode = await main(argv);
  // A hook that failed to load or crashed (exit 1) must still block: 2 is the blocking code where codes count.
  if (argv[0] === 'hook' && process.exitCode === 1) process.exitCode = 2;
}
