import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gitPack } from '../../../src/rules/packs/git.js';
import { cases } from '../../../src/rules/packs/git.cases.js';
import { packSuite } from './p2-harness.js';

packSuite(gitPack, cases);

test('git: command-line configuration is read from -c, --config-env, GIT_CONFIG_PARAMETERS and GIT_CONFIG_COUNT', async () => {
  const { gitCommandLineConfig, gitInvocation } = await import('../../../src/rules/packs/git.js');
  const { analyzeShell } = await import('../../../src/shell/index.js');
  const first = (line: string) => analyzeShell(line, { cwd: '/work/project', env: {}, readFile: () => null }).commands.find((c) => c.name === 'git')!;
  assert.deepEqual(gitCommandLineConfig(first('git -c Alias.Nuke=reset -ccore.pager=less -c core.bare status')).map((c) => [c.key, c.value]),
    [['alias.nuke', 'reset'], ['core.pager', 'less'], ['core.bare', 'true']]);
  assert.deepEqual(gitCommandLineConfig(first(`GIT_CONFIG_PARAMETERS="'alias.x=reset' 'core.pager'='less'" git status`)).map((c) => [c.key, c.value]),
    [['alias.x', 'reset'], ['core.pager', 'less']]);
  assert.deepEqual(gitCommandLineConfig(first('GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=a.b GIT_CONFIG_VALUE_0=1 GIT_CONFIG_KEY_1=alias.y GIT_CONFIG_VALUE_1=clean git y')).map((c) => [c.key, c.value]),
    [['a.b', '1'], ['alias.y', 'clean']]);
  assert.deepEqual(gitCommandLineConfig(first('git --config-env alias.z=UNSEEN z')).map((c) => [c.key, c.value]), [['alias.z', null]]);
  // aliases expand (also through another alias), git's own commands win over aliases, loops end
  assert.deepEqual({ ...gitInvocation(first('git -c alias.a=b -c "alias.b=reset --hard" a HEAD~1')) }, { sub: 'reset', subDynamic: false, args: ['--hard', 'HEAD~1'], alias: 'a', shellAlias: undefined });
  assert.equal(gitInvocation(first('git -c alias.status=clean status'))?.sub, 'status');
  assert.equal(gitInvocation(first('git -c alias.a=b -c alias.b=a a'))?.sub.length, 1);
  assert.equal(gitInvocation(first("git -c 'alias.x=!rm -rf ~' x"))?.shellAlias, 'rm -rf ~');
});
