import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchArgv, pathGlobToRegExp, splitPattern } from '../../src/policy/patterns.js';

const m = (pattern: string, argv: string[]) => matchArgv(splitPattern(pattern).words, argv);

test('a final bare * matches any further arguments, including none', () => {
  assert.equal(m('terraform plan *', ['terraform', 'plan']), true);
  assert.equal(m('terraform plan *', ['terraform', 'plan', '-out', 'x.tfplan']), true);
  assert.equal(m('terraform plan *', ['terraform', 'apply']), false);
  assert.equal(m('terraform plan *', ['terraform']), false);
});

test('without a final *, the pattern must cover the whole argv', () => {
  assert.equal(m('rm -rf ./build', ['rm', '-rf', './build']), true);
  assert.equal(m('rm -rf ./build', ['rm', '-rf', './build', '/']), false);
});

test('globs inside a word, and the program matched by basename or as written', () => {
  assert.equal(m('npm run test*', ['npm', 'run', 'test:unit']), true);
  assert.equal(m('npm run test*', ['npm', 'run', 'build']), false);
  assert.equal(m('terraform plan *', ['/usr/local/bin/terraform', 'plan']), true);
  assert.equal(m('kubectl get ?ods', ['kubectl', 'get', 'pods']), true);
});

test('quotes group words and make glob characters literal', () => {
  assert.deepEqual(splitPattern(`git commit -m "fix it"`).words, ['git', 'commit', '-m', 'fix it']);
  assert.equal(m(`echo '*'`, ['echo', '*']), true);
  assert.equal(m(`echo '*'`, ['echo', 'anything']), false);
  assert.equal(m('echo \\*', ['echo', 'x']), false);
});

test('malformed patterns are reported', () => {
  assert.match(splitPattern('git "commit').error ?? '', /unterminated double quote/);
  assert.match(splitPattern('   ').error ?? '', /empty/);
  assert.match(splitPattern('* -rf').error ?? '', /program name/);
});

test('path globs: ** spans directories, * stays in one name', () => {
  assert.equal(pathGlobToRegExp('**/*.tfstate').test('a/b/terraform.tfstate'), true);
  assert.equal(pathGlobToRegExp('**/*.tfstate').test('terraform.tfstate'), true);
  assert.equal(pathGlobToRegExp('backups/*').test('backups/a/b'), false);
  assert.equal(pathGlobToRegExp('backups/**').test('backups/a/b'), true);
});
