// The built `setup-intent-machine/testing` entry, imported by name from a separate project as ESM
// and CommonJS: it serves the emulator on a free loopback port, the SDK is pointed at it with the
// options it hands out, and an event and a signed webhook delivery are waited for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumerProject } from '../support/consumer-project.js';
import type { ConsumerProject } from '../support/consumer-project.js';

const FLOW = `
const testing = await startStripeEmulator({ seed: 6, log: () => {} });
try {
  await testing.startWebhookReceiver();
  const stripe = new Stripe(testing.secretKey, { ...testing.stripeOptions, maxNetworkRetries: 0 });
  const intent = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
  await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
  const event = await testing.waitForEvent('setup_intent.*', (candidate) => candidate.type !== 'setup_intent.created');
  const webhook = await testing.waitForWebhook('setup_intent.succeeded');
  console.log(JSON.stringify({ format: typeof require, base: testing.env.STRIPE_API_BASE === testing.url, event: event.type, webhook: webhook.data.object.id === intent.id }));
} finally {
  await testing.close();
}
`;

const ESM_SCRIPT = `import { startStripeEmulator } from 'setup-intent-machine/testing';
import Stripe from 'stripe';
${FLOW}`;

const CJS_SCRIPT = `const { startStripeEmulator } = require('setup-intent-machine/testing');
const Stripe = require('stripe');
(async () => {
${FLOW}
})().catch((error) => { console.error(error); process.exitCode = 1; });`;

describe('the built testing entry, imported by name', () => {
  let project: ConsumerProject | undefined;

  beforeAll(() => {
    project = createConsumerProject('setup-intent-machine-testing-consumer-', ['dist/testing.js', 'dist/testing.cjs', 'dist/testing.d.ts', 'dist/testing.d.cts']);
  });

  afterAll(() => {
    project?.remove();
  });

  for (const [name, file, code, format] of [
    ['ESM', 'consumer.mjs', ESM_SCRIPT, 'undefined'],
    ['CommonJS', 'consumer.cjs', CJS_SCRIPT, 'function'],
  ] as const) {
    it(`${name}: serves the SDK and waits for an event and a verified webhook`, async () => {
      const output = JSON.parse(((await project?.run(file, code)) ?? '').trim()) as unknown;
      expect(output).toEqual({ format, base: true, event: 'setup_intent.succeeded', webhook: true });
    });
  }
});
