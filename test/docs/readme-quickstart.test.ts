import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The TypeScript code blocks of the README, in order. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
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
    symlinkSync(join(root, 'node_modules', 'xstate'), join(project, 'node_modules', 'xstate'), 'dir');
  });

  afterAll(() => {
    if (project !== '') rmSync(project, { recursive: true, force: true });
  });

  it('runs as written and prints what its comments say', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const [quickStart] = codeBlocks(readme);
    expect(quickStart).toBeDefined();
    // The quick start is plain JavaScript apart from its file name: run it as an ES module.
    writeFileSync(join(project, 'quick-start.mjs'), quickStart ?? '');
    const { stdout } = await run(process.execPath, ['quick-start.mjs'], { cwd: project, timeout: 20_000 });
    const expected = [...(quickStart ?? '').matchAll(/console\.log\([^;]*\); \/\/ (.+)$/gm)].map((m) => m[1]);
    expect(stdout.trim().split('\n')).toEqual(expected);
  });

  it('shows a statechart example that behaves as its comment says', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const machineExample = codeBlocks(readme)[1] ?? '';
    const script = machineExample.replace(/^next\.value; \/\/ .*$/m, 'console.log(next.value);');
    writeFileSync(join(project, 'machine.mjs'), script);
    const { stdout } = await run(process.execPath, ['machine.mjs'], { cwd: project, timeout: 20_000 });
    expect(stdout.trim()).toBe('requires_confirmation');
  });
});
