/**
 * Terraform's own parser (HashiCorp's HCL, compiled to wasm in @cdktn/hcl2json), used only after
 * tree-sitter has found a syntax error: its messages and `file:line,column` are exact. Loaded lazily,
 * with a computed specifier so the bundler leaves the package in node_modules (it reads its wasm
 * from beside its own files).
 */
import type { HclSyntaxError } from './hcl.js';

type Hcl2JsonParse = (filename: string, contents: string) => Promise<unknown>;

let cached: Promise<Hcl2JsonParse | null> | undefined;

function loadTerraformParser(): Promise<Hcl2JsonParse | null> {
  cached ??= (async () => {
    try {
      const specifier = ['@cdktn', 'hcl2json'].join('/');
      const mod = (await import(specifier)) as { parse?: Hcl2JsonParse; default?: { parse?: Hcl2JsonParse } };
      return mod.parse ?? mod.default?.parse ?? null;
    } catch {
      return null;
    }
  })();
  return cached;
}

/** `broken.tf:3,6-4,1: Invalid expression; Expected ...` -> errors. */
export function parseDiagnostics(file: string, message: string): HclSyntaxError[] {
  const out: HclSyntaxError[] = [];
  const esc = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`${esc}:(\\d+),(\\d+)(?:-[\\d,]+)?: ([^;]+);?\\s*(.*?)(?=\\s${esc}:\\d+,\\d+|\\]?$)`, 'gs');
  for (const m of message.matchAll(re)) {
    const detail = m[4].replace(/\]$/, '').trim();
    out.push({ file, line: Number(m[1]), column: Number(m[2]), message: detail ? `${m[3].trim()}: ${detail}` : m[3].trim() });
  }
  return out;
}

/**
 * Terraform's errors for a file tree-sitter rejected. 'accepted' when Terraform's parser reads it
 * fine (a grammar gap in tree-sitter), null when Terraform's parser is unavailable.
 */
export async function terraformSyntaxErrors(file: string, text: string): Promise<HclSyntaxError[] | 'accepted' | null> {
  const parse = await loadTerraformParser();
  if (!parse) return null;
  try {
    await parse(file, text);
    return 'accepted';
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const found = parseDiagnostics(file, msg);
    return found.length ? found : [{ file, line: 1, column: 1, message: msg }];
  }
}
