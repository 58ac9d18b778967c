import { posix } from 'node:path';
import type { SimpleCommand } from '../core/types.js';

/**
 * A `find` command line read once for the rules that look at it: its search roots, its tests (the name
 * patterns apart, with whether `!`/`-not` negates them), `-delete`, and each `-exec`/`-execdir`/`-ok` with the
 * program it runs (wrappers such as sudo or env skipped) and whether its `;`/`+` is there.
 */
export interface ParsedFind {
  /** As written; empty when find searches `.` by default. */
  roots: string[];
  tests: string[];
  names: Array<{ test: string; pattern: string; negated: boolean }>;
  deleteAction: boolean;
  execs: Array<{ prog: string; args: string[]; terminated: boolean }>;
}

const FIND_ACTIONS_NO_TEST = new Set([
  '-delete', '-print', '-print0', '-depth', '-d', '-xdev', '-mount', '-follow', '-ignore_readdir_race', '-noignore_readdir_race', '-noleaf',
  '-nowarn', '-warn', '-daystart', '-ls', '-prune', '-quit', '-true',
]);
const FIND_VALUE_OPTS = new Set(['-maxdepth', '-mindepth', '-regextype', '-fprint', '-fprint0', '-fls', '-files0-from', '-printf']);
/** Tests that always take one argument, whatever it looks like (`-gid -delete` tests for a group named -delete). */
const FIND_VALUE_TESTS = new Set([
  '-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname', '-gid', '-uid', '-group', '-user',
  '-inum', '-samefile', '-newer', '-anewer', '-cnewer', '-perm', '-size', '-type', '-xtype', '-mtime', '-mmin', '-atime', '-amin', '-ctime',
  '-cmin', '-links', '-used', '-fstype', '-context', '-since', '-before',
]);
const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);
const EXEC_WRAPPERS = new Set(['sudo', 'doas', 'env', 'command', 'busybox', 'nice', 'nohup', 'time', 'timeout', 'xargs']);
const NAME_TEST = /^-(i?name|i?path|i?wholename|i?regex|lname|ilname)$/;

export function parseFind(cmd: SimpleCommand): ParsedFind {
  const a = cmd.argv.slice(1);
  let i = 0;
  while (i < a.length && /^-(H|L|P|D|O\d?)$/.test(a[i])) i += a[i] === '-D' ? 2 : 1;
  if (a[i] === '-f') i++;
  const roots: string[] = [];
  while (i < a.length && !a[i].startsWith('-') && a[i] !== '(' && a[i] !== '!' && a[i] !== '\\(') roots.push(a[i++]);
  const out: ParsedFind = { roots, tests: [], names: [], deleteAction: false, execs: [] };
  const negated = (k: number) => a[k - 1] === '!' || a[k - 1] === '-not';
  for (; i < a.length; i++) {
    const w = a[i];
    if (w === '-delete') { out.deleteAction = true; continue; }
    if (FIND_EXEC.has(w)) {
      const body: string[] = [];
      let j = i + 1;
      for (; j < a.length && a[j] !== ';' && a[j] !== '+' && a[j] !== '\\;'; j++) body.push(a[j]);
      const terminated = j < a.length;
      i = j;
      let k = 0;
      while (k < body.length && (EXEC_WRAPPERS.has(posix.basename(body[k])) || /^-/.test(body[k]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(body[k]))) k++;
      out.execs.push({ prog: posix.basename(body[k] ?? ''), args: body.slice(k + 1), terminated });
      continue;
    }
    if (FIND_VALUE_OPTS.has(w)) { i++; continue; }
    if (w === '-fprintf') { i += 2; continue; }
    if (FIND_VALUE_TESTS.has(w) || /^-newer[a-zA-Z]{2}$/.test(w)) {
      out.tests.push(w);
      if (NAME_TEST.test(w) && a[i + 1] !== undefined) out.names.push({ test: w, pattern: a[i + 1], negated: negated(i) });
      i++;
      continue;
    }
    if (FIND_ACTIONS_NO_TEST.has(w) || w === '(' || w === ')' || w === '!' || w === '-o' || w === '-a' || w === '-or' || w === '-and' || w === '-not' || w === ',') continue;
    if (w.startsWith('-')) {
      out.tests.push(w);
      if (NAME_TEST.test(w) && a[i + 1] !== undefined) out.names.push({ test: w, pattern: a[i + 1], negated: negated(i) });
      // most tests take one value
      if (!['-empty', '-readable', '-writable', '-executable', '-nouser', '-nogroup'].includes(w) && a[i + 1] !== undefined && !a[i + 1].startsWith('-')) i++;
    }
  }
  return out;
}
