import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cronEntry, mergeCrontab, parseTime, scheduleId, systemdUnits, assertNoSecrets } from '../../src/drill/schedule.js';
import { runCli, tempDir } from '../helpers/env.js';

const spec = {
  engine: 'postgres' as const,
  drillArgs: ['--source', 'postgresql://app@db.internal:5432/shop', '--check', 'SELECT count(*) FROM orders', '--quiet'],
  at: '03:30',
  twokeyCommand: ['/usr/bin/node', '/opt/twokey/bin/twokey.js'],
  logFile: '/home/me/.twokey/drills.log',
};

test('cron entry: the time, the exact drill command quoted for sh, and an id tag', () => {
  const line = cronEntry(spec);
  assert.equal(line, `30 3 * * * /usr/bin/node /opt/twokey/bin/twokey.js drill postgres --source postgresql://app@db.internal:5432/shop --check 'SELECT count(*) FROM orders' --quiet >> /home/me/.twokey/drills.log 2>&1 # ${scheduleId(spec)}`);
});

test('merging into a crontab keeps other lines and replaces the same drill instead of adding it twice', () => {
  const id = scheduleId(spec);
  const existing = '# mine\n0 1 * * * backup.sh\n';
  const once = mergeCrontab(existing, cronEntry(spec), id);
  const twice = mergeCrontab(once, cronEntry({ ...spec, at: '04:00' }), id);
  assert.equal(twice.split('\n').filter((l) => l.includes(id)).length, 1);
  assert.ok(twice.startsWith('# mine\n0 1 * * * backup.sh\n'));
  assert.match(twice, /^0 4 \* \* \* /m);
});

test('systemd units: a oneshot service and a daily persistent timer', () => {
  const u = systemdUnits(spec);
  assert.match(u.timer, /OnCalendar=\*-\*-\* 03:30:00/);
  assert.match(u.timer, /Persistent=true/);
  assert.match(u.service, /Type=oneshot/);
  assert.match(u.service, /drill postgres --source/);
});

test('bad times and passwords in URLs are refused', () => {
  assert.throws(() => parseTime('25:00'), /HH:MM/);
  assert.throws(() => parseTime('3pm'), /HH:MM/);
  assert.throws(() => assertNoSecrets(['--source', 'postgresql://app:hunter2@db/shop']), /pgpass/);
  assert.doesNotThrow(() => assertNoSecrets(['--source', 'postgresql://app@db/shop']));
});

test('the CLI prints by default, and --write installs through crontab (a stand-in here) idempotently', () => {
  const t = tempDir('twokey-cron-');
  try {
    const store = join(t.dir, 'crontab.txt');
    writeFileSync(store, '0 1 * * * backup.sh\n');
    const fake = join(t.dir, 'crontab');
    writeFileSync(fake, `#!/bin/sh\nif [ "$1" = "-l" ]; then cat "${store}"; exit 0; fi\ncat > "${store}"\n`);
    chmodSync(fake, 0o755);
    const env = { PATH: `${t.dir}:${process.env.PATH}`, TWOKEY_HOME: join(t.dir, 'home') };
    const printed = runCli(['drill', 'schedule', 'sqlite', '--source', '/data/app.db', '--at', '02:15'], { env });
    assert.equal(printed.status, 0, printed.stderr);
    assert.match(printed.stdout, /^15 2 \* \* \* .* drill sqlite --source \/data\/app\.db --quiet/);
    assert.match(printed.stdout, /Not installed/);
    assert.equal(readFileSync(store, 'utf8'), '0 1 * * * backup.sh\n');
    for (let i = 0; i < 2; i++) {
      const w = runCli(['drill', 'schedule', 'sqlite', '--source', '/data/app.db', '--at', '02:15', '--write'], { env });
      assert.equal(w.status, 0, w.stderr);
    }
    const table = readFileSync(store, 'utf8');
    assert.equal(table.split('\n').filter((l) => l.includes('drill sqlite')).length, 1);
    assert.ok(table.startsWith('0 1 * * * backup.sh\n'));
    const sysd = runCli(['drill', 'schedule', 'sqlite', '--source', '/data/app.db', '--at', '02:15', '--systemd', '--write', '--dir', join(t.dir, 'units')], { env });
    assert.equal(sysd.status, 0, sysd.stderr);
    assert.ok(existsSync(join(t.dir, 'units', `${scheduleId({ ...spec, engine: 'sqlite', drillArgs: ['--source', '/data/app.db', '--quiet'] })}.timer`)));
    const bad = runCli(['drill', 'schedule', 'sqlite', '--source', '/data/app.db', '--at', '02:15', '--bogus'], { env });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--bogus is not an option of 'twokey drill sqlite'/);
  } finally {
    t.cleanup();
  }
});
