/**
 * Shims: tiny shell scripts named terraform, tofu and terragrunt, put first on an agent's PATH, that
 * route every call through `twokey run`. Inside a guarded run (env TWOKEY_IN_RUN set, e.g. terragrunt
 * calling terraform) a shim runs the real binary directly; the real binary is found on PATH skipping
 * the shim directory and any file carrying the marker below, so a shim never calls itself.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHIM_MARKER = 'TWOKEY-SHIM-v1';
export const SHIM_TOOLS = ['terraform', 'tofu', 'terragrunt'] as const;

function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function shimScript(tool: string, shimDir: string, node: string, twokeyBin: string): string {
  return `#!/bin/sh
# ${SHIM_MARKER}: ${tool} routed through 'twokey run' (written by 'twokey shim install'; remove this file to undo)
shim_dir=${shq(shimDir)}
if [ -n "\${TWOKEY_IN_RUN:-}" ]; then
  # Already inside a guarded run: find the real ${tool}, skipping this directory and other shims.
  old_ifs=$IFS; IFS=:
  for d in $PATH; do
    IFS=$old_ifs
    [ -z "$d" ] && continue
    [ "$d" = "$shim_dir" ] && continue
    [ -x "$d/${tool}" ] || continue
    grep -q '${SHIM_MARKER}' "$d/${tool}" 2>/dev/null && continue
    exec "$d/${tool}" "$@"
  done
  IFS=$old_ifs
  echo "twokey shim: the real ${tool} was not found on PATH (outside $shim_dir)" >&2
  exit 127
fi
exec ${shq(node)} ${shq(twokeyBin)} run -- ${tool} "$@"
`;
}

export interface ShimInstallResult { dir: string; written: string[]; pathHint: string }

export function installShims(dir: string, node: string, twokeyBin: string): ShimInstallResult {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true, mode: 0o755 });
  const written: string[] = [];
  for (const tool of SHIM_TOOLS) {
    const path = join(abs, tool);
    if (existsSync(path) && !readFileSync(path, 'latin1').includes(SHIM_MARKER)) {
      throw new Error(`${path} exists and is not a twokey shim; refusing to overwrite it`);
    }
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, shimScript(tool, abs, node, twokeyBin), { mode: 0o755 });
    chmodSync(tmp, 0o755);
    renameSync(tmp, path);
    written.push(path);
  }
  return { dir: abs, written, pathHint: `export PATH=${shq(abs)}:"$PATH"` };
}
