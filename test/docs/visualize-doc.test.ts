// docs/visualize.md's Node example runs as written against the built package (xstate's own
// `inspect` callback, so no inspector or relay is needed), and prints what its comments say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT as root, createConsumerProject } from '../support/consumer-project.js';
import type { ConsumerProject } from '../support/consumer-project.js';
const doc = readFileSync(join(root, 'docs', 'visualize.md'), 'utf8');

/** The ```js block right after the `<!-- runs in Node ... -->` marker. */
function nodeExample(): string | undefined {
  return /<!-- runs in Node[^>]*-->\n```js\n([\s\S]*?)```/.exec(doc)?.[1];
}

describe('docs/visualize.md', () => {
  let project: ConsumerProject | undefined;

  beforeAll(() => {
    project = createConsumerProject('sim-visualize-doc-');
  });

  afterAll(() => {
    project?.remove();
  });

  it('runs the Node inspection example as written and prints the sequence of states its comments show', async () => {
    const example = nodeExample();
    expect(example).toBeDefined();
    expect(example).toContain('createActor(setupIntentMachine');
    const stdout = (await project?.run('inspect.mjs', example ?? '')) ?? '';
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
