import { describe, expect, it } from 'vitest';
import { createSetupIntent, updateSetupIntent } from '../../src/index.js';
import type { SetupIntentCreateParams, SetupIntentUpdateParams } from '../../src/index.js';
import { checkParams } from '../../src/params/validate-params.js';
import { CONFIRM_PARAMS, CREATE_PARAMS, LIST_PARAMS, UPDATE_PARAMS } from '../../src/params/setup-intent-param-specs.js';
import type { ParamSpecs } from '../../src/params/param-spec.js';
import { create, deepFreeze, expectError, harness, refusal } from './helpers.js';
import type { ExpectedError } from './helpers.js';

function expectRefused(params: unknown, specs: ParamSpecs, expected: ExpectedError): void {
  const result = checkParams(params, specs);
  if (result.ok) throw new Error('expected the parameters to be refused');
  expectError(result.error, expected);
}

function accepted(params: unknown, specs: ParamSpecs): Readonly<Record<string, unknown>> {
  const result = checkParams(params, specs);
  if (!result.ok) throw new Error(`expected the parameters to pass: ${result.error.error.message ?? ''}`);
  return result.params;
}

const INVALID = { statusCode: 400, type: 'invalid_request_error' } as const;
const emptyMessage = (p: string): string =>
  `You passed an empty string for '${p}'. We assume empty values are an attempt to unset a parameter; however '${p}' cannot be unset. ` +
  `You should remove '${p}' from your request or supply a non-empty value.`;

describe('parameter_unknown', () => {
  it('refuses an unknown top-level parameter', () => {
    expectRefused({ colour: 'red' }, CREATE_PARAMS, { ...INVALID, code: 'parameter_unknown', param: 'colour', message: 'Received unknown parameter: colour' });
  });

  it('names nested unknown parameters with brackets', () => {
    expectRefused({ payment_method_options: { card: { speed: 'fast' } } }, CREATE_PARAMS, {
      ...INVALID, code: 'parameter_unknown', param: 'payment_method_options[card][speed]', message: 'Received unknown parameter: payment_method_options[card][speed]',
    });
  });

  it('open hashes accept any keys', () => {
    const params = accepted({ payment_method_options: { card: { mandate_options: { anything: 1 } }, klarna: { whatever: true } } }, CREATE_PARAMS);
    expect(params['payment_method_options']).toEqual({ card: { mandate_options: { anything: 1 } }, klarna: { whatever: true } });
  });
});

describe('parameter_missing', () => {
  for (const [params, missing] of [
    [{ single_use: { amount: 100 } }, 'single_use[currency]'],
    [{ payment_method_data: { sepa_debit: { iban: 'DE89370400440532013000' } } }, 'payment_method_data[type]'],
    [{ mandate_data: {} }, 'mandate_data[customer_acceptance]'],
    [{ mandate_data: { customer_acceptance: {} } }, 'mandate_data[customer_acceptance][type]'],
  ] as const) {
    it(`refuses a missing ${missing}`, () => {
      expectRefused(params, CREATE_PARAMS, { ...INVALID, code: 'parameter_missing', param: missing, message: `Missing required param: ${missing}.` });
    });
  }
});

describe('parameter_invalid_empty', () => {
  for (const [key, value] of [['customer', ''], ['confirm', ''], ['single_use', ''], ['payment_method_types', ''], ['usage', '']] as const) {
    it(`'' for ${key} cannot unset it`, () => {
      expectRefused({ [key]: value }, CREATE_PARAMS, { ...INVALID, code: 'parameter_invalid_empty', param: key, message: emptyMessage(key) });
    });
  }

  it('parameters that can be unset take an empty string', () => {
    expect(accepted({ description: '', metadata: '', payment_method: '', allowed_payment_method_types: '' }, UPDATE_PARAMS)).toEqual({
      description: '', metadata: '', payment_method: '', allowed_payment_method_types: '',
    });
    expect(accepted({ mandate_data: '' }, CONFIRM_PARAMS)).toEqual({ mandate_data: '' });
  });
});

describe('types and values', () => {
  it('parameter_invalid_integer for integers that are not', () => {
    for (const [amount, shown] of [['abc', 'abc'], [1.5, '1.5'], [-1, '-1'], [2 ** 60, String(2 ** 60)], ['12.0', '12.0']] as const) {
      expectRefused({ single_use: { amount, currency: 'usd' } }, CREATE_PARAMS, {
        ...INVALID, code: 'parameter_invalid_integer', param: 'single_use[amount]', message: `Invalid integer: ${shown}`,
      });
    }
  });

  it('wrong types have no code: boolean, string, array, hash', () => {
    expectRefused({ confirm: 'yes' }, CREATE_PARAMS, { ...INVALID, param: 'confirm', message: 'Invalid boolean: yes' });
    expectRefused({ customer: { id: 'cus_1' } }, CREATE_PARAMS, { ...INVALID, param: 'customer', message: 'Invalid string: {"id":"cus_1"}' });
    expectRefused({ payment_method_types: 'card' }, CREATE_PARAMS, { ...INVALID, param: 'payment_method_types', message: 'Invalid array: card' });
    expectRefused({ single_use: 'x' }, CREATE_PARAMS, { ...INVALID, param: 'single_use', message: 'Invalid hash: x' });
    expectRefused('confirm=true', CREATE_PARAMS, { ...INVALID, param: 'params', message: 'Invalid hash: confirm=true' });
  });

  it('values outside an enumeration have no code and list the allowed values', () => {
    expectRefused({ usage: 'sometimes' }, CREATE_PARAMS, { ...INVALID, param: 'usage', message: 'Invalid usage: must be one of off_session or on_session' });
    expectRefused({ payment_method_options: { card: { request_three_d_secure: 'always' } } }, CREATE_PARAMS, {
      ...INVALID,
      param: 'payment_method_options[card][request_three_d_secure]',
      message: 'Invalid payment_method_options[card][request_three_d_secure]: must be one of any, automatic, or challenge',
    });
    expectRefused({ flow_directions: ['inbound', 'sideways'] }, CREATE_PARAMS, {
      ...INVALID, param: 'flow_directions[1]', message: 'Invalid flow_directions[1]: must be one of inbound or outbound',
    });
  });

  it('strings longer than allowed are refused', () => {
    expectRefused({ description: 'x'.repeat(1001) }, CREATE_PARAMS, { ...INVALID, param: 'description', message: 'Invalid string: must be at most 1000 characters long (description)' });
    expect(accepted({ description: 'x'.repeat(1000) }, CREATE_PARAMS)['description']).toHaveLength(1000);
  });

  it('form-encoded values are parsed: booleans, integers, indexed arrays, numbers as strings', () => {
    expect(accepted({ confirm: 'true', use_stripe_sdk: 'false', single_use: { amount: '42', currency: 'eur' } }, CREATE_PARAMS)).toEqual({
      confirm: true, use_stripe_sdk: false, single_use: { amount: 42, currency: 'eur' },
    });
    expect(accepted({ payment_method_types: { 0: 'card', 1: 'sepa_debit' } }, CREATE_PARAMS)).toEqual({ payment_method_types: ['card', 'sepa_debit'] });
    expect(accepted({ limit: '25', created: { gte: '100' } }, LIST_PARAMS)).toEqual({ limit: 25, created: { gte: 100 } });
    expect(accepted({ description: 123 }, CREATE_PARAMS)).toEqual({ description: '123' });
    expectRefused({ payment_method_types: { 1: 'card' } }, CREATE_PARAMS, { ...INVALID, param: 'payment_method_types', message: 'Invalid array: {"1":"card"}' });
  });

  // The v1 API reads booleans in any case; stripe-python before 2025 sends `True`/`False` (spec §11,
  // "Settled by recordings"; run with stripe-python 5.0.0 by `npm run test:clients`).
  it('booleans are read in any case, as Python clients send them', () => {
    expect(accepted({ confirm: 'True', use_stripe_sdk: 'False', attach_to_self: 'TRUE' }, CREATE_PARAMS)).toEqual({
      confirm: true, use_stripe_sdk: false, attach_to_self: true,
    });
    expect(accepted({ automatic_payment_methods: { enabled: 'True' } }, CREATE_PARAMS)).toEqual({ automatic_payment_methods: { enabled: true } });
    expectRefused({ confirm: 'Yes' }, CREATE_PARAMS, { ...INVALID, param: 'confirm', message: 'Invalid boolean: Yes' });
    expectRefused({ confirm: '1' }, CREATE_PARAMS, { ...INVALID, param: 'confirm', message: 'Invalid boolean: 1' });
  });

  it('skips undefined values and accepts missing params', () => {
    expect(accepted({ customer: undefined, confirm: true }, CREATE_PARAMS)).toEqual({ confirm: true });
    expect(accepted(undefined, CREATE_PARAMS)).toEqual({});
  });

  it('never mutates frozen params', () => {
    const params = deepFreeze({ confirm: 'true', metadata: { a: 1 }, payment_method_types: { 0: 'card' } });
    const before = structuredClone(params);
    expect(() => checkParams(params, CREATE_PARAMS)).not.toThrow();
    expect(params).toEqual(before);
  });
});

describe('metadata limits (50 keys, keys ≤ 40 characters, values ≤ 500)', () => {
  const keys = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, 'v']));

  it('50 keys pass, 51 keys are refused on create', () => {
    const h = harness();
    expect(Object.keys(create(h, { payment_method_types: ['card'], metadata: keys(50) }).intent.metadata ?? {})).toHaveLength(50);
    expectError(refusal(createSetupIntent({ metadata: keys(51) }, h.env)).error, {
      ...INVALID, param: 'metadata', message: 'Invalid metadata: metadata can have at most 50 keys.',
    });
  });

  it('a 41-character key is refused on update, 40 characters pass', () => {
    const h = harness();
    const record = create(h);
    const long = 'k'.repeat(41);
    expectError(refusal(updateSetupIntent(record, { metadata: { [long]: 'v' } }, h.env)).error, {
      ...INVALID, param: `metadata[${long}]`, message: 'Invalid metadata: metadata keys must be at most 40 characters long.',
    });
    expect(checkParams({ metadata: { ['k'.repeat(40)]: 'v' } }, UPDATE_PARAMS).ok).toBe(true);
  });

  it('a 501-character value is refused, 500 characters pass', () => {
    const h = harness();
    expectError(refusal(createSetupIntent({ metadata: { note: 'n'.repeat(501) } }, h.env)).error, {
      ...INVALID, param: 'metadata[note]', message: 'Invalid metadata: metadata values must be at most 500 characters long.',
    });
    expect(checkParams({ metadata: { note: 'n'.repeat(500) } }, CREATE_PARAMS).ok).toBe(true);
  });

  it('nested metadata is named by its full path; non-scalar values are invalid strings', () => {
    expectRefused({ payment_method_data: { type: 'sepa_debit', metadata: keys(51) } }, CREATE_PARAMS, {
      ...INVALID, param: 'payment_method_data[metadata]', message: 'Invalid payment_method_data[metadata]: metadata can have at most 50 keys.',
    });
    expectRefused({ metadata: { a: { b: 1 } } }, CREATE_PARAMS, { ...INVALID, param: 'metadata[a]', message: 'Invalid string: {"b":1}' });
    expectRefused({ metadata: 'x' }, UPDATE_PARAMS, { ...INVALID, param: 'metadata', message: 'Invalid hash: x' });
  });

  it('the operations refuse before changing anything', () => {
    const h = harness();
    const record = deepFreeze(create(h));
    const before = structuredClone(record);
    const params = { metadata: keys(51) } as SetupIntentUpdateParams;
    expect(refusal(updateSetupIntent(record, params, h.env)).error.error.param).toBe('metadata');
    expect(record).toEqual(before);
    expect(refusal(createSetupIntent({ metadata: { x: [] } } as unknown as SetupIntentCreateParams, h.env)).error.error.message).toBe('Invalid string: []');
  });
});
