// Every object the reducers produce, in a broad set of real flows, validates against the OpenAPI
// extract of Stripe's spec: SetupIntents, SetupAttempts, Mandates, error bodies and list pages.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EPOCH,
  TEST_CARDS,
  advanceTime,
  cancelSetupIntent,
  completeCustomerAction,
  confirmSetupIntent,
  createMemoryStore,
  createSetupIntent,
  expireSetupAttempt,
  listSetupIntents,
  publishableView,
  retrieveSetupIntent,
  settleProcessing,
  updateSetupIntent,
  verifyMicrodeposits,
} from '../../src/index.js';
import type {
  EnvironmentOptions,
  MandateDataParam,
  MemoryStore,
  OperationResult,
  SetupIntentCancellationReason,
  SetupIntentRecord,
  SetupIntentStatus,
} from '../../src/index.js';
import {
  STUBBED_SCHEMAS,
  expectValidStripeObjects,
  operationResultProblems,
  stubbedSchemas,
  validateErrorBody,
  validateMandate,
  validateSetupAttempt,
  validateSetupIntent,
  validateSetupIntentList,
} from '../support/openapi.js';

const ONLINE: MandateDataParam = {
  customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (test)' } },
};
const OFFLINE: MandateDataParam = { customer_acceptance: { type: 'offline' } };
const DAY = 24 * 60 * 60;

type Kind = OperationResult['kind'];

/** A store with a controllable clock whose every result is validated as it is applied. */
function harness(options: Omit<EnvironmentOptions, 'now' | 'findPaymentMethod' | 'findCustomer'> = {}) {
  let clock = DEFAULT_EPOCH;
  const store = createMemoryStore({ ...options, now: () => clock });
  let validated = 0;
  const run = <K extends Kind>(result: OperationResult, kind: K): Extract<OperationResult, { readonly kind: K }> => {
    expectValidStripeObjects(store.apply(result));
    validated++;
    if (result.kind !== kind) {
      const detail = result.kind === 'refused' ? `: ${result.error.error.message ?? ''}` : '';
      expect.fail(`expected a ${kind} result, got ${result.kind}${detail}`);
    }
    return result as Extract<OperationResult, { readonly kind: K }>;
  };
  return {
    store,
    tick: (seconds: number): void => {
      clock += seconds;
    },
    run,
    validatedCount: () => validated,
    /** Creates a SetupIntent and returns its record. */
    create: (params: Parameters<typeof createSetupIntent>[0]): SetupIntentRecord => run(createSetupIntent(params, store.env), 'applied').record,
  };
}

/** Every stored object validates, and so does the list of all SetupIntents. */
function expectStoreValid(store: MemoryStore): void {
  const problems: string[] = [];
  for (const intent of store.intents()) {
    problems.push(...validateSetupIntent(intent).map((p) => `${intent.id}: ${p}`));
    problems.push(...validateSetupIntent(publishableView(intent)).map((p) => `publishable ${intent.id}: ${p}`));
  }
  for (const attempt of store.setupAttempts.values()) {
    problems.push(...validateSetupAttempt(attempt).map((p) => `${attempt.id}: ${p}`));
  }
  for (const mandate of store.mandates.values()) {
    problems.push(...validateMandate(mandate).map((p) => `${mandate.id}: ${p}`));
  }
  const page = listSetupIntents(store.intents(), { limit: 100 });
  if (page.kind !== 'found') {
    expect.fail(`listing every SetupIntent was refused: ${page.error.error.message ?? ''}`);
  }
  problems.push(...validateSetupIntentList(page.value).map((p) => `list: ${p}`));
  expect(problems).toEqual([]);
}

function statusOf(result: Extract<OperationResult, { readonly kind: 'applied' | 'failed' }>): SetupIntentStatus {
  return result.record.intent.status;
}

describe('the normalised extract', () => {
  it('stubs exactly the schemas it documents', () => {
    expect([...stubbedSchemas()].sort()).toEqual([...STUBBED_SCHEMAS].sort());
  });
});

describe('card flows', () => {
  it('a card set up for a Customer succeeds, in two calls and in one', () => {
    const h = harness();
    const customer = h.store.addCustomer({ email: 'jenny@example.com', name: 'Jenny Rosen' });
    const created = h.create({ customer: customer.id, payment_method_types: ['card'], description: 'Save a card', metadata: { order: '42' } });
    expect(created.intent.status).toBe('requires_payment_method');
    const confirmed = h.run(confirmSetupIntent(created, { payment_method: 'pm_card_visa' }, h.store.env), 'applied');
    expect(statusOf(confirmed)).toBe('succeeded');
    expect(confirmed.changes.setupAttempts.map((a) => a.status)).toEqual(['succeeded']);
    expect(confirmed.changes.paymentMethods[0]?.customer).toBe(customer.id);

    const oneCall = h.run(
      createSetupIntent({ customer: customer.id, payment_method_types: ['card'], payment_method: 'pm_card_mastercard', confirm: true, usage: 'on_session' }, h.store.env),
      'applied',
    );
    expect(statusOf(oneCall)).toBe('succeeded');
    expect(oneCall.record.intent.usage).toBe('on_session');

    const withMethod = h.create({ payment_method_types: ['card'], payment_method: 'pm_card_amex' });
    expect(withMethod.intent.status).toBe('requires_confirmation');
    expect(statusOf(h.run(confirmSetupIntent(withMethod, {}, h.store.env), 'applied'))).toBe('succeeded');
    expectStoreValid(h.store);
  });

  it('3D Secure with a return_url redirects, then completes or fails', () => {
    const h = harness();
    const intent = h.create({ payment_method_types: ['card'] });
    const pending = h.run(
      confirmSetupIntent(intent, { payment_method: 'pm_card_authenticationRequiredOnSetup', return_url: 'https://example.com/return' }, h.store.env),
      'applied',
    );
    expect(statusOf(pending)).toBe('requires_action');
    expect(pending.record.intent.next_action?.type).toBe('redirect_to_url');
    expect(statusOf(h.run(completeCustomerAction(pending.record, 'succeeded', h.store.env), 'applied'))).toBe('succeeded');

    const second = h.create({ payment_method_types: ['card'] });
    const waiting = h.run(
      confirmSetupIntent(second, { payment_method: 'pm_card_threeDSecure2Required', return_url: 'https://example.com/return' }, h.store.env),
      'applied',
    );
    const failed = h.run(completeCustomerAction(waiting.record, 'failed', h.store.env), 'applied');
    expect(statusOf(failed)).toBe('requires_payment_method');
    expect(failed.record.intent.last_setup_error?.code).toBe('setup_intent_authentication_failure');
    expect(failed.changes.setupAttempts[0]?.payment_method_details.card?.three_d_secure?.result).toBe('failed');
    expectStoreValid(h.store);
  });

  it('3D Secure without a return_url hands over to Stripe.js, and the attempt can expire', () => {
    const h = harness();
    const intent = h.create({ payment_method_types: ['card'], payment_method_options: { card: { request_three_d_secure: 'challenge' } } });
    const pending = h.run(confirmSetupIntent(intent, { payment_method: 'pm_card_threeDSecureOptional' }, h.store.env), 'applied');
    expect(pending.record.intent.next_action?.type).toBe('use_stripe_sdk');
    const expired = h.run(expireSetupAttempt(pending.record, h.store.env), 'applied');
    expect(expired.record.intent.last_setup_error?.code).toBe('setup_intent_setup_attempt_expired');

    const declined = h.create({ payment_method_types: ['card'] });
    const challenged = h.run(confirmSetupIntent(declined, { payment_method: 'pm_card_threeDSecureRequiredChargeDeclined' }, h.store.env), 'applied');
    const afterDecline = h.run(completeCustomerAction(challenged.record, 'succeeded', h.store.env), 'applied');
    expect(afterDecline.record.intent.last_setup_error).toMatchObject({ type: 'card_error', code: 'card_declined' });

    const expiring = harness({ behavior: { customerActionExpirySeconds: 600 } });
    const started = expiring.run(
      confirmSetupIntent(expiring.create({ payment_method_types: ['card'] }), { payment_method: 'pm_card_authenticationRequired' }, expiring.store.env),
      'applied',
    );
    expiring.tick(601);
    expect(statusOf(expiring.run(advanceTime(started.record, expiring.store.env), 'applied'))).toBe('requires_payment_method');
    expectStoreValid(h.store);
    expectStoreValid(expiring.store);
  });

  const declining = TEST_CARDS.filter((card) => card.details.type === 'card' && card.details.declineOnConfirm !== undefined && card.aliases.length > 0);

  it.each(declining.map((card) => [card.key, card.aliases[0] ?? ''] as const))('the decline of %s is a valid 402 and a valid failed attempt', (_key, alias) => {
    const h = harness();
    const intent = h.create({ payment_method_types: ['card'] });
    const failed = h.run(confirmSetupIntent(intent, { payment_method: alias }, h.store.env), 'failed');
    expect(failed.error.statusCode).toBe(402);
    expect(failed.error.error.type).toBe('card_error');
    expect(failed.error.error.setup_intent?.status).toBe('requires_payment_method');
    expect(failed.changes.setupAttempts.map((a) => a.status)).toEqual(['failed']);
    expectStoreValid(h.store);
  });

  it('covers every distinct card error code of the catalogue', () => {
    const codes = new Set(declining.map((card) => (card.details.type === 'card' ? card.details.declineOnConfirm?.code : undefined)));
    expect([...codes].sort()).toEqual(['card_declined', 'expired_card', 'incorrect_cvc', 'processing_error']);
  });

  it('reaching the confirmation failure limit cancels with `abandoned`', () => {
    const h = harness({ behavior: { confirmationFailureLimit: 2 } });
    const intent = h.create({ payment_method_types: ['card'] });
    const first = h.run(confirmSetupIntent(intent, { payment_method: 'pm_card_chargeDeclined' }, h.store.env), 'failed');
    const second = h.run(confirmSetupIntent(first.record, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }, h.store.env), 'failed');
    expect(second.record.intent).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expectStoreValid(h.store);
  });
});

describe('bank debit flows', () => {
  it('SEPA with mandate_data creates a multi-use mandate, online or offline', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const online = h.run(
      createSetupIntent({ customer: customer.id, payment_method_types: ['sepa_debit'], payment_method: 'pm_success_de', mandate_data: ONLINE, confirm: true }, h.store.env),
      'applied',
    );
    expect(statusOf(online)).toBe('succeeded');
    expect(online.changes.mandates.map((m) => m.type)).toEqual(['multi_use']);
    expect(online.record.intent.mandate).toBe(online.changes.mandates[0]?.id);

    const fromData = h.create({
      payment_method_types: ['sepa_debit'],
      payment_method_options: { sepa_debit: { mandate_options: { reference_prefix: 'ACME' } } },
    });
    const offline = h.run(
      confirmSetupIntent(
        fromData,
        { payment_method_data: { type: 'sepa_debit', sepa_debit: { iban: 'AT611904300234573201' }, billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' } }, mandate_data: OFFLINE },
        h.store.env,
      ),
      'applied',
    );
    expect(offline.changes.mandates[0]?.customer_acceptance.type).toBe('offline');

    const missing = h.create({ payment_method_types: ['sepa_debit'] });
    const refused = h.run(confirmSetupIntent(missing, { payment_method: 'pm_success_fr' }, h.store.env), 'refused');
    expect(refused.error.error.code).toBe('parameter_missing');
    const nulled = h.run(confirmSetupIntent(missing, { payment_method: 'pm_success_fr', mandate_data: null }, h.store.env), 'refused');
    expect(nulled.error.error).toMatchObject({ code: 'parameter_missing', param: 'mandate_data' });

    const publishable = h.run(
      confirmSetupIntent(missing, { payment_method: 'pm_success_be', client_secret: missing.intent.client_secret ?? '' }, h.store.env, { key: 'publishable' }),
      'applied',
    );
    expect(publishable.changes.mandates[0]?.customer_acceptance.type).toBe('online');
    expectStoreValid(h.store);
  });

  it('single_use terms produce a single-use mandate', () => {
    const h = harness();
    const result = h.run(
      createSetupIntent(
        { payment_method_types: ['sepa_debit'], single_use: { amount: 1999, currency: 'eur' }, payment_method: 'pm_success_de', mandate_data: ONLINE, confirm: true },
        h.store.env,
      ),
      'applied',
    );
    expect(result.changes.mandates[0]).toMatchObject({ type: 'single_use', single_use: { amount: 1999, currency: 'eur' } });
    expect(result.record.intent.single_use_mandate).toBe(result.changes.mandates[0]?.id);
    expect(result.record.intent.mandate).toBeNull();
    expectStoreValid(h.store);
  });

  const manualAccount = {
    type: 'us_bank_account',
    us_bank_account: { account_holder_type: 'individual', account_number: '000123456789', routing_number: '110000000', account_type: 'checking' },
  } as const;

  function microdepositIntent(h: ReturnType<typeof harness>): SetupIntentRecord {
    const intent = h.create({ payment_method_types: ['us_bank_account'] });
    const pending = h.run(confirmSetupIntent(intent, { payment_method_data: manualAccount, mandate_data: ONLINE }, h.store.env), 'applied');
    expect(pending.record.intent.next_action?.type).toBe('verify_with_microdeposits');
    return pending.record;
  }

  it('ACH microdeposits verify, mismatch, exhaust and time out', () => {
    const h = harness();
    const verified = h.run(verifyMicrodeposits(microdepositIntent(h), { amounts: [32, 45] }, h.store.env), 'applied');
    expect(statusOf(verified)).toBe('succeeded');
    expect(verified.changes.mandates.map((m) => m.payment_method_details.type)).toEqual(['us_bank_account']);

    const mismatch = h.run(verifyMicrodeposits(microdepositIntent(h), { amounts: [1, 2] }, h.store.env), 'failed');
    expect(mismatch.error.error.code).toBe('payment_method_microdeposit_verification_amounts_mismatch');
    expect(statusOf(mismatch)).toBe('requires_action');
    const mismatchAgain = h.run(verifyMicrodeposits(mismatch.record, { amounts: [3, 4] }, h.store.env), 'failed');
    const outOfAttempts = h.run(verifyMicrodeposits(mismatchAgain.record, { amounts: [5, 6] }, h.store.env), 'failed');
    expect(statusOf(outOfAttempts)).toBe('requires_payment_method');

    const exhausted = h.run(verifyMicrodeposits(microdepositIntent(h), { amounts: [10, 11] }, h.store.env), 'failed');
    expect(exhausted.record.intent.last_setup_error?.code).toBe('payment_method_microdeposit_verification_attempts_exceeded');
    const timedOut = h.run(verifyMicrodeposits(microdepositIntent(h), { amounts: [40, 41] }, h.store.env), 'failed');
    expect(timedOut.record.intent.last_setup_error?.code).toBe('payment_method_microdeposit_verification_timeout');

    const waiting = microdepositIntent(h);
    h.tick(11 * DAY);
    const expired = h.run(advanceTime(waiting, h.store.env), 'applied');
    expect(expired.record.intent.last_setup_error?.code).toBe('payment_method_microdeposit_verification_timeout');

    const wrongState = h.run(verifyMicrodeposits(verified.record, { amounts: [32, 45] }, h.store.env), 'refused');
    expect(wrongState.error.error.code).toBe('intent_invalid_state');
    expectStoreValid(h.store);
  });

  it('descriptor codes and undeliverable microdeposits', () => {
    const h = harness({ behavior: { microdepositType: 'descriptor_code' } });
    const pending = microdepositIntent(h);
    expect(pending.intent.next_action?.verify_with_microdeposits?.microdeposit_type).toBe('descriptor_code');
    const mismatch = h.run(verifyMicrodeposits(pending, { descriptor_code: 'SM00XX' }, h.store.env), 'failed');
    expect(mismatch.error.error.code).toBe('payment_method_microdeposit_verification_descriptor_code_mismatch');
    expect(statusOf(h.run(verifyMicrodeposits(mismatch.record, { descriptor_code: 'SM11AA' }, h.store.env), 'applied'))).toBe('succeeded');

    const intent = h.create({ payment_method_types: ['us_bank_account'] });
    const undeliverable = h.run(confirmSetupIntent(intent, { payment_method: 'pm_usBankAccount_failMicrodeposits', mandate_data: ONLINE }, h.store.env), 'applied');
    h.tick(3 * DAY);
    const failed = h.run(advanceTime(undeliverable.record, h.store.env), 'applied');
    expect(failed.record.intent.last_setup_error?.code).toBe('payment_method_microdeposit_failed');
    expectStoreValid(h.store);
  });

  it('processing settles to success or failure', () => {
    const h = harness();
    const confirmProcessing = (alias: string): SetupIntentRecord => {
      const intent = h.create({ payment_method_types: ['us_bank_account'] });
      const result = h.run(confirmSetupIntent(intent, { payment_method: alias, mandate_data: ONLINE }, h.store.env), 'applied');
      expect(statusOf(result)).toBe('processing');
      return result.record;
    };
    expect(statusOf(h.run(settleProcessing(confirmProcessing('pm_usBankAccount_processing'), h.store.env), 'applied'))).toBe('succeeded');
    const forced = h.run(settleProcessing(confirmProcessing('pm_usBankAccount_processing'), h.store.env, 'failed'), 'applied');
    expect(forced.record.intent.last_setup_error?.code).toBe('payment_method_provider_decline');

    const timed = confirmProcessing('pm_usBankAccount_processingFails');
    h.tick(180);
    const settled = h.run(advanceTime(timed, h.store.env), 'applied');
    expect(statusOf(settled)).toBe('requires_payment_method');

    const linked = h.create({ payment_method_types: ['us_bank_account'] });
    expect(statusOf(h.run(confirmSetupIntent(linked, { payment_method: 'pm_usBankAccount_success', mandate_data: ONLINE }, h.store.env), 'applied'))).toBe(
      'succeeded',
    );
    expectStoreValid(h.store);
  });

  it('ACSS debit succeeds with a pre-authorized debit mandate', () => {
    const h = harness();
    const intent = h.create({ payment_method_types: ['acss_debit'] });
    expect(intent.intent.payment_method_options?.acss_debit?.currency).toBe('cad');
    const result = h.run(confirmSetupIntent(intent, { payment_method: 'pm_acssDebit_success', mandate_data: ONLINE }, h.store.env), 'applied');
    expect(statusOf(result)).toBe('succeeded');
    expect(result.changes.mandates[0]?.payment_method_details).toMatchObject({ type: 'acss_debit', acss_debit: { payment_schedule: 'sporadic' } });
    expectStoreValid(h.store);
  });
});

describe('cancel, update, list and read', () => {
  const reasons: readonly (SetupIntentCancellationReason | undefined)[] = ['abandoned', 'duplicate', 'requested_by_customer', undefined];

  it.each(reasons.map((reason) => [reason ?? 'no reason'] as const))('cancel with %s', (label) => {
    const reason = reasons.find((r) => (r ?? 'no reason') === label);
    const h = harness();
    const waiting = h.run(
      confirmSetupIntent(h.create({ payment_method_types: ['card'] }), { payment_method: 'pm_card_authenticationRequired' }, h.store.env),
      'applied',
    );
    const canceled = h.run(cancelSetupIntent(waiting.record, reason === undefined ? {} : { cancellation_reason: reason }, h.store.env), 'applied');
    expect(canceled.record.intent).toMatchObject({ status: 'canceled', cancellation_reason: reason ?? null, next_action: null });
    expect(canceled.changes.setupAttempts.map((a) => a.status)).toEqual(['abandoned']);
    const again = h.run(cancelSetupIntent(canceled.record, {}, h.store.env), 'refused');
    expect(again.error.error.setup_intent?.status).toBe('canceled');
    expectStoreValid(h.store);
  });

  it('cancel refused on a succeeded SetupIntent', () => {
    const h = harness();
    const done = h.run(createSetupIntent({ payment_method_types: ['card'], payment_method: 'pm_card_visa', confirm: true }, h.store.env), 'applied');
    const refused = h.run(cancelSetupIntent(done.record, { cancellation_reason: 'duplicate' }, h.store.env), 'refused');
    expect(refused.error.error.code).toBe('setup_intent_unexpected_state');
  });

  it('update sets and unsets fields and the payment method', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const intent = h.create({ payment_method_types: ['card', 'sepa_debit'], metadata: { a: '1' } });
    const annotated = h.run(
      updateSetupIntent(intent, { metadata: { a: '', b: '2' }, description: 'updated', customer: customer.id, excluded_payment_method_types: ['sepa_debit'] }, h.store.env),
      'applied',
    );
    expect(annotated.record.intent).toMatchObject({ metadata: { b: '2' }, description: 'updated', customer: customer.id });
    const withMethod = h.run(updateSetupIntent(annotated.record, { payment_method: 'pm_card_visa' }, h.store.env), 'applied');
    expect(statusOf(withMethod)).toBe('requires_confirmation');
    const unset = h.run(
      updateSetupIntent(withMethod.record, { payment_method: '', excluded_payment_method_types: '', metadata: '', payment_method_options: { card: { request_three_d_secure: 'any' } } }, h.store.env),
      'applied',
    );
    expect(unset.record.intent).toMatchObject({ status: 'requires_payment_method', payment_method: null, excluded_payment_method_types: null, metadata: {} });
    // Stripe's SDKs send `null` as an empty value: it unsets just as `''` does.
    const relabelled = h.run(updateSetupIntent(unset.record, { metadata: { c: '3' }, allowed_payment_method_types: ['card'] }, h.store.env), 'applied');
    const nulled = h.run(updateSetupIntent(relabelled.record, { metadata: null, allowed_payment_method_types: null }, h.store.env), 'applied');
    expect(nulled.record.intent).toMatchObject({ metadata: {}, allowed_payment_method_types: null });
    const types = h.run(updateSetupIntent(nulled.record, { payment_method_types: ['us_bank_account', 'acss_debit'] }, h.store.env), 'applied');
    expect(Object.keys(types.record.intent.payment_method_options ?? {}).sort()).toEqual(['acss_debit', 'us_bank_account']);
    const unknown = h.run(updateSetupIntent(types.record, { usage: 'on_session' } as never, h.store.env), 'refused');
    expect(unknown.error.error.code).toBe('parameter_unknown');
    const done = h.run(confirmSetupIntent(types.record, { payment_method: 'pm_usBankAccount_success', mandate_data: ONLINE }, h.store.env), 'applied');
    // A succeeded SetupIntent still takes a description (recorded live, spec §11), not a payment method.
    h.run(updateSetupIntent(done.record, { description: 'noted after success' }, h.store.env), 'applied');
    h.run(updateSetupIntent(done.record, { payment_method: 'pm_card_visa' }, h.store.env), 'refused');
    expectStoreValid(h.store);
  });

  it('list pages and their refusals', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    for (let i = 0; i < 5; i++) {
      h.tick(60);
      h.create({ payment_method_types: ['card'], ...(i % 2 === 0 ? { customer: customer.id } : {}) });
    }
    const intents = h.store.intents();
    const first = listSetupIntents(intents, { limit: 2 });
    if (first.kind !== 'found') return expect.fail('the first page was refused');
    expect(first.value.has_more).toBe(true);
    const last = first.value.data[1]?.id ?? '';
    const second = listSetupIntents(intents, { limit: 2, starting_after: last });
    const previous = listSetupIntents(intents, { limit: 2, ending_before: last });
    const filtered = listSetupIntents(intents, { customer: customer.id, created: { gte: DEFAULT_EPOCH } });
    const empty = listSetupIntents(intents, { customer: 'cus_nobody' });
    for (const page of [first, second, previous, filtered, empty]) {
      if (page.kind !== 'found') return expect.fail('a page was refused');
      expect(validateSetupIntentList(page.value)).toEqual([]);
    }
    expect(filtered.kind === 'found' && filtered.value.data.length).toBe(3);
    expect(empty.kind === 'found' && empty.value.data).toEqual([]);
    for (const bad of [listSetupIntents(intents, { limit: 0 }), listSetupIntents(intents, { starting_after: 'seti_missing' })]) {
      if (bad.kind !== 'refused') return expect.fail('a bad list request was answered');
      expect(validateErrorBody({ error: bad.error.error })).toEqual([]);
    }
  });

  it('publishable reads, with and without the client secret', () => {
    const h = harness();
    const intent = h.run(
      confirmSetupIntent(h.create({ payment_method_types: ['card'] }), { payment_method: 'pm_card_chargeDeclined' }, h.store.env),
      'failed',
    ).record;
    const view = retrieveSetupIntent(intent, { client_secret: intent.intent.client_secret ?? '' }, { key: 'publishable' });
    if (view.kind !== 'found') return expect.fail('the publishable read was refused');
    expect(Object.keys(view.value)).not.toContain('customer');
    expect(validateSetupIntent(view.value)).toEqual([]);
    const secret = retrieveSetupIntent(intent);
    expect(secret.kind === 'found' && validateSetupIntent(secret.value)).toEqual([]);
    const denied = retrieveSetupIntent(intent, {}, { key: 'publishable' });
    if (denied.kind !== 'refused') return expect.fail('a publishable read without the secret was answered');
    expect(denied.error.statusCode).toBe(404);
    expect(validateErrorBody({ error: denied.error.error })).toEqual([]);
  });

  it('automatic payment methods by default, and the return_url they require', () => {
    const h = harness();
    const intent = h.create({});
    expect(intent.intent.automatic_payment_methods).toEqual({ allow_redirects: 'always', enabled: true });
    expect(intent.intent.payment_method_configuration_details).not.toBeNull();
    const refused = h.run(confirmSetupIntent(intent, { payment_method: 'pm_card_visa' }, h.store.env), 'refused');
    expect(refused.error.error.param).toBe('return_url');
    expect(statusOf(h.run(confirmSetupIntent(intent, { payment_method: 'pm_card_visa', return_url: 'https://example.com/done' }, h.store.env), 'applied'))).toBe(
      'succeeded',
    );
    const noRedirects = h.create({ automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, excluded_payment_method_types: ['acss_debit'] });
    expect(statusOf(h.run(confirmSetupIntent(noRedirects, { payment_method: 'pm_card_visa' }, h.store.env), 'applied'))).toBe('succeeded');
    expectStoreValid(h.store);
  });

  it('parameter refusals have valid error bodies', () => {
    const h = harness();
    const bad: readonly OperationResult[] = [
      createSetupIntent({ payment_method_type: ['card'] } as never, h.store.env),
      createSetupIntent({ usage: 'sometimes' } as never, h.store.env),
      createSetupIntent({ customer: 'cus_missing' }, h.store.env),
      createSetupIntent({ return_url: 'https://example.com' }, h.store.env),
      createSetupIntent({ payment_method_types: ['card'], payment_method: 'pm_does_not_exist' }, h.store.env),
      createSetupIntent({ automatic_payment_methods: { enabled: true }, payment_method_types: ['card'] }, h.store.env),
      createSetupIntent({ metadata: { ['k'.repeat(41)]: 'v' } }, h.store.env),
    ];
    for (const result of bad) {
      h.run(result, 'refused');
    }
    expect(h.validatedCount()).toBe(bad.length);
  });
});

describe('the validator catches mistakes', () => {
  function sample() {
    const h = harness();
    const done = h.run(
      createSetupIntent({ payment_method_types: ['sepa_debit', 'card'], payment_method: 'pm_success_de', mandate_data: ONLINE, confirm: true }, h.store.env),
      'applied',
    );
    const attempt = done.changes.setupAttempts[0];
    const mandate = done.changes.mandates[0];
    if (attempt === undefined || mandate === undefined) {
      return expect.fail('the SEPA setup produced no attempt or no mandate');
    }
    return { done, intent: done.record.intent, attempt, mandate };
  }

  it('a wrong enum status', () => {
    const { intent, mandate } = sample();
    expect(validateSetupIntent({ ...intent, status: 'requires_source' })).toEqual([
      '/status must be one of ["canceled","processing","requires_action","requires_confirmation","requires_payment_method","succeeded"], got "requires_source"',
    ]);
    expect(validateMandate({ ...mandate, status: 'revoked' })).toHaveLength(1);
    expect(validateErrorBody({ error: { type: 'card_declined', message: 'x' } })[0]).toContain('/error/type must be one of');
  });

  it('a missing required field', () => {
    const { intent, attempt } = sample();
    const { usage: _usage, ...withoutUsage } = intent;
    expect(validateSetupIntent(withoutUsage)).toEqual(['(root) is missing required property "usage"']);
    const { payment_method: _pm, ...withoutPaymentMethod } = attempt;
    expect(validateSetupAttempt(withoutPaymentMethod)).toContain('(root) is missing required property "payment_method"');
    expect(validateSetupIntentList({ object: 'list', data: [intent], url: '/v1/setup_intents' })).toEqual(['(root) is missing required property "has_more"']);
    expect(validateErrorBody({})).toEqual(['(root) is missing required property "error"']);
  });

  it('wrong types, nulls where none are allowed, formats and unknown fields', () => {
    const { intent, attempt } = sample();
    expect(validateSetupIntent({ ...intent, customer: 5 })).toEqual(['/customer must be string, got 5', '/customer must be object, got 5']);
    expect(validateSetupIntent({ ...intent, created: 1.5 })).toContain('/created must be integer, got 1.5');
    expect(validateSetupIntent({ ...intent, livemode: null })).toEqual(['/livemode must be boolean, got null']);
    expect(validateSetupIntent({ ...intent, metadata: { n: 1 } })).toEqual(['/metadata/n must be string, got 1']);
    expect(validateSetupIntent({ ...intent, cancelation_reason: null })).toEqual([
      '(root) has a property the spec does not define: "cancelation_reason"',
    ]);
    expect(validateSetupIntent({ ...intent, cancelation_reason: null }, { closed: false })).toEqual([]);
    expect(validateSetupIntentList({ object: 'list', data: [], has_more: false, url: '/v1/payment_intents' })[0]).toContain('/url must match pattern');
    expect(validateSetupIntent({ ...intent, payment_method_options: { card: { request_three_d_secure: 'always' } } }).join('\n')).toContain(
      'request_three_d_secure must be one of',
    );
    const card = intent.payment_method_options?.card;
    expect(validateSetupIntent({ ...intent, payment_method_options: { card: { ...card, moto: true } } }).join('\n')).toContain(
      '/payment_method_options/card has a property the spec does not define: "moto"',
    );
    expect(validateSetupIntent({ ...intent, status: 'requires_action', next_action: { type: 'redirect_to_url', redirect_to_url: { url: 'https://x', return_url: null, method: 'GET' } } })).toEqual([
      '/next_action/redirect_to_url has a property the spec does not define: "method"',
    ]);
    expect(validateSetupAttempt({ ...attempt, payment_method_details: { type: 'sepa_debit', sepa_debit: {}, card: { brand: 7 } } })).toEqual([
      '/payment_method_details/card/brand must be string or null, got 7',
    ]);
  });

  it('reports the objects of a result by name', () => {
    const { done, intent } = sample();
    const broken: OperationResult = { ...done, record: { ...done.record, intent: { ...intent, status: 'pending' as SetupIntentStatus } } };
    expect(operationResultProblems(broken)).toEqual([
      `SetupIntent ${intent.id}: /status must be one of ["canceled","processing","requires_action","requires_confirmation","requires_payment_method","succeeded"], got "pending"`,
    ]);
    expect(() => expectValidStripeObjects(broken)).toThrow(/do not match the OpenAPI extract/);
  });
});
