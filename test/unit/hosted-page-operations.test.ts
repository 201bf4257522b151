// What the hosted pages may do, decided by the core: whether a page applies to a SetupIntent, and
// that only the link of its latest attempt acts.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MICRODEPOSIT_TEST_VALUES,
  DEFAULT_TEST_PAYMENT_METHODS,
  authenticateSetupAttempt,
  completeCustomerAction,
  createTestPaymentMethodCatalogue,
  pendingAuthentication,
  pendingMicrodepositVerification,
  verifySetupAttemptMicrodeposits,
} from '../../src/index.js';
import type { SetupIntentRecord } from '../../src/index.js';
import { applied, confirm, failed, harness, inRequiresActionMicrodeposits, inRequiresActionThreeDS, inSucceeded, refusal } from './helpers.js';
import type { Harness } from './helpers.js';

const staleMessage = (attempt: string, intent: string): string =>
  `This page belongs to the attempt ${attempt}, which is not the latest attempt of the SetupIntent ${intent}. Open the URL of its current next_action instead.`;

function latest(record: SetupIntentRecord): string {
  return record.intent.latest_attempt ?? '';
}

/** A SetupIntent waiting on 3D Secure again after failing it once: its first attempt's link is stale. */
function waitingAgain(h: Harness): { readonly record: SetupIntentRecord; readonly stale: string } {
  const first = inRequiresActionThreeDS(h);
  const back = applied(h.store.apply(completeCustomerAction(first, 'failed', h.env))).record;
  const again = applied(confirm(h, back, { payment_method: 'pm_card_authenticationRequired' })).record;
  expect(latest(again)).not.toBe(latest(first));
  return { record: again, stale: latest(first) };
}

describe('the 3D Secure page', () => {
  it('applies to a SetupIntent waiting on a customer action, for its latest attempt', () => {
    const h = harness();
    const waiting = inRequiresActionThreeDS(h);
    expect(pendingAuthentication(waiting, latest(waiting))).toEqual({ kind: 'found', value: latest(waiting) });
  });

  it('does not apply once the SetupIntent moved on, whatever attempt the link names', () => {
    const h = harness();
    const result = pendingAuthentication(inSucceeded(h), 'setatt_other');
    if (result.kind !== 'refused') throw new Error('found');
    expect(result.error.statusCode).toBe(400);
    expect(result.error.error.code).toBe('setup_intent_unexpected_state');
    expect(result.error.error.message).toBe('This SetupIntent is not waiting on authentication: it has a status of succeeded.');
  });

  it('does not apply to the link of an earlier attempt, or of none', () => {
    const h = harness();
    const { record, stale } = waitingAgain(h);
    expect(pendingAuthentication(record, stale)).toMatchObject({ kind: 'refused', error: { error: { message: staleMessage(stale, record.intent.id) } } });
    const none = pendingAuthentication(record, undefined);
    expect(none.kind === 'refused' && none.error.error.message).toMatch(/^This page belongs to no attempt, which is not the latest attempt/);
  });

  it('authenticating through the latest attempt completes or fails the action', () => {
    const h = harness();
    const waiting = inRequiresActionThreeDS(h);
    expect(applied(authenticateSetupAttempt(waiting, latest(waiting), 'succeeded', h.env)).record.intent.status).toBe('succeeded');
    const failedAuth = applied(authenticateSetupAttempt(waiting, latest(waiting), 'failed', h.env)).record.intent;
    expect(failedAuth.status).toBe('requires_payment_method');
    expect(failedAuth.last_setup_error?.code).toBe('setup_intent_authentication_failure');
  });

  it('the link of an earlier attempt is refused and changes nothing', () => {
    const h = harness();
    const { record, stale } = waitingAgain(h);
    const result = refusal(authenticateSetupAttempt(record, stale, 'succeeded', h.env));
    expect(result.error.error.code).toBe('setup_intent_unexpected_state');
    expect(result.error.error.message).toBe(staleMessage(stale, record.intent.id));
  });

  it('the latest link of a SetupIntent no longer waiting is refused by the action itself', () => {
    const h = harness();
    const waiting = inRequiresActionThreeDS(h);
    const done = applied(h.store.apply(authenticateSetupAttempt(waiting, latest(waiting), 'succeeded', h.env))).record;
    const again = refusal(authenticateSetupAttempt(done, latest(done), 'failed', h.env));
    expect(again.error.error.message).toBe('This SetupIntent is not waiting on a customer action: it has a status of succeeded.');
  });
});

describe('the microdeposit verification page', () => {
  it('applies to a SetupIntent waiting on microdeposits, with its type and the catalogue\'s test values', () => {
    const h = harness();
    const waiting = inRequiresActionMicrodeposits(h);
    const result = pendingMicrodepositVerification(waiting, latest(waiting), h.env);
    expect(result).toEqual({
      kind: 'found',
      value: { attempt: latest(waiting), microdepositType: 'amounts', testValues: DEFAULT_MICRODEPOSIT_TEST_VALUES.filter((value) => value.amounts !== undefined) },
    });
  });

  it('lists a custom catalogue\'s test values of the pending type', () => {
    const catalogue = createTestPaymentMethodCatalogue(DEFAULT_TEST_PAYMENT_METHODS, [
      { amounts: [7, 8], outcome: 'verify' },
      { descriptorCode: 'SM77GG', outcome: 'verify' },
    ]);
    const h = harness({ catalogue, behavior: { microdepositType: 'descriptor_code' } });
    const waiting = inRequiresActionMicrodeposits(h);
    const result = pendingMicrodepositVerification(waiting, latest(waiting), h.env);
    expect(result.kind === 'found' && result.value).toEqual({ attempt: latest(waiting), microdepositType: 'descriptor_code', testValues: [{ descriptorCode: 'SM77GG', outcome: 'verify' }] });
  });

  it('does not apply to a SetupIntent not waiting on microdeposits, or to another attempt\'s link', () => {
    const h = harness();
    const threeDS = pendingMicrodepositVerification(inRequiresActionThreeDS(h), 'setatt_other', h.env);
    expect(threeDS.kind === 'refused' && threeDS.error.error.message).toBe('This SetupIntent is not waiting on microdeposit verification: it has a status of requires_action.');
    const waiting = inRequiresActionMicrodeposits(h);
    const other = pendingMicrodepositVerification(waiting, 'setatt_other', h.env);
    expect(other.kind === 'refused' && other.error.error.message).toBe(staleMessage('setatt_other', waiting.intent.id));
  });

  it('verifying through the latest attempt verifies; a mismatch keeps the page applicable', () => {
    const h = harness();
    const waiting = inRequiresActionMicrodeposits(h);
    const mismatch = failed(verifySetupAttemptMicrodeposits(waiting, latest(waiting), { amounts: [12, 34] }, h.env));
    expect(mismatch.error.error.code).toBe('payment_method_microdeposit_verification_amounts_mismatch');
    expect(pendingMicrodepositVerification(mismatch.record, latest(waiting), h.env).kind).toBe('found');
    const verified = applied(verifySetupAttemptMicrodeposits(mismatch.record, latest(waiting), { amounts: [32, 45] }, h.env));
    expect(verified.record.intent.status).toBe('succeeded');
  });

  it('the link of another attempt is refused before the values are looked at', () => {
    const h = harness();
    const waiting = inRequiresActionMicrodeposits(h);
    const result = refusal(verifySetupAttemptMicrodeposits(waiting, 'setatt_other', { amounts: [32, 45] }, h.env));
    expect(result.error.error.message).toBe(staleMessage('setatt_other', waiting.intent.id));
  });
});
