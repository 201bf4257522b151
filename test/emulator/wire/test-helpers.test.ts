// The test helper routes through the emulator's fetch handler: what `succeed` does comes from the
// core, with the emulator's own catalogue.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEST_PAYMENT_METHODS, createTestPaymentMethodCatalogue } from '../../../src/index.js';
import { createEmulator } from '../../../src/emulator.js';
import type { Emulator } from '../../../src/emulator.js';

const BASE = 'http://127.0.0.1:12111';
const MANUAL_ACH = {
  'payment_method_types[0]': 'us_bank_account',
  'payment_method_data[type]': 'us_bank_account',
  'payment_method_data[us_bank_account][account_number]': '000123456789',
  'payment_method_data[us_bank_account][routing_number]': '110000000',
  'payment_method_data[us_bank_account][account_holder_type]': 'individual',
  'mandate_data[customer_acceptance][type]': 'offline',
  confirm: 'true',
};

async function post(emulator: Emulator, path: string, params: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await emulator.fetch(
    new Request(`${BASE}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_helpers', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /v1/test_helpers/setup_intents/:id/succeed', () => {
  it('verifies pending microdeposits with the custom catalogue\'s verifying values', async () => {
    const catalogue = createTestPaymentMethodCatalogue(DEFAULT_TEST_PAYMENT_METHODS, [
      { amounts: [32, 45], outcome: 'exhaust_attempts' },
      { amounts: [7, 8], outcome: 'verify' },
    ]);
    const emulator = await createEmulator({ seed: 3, catalogue, log: () => undefined });
    try {
      const waiting = await post(emulator, '/v1/setup_intents', MANUAL_ACH);
      expect(waiting.body['status']).toBe('requires_action');
      const done = await post(emulator, `/v1/test_helpers/setup_intents/${String(waiting.body['id'])}/succeed`);
      expect(done.status).toBe(200);
      expect(done.body['status']).toBe('succeeded');
      expect(done.body['last_setup_error']).toBeNull();
    } finally {
      await emulator.close();
    }
  });

  it('answers the core\'s refusal when the custom catalogue has no verifying value of the pending type', async () => {
    const catalogue = createTestPaymentMethodCatalogue(DEFAULT_TEST_PAYMENT_METHODS, [{ descriptorCode: 'SM77GG', outcome: 'verify' }]);
    const emulator = await createEmulator({ seed: 3, catalogue, log: () => undefined });
    try {
      const waiting = await post(emulator, '/v1/setup_intents', MANUAL_ACH);
      const refused = await post(emulator, `/v1/test_helpers/setup_intents/${String(waiting.body['id'])}/succeed`);
      expect(refused.status).toBe(400);
      expect(refused.body['error']).toMatchObject({ code: 'setup_intent_unexpected_state', message: 'The test payment method catalogue has no amounts that verify microdeposits.' });
      expect(emulator.store.setupIntents.get(String(waiting.body['id']))?.intent.status).toBe('requires_action');
    } finally {
      await emulator.close();
    }
  });
});
