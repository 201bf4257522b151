// docs/emulator.md's embedding example runs as written against the built package, and prints
// what its comments say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT as root, createConsumerProject, promisedOutput } from '../support/consumer-project.js';
import type { ConsumerProject } from '../support/consumer-project.js';

describe('docs/emulator.md', () => {
  let project: ConsumerProject | undefined;

  beforeAll(() => {
    project = createConsumerProject('sim-emulator-doc-', ['dist/emulator.js']);
  });

  afterAll(() => {
    project?.remove();
  });

  it('runs the embedding example as written', async () => {
    const doc = readFileSync(join(root, 'docs', 'emulator.md'), 'utf8');
    const example = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').find((block) => block.includes('createEmulator'));
    expect(example).toBeDefined();
    const stdout = (await project?.run('embed.mjs', example ?? '')) ?? '';
    const expected = promisedOutput(example ?? '');
    expect(expected.length).toBeGreaterThan(2);
    expect(stdout.trim().split('\n')).toEqual(expected);
  });
});
