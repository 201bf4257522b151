import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH, createSetupIntent, verifyMicrodeposits } from '../../src/index.js';
import type { SetupIntentCreateParams } from '../../src/index.js';
import {
  MANUAL_ACH,
  ONLINE_MANDATE,
  RETURN_URL,
  applied,
  create,
  deepFreeze,
  expectError,
  failed,
  harness,
  paymentMethodOf,
  refusal,
  storedPaymentMethod,
} from './helpers.js';

describe('create: a new SetupIntent without a payment method (T1)', () => {
  it('starts in requires_payment_method with the documented defaults for explicit card types', () => {
    const h = harness();
    const result = applied(createSetupIntent({ payment_method_types: ['card'] }, h.env));
    const intent = result.record.intent;
    expect(intent.id).toMatch(/^seti_[0-9A-Za-z]{24}$/);
    expect(intent.object).toBe('setup_intent');
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_[0-9A-Za-z]{25}$`));
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.created).toBe(DEFAULT_EPOCH);
    expect(intent.payment_method_types).toEqual(['card']);
    expect(intent.automatic_payment_methods).toBeNull();
    expect(intent.payment_method_configuration_details).toBeNull();
    expect(intent.payment_method_options).toEqual({
      card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    });
    expect(intent.usage).toBe('off_session');
    expect(intent.livemode).toBe(false);
    for (const key of ['payment_method', 'customer', 'description', 'last_setup_error', 'latest_attempt', 'mandate', 'next_action', 'single_use_mandate', 'cancellation_reason'] as const) {
      expect(intent[key]).toBeNull();
    }
    expect(intent.metadata).toEqual({});
    expect(result.record.latestAttempt).toBeNull();
    expect(result.record.pending).toBeNull();
    expect(result.changes).toEqual({ setupAttempts: [], mandates: [], paymentMethods: [] });
  });

  it('turns on automatic payment methods when payment_method_types is omitted (2023-08-16 default)', () => {
    const h = harness();
    const intent = create(h, {}).intent;
    expect(intent.automatic_payment_methods).toEqual({ allow_redirects: 'always', enabled: true });
    expect(intent.payment_method_types).toEqual(['card', 'sepa_debit', 'us_bank_account']);
    expect(intent.payment_method_configuration_details).toEqual({ id: 'pmc_1SetupIntentMachine0Dflt', parent: null });
    // With dynamic payment methods only card and us_bank_account get options (recorded at
    // 2025-10-29.clover, test/fixtures/recordings/pay-rails-can-create-setup-intent.json).
    expect(Object.keys(intent.payment_method_options ?? {}).sort()).toEqual(['card', 'us_bank_account']);
  });

  it('keeps explicit automatic_payment_methods settings and a named configuration', () => {
    const h = harness();
    const intent = create(h, {
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      payment_method_configuration: 'pmc_custom',
    }).intent;
    expect(intent.automatic_payment_methods).toEqual({ allow_redirects: 'never', enabled: true });
    expect(intent.payment_method_configuration_details).toEqual({ id: 'pmc_custom', parent: null });
  });

  it('uses the clock of the environment for created', () => {
    const h = harness();
    h.advance(12_345);
    expect(create(h).intent.created).toBe(DEFAULT_EPOCH + 12_345);
  });

  it('honours usage=on_session, and ignores it when honorUsage is off', () => {
    expect(create(harness(), { payment_method_types: ['card'], usage: 'on_session' }).intent.usage).toBe('on_session');
    const ignoring = harness({ behavior: { honorUsage: false } });
    expect(create(ignoring, { payment_method_types: ['card'], usage: 'on_session' }).intent.usage).toBe('off_session');
  });

  it('drops metadata keys sent with empty values and stringifies numbers', () => {
    const intent = create(harness(), { payment_method_types: ['card'], metadata: { order: 'A-1', drop: '', n: 7 } }).intent;
    expect(intent.metadata).toEqual({ order: 'A-1', n: '7' });
  });

  it('records the customer, description and request_three_d_secure option', () => {
    const h = harness();
    const customer = h.store.addCustomer({ email: 'a@example.com' });
    const intent = create(h, {
      payment_method_types: ['card'],
      customer: customer.id,
      description: 'Save card',
      payment_method_options: { card: { request_three_d_secure: 'any' } },
    }).intent;
    expect(intent.customer).toBe(customer.id);
    expect(intent.description).toBe('Save card');
    expect(intent.payment_method_options?.card?.request_three_d_secure).toBe('any');
  });

  it('does not mutate frozen params', () => {
    const h = harness();
    const params: SetupIntentCreateParams = deepFreeze({
      payment_method_types: ['card'],
      metadata: { a: 'b' },
      payment_method_options: { card: { request_three_d_secure: 'any' } },
    });
    const before = structuredClone(params);
    expect(() => createSetupIntent(params, h.env)).not.toThrow();
    expect(params).toEqual(before);
  });
});

describe('create with a payment method and no confirm (T2)', () => {
  it('an alias pm_card_visa creates a fresh pm_ id and moves to requires_confirmation', () => {
    const h = harness();
    const result = applied(h.store.apply(createSetupIntent({ payment_method_types: ['card'], payment_method: 'pm_card_visa' }, h.env)));
    const pmId = result.record.intent.payment_method;
    expect(pmId).toMatch(/^pm_[0-9A-Za-z]{24}$/);
    expect(pmId).not.toBe('pm_card_visa');
    expect(result.record.intent.status).toBe('requires_confirmation');
    expect(result.changes.paymentMethods.map((pm) => pm.id)).toEqual([pmId]);
    expect(storedPaymentMethod(h, pmId).card?.last4).toBe('4242');
    expect(result.record.latestAttempt).toBeNull();
  });

  it('payment_method_data creates the PaymentMethod and waits for confirmation', () => {
    const h = harness();
    const result = applied(createSetupIntent({ payment_method_types: ['us_bank_account'], payment_method_data: MANUAL_ACH }, h.env));
    expect(result.record.intent.status).toBe('requires_confirmation');
    expect(result.changes.paymentMethods).toHaveLength(1);
    expect(result.changes.paymentMethods[0]?.type).toBe('us_bank_account');
  });

  it('a stored PaymentMethod of the same Customer is accepted and not re-created', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const pm = paymentMethodOf(h, customer.id);
    const result = applied(createSetupIntent({ payment_method_types: ['card'], customer: customer.id, payment_method: pm.id }, h.env));
    expect(result.record.intent.payment_method).toBe(pm.id);
    expect(result.changes.paymentMethods).toEqual([]);
  });
});

describe('create with confirm=true (T3)', () => {
  it('runs the confirmation at once: pm_card_visa succeeds with a SetupAttempt', () => {
    const h = harness();
    const result = applied(h.store.apply(createSetupIntent({ payment_method_types: ['card'], payment_method: 'pm_card_visa', confirm: true }, h.env)));
    expect(result.record.intent.status).toBe('succeeded');
    expect(result.record.intent.latest_attempt).toMatch(/^setatt_/);
    expect(result.record.latestAttempt?.status).toBe('succeeded');
  });

  it('a decline answers 402 although the SetupIntent now exists', () => {
    const h = harness();
    const result = failed(h.store.apply(createSetupIntent({ payment_method_types: ['card'], payment_method: 'pm_card_chargeDeclined', confirm: 'true' as unknown as boolean }, h.env)));
    expect(result.error.statusCode).toBe(402);
    expect(result.error.error.setup_intent?.id).toBe(result.record.intent.id);
    expect(h.store.record(result.record.intent.id)?.intent.status).toBe('requires_payment_method');
  });

  it('3DS with a return_url answers redirect_to_url', () => {
    const h = harness();
    const result = applied(createSetupIntent({ payment_method_types: ['card'], payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: RETURN_URL }, h.env));
    expect(result.record.intent.next_action?.type).toBe('redirect_to_url');
    expect(result.record.intent.next_action?.redirect_to_url?.return_url).toBe(RETURN_URL);
  });

  it('single_use terms make the SEPA mandate single-use (single_use_mandate, not mandate)', () => {
    const h = harness();
    const result = applied(h.store.apply(createSetupIntent({
      payment_method_types: ['sepa_debit'],
      payment_method: 'pm_success_de',
      confirm: true,
      mandate_data: ONLINE_MANDATE,
      single_use: { amount: 1500, currency: 'eur' },
    }, h.env)));
    const intent = result.record.intent;
    expect(intent.status).toBe('succeeded');
    expect(intent.mandate).toBeNull();
    expect(intent.single_use_mandate).toMatch(/^mandate_/);
    const mandate = h.store.mandates.get(intent.single_use_mandate ?? '');
    expect(mandate?.type).toBe('single_use');
    expect(mandate?.single_use).toEqual({ amount: 1500, currency: 'eur' });
    expect(mandate?.multi_use).toBeUndefined();
  });

  it('confirm=true without any payment method is refused and nothing is created', () => {
    const h = harness();
    const result = refusal(createSetupIntent({ payment_method_types: ['card'], confirm: true }, h.env));
    expect(result.error.error.code).toBe('setup_intent_unexpected_state');
    expect(result.error.error.message).toMatch(/^You cannot confirm this SetupIntent because it's missing a payment method\./);
  });
});

describe('create refusals', () => {
  for (const param of ['return_url', 'mandate_data', 'confirmation_token'] as const) {
    it(`${param} without confirm=true is setup_intent_invalid_parameter`, () => {
      const values = { return_url: RETURN_URL, mandate_data: ONLINE_MANDATE, confirmation_token: 'ctoken_123' };
      const result = refusal(createSetupIntent({ payment_method_types: ['card'], [param]: values[param] }, harness().env));
      expectError(result.error, {
        statusCode: 400, type: 'invalid_request_error',
        code: 'setup_intent_invalid_parameter',
        param,
        message: `The parameter \`${param}\` cannot be passed when creating a SetupIntent unless \`confirm\` is set to true.`,
      });
    });
  }

  it('automatic_payment_methods and payment_method_types are exclusive', () => {
    const result = refusal(createSetupIntent({ payment_method_types: ['card'], automatic_payment_methods: { enabled: true } }, harness().env));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error',
      code: 'parameters_exclusive',
      param: 'payment_method_types',
      message: 'You may only specify one of these parameters: automatic_payment_methods, payment_method_types.',
    });
  });

  it('payment_method and payment_method_data are exclusive', () => {
    const result = refusal(createSetupIntent({ payment_method: 'pm_card_visa', payment_method_data: MANUAL_ACH }, harness().env));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error',
      code: 'parameters_exclusive',
      param: 'payment_method_data',
      message: 'You may only specify one of these parameters: payment_method, payment_method_data.',
    });
  });

  it('attach_to_self cannot be true together with a customer', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const result = refusal(createSetupIntent({ attach_to_self: true, customer: customer.id }, h.env));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error',
      param: 'attach_to_self',
      message: 'You cannot set `attach_to_self` to true when `customer` is set.',
    });
  });

  it('an unknown customer in the body is resource_missing with 400', () => {
    const result = refusal(createSetupIntent({ customer: 'cus_missing' }, harness().env));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'customer',
      message: "No such customer: 'cus_missing'",
    });
  });

  it('an unknown payment method is resource_missing with 400', () => {
    const result = refusal(createSetupIntent({ payment_method_types: ['card'], payment_method: 'pm_nope' }, harness().env));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_method',
      message: "No such PaymentMethod: 'pm_nope'",
    });
  });

  it('a confirmation token that does not exist is resource_missing', () => {
    const result = refusal(createSetupIntent({ confirm: true, confirmation_token: 'ctoken_x', payment_method: 'pm_card_visa' }, harness().env));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'confirmation_token',
      message: "No such confirmationtoken: 'ctoken_x'",
    });
  });

  it('a PaymentMethod of another Customer is refused (ownership)', () => {
    const h = harness();
    const owner = h.store.addCustomer();
    const other = h.store.addCustomer();
    const pm = paymentMethodOf(h, owner.id);
    const result = refusal(createSetupIntent({ payment_method_types: ['card'], customer: other.id, payment_method: pm.id }, h.env));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error',
      param: 'payment_method',
      message:
        `The PaymentMethod ${pm.id} does not belong to the Customer you supplied ${other.id}. ` +
        'Please use this PaymentMethod with the Customer that it belongs to instead.',
    });
  });

  it('a PaymentMethod with a Customer on an intent without one is refused (ownership)', () => {
    const h = harness();
    const owner = h.store.addCustomer();
    const pm = paymentMethodOf(h, owner.id);
    const result = refusal(createSetupIntent({ payment_method_types: ['card'], payment_method: pm.id }, h.env));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error',
      param: 'payment_method',
      message:
        `The payment method supplied (${pm.id}) belongs to the Customer ${owner.id}. ` +
        'Please include the Customer in the `customer` parameter on the SetupIntent.',
    });
  });

  it('a payment method type the intent does not allow is refused', () => {
    const result = refusal(createSetupIntent({ payment_method_types: ['card'], payment_method: 'pm_success_de' }, harness().env));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error',
      param: 'payment_method',
      message:
        'The PaymentMethod provided (sepa_debit) is not allowed for this SetupIntent. Please attach a PaymentMethod of one ' +
        'of the following types: card. Alternatively update the allowed payment_method_types for this SetupIntent to include "sepa_debit".',
    });
  });

  it('automatic_payment_methods without enabled is parameter_missing', () => {
    const result = refusal(createSetupIntent({ automatic_payment_methods: {} as { enabled: boolean } }, harness().env));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'automatic_payment_methods[enabled]',
      message: 'Missing required param: automatic_payment_methods[enabled].',
    });
  });

  it('parameters create does not take, such as client_secret, are parameter_unknown', () => {
    const result = refusal(createSetupIntent({ client_secret: 'x' } as SetupIntentCreateParams, harness().env));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'client_secret',
      message: 'Received unknown parameter: client_secret',
    });
  });
});

describe('create with payment_method_data', () => {
  const INVALID = { statusCode: 400, type: 'invalid_request_error' } as const;

  it('a SEPA IBAN (spaces, lower case) is normalised, recognised as pm_success_de and sets up with a mandate', () => {
    const h = harness();
    const result = applied(h.store.apply(createSetupIntent({
      payment_method_types: ['sepa_debit'],
      confirm: true,
      mandate_data: ONLINE_MANDATE,
      payment_method_data: { type: 'sepa_debit', sepa_debit: { iban: 'de89 3704 0044 0532 0130 00' }, billing_details: { name: 'Jenny Rosen', email: '' } },
    }, h.env)));
    const pm = storedPaymentMethod(h, result.record.intent.payment_method);
    expect(pm.sepa_debit).toMatchObject({ country: 'DE', last4: '3000', bank_code: '37040044' });
    // An address of nulls, never null (recorded live at 2026-08-26.dahlia, test/fixtures/recordings/).
    const noAddress = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
    expect(pm.billing_details).toEqual({ address: noAddress, email: null, name: 'Jenny Rosen', phone: null, tax_id: null });
    expect(result.record.intent.status).toBe('succeeded');
    expect(result.changes.mandates[0]?.payment_method_details.sepa_debit?.reference).toMatch(/^[0-9A-Z]{16}$/);
  });

  it('a linked us_bank_account (financial_connections_account) skips microdeposits', () => {
    const h = harness();
    const result = applied(createSetupIntent({
      payment_method_types: ['us_bank_account'],
      confirm: true,
      mandate_data: ONLINE_MANDATE,
      payment_method_data: { type: 'us_bank_account', us_bank_account: { financial_connections_account: 'fca_123' } },
    }, h.env));
    expect(result.record.intent.status).toBe('succeeded');
  });

  it('acss_debit: a delayed test account entered by hand is verified with microdeposits, then processes; pm_acssDebit_success sets up at once', () => {
    const h = harness();
    const manual = applied(h.store.apply(createSetupIntent({
      payment_method_types: ['acss_debit'],
      confirm: true,
      mandate_data: ONLINE_MANDATE,
      payment_method_data: { type: 'acss_debit', acss_debit: { account_number: '900123456789', institution_number: '000', transit_number: '11000' } },
    }, h.env)));
    expect(manual.record.intent.next_action?.type).toBe('verify_with_microdeposits');
    expect(storedPaymentMethod(h, manual.record.intent.payment_method).acss_debit).toMatchObject({ institution_number: '000', transit_number: '11000', last4: '6789' });
    const verified = applied(verifyMicrodeposits(manual.record, { amounts: [32, 45] }, h.env));
    expect(verified.record.intent.status).toBe('processing');
    expect(verified.record.pending).toEqual({ kind: 'processing', outcome: { kind: 'succeed' }, settlesAt: h.now() + 180 });
    const instant = applied(createSetupIntent({ payment_method_types: ['acss_debit'], confirm: true, mandate_data: ONLINE_MANDATE, payment_method: 'pm_acssDebit_success' }, h.env));
    expect(instant.record.intent.status).toBe('succeeded');
    expect(instant.record.intent.mandate).toMatch(/^mandate_/);
  });

  const problems = [
    [{ type: 'sepa_debit' }, { ...INVALID, code: 'parameter_missing', param: 'payment_method_data[sepa_debit]', message: 'Missing required param: payment_method_data[sepa_debit].' }],
    [{ type: 'sepa_debit', sepa_debit: { iban: 'NOT-AN-IBAN' } }, { ...INVALID, param: 'payment_method_data[sepa_debit][iban]', message: 'The IBAN you provided (NOT-AN-IBAN) is invalid.' }],
    [{ type: 'us_bank_account' }, { ...INVALID, code: 'parameter_missing', param: 'payment_method_data[us_bank_account]', message: 'Missing required param: payment_method_data[us_bank_account].' }],
    [{ type: 'us_bank_account', us_bank_account: { routing_number: '110000000' } }, { ...INVALID, code: 'parameter_missing', param: 'payment_method_data[us_bank_account][account_number]', message: 'Missing required param: payment_method_data[us_bank_account][account_number].' }],
    [{ type: 'us_bank_account', us_bank_account: { account_number: '000123456789' } }, { ...INVALID, code: 'parameter_missing', param: 'payment_method_data[us_bank_account][routing_number]', message: 'Missing required param: payment_method_data[us_bank_account][routing_number].' }],
    [{ type: 'us_bank_account', us_bank_account: { account_number: '000123456789', routing_number: '11000000' } }, { ...INVALID, param: 'payment_method_data[us_bank_account][routing_number]', message: 'Routing number must have 9 digits.' }],
    [{ type: 'acss_debit' }, { ...INVALID, code: 'parameter_missing', param: 'payment_method_data[acss_debit]', message: 'Missing required param: payment_method_data[acss_debit].' }],
    [{ type: 'card' }, {
      ...INVALID,
      param: 'payment_method_data[type]',
      message:
        'Creating a PaymentMethod of type card through payment_method_data is not supported here; use a test PaymentMethod such as pm_card_visa, ' +
        'or one of sepa_debit, us_bank_account, acss_debit.',
    }],
  ] as const;
  for (const [data, expected] of problems) {
    it(`refuses payment_method_data ${JSON.stringify(data)}`, () => {
      expectError(refusal(createSetupIntent({ payment_method_types: ['card', 'sepa_debit', 'us_bank_account', 'acss_debit'], payment_method_data: data }, harness().env)).error, expected);
    });
  }
});
