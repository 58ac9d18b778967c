// Child process for the journal tests: appends N entries to the journal in argv[2]'s home and prints
// each acknowledged seq (after its transaction committed) on its own line.
import { openJournal } from '../../src/journal/journal.js';

const [home, countText, tag] = process.argv.slice(2);
const count = Number(countText);
const journal = openJournal(home);
for (let i = 0; count < 0 || i < count; i++) {
  const e = journal.append({ kind: 'decision', summary: `${tag} #${i}`, data: { tag, i, pid: process.pid } });
  process.stdout.write(`${e.seq}\n`);
}
journal.close();
