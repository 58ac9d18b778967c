import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bashPatternRegExp } from '../../src/core/glob.js';

test('bash patterns: file names stop at / and keep the leading-dot rule; parameter patterns match anything', () => {
  const file = (g: string, name: string) => bashPatternRegExp(g, true)!.test(name);
  const param = (g: string, text: string) => bashPatternRegExp(g, false)!.test(text);
  assert.equal(file('*.log', 'a.log'), true);
  assert.equal(file('*.log', 'dir/a.log'), false, '* stops at /');
  assert.equal(file('*', '.git'), false, 'a leading . needs a literal .');
  assert.equal(file('.gi?', '.git'), true);
  assert.equal(file('.[[:alpha:]]it', '.git'), true);
  assert.equal(file('[!.]*', '.git'), false);
  assert.equal(file('a\\*', 'a*'), true, 'an escaped * is literal');
  assert.equal(param('*/', 'a/b/'), true, 'in ${v%pattern} * crosses /');
  assert.equal(param('*.', '.hidden.'), true);
  assert.equal(bashPatternRegExp('[z-a]', true), null, 'a class the engine refuses');
});
