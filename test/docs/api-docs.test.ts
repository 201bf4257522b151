// The API reference (`npm run docs:api`, configured by typedoc.json) builds from the TSDoc of both
// entry points with warnings treated as errors: every export documented, every {@link} resolved,
// every type the public surface mentions exported. It is built into a temporary folder, since
// docs/api/ is generated on demand and not checked in.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TYPEDOC = join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');

interface Outcome {
  readonly code: number | null;
  readonly output: string;
}

function typedoc(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TYPEDOC, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    // ANSI colour codes are dropped, in case a terminal is detected anyway.
    child.on('close', (code) => resolve({ code, output: output.replace(/\u001b\[[0-9;]*m/g, '') }));
  });
}

let out = '';
let outcome: Outcome = { code: null, output: '' };
let pages: string[] = [];

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'setup-intent-machine-api-'));
  outcome = await typedoc(['--out', out, '--treatWarningsAsErrors']);
  pages = outcome.code === 0 ? ((await readdir(out, { recursive: true })) as string[]) : [];
}, 180_000);

afterAll(async () => {
  if (out !== '') {
    await rm(out, { recursive: true, force: true });
  }
});

/** The one page documenting `name`, as `folder/module.name.html`. */
function pageOf(folder: string, name: string): string {
  const found = pages.filter((page) => page.startsWith(`${folder}${sep}`) && page.endsWith(`.${name}.html`));
  expect(found, `one ${folder} page for ${name}`).toHaveLength(1);
  return join(out, found[0] ?? '');
}

describe('npm run docs:api', () => {
  it('builds with warnings as errors and reports no warning', () => {
    expect(outcome.output).not.toMatch(/\[warning\]|\[error\]/);
    expect(outcome.code).toBe(0);
  });

  it('has a module page per entry point, named as they are imported', () => {
    expect(pages).toContain(join('modules', 'setup-intent-machine.html'));
    expect(pages).toContain(join('modules', 'setup-intent-machine_emulator.html'));
    expect(pages).toContain(join('modules', 'setup-intent-machine_msw.html'));
    expect(pages).toContain(join('modules', 'setup-intent-machine_testing.html'));
  });

  it('has pages for createSetupIntent, setupIntentMachine, createEmulator and the report diagrams, with their TSDoc', async () => {
    expect(await readFile(pageOf('functions', 'createSetupIntent'), 'utf8')).toContain('Creates a SetupIntent');
    expect(await readFile(pageOf('variables', 'setupIntentMachine'), 'utf8')).toContain('stripe.processing_failed');
    expect(await readFile(pageOf('functions', 'createEmulator'), 'utf8')).toContain('Creates an emulator');
    expect(await readFile(pageOf('functions', 'timelineToMermaid'), 'utf8')).toContain('stateDiagram-v2');
  });

  it('uses the README as its index page', async () => {
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain('Quick start');
    expect(index).toContain('npm run docs:api');
  });
});
