// Runs the command line as a user would: in process through `runCommand` (what `dist/cli.js` calls
// with the process's streams), or, once per command, the built `dist/cli.js` itself in a child process.
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCommand } from '../../src/cli/run-command.js';

/** The built command line. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** How a run of the command ended. */
export interface CliOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `setup-intent-machine ...args` in this process, feeding `input` to its standard input, with
 * `env` as its environment (empty by default, so the machine's own variables cannot change an
 * outcome). A throw ends as the built command ends it: the stack on stderr and exit status 2.
 */
export async function runCli(args: readonly string[], input = '', env: Readonly<Record<string, string>> = {}): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => void (stdout += text),
    stderr: (text: string) => void (stderr += text),
    stdin: Readable.from([Buffer.from(input)]),
    env,
  };
  let code: number;
  try {
    code = await runCommand(args, io);
  } catch (error) {
    stderr += `${(error as Error).stack ?? String(error)}\n`;
    code = 2;
  }
  return { code, stdout, stderr };
}

/** Runs the built `dist/cli.js` with `args` in a child process, feeding `input` to its standard input. */
export function runBuiltCli(args: readonly string[], input = ''): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
