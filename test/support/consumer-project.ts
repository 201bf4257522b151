// A throwaway project outside the repository that depends on the built package by name, as a
// user's project would: `node_modules/setup-intent-machine` links to the repository, and the
// installed dependencies (xstate, qs, the official SDK) are linked beside it.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execute = promisify(execFile);

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A consumer project: write scripts into it and run them with node. */
export interface ConsumerProject {
  readonly dir: string;
  /** Writes `code` to `file` in the project and runs it with node; resolves with its stdout. */
  readonly run: (file: string, code: string) => Promise<string>;
  /** Deletes the project. */
  readonly remove: () => void;
}

/**
 * Creates a consumer project. Throws when a built file the tests need is missing, with the command
 * that builds it.
 */
export function createConsumerProject(prefix: string, builtFiles: readonly string[] = ['dist/index.js']): ConsumerProject {
  const missing = builtFiles.filter((file) => !existsSync(join(REPO_ROOT, file)));
  if (missing.length > 0) {
    throw new Error(`The build output is missing (${missing.join(', ')}): run \`npm run build\` (or \`npm test\`, which builds first).`);
  }
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'setup-intent-machine'), 'dir');
  for (const name of readdirSync(join(REPO_ROOT, 'node_modules'))) {
    if (!name.startsWith('.') && name !== 'setup-intent-machine') {
      symlinkSync(join(REPO_ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
    }
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  return {
    dir,
    run: async (file, code) => {
      writeFileSync(join(dir, file), code);
      try {
        const { stdout } = await execute(process.execPath, [file], { cwd: dir, timeout: 20_000, encoding: 'utf8' });
        return stdout;
      } catch (error) {
        const { stderr, message } = error as { stderr?: string; message: string };
        throw new Error(`node ${file} failed in the consumer project: ${stderr ?? ''}${message}`, { cause: error });
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The lines a script's `console.log(...); // expected` comments promise, in order. */
export function promisedOutput(code: string): string[] {
  return [...code.matchAll(/console\.log\([^;]*\); \/\/ (.+)$/gm)].map((match) => match[1] ?? '');
}
