// The built `setup-intent-machine/emulator` entry, imported by name from a separate project as
// ESM and CommonJS: each starts the emulator on a free loopback port and the official SDK runs a
// flow against it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumerProject } from '../support/consumer-project.js';
import type { ConsumerProject } from '../support/consumer-project.js';

const FLOW = `
const emulator = await createEmulator({ seed: 3, log: () => {} });
const server = await listen(emulator, { port: 0 });
try {
  const stripe = new Stripe('sk_test_consumer', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
  const intent = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
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

let project: ConsumerProject | undefined;

async function runScript(file: string, code: string): Promise<Output> {
  const stdout = (await project?.run(file, code)) ?? '';
  return JSON.parse(stdout.trim()) as Output;
}

describe('the built emulator entry, imported by name', () => {
  beforeAll(() => {
    project = createConsumerProject('setup-intent-machine-emulator-consumer-', ['dist/emulator.js', 'dist/emulator.cjs', 'dist/emulator.d.ts', 'dist/emulator.d.cts']);
  });

  afterAll(() => {
    project?.remove();
  });

  function expectFlow(output: Output): void {
    expect(output.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output.status).toBe('succeeded');
    expect(output.events).toEqual(['setup_intent.created', 'setup_intent.succeeded']);
  }

  it('ESM: serves the official SDK', async () => {
    const output = await runScript('consumer.mjs', ESM_SCRIPT);
    expect(output.format).toBe('undefined');
    expectFlow(output);
  });

  it('CommonJS: serves the official SDK', async () => {
    const output = await runScript('consumer.cjs', CJS_SCRIPT);
    expect(output.format).toBe('function');
    expectFlow(output);
  });
});
