// `twokey mcp` driven by the SDK's own client over stdio: check_command judges, run_command runs only what the
// gate allows (with the output cap and timeout) and answers a deny with instructions instead of running it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { BIN, tempDir } from '../helpers/env.js';

type ToolText = { content: { type: string; text: string }[]; isError?: boolean };

async function withServer(fn: (client: Client, dir: string) => Promise<void>) {
  const { dir, cleanup } = tempDir('tk-mcp-');
  const transport = new StdioClientTransport({
    command: process.execPath, args: [BIN, 'mcp'], cwd: dir,
    env: { ...process.env, TWOKEY_HOME: join(dir, 'home'), HOME: dir, TWOKEY_NO_DAEMON: '1' } as Record<string, string>,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'twokey-test', version: '0.0.0' });
  await client.connect(transport);
  try {
    await fn(client, dir);
  } finally {
    await client.close();
    cleanup();
  }
}

const call = async (client: Client, name: string, args: Record<string, unknown>) => {
  const r = await client.callTool({ name, arguments: args }) as ToolText;
  return { json: JSON.parse(r.content[0].text), isError: r.isError === true };
};

test('mcp: lists both tools; check_command denies terraform destroy with the rule and instructions', async () => {
  await withServer(async (client) => {
    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    assert.deepEqual(tools, ['check_command', 'run_command']);
    const deny = await call(client, 'check_command', { command: 'terraform destroy -auto-approve' });
    assert.equal(deny.json.decision, 'deny');
    assert.equal(deny.json.rule, 'terraform.destroy');
    assert.match(deny.json.instructions, /Instead: /);
    const ok = await call(client, 'check_command', { command: 'ls' });
    assert.equal(ok.json.decision, 'allow');
  });
});

test('mcp: run_command runs what is allowed, refuses what is not (nothing runs), caps output, times out', async () => {
  await withServer(async (client, dir) => {
    const ran = await call(client, 'run_command', { command: 'echo hello; echo oops >&2; exit 3' });
    assert.equal(ran.json.ran, true);
    assert.equal(ran.json.stdout, 'hello\n');
    assert.equal(ran.json.stderr, 'oops\n');
    assert.equal(ran.json.exitCode, 3);
    assert.equal(ran.isError, true);

    writeFileSync(join(dir, 'terraform.tfstate'), '{}');
    const refused = await call(client, 'run_command', { command: 'rm -rf ./*', cwd: dir });
    assert.equal(refused.json.ran, false);
    assert.notEqual(refused.json.decision, 'allow');
    assert.ok(typeof refused.json.instructions === 'string' && refused.json.instructions.length > 0);
    assert.equal(refused.isError, true);
    assert.ok(existsSync(join(dir, 'terraform.tfstate')), 'the refused command did not run');

    const big = await call(client, 'run_command', { command: 'head -c 200000 /dev/zero | tr "\\0" a' });
    assert.equal(big.json.stdout.length, 64 * 1024);
    assert.equal(big.json.truncated.stdout, true);

    const slow = await call(client, 'run_command', { command: 'sleep 5', timeout_ms: 300 });
    assert.equal(slow.json.timedOut, true);
    assert.notEqual(slow.json.exitCode, 0);
  });
});
