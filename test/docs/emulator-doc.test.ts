// docs/emulator.md's embedding example runs as written against the built package, and prints
// what its comments say.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('docs/emulator.md', () => {
  let project = '';

  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'emulator.js'))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    }
    project = mkdtempSync(join(tmpdir(), 'sim-emulator-doc-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(root, join(project, 'node_modules', 'setup-intent-machine'), 'dir');
    for (const name of readdirSync(join(root, 'node_modules'))) {
      if (!name.startsWith('.')) symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir');
    }
  });

  afterAll(() => {
    if (project !== '') rmSync(project, { recursive: true, force: true });
  });

  it('runs the embedding example as written', async () => {
    const doc = readFileSync(join(root, 'docs', 'emulator.md'), 'utf8');
    const example = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').find((block) => block.includes('createEmulator'));
    expect(example).toBeDefined();
    writeFileSync(join(project, 'embed.mjs'), example ?? '');
    const { stdout } = await run(process.execPath, ['embed.mjs'], { cwd: project, timeout: 20_000 });
    const expected = [...(example ?? '').matchAll(/console\.log\(.*\); \/\/ (.+)$/gm)].map((match) => match[1]);
    expect(expected.length).toBeGreaterThan(2);
    expect(stdout.trim().split('\n')).toEqual(expected);
  });
});
