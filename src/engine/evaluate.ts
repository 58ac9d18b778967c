import type { CommandDecision } from '../core/types.js';

/** What the gate is asked about: one command line, where it would run, with which environment. */
export interface CommandRequest {
  command: string;
  cwd: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Command string -> shell facts -> rule findings -> policy -> one decision. Pure apart from reading the
 * files rules and the shell analyzer ask for (scripts, -f SQL files), through `readFile`.
 * OWNER: engine (issue 2). This signature is the contract the hooks, the daemon, MCP and `check` call.
 */
export function evaluateCommand(_req: CommandRequest): CommandDecision {
  throw new Error('evaluateCommand: not implemented yet');
}
