import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The TypeScript and JavaScript code blocks of the README, in order. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** The README's code block that contains `marker`. */
function blockWith(marker: string): string {
  const block = codeBlocks(readFileSync(join(root, 'README.md'), 'utf8')).find((code) => code.includes(marker));
  if (block === undefined) throw new Error(`README.md has no code block with ${marker}`);
  return block;
}

/** The lines a block's `console.log(...); // expected` comments promise. */
function promised(code: string): string[] {
  return [...code.matchAll(/console\.log\([^;]*\); \/\/ (.+)$/gm)].map((m) => m[1] ?? '');
}

describe('README quick start', () => {
  let project = '';

  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'index.js'))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    }
    project = mkdtempSync(join(tmpdir(), 'sim-readme-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(root, join(project, 'node_modules', 'setup-intent-machine'), 'dir');
    // The installed dependencies (xstate, qs, the official SDK) as a consumer would have them.
    for (const name of readdirSync(join(root, 'node_modules'))) {
      if (!name.startsWith('.')) symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir');
    }
  });

  afterAll(() => {
    if (project !== '') rmSync(project, { recursive: true, force: true });
  });

  const quickStarts = [
    ['embeds the core', 'completeCustomerAction'],
    ['runs the emulator with the official SDK', 'setup-intent-machine/emulator'],
    ['validates a webhook log in code', 'validateEventSequence'],
  ] as const;
  for (const [name, marker] of quickStarts) {
    it(`${name}: runs as written and prints what its comments say`, async () => {
      const code = blockWith(marker);
      expect(promised(code).length).toBeGreaterThan(0);
      // The quick starts are plain JavaScript: run them as ES modules.
      const file = `${marker.replace(/[^a-z]/gi, '-')}.mjs`;
      writeFileSync(join(project, file), code);
      const { stdout } = await run(process.execPath, [file], { cwd: project, timeout: 20_000 });
      expect(stdout.trim().split('\n')).toEqual(promised(code));
    });
  }

  it('shows a statechart example that behaves as its comment says', async () => {
    const machineExample = blockWith('initialTransition');
    const script = machineExample.replace(/^next\.value; \/\/ .*$/m, 'console.log(next.value);');
    writeFileSync(join(project, 'machine.mjs'), script);
    const { stdout } = await run(process.execPath, ['machine.mjs'], { cwd: project, timeout: 20_000 });
    expect(stdout.trim()).toBe('requires_confirmation');
  });
});
