import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectBinaryIndex } from '../../src/shell/scripts.js';
import { analyze, argvs } from './helpers.js';

const PKG = { 'package.json': JSON.stringify({ scripts: { deploy: 'cdk deploy', cdk: 'echo cdk script' } }) };
const NO_CDK_SCRIPT = { 'package.json': JSON.stringify({ scripts: { deploy: 'cdk deploy' } }) };

function ranCdkDestroy(command: string, files: Record<string, string>): boolean {
  return argvs(analyze(command, files)).some((a) => a[0] === 'cdk' && a[1] === 'destroy');
}

test('yarn/pnpm/bun run the project binary when no script has the name', () => {
  for (const cmd of [
    'yarn cdk destroy --force',
    'pnpm cdk destroy --force',
    'yarn run cdk destroy --force',
    'bun run cdk destroy --force',
    'yarn --cwd . cdk destroy --force',
  ]) {
    assert.ok(ranCdkDestroy(cmd, NO_CDK_SCRIPT), cmd);
  }
  // a script of that name runs instead, and it is what is analysed
  const r = analyze('yarn cdk destroy', PKG);
  assert.ok(!argvs(r).some((a) => a[0] === 'cdk'), JSON.stringify(argvs(r)));
  assert.ok(argvs(r).some((a) => a[0] === 'echo' && a.includes('script')));
  // built-in subcommands are not binaries
  assert.equal(projectBinaryIndex(['yarn', 'install'], '/p', () => null), null);
  assert.equal(projectBinaryIndex(['pnpm', 'run', 'cdk'], '/p', () => null), null, 'pnpm run only runs scripts');
  assert.equal(projectBinaryIndex(['npm', 'cdk'], '/p', () => null), null, 'npm never falls back to binaries');
  assert.equal(projectBinaryIndex(['pnpm', '--filter', 'infra', 'cdk', 'destroy'], '/p', () => null), 3);
});

test('pnpm global options before exec, and pnpx, reach the command', () => {
  for (const cmd of [
    'pnpm --filter infra exec cdk destroy --force',
    'pnpm -F infra exec cdk destroy --force',
    'pnpm -r exec cdk destroy --force',
    'pnpm --recursive -C infra exec cdk destroy --force',
    'pnpm -w exec cdk destroy --force',
    'pnpx aws-cdk@2.100.0 destroy --force',
  ]) {
    assert.ok(ranCdkDestroy(cmd, {}), cmd);
  }
});
