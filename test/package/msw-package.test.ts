// The built `setup-intent-machine/msw` entry, imported by name from a separate project as ESM and
// CommonJS: MSW's setupServer takes its handlers, and the official SDK, built with nothing but a
// secret key, runs a flow against Stripe's own host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumerProject } from '../support/consumer-project.js';
import type { ConsumerProject } from '../support/consumer-project.js';

const FLOW = `
const { handlers, emulator, close } = await createStripeHandlers({ seed: 4, log: () => {} });
const server = setupServer(...handlers);
server.listen({ onUnhandledRequest: 'error' });
try {
  const stripe = new Stripe('sk_test_msw_consumer');
  const intent = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
  const declined = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }).catch((error) => error);
  const listed = await stripe.events.list({ type: 'setup_intent.*' });
  console.log(JSON.stringify({
    format: typeof require,
    baseUrl: emulator.baseUrl(),
    decline: [declined.type, declined.code],
    listed: listed.data.map((event) => event.type),
    events: emulator.events.map((event) => event.type),
  }));
} finally {
  server.close();
  await close();
}
`;

const ESM_SCRIPT = `import { createStripeHandlers } from 'setup-intent-machine/msw';
import { setupServer } from 'msw/node';
import Stripe from 'stripe';
${FLOW}`;

const CJS_SCRIPT = `const { createStripeHandlers } = require('setup-intent-machine/msw');
const { setupServer } = require('msw/node');
const Stripe = require('stripe');
(async () => {
${FLOW}
})().catch((error) => { console.error(error); process.exitCode = 1; });`;

interface Output {
  readonly format: string;
  readonly baseUrl: string;
  readonly decline: readonly string[];
  readonly listed: readonly string[];
  readonly events: readonly string[];
}

describe('the built msw entry, imported by name', () => {
  let project: ConsumerProject | undefined;

  beforeAll(() => {
    project = createConsumerProject('setup-intent-machine-msw-consumer-', ['dist/msw.js', 'dist/msw.cjs', 'dist/msw.d.ts', 'dist/msw.d.cts']);
  });

  afterAll(() => {
    project?.remove();
  });

  async function run(file: string, code: string): Promise<Output> {
    return JSON.parse(((await project?.run(file, code)) ?? '').trim()) as Output;
  }

  function expectFlow(output: Output): void {
    expect(output.baseUrl).toBe('https://api.stripe.com');
    expect(output.decline).toEqual(['StripeCardError', 'card_declined']);
    expect(output.events).toEqual(['setup_intent.created', 'setup_intent.setup_failed']);
    expect(output.listed).toEqual(['setup_intent.setup_failed', 'setup_intent.created']);
  }

  it('ESM: answers the unmodified SDK through setupServer', async () => {
    const output = await run('consumer.mjs', ESM_SCRIPT);
    expect(output.format).toBe('undefined');
    expectFlow(output);
  });

  it('CommonJS: answers the unmodified SDK through setupServer', async () => {
    const output = await run('consumer.cjs', CJS_SCRIPT);
    expect(output.format).toBe('function');
    expectFlow(output);
  });
});
