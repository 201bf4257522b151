// docs/visualize.md's Node example runs as written against the built package (xstate's own
// `inspect` callback, so no inspector or relay is needed), and prints what its comments say.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(join(root, 'docs', 'visualize.md'), 'utf8');

/** The ```js block right after the `<!-- runs in Node ... -->` marker. */
function nodeExample(): string | undefined {
  return /<!-- runs in Node[^>]*-->\n```js\n([\s\S]*?)```/.exec(doc)?.[1];
}

describe('docs/visualize.md', () => {
  let project = '';

  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'index.js'))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    }
    project = mkdtempSync(join(tmpdir(), 'sim-visualize-doc-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(root, join(project, 'node_modules', 'setup-intent-machine'), 'dir');
    for (const name of readdirSync(join(root, 'node_modules'))) {
      if (!name.startsWith('.')) symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir');
    }
  });

  afterAll(() => {
    if (project !== '') rmSync(project, { recursive: true, force: true });
  });

  it('runs the Node inspection example as written and prints the sequence of states its comments show', async () => {
    const example = nodeExample();
    expect(example).toBeDefined();
    expect(example).toContain('createActor(setupIntentMachine');
    writeFileSync(join(project, 'inspect.mjs'), example ?? '');
    const { stdout } = await run(process.execPath, ['inspect.mjs'], { cwd: project, timeout: 20_000 });
    const expected = [...(example ?? '').matchAll(/; \/\/ (.+)$/gm)].map((match) => match[1]);
    expect(expected).toEqual([
      'xstate.init -> requires_payment_method',
      'api.confirm -> requires_action',
      'stripe.action_succeeded -> succeeded',
      'done',
    ]);
    expect(stdout.trim().split('\n')).toEqual(expected);
  });

  it('links the generated diagram and describes the relay @statelyai/inspect really ships', async () => {
    expect(doc).toContain('](lifecycle.md#the-diagram)');
    // The anchor exists: GitHub derives `the-diagram` from the heading.
    expect(readFileSync(join(root, 'docs', 'lifecycle.md'), 'utf8')).toMatch(/^## The diagram$/m);
    expect(doc).toContain('serve --inspect');
    expect(doc).toContain("import { createInspectorServer } from '@statelyai/inspect/server'");
    // The page says the package has no command-line program and relays through its `server` entry.
    const manifest = JSON.parse(readFileSync(join(root, 'node_modules', '@statelyai', 'inspect', 'package.json'), 'utf8')) as { bin?: unknown };
    expect(manifest.bin).toBeUndefined();
    const server = (await import('@statelyai/inspect/server')) as { createInspectorServer?: unknown };
    expect(typeof server.createInspectorServer).toBe('function');
  });
});
