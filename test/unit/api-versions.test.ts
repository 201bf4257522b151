import { describe, expect, it } from 'vitest';
import { apiVersionBehavior, isApiVersion, invalidApiVersion } from '../../src/core/api-versions.js';
import { atApiVersion } from '../../src/core/environment.js';
import { renderedAt } from '../../src/core/version-view.js';
import { confirmSetupIntent } from '../../src/operations/confirm-setup-intent.js';
import { createSetupIntent } from '../../src/operations/create-setup-intent.js';
import { updateSetupIntent } from '../../src/operations/update-setup-intent.js';
import type { StripeRequestError } from '../../src/types/stripe-error.js';
import { applied, expectError, harness, refusal } from './helpers.js';

const BEFORE_APM = '2020-08-27';
const DAHLIA = '2026-07-29.dahlia';
const ENDIVE = '2026-10-28.endive';

describe('API versions', () => {
  it('accepts well-formed versions with and without a release name, and nothing else', () => {
    for (const version of ['2020-08-27', '2023-08-16', DAHLIA, ENDIVE, '2026-08-26.preview']) {
      expect(isApiVersion(version)).toBe(true);
    }
    // Malformed values as clients sent them (stripe-java#682: "2019-2-19"; stripity-stripe#606: a repeated header).
    for (const version of ['2019-2-19', '2019-12-03, 2019-12-03', '2026-02-30', 'latest', '', '2026-07-29.Dahlia', '2010-01-01']) {
      expect(isApiVersion(version)).toBe(false);
    }
  });

  it("refuses an unknown version as Stripe does: 400, no code, the version in the message", () => {
    // Message as reported by clients of live Stripe (stripe-java#682, stripity-stripe#606).
    expect(invalidApiVersion('2019-2-19')).toEqual({
      statusCode: 400,
      error: { type: 'invalid_request_error', message: 'Invalid Stripe API version: 2019-2-19' },
    });
  });

  it('knows what each version decides', () => {
    expect(apiVersionBehavior(BEFORE_APM)).toMatchObject({ automaticPaymentMethodsByDefault: false, paymentMethodTypesWritable: true });
    expect(apiVersionBehavior('2023-08-16')).toMatchObject({ automaticPaymentMethodsByDefault: true, paymentMethodTypesWritable: true });
    expect(apiVersionBehavior(DAHLIA)).toMatchObject({ automaticPaymentMethodsByDefault: true, paymentMethodTypesWritable: true });
    expect(apiVersionBehavior('2026-09-30.endive')).toMatchObject({ paymentMethodTypesWritable: false });
    expect(apiVersionBehavior(ENDIVE)).toMatchObject({ automaticPaymentMethodsByDefault: true, paymentMethodTypesWritable: false });
  });
});

// https://docs.stripe.com/changelog/dahlia/2026-07-29/allowed-payment-method-types-parameter; absent at
// 2023-10-16 and 2025-11-17.clover in recordings of 2026 (test/fixtures/recordings/spree-*, onetimesecret-*).
describe('keys a version added', () => {
  it('are left out of every object at older versions, at any depth, and events keep their own rendering', () => {
    const h = harness();
    const intent = applied(createSetupIntent({}, h.env)).record.intent;
    const body = { object: 'list', data: [intent], error: { setup_intent: intent } };
    const old = renderedAt(body, '2025-11-17.clover');
    expect(old.data[0]).not.toHaveProperty('allowed_payment_method_types');
    expect(old.error.setup_intent).not.toHaveProperty('allowed_payment_method_types');
    expect(old.data[0]).toMatchObject({ customer_account: null, managed_payments: { enabled: false } });
    expect(renderedAt(body, DAHLIA)).toBe(body);
    const event = { object: 'event', data: { object: intent } };
    expect(renderedAt(event, '2020-08-27')).toBe(event);
  });

  it('events are rendered at the account version', () => {
    const h = harness();
    const env = { ...atApiVersion(h.env, DAHLIA), apiVersion: '2025-11-17.clover' };
    const created = applied(createSetupIntent({}, env));
    expect(created.events[0]?.api_version).toBe('2025-11-17.clover');
    expect(created.events[0]?.data.object).not.toHaveProperty('allowed_payment_method_types');
    expect(created.record.intent.allowed_payment_method_types).toBeNull();
  });
});

// https://docs.stripe.com/changelog/2023-08-16/automatic-payment-methods
describe('before 2023-08-16: card by default', () => {
  it('a bare create gets ["card"], no automatic payment methods and no configuration', () => {
    const h = harness();
    const intent = applied(createSetupIntent({}, atApiVersion(h.env, BEFORE_APM))).record.intent;
    expect(intent.payment_method_types).toEqual(['card']);
    expect(intent.automatic_payment_methods).toBeNull();
    expect(intent.payment_method_configuration_details).toBeNull();
    expect(Object.keys(intent.payment_method_options ?? {})).toEqual(['card']);
  });

  it('so a server-side confirm needs no return_url (what Tryton relies on)', () => {
    const h = harness();
    const env = atApiVersion(h.env, BEFORE_APM);
    const created = applied(h.store.apply(createSetupIntent({}, env))).record;
    expect(applied(confirmSetupIntent(created, { payment_method: 'pm_card_visa' }, env)).record.intent.status).toBe('succeeded');
  });

  it('at 2023-08-16 and later the same confirm asks for a return_url', () => {
    const h = harness();
    const created = applied(h.store.apply(createSetupIntent({}, h.env))).record;
    expect(created.intent.automatic_payment_methods).toEqual({ allow_redirects: 'always', enabled: true });
    expect(refusal(confirmSetupIntent(created, { payment_method: 'pm_card_visa' }, h.env)).error.error.param).toBe('return_url');
  });
});

// https://docs.stripe.com/changelog/endive/2026-09-30/removes-the-payment-method-types-parameter-from-payment-intents-and-setup-intents
describe('from 2026-09-30.endive: payment_method_types is read-only', () => {
  const NO_LONGER = { type: 'invalid_request_error', code: 'payment_method_types_no_longer_supported', param: 'payment_method_types' } as const;
  const expectNoLonger = (error: StripeRequestError): void => {
    expect(error.statusCode).toBe(400);
    expect(error.error).toMatchObject(NO_LONGER);
  };

  it('create and update refuse it with payment_method_types_no_longer_supported, and change nothing', () => {
    const h = harness();
    const env = atApiVersion(h.env, ENDIVE);
    expectNoLonger(refusal(createSetupIntent({ payment_method_types: ['card'] }, env)).error);
    const created = applied(h.store.apply(createSetupIntent({}, env))).record;
    expectNoLonger(refusal(updateSetupIntent(created, { payment_method_types: ['card'] }, env)).error);
    // Older versions still take it.
    expect(applied(createSetupIntent({ payment_method_types: ['card'] }, atApiVersion(h.env, DAHLIA))).record.intent.payment_method_types).toEqual(['card']);
  });

  it('the object still renders payment_method_types, computed from the dynamic methods', () => {
    const h = harness();
    const intent = applied(createSetupIntent({}, atApiVersion(h.env, ENDIVE))).record.intent;
    expect(intent.payment_method_types).toEqual(['card', 'sepa_debit', 'us_bank_account']);
  });
});

// https://docs.stripe.com/changelog/dahlia/2026-07-29/allowed-payment-method-types-parameter
describe('allowed_payment_method_types', () => {
  it('filters the dynamic payment methods, silently dropping the ones that do not apply', () => {
    const h = harness();
    const intent = applied(createSetupIntent({ allowed_payment_method_types: ['card', 'ideal'] }, atApiVersion(h.env, ENDIVE))).record.intent;
    expect(intent.allowed_payment_method_types).toEqual(['card', 'ideal']);
    expect(intent.payment_method_types).toEqual(['card']);
    // Exclusive with automatic payment methods and configurations, so neither is reported (judgement, docs/fidelity.md).
    expect(intent.automatic_payment_methods).toBeNull();
    expect(intent.payment_method_configuration_details).toBeNull();
    expect(Object.keys(intent.payment_method_options ?? {})).toEqual(['card']);
  });

  it('is exclusive with payment_method_types, excluded_payment_method_types, automatic_payment_methods and payment_method_configuration', () => {
    const h = harness();
    for (const other of [
      { payment_method_types: ['card'] },
      { excluded_payment_method_types: ['sepa_debit'] },
      { automatic_payment_methods: { enabled: true } },
      { payment_method_configuration: 'pmc_123' },
    ]) {
      const param = Object.keys(other)[0] as string;
      expectError(refusal(createSetupIntent({ allowed_payment_method_types: ['card'], ...other }, h.env)).error, {
        statusCode: 400,
        type: 'invalid_request_error',
        code: 'parameters_exclusive',
        param,
        message: `You may only specify one of these parameters: allowed_payment_method_types, ${param}.`,
      });
    }
  });

  it('so a card-only SetupIntent confirms server-side without a return_url', () => {
    const h = harness();
    const env = atApiVersion(h.env, ENDIVE);
    const created = applied(h.store.apply(createSetupIntent({ allowed_payment_method_types: ['card'] }, env))).record;
    expect(applied(confirmSetupIntent(created, { payment_method: 'pm_card_visa' }, env)).record.intent.status).toBe('succeeded');
  });

  it('on update, restricts a dynamic SetupIntent and lifts the restriction with ""', () => {
    const h = harness();
    const env = atApiVersion(h.env, ENDIVE);
    const created = applied(h.store.apply(createSetupIntent({}, env))).record;
    const restricted = applied(h.store.apply(updateSetupIntent(created, { allowed_payment_method_types: ['sepa_debit'] }, env))).record;
    expect(restricted.intent.payment_method_types).toEqual(['sepa_debit']);
    // A list that leaves no type is refused on update as on create, and changes nothing.
    const none = refusal(updateSetupIntent(restricted, { allowed_payment_method_types: ['ideal'] }, env)).error;
    expect(none.error).toMatchObject({ type: 'invalid_request_error', param: 'allowed_payment_method_types' });
    expect(refusal(createSetupIntent({ allowed_payment_method_types: ['ideal'] }, env)).error.error.message).toBe(none.error.message);
    const lifted = applied(updateSetupIntent(restricted, { allowed_payment_method_types: '' }, env)).record.intent;
    expect(lifted.allowed_payment_method_types).toBeNull();
    expect(lifted.payment_method_types).toEqual(['card', 'sepa_debit', 'us_bank_account']);
  });
});
