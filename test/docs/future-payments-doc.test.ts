// docs/future-payments.md runs as written against the built package, imported by name: the
// future-payment flow from setupIntents.create to an off-session payment, the authentication_required
// decline and the on-session recovery through the hosted 3D Secure page, a manual capture and the
// refunds of a payment, printing what its comments say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT as root, createConsumerProject, promisedOutput } from '../support/consumer-project.js';
import type { ConsumerProject } from '../support/consumer-project.js';

const doc = readFileSync(join(root, 'docs', 'future-payments.md'), 'utf8');
const scripts = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

describe('docs/future-payments.md', () => {
  let project: ConsumerProject | undefined;

  beforeAll(() => {
    project = createConsumerProject('sim-future-payments-doc-', ['dist/index.js', 'dist/emulator.js']);
  });

  afterAll(() => {
    project?.remove();
  });

  it('has one runnable example, and it prints what its comments say', async () => {
    expect(scripts).toHaveLength(1);
    const code = scripts[0] ?? '';
    const expected = promisedOutput(code);
    expect(expected.length).toBeGreaterThan(5);
    const stdout = (await project?.run('future-payments.mjs', code)) ?? '';
    expect(stdout.trim().split('\n')).toEqual(expected);
  });
});
