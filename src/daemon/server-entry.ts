// dist/daemon.js: started detached by the hook client or `twokey daemon start`; `twokey daemon run` runs it in the foreground.
import { runDaemon } from './server.js';

runDaemon()
  .then(() => process.exit(0))
  .catch((err) => {
    process.stderr.write(`twokey daemon: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
