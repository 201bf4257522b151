import { describe, expect, it } from 'vitest';
import { PUBLISHABLE_FIELDS } from '../support/publishable-fields.js';
import { publishableView, retrieveSetupIntent } from '../../src/index.js';
import { constantTimeEqual } from '../../src/core/access.js';
import type { SetupIntentRetrieveParams } from '../../src/index.js';
import { create, deepFreeze, expectError, failed, confirm, harness, inRequiresActionThreeDS } from './helpers.js';


describe('retrieve with a secret key', () => {
  it('returns the whole SetupIntent, client_secret not required', () => {
    const h = harness();
    const record = create(h, { payment_method_types: ['card'], description: 'd', metadata: { a: 'b' } });
    const result = retrieveSetupIntent(record);
    expect(result).toEqual({ kind: 'found', value: record.intent });
  });

  it('accepts expand[] and an explicit secret key', () => {
    const h = harness();
    const record = create(h);
    expect(retrieveSetupIntent(record, { expand: ['latest_attempt'] }, { key: 'secret' }).kind).toBe('found');
  });

  it('refuses unknown parameters', () => {
    const h = harness();
    const result = retrieveSetupIntent(create(h), { customer: 'cus_1' } as SetupIntentRetrieveParams);
    if (result.kind !== 'refused') throw new Error('expected a refusal');
    expectError(result.error, { statusCode: 400, type: 'invalid_request_error', code: 'parameter_unknown', param: 'customer', message: 'Received unknown parameter: customer' });
  });
});

describe('retrieve with a publishable key', () => {
  it('with the client_secret returns only the publishable subset', () => {
    const h = harness();
    const record = inRequiresActionThreeDS(h);
    const result = retrieveSetupIntent(record, { client_secret: record.intent.client_secret ?? '' }, { key: 'publishable' });
    if (result.kind !== 'found') throw new Error('expected the SetupIntent');
    expect(Object.keys(result.value).sort()).toEqual(PUBLISHABLE_FIELDS);
    expect(result.value).not.toHaveProperty('customer');
    expect(result.value).not.toHaveProperty('payment_method_options');
    expect(result.value).not.toHaveProperty('metadata');
    expect(result.value.status).toBe('requires_action');
    expect(result.value.next_action).toEqual(record.intent.next_action);
    expect(result.value).toEqual(publishableView(record.intent));
  });

  it('shows last_setup_error after a decline', () => {
    const h = harness();
    const record = failed(confirm(h, create(h), { payment_method: 'pm_card_chargeDeclined' })).record;
    const result = retrieveSetupIntent(record, { client_secret: record.intent.client_secret ?? '' }, { key: 'publishable' });
    if (result.kind !== 'found') throw new Error('expected the SetupIntent');
    expect(result.value.last_setup_error?.code).toBe('card_declined');
    expect(result.value.payment_method).toBeNull();
  });

  for (const [label, params] of [['a wrong client_secret', { client_secret: 'seti_123_secret_wrong' }], ['no client_secret', {}]] as const) {
    it(`with ${label} answers 404 resource_missing "No such setupintent"`, () => {
      const h = harness();
      const record = create(h);
      const result = retrieveSetupIntent(record, params, { key: 'publishable' });
      if (result.kind !== 'refused') throw new Error('expected a refusal');
      expectError(result.error, {
        statusCode: 404,
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'intent',
        message: `No such setupintent: '${record.intent.id}'`,
      });
      expect(result.error.error.setup_intent).toBeUndefined();
    });
  }

  it('never mutates a frozen record', () => {
    const h = harness();
    const record = deepFreeze(create(h));
    const before = structuredClone(record);
    expect(() => retrieveSetupIntent(record, deepFreeze({ client_secret: record.intent.client_secret ?? '' }), { key: 'publishable' })).not.toThrow();
    expect(record).toEqual(before);
  });
});

describe('comparing the client secret', () => {
  it('is equality, whatever the lengths', () => {
    expect(constantTimeEqual('seti_1_secret_abc', 'seti_1_secret_abc')).toBe(true);
    for (const [given, expected] of [['seti_1_secret_abd', 'seti_1_secret_abc'], ['', 'abc'], ['abc', ''], ['ab', 'abc'], ['abcd', 'abc'], ['abc\u0000', 'abc']] as const) {
      expect(constantTimeEqual(given, expected)).toBe(false);
    }
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('a secret differing only in its last character is refused like one differing in its first', () => {
    const h = harness();
    const record = create(h);
    const secret = record.intent.client_secret ?? '';
    for (const wrong of [`x${secret.slice(1)}`, `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`, `${secret}x`]) {
      expect(retrieveSetupIntent(record, { client_secret: wrong }, { key: 'publishable' }).kind).toBe('refused');
    }
  });
});
