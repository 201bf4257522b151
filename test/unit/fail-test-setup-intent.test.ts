import { describe, expect, it } from 'vitest';
import { failTestSetupIntent } from '../../src/index.js';
import { applied, harness, inProcessing, inRequiresActionMicrodeposits, inRequiresActionThreeDS, refusal } from './helpers.js';

describe('the fail test helper', () => {
  it('fails the pending 3D Secure action: back to requires_payment_method with setup_intent_authentication_failure', () => {
    const h = harness();
    const result = applied(failTestSetupIntent(inRequiresActionThreeDS(h), h.env));
    expect(result.record.intent.status).toBe('requires_payment_method');
    expect(result.record.intent.last_setup_error?.code).toBe('setup_intent_authentication_failure');
  });

  it('fails a processing setup', () => {
    const h = harness();
    const result = applied(failTestSetupIntent(inProcessing(h), h.env));
    expect(result.record.intent.status).toBe('requires_payment_method');
    expect(result.record.intent.last_setup_error?.code).toBe('payment_method_provider_decline');
  });

  it('refuses pending microdeposits, which only verification ends', () => {
    const h = harness();
    const result = refusal(failTestSetupIntent(inRequiresActionMicrodeposits(h), h.env));
    expect(result.error.error.message).toBe('This SetupIntent is not waiting on a customer action: it has a status of requires_action and waits on microdeposit verification.');
  });
});
