// The README's code runs as written against the built package, imported by name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT as root, createConsumerProject, promisedOutput as promised } from '../support/consumer-project.js';
import type { ConsumerProject } from '../support/consumer-project.js';

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

describe('README quick start', () => {
  let project: ConsumerProject | undefined;

  beforeAll(() => {
    project = createConsumerProject('sim-readme-', ['dist/index.js', 'dist/emulator.js']);
  });

  afterAll(() => {
    project?.remove();
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
      const stdout = (await project?.run(`${marker.replace(/[^a-z]/gi, '-')}.mjs`, code)) ?? '';
      expect(stdout.trim().split('\n')).toEqual(promised(code));
    });
  }

  it('shows a statechart example that behaves as its comment says', async () => {
    const machineExample = blockWith('initialTransition');
    const script = machineExample.replace(/^next\.value; \/\/ .*$/m, 'console.log(next.value);');
    const stdout = (await project?.run('machine.mjs', script)) ?? '';
    expect(stdout.trim()).toBe('requires_confirmation');
  });
});
