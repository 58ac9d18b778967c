/** The streams a command writes to; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Read all of stdin (for --batch -, hooks). */
  readStdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => { process.stdout.write(t); },
    stderr: (t) => { process.stderr.write(t); },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  };
}

/** A command module: `src/cli/<command>.ts` exports `command`. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Full help text, printed for `--help`. */
  help: string;
  run(argv: string[], io: CliIO): Promise<number>;
}
