// PowerShell code (pwsh -Command, -File, -EncodedCommand) is rewritten as the POSIX commands it amounts to.
import test from 'node:test';
import assert from 'node:assert/strict';
import { PowerShellError, powershellInput, translate } from '../../src/shell/powershell.js';
import { analyze, argvs } from './helpers.js';

test('cmdlets that delete, move or overwrite files become rm, mv, cp and redirections', () => {
  assert.equal(translate('Remove-Item -Recurse -Force .git'), 'rm -r -f -- .git');
  assert.equal(translate('ri -r -fo C:\\'), 'rm -r -f -- /');
  assert.equal(translate('del C:\\Windows\\System32\\drivers'), 'rm -- /Windows/System32/drivers');
  assert.equal(translate('Remove-Item -LiteralPath "terraform.tfstate"'), 'rm -- terraform.tfstate');
  assert.equal(translate('Remove-Item ~ -Recurse'), 'rm -r -- ~');
  assert.equal(translate('Remove-Item -Path $env:HOME\\* -Recurse'), 'rm -r -- "${HOME}"/*');
  assert.equal(translate('Remove-Item .git -Recurse -WhatIf'), ':', '-WhatIf only reports');
  assert.equal(translate('Move-Item old.tfstate terraform.tfstate -Force'), 'mv -f -- old.tfstate terraform.tfstate');
  assert.equal(translate('Copy-Item -Path a.db -Destination prod.db'), 'cp -- a.db prod.db');
  assert.equal(translate('Set-Content -Path terraform.tfstate -Value ""'), ': > terraform.tfstate');
  assert.equal(translate('Clear-Content a.log b.log'), ': > a.log; : > b.log');
});

test('native programs, statements, pipelines, quoting and comments', () => {
  assert.equal(translate('terraform destroy -auto-approve'), 'terraform destroy -auto-approve');
  assert.equal(translate("git status; terraform plan # a comment\n<# block\ncomment #>\necho 'it''s'"), "git status\nterraform plan\necho 'it'\\''s'");
  assert.equal(translate('& "C:\\tools\\terraform.exe" destroy'), "'C:\\tools\\terraform' destroy");
  assert.equal(translate('Get-ChildItem | Select-Object Name'), 'Get-ChildItem | Select-Object Name');
  assert.equal(translate('echo "a`tb $env:USER"'), `echo 'a\tb '"\${USER}"`);
  assert.equal(translate("Write-Output @'\nrm -rf /\n'@"), "Write-Output 'rm -rf /'");
});

test('Invoke-Expression of a literal is read; of a variable it stays dynamic', () => {
  assert.equal(translate("iex 'terraform destroy -auto-approve'"), '{ terraform destroy -auto-approve\n}');
  assert.equal(translate('Invoke-Expression $cmd'), 'eval "${cmd}"');
});

test('text that cannot be read is an error, never an empty script', () => {
  assert.throws(() => translate("Remove-Item 'unclosed"), PowerShellError);
  assert.throws(() => translate('Remove-Item (Get-Item x'), PowerShellError);
  assert.throws(() => translate('<# never closed'), PowerShellError);
});

test('what a pwsh command line runs', () => {
  assert.deepEqual(powershellInput(['pwsh', '-NoProfile', '-Command', 'git', 'status']), { kind: 'code', code: 'git status', workingDirectory: undefined });
  assert.deepEqual(powershellInput(['pwsh', '-c', 'ls']), { kind: 'code', code: 'ls', workingDirectory: undefined });
  assert.deepEqual(powershellInput(['pwsh', '-ExecutionPolicy', 'Bypass', '-File', 'x.ps1']), { kind: 'file', path: 'x.ps1', workingDirectory: undefined });
  assert.deepEqual(powershellInput(['pwsh', 'x.ps1']), { kind: 'file', path: 'x.ps1', workingDirectory: undefined }, 'pwsh: a bare argument is -File');
  assert.deepEqual(powershellInput(['powershell.exe', 'Remove-Item', 'x']), { kind: 'code', code: 'Remove-Item x', workingDirectory: undefined }, 'Windows PowerShell: -Command');
  const encoded = Buffer.from('Remove-Item -Recurse -Force C:\\', 'utf16le').toString('base64');
  assert.deepEqual(powershellInput(['pwsh', '-EncodedCommand', encoded]), { kind: 'encoded', code: 'Remove-Item -Recurse -Force C:\\', workingDirectory: undefined });
  assert.deepEqual(powershellInput(['pwsh', '-Version']), { kind: 'none' });
});

test('the analyzer walks the commands pwsh runs, from -Command, -File and -EncodedCommand', () => {
  assert.deepEqual(argvs(analyze('pwsh -NoProfile -Command "terraform destroy -auto-approve"')).slice(1), [['terraform', 'destroy', '-auto-approve']]);
  assert.deepEqual(argvs(analyze('pwsh -File clean.ps1', { 'clean.ps1': 'Remove-Item -Recurse -Force .git\n' })).slice(1), [['rm', '-r', '-f', '--', '.git']]);
  const encoded = Buffer.from('dropdb app', 'utf16le').toString('base64');
  assert.deepEqual(argvs(analyze(`powershell -enc ${encoded}`)).slice(1), [['dropdb', 'app']]);
  assert.deepEqual(analyze("pwsh -c \"Remove-Item 'x\"").issues.map((i) => i.kind), ['parse-error']);
  assert.deepEqual(analyze('pwsh -File missing.ps1').issues.map((i) => i.kind), ['unreadable-script']);
});
