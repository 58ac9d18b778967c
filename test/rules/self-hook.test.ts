// The self pack through a real agent hook: attempts on the key, approvals, journal, policy and hook
// settings are denied, each one journaled with a request a human could look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { agentRuns, journalEntries, sandbox } from '../approval/fixtures.js';
import { havePty } from '../approval/pty.js';

test('the agent cannot read or change twokey\'s files, the policy or its hook settings through the hook', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const h = sb.home;
    const attempts: [string, string][] = [
      [`cat ${h}/keys/private.key.enc`, 'self.read-secrets'],
      [`base64 ${h}/keys/private.key.enc > /tmp/k.txt`, 'self.read-secrets'],
      [`cp /tmp/mine.pem ${h}/keys/public.pem`, 'self.write-protected'],
      [`echo '{}' > ${h}/approvals/forged.json`, 'self.write-protected'],
      [`sqlite3 ${h}/journal.sqlite 'DELETE FROM entries'`, 'self.write-protected'],
      [`rm -f ${h}/policy.yaml.sig`, 'self.write-protected'],
      [`sed -i 's/deny/off/' ${sb.work}/.twokey/policy.yaml`, 'self.write-protected'],
      ['echo "{}" > .claude/settings.local.json', 'self.write-protected'],
      ['cat .claude/settings.json', 'self.read-secrets'],
      [`cat ${sb.work}/.twokey/policy.yaml`, 'self.read-secrets'],
      ['twokey approve r-1a2b3c4d', 'self.approve'],
      ['twokey policy sign', 'self.policy-sign'],
    ];
    for (const [command, rule] of attempts) {
      const a = agentRuns(sb, command);
      assert.equal(a.decision, 'deny', `${command}: ${a.reason}`);
      assert.ok(a.reason.includes(rule), `${command}: expected ${rule} in: ${a.reason}`);
      assert.ok(a.requestId, `${command}: a request is filed`);
    }
    const decisions = journalEntries(sb).filter((e) => e.kind === 'decision' && e.data?.decision === 'deny');
    assert.equal(decisions.length, attempts.length);
    // Nothing was touched.
    assert.ok(existsSync(join(h, 'keys', 'private.key.enc')));
    assert.equal(existsSync(join(h, 'approvals')) ? readdirSync(join(h, 'approvals')).length : 0, 0);
  } finally { sb.cleanup(); }
});
