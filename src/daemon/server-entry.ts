// dist/daemon.js: started detached by the hook client or `twokey daemon start`; `twokey daemon run` runs it in the foreground.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDaemon } from './server.js';
import { buildIdOf } from './wire.js';

runDaemon({ build: buildIdOf(dirname(fileURLToPath(import.meta.url))) })
  .then(() => process.exit(0))
  .catch((err) => {
    process.stderr.write(`twokey daemon: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
