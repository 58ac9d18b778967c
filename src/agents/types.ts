import type { AgentId } from './protocol.js';

/** What an agent's hook payload asks to do, once its shape is read. */
export type ToolCall =
  /** A shell command the agent wants to run. */
  | { kind: 'shell'; tool: string; command: string; cwd?: string }
  /** A file-edit tool writing (or deleting) these paths. */
  | { kind: 'write'; tool: string; paths: string[]; cwd?: string }
  /** A tool twokey does not guard (reads, searches): allowed without a verdict. */
  | { kind: 'other'; tool: string; cwd?: string };

/** A payload that is not the shape the agent documents: the hook fails closed with this message. */
export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

export type Scope = 'user' | 'project';

/** Where and how an agent keeps its hook settings. */
export interface InstallTarget {
  /** Absolute path of the file twokey edits (JSON/JSONC) or writes whole (own file). */
  file: string;
  /** 'merge-json': edit hook entries inside the agent's settings; 'own-file': the whole file is twokey's. */
  mode: 'merge-json' | 'own-file';
}

export interface AgentAdapter {
  id: AgentId;
  displayName: string;
  /** Read a parsed stdin payload. Throws PayloadError on a shape the agent does not document. */
  parse(payload: unknown): ToolCall;
  /** Scopes this agent supports, the first is the default. */
  scopes: readonly Scope[];
  /** The settings file for a scope (`home` is the user's home, `cwd` the project root). */
  target(scope: Scope, home: string, cwd: string): InstallTarget;
  /** Signals that the agent is installed on this machine: config dirs (relative to home) and binaries on PATH. */
  detect: { dirs: readonly string[]; bins: readonly string[] };
  /** A canary payload for doctor and tests: this agent asking to run `command` in `cwd`. */
  shellPayload(command: string, cwd: string): unknown;
  /** A payload for a file-edit tool writing `path`, or null when the agent's hook cannot see file edits. */
  writePayload(path: string, cwd: string): unknown | null;
}

// Small readers shared by the adapters: each throws PayloadError naming the field it expected.

export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PayloadError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

export function requireString(obj: Record<string, unknown>, key: string, what: string): string {
  const v = obj[key];
  if (typeof v !== 'string') throw new PayloadError(`${what}.${key} is ${v === undefined ? 'missing' : `not a string (${typeof v})`}`);
  return v;
}

export function optionalString(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The first of `keys` holding a non-empty string, or a PayloadError. */
export function requirePath(obj: Record<string, unknown>, keys: readonly string[], what: string): string {
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === 'string' && v !== '') return v;
  }
  throw new PayloadError(`${what} has none of ${keys.join(', ')}`);
}
