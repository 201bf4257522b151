import { describe, expect, it } from 'vitest';
import { DEFAULT_TEST_PAYMENT_METHODS, createTestPaymentMethodCatalogue, succeedTestSetupIntent } from '../../src/index.js';
import { applied, expectError, harness, inProcessing, inRequiresActionMicrodeposits, inRequiresActionThreeDS, inRequiresPaymentMethod, refusal } from './helpers.js';

describe('the succeed test helper', () => {
  it('completes the pending 3D Secure action: requires_action moves to succeeded', () => {
    const h = harness();
    const result = applied(succeedTestSetupIntent(inRequiresActionThreeDS(h), h.env));
    expect(result.record.intent.status).toBe('succeeded');
    expect(result.machineEvents.map((event) => event.type)).toEqual(['stripe.action_succeeded']);
  });

  it('settles a processing setup successfully', () => {
    const h = harness();
    expect(applied(succeedTestSetupIntent(inProcessing(h), h.env)).record.intent.status).toBe('succeeded');
  });

  it('verifies pending microdeposits with Stripe\'s test amounts by default', () => {
    const h = harness();
    const result = applied(succeedTestSetupIntent(inRequiresActionMicrodeposits(h), h.env, { request: { id: 'req_helper' } }));
    expect(result.record.intent.status).toBe('succeeded');
    expect(result.machineEvents).toEqual([{ type: 'api.verify_microdeposits', outcome: 'verified' }]);
    expect(result.events.map((event) => event.request?.id)).toEqual(result.events.map(() => 'req_helper'));
    expect(result.events.length).toBeGreaterThan(0);
  });

  it('verifies with a custom catalogue\'s verifying amounts, which Stripe\'s defaults no longer verify', () => {
    const catalogue = createTestPaymentMethodCatalogue(DEFAULT_TEST_PAYMENT_METHODS, [
      { amounts: [32, 45], outcome: 'exhaust_attempts' },
      { amounts: [7, 8], outcome: 'verify' },
      { descriptorCode: 'SM77GG', outcome: 'verify' },
    ]);
    const h = harness({ catalogue });
    const result = applied(succeedTestSetupIntent(inRequiresActionMicrodeposits(h), h.env));
    expect(result.record.intent.status).toBe('succeeded');
    expect(result.record.intent.last_setup_error).toBeNull();
  });

  it('verifies with a custom catalogue\'s verifying descriptor code', () => {
    const catalogue = createTestPaymentMethodCatalogue(DEFAULT_TEST_PAYMENT_METHODS, [
      { descriptorCode: 'SM11AA', outcome: 'time_out' },
      { descriptorCode: 'SM77GG', outcome: 'verify' },
    ]);
    const h = harness({ catalogue, behavior: { microdepositType: 'descriptor_code' } });
    const waiting = inRequiresActionMicrodeposits(h);
    expect(waiting.intent.next_action?.verify_with_microdeposits?.microdeposit_type).toBe('descriptor_code');
    expect(applied(succeedTestSetupIntent(waiting, h.env)).record.intent.status).toBe('succeeded');
  });

  it('refuses pending microdeposits when the catalogue has no verifying value of their type', () => {
    const catalogue = createTestPaymentMethodCatalogue(DEFAULT_TEST_PAYMENT_METHODS, [{ descriptorCode: 'SM77GG', outcome: 'verify' }]);
    const h = harness({ catalogue });
    const waiting = inRequiresActionMicrodeposits(h);
    const result = refusal(succeedTestSetupIntent(waiting, h.env));
    expectError(result.error, {
      statusCode: 400,
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message: 'The test payment method catalogue has no amounts that verify microdeposits.',
    });
    expect(result.error.error.setup_intent).toBe(waiting.intent);
  });

  it('refuses a SetupIntent that waits on nothing', () => {
    const h = harness();
    const result = refusal(succeedTestSetupIntent(inRequiresPaymentMethod(h), h.env));
    expect(result.error.error.code).toBe('setup_intent_unexpected_state');
    expect(result.error.error.message).toBe('This SetupIntent is not waiting on a customer action: it has a status of requires_payment_method.');
  });
});
