// The built `setup-intent-machine/emulator` entry, imported by name from a separate project as
// ESM and CommonJS: each starts the emulator on a free loopback port and the official SDK runs a
// flow against it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const BUILT_FILES = ['dist/emulator.js', 'dist/emulator.cjs', 'dist/emulator.d.ts', 'dist/emulator.d.cts'];

const FLOW = `
const emulator = await createEmulator({ seed: 3, log: () => {} });
const server = await listen(emulator, { port: 0 });
try {
  const stripe = new Stripe('sk_test_consumer', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
  const intent = await stripe.setupIntents.create({ payment_method_types: ['card'] });
  const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
  console.log(JSON.stringify({ format: typeof require, url: server.url, status: confirmed.status, events: emulator.events.map((e) => e.type) }));
} finally {
  await server.close();
}
`;

const ESM_SCRIPT = `import { createEmulator, listen } from 'setup-intent-machine/emulator';
import Stripe from 'stripe';
${FLOW}`;

const CJS_SCRIPT = `const { createEmulator, listen } = require('setup-intent-machine/emulator');
const Stripe = require('stripe');
(async () => {
${FLOW}
})().catch((error) => { console.error(error); process.exitCode = 1; });`;

interface Output {
  readonly format: string;
  readonly url: string;
  readonly status: string;
  readonly events: readonly string[];
}

let project = '';

async function runScript(file: string): Promise<Output> {
  try {
    const { stdout } = await run(process.execPath, [file], { cwd: project, timeout: 20_000, encoding: 'utf8' });
    return JSON.parse(stdout.trim()) as Output;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`node ${file} failed in the consumer project: ${stderr ?? ''}${message}`, { cause: error });
  }
}

describe('the built emulator entry, imported by name', () => {
  beforeAll(async () => {
    const missing = BUILT_FILES.filter((file) => !existsSync(join(repoRoot, file)));
    if (missing.length > 0) {
      throw new Error(`The build output is missing (${missing.join(', ')}): run \`npm run build\` (or \`npm test\`, which builds first).`);
    }
    project = await mkdtemp(join(tmpdir(), 'setup-intent-machine-emulator-consumer-'));
    await mkdir(join(project, 'node_modules'));
    await symlink(repoRoot, join(project, 'node_modules', 'setup-intent-machine'), 'dir');
    // The installed dependencies (qs and its own, xstate, the SDK) as a consumer would have them.
    for (const name of await readdir(join(repoRoot, 'node_modules'))) {
      if (!name.startsWith('.') && name !== 'setup-intent-machine') {
        await symlink(join(repoRoot, 'node_modules', name), join(project, 'node_modules', name), 'dir');
      }
    }
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    await writeFile(join(project, 'consumer.mjs'), ESM_SCRIPT);
    await writeFile(join(project, 'consumer.cjs'), CJS_SCRIPT);
  });

  afterAll(async () => {
    if (project !== '') {
      await rm(project, { recursive: true, force: true });
    }
  });

  function expectFlow(output: Output): void {
    expect(output.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output.status).toBe('succeeded');
    expect(output.events).toEqual(['setup_intent.created', 'setup_intent.succeeded']);
  }

  it('ESM: serves the official SDK', async () => {
    const output = await runScript('consumer.mjs');
    expect(output.format).toBe('undefined');
    expectFlow(output);
  });

  it('CommonJS: serves the official SDK', async () => {
    const output = await runScript('consumer.cjs');
    expect(output.format).toBe('function');
    expectFlow(output);
  });
});
