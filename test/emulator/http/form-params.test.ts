import { afterEach, describe, expect, it } from 'vitest';
import { SetupIntentMachineError } from '../../../src/core/misuse-error.js';
import { parseFormParams, parseJsonParams } from '../../../src/emulator/http/form-params.js';
import type { FormParse } from '../../../src/emulator/http/form-params.js';
import { CREATE_PARAMS } from '../../../src/params/setup-intent-param-specs.js';
import { checkParams } from '../../../src/params/validate-params.js';
import type { StripeApiError } from '../../../src/types/stripe-error.js';

function params(result: FormParse): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected the parameters to parse: ${result.error.error.message ?? ''}`);
  return result.params;
}

function refusal(result: FormParse): StripeApiError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.params)}`);
  expect(result.error.statusCode).toBe(400);
  expect(result.error.error.type).toBe('invalid_request_error');
  return result.error.error;
}

function unknownParameter(param: string): StripeApiError {
  return {
    type: 'invalid_request_error',
    code: 'parameter_unknown',
    doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown',
    message: `Received unknown parameter: ${param}`,
    param,
  };
}

/** Every container in the tree has an ordinary prototype, so the core can spread and copy it. */
function expectOrdinary(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  expect(Object.getPrototypeOf(value)).toBe(Array.isArray(value) ? Array.prototype : Object.prototype);
  for (const child of Object.values(value)) expectOrdinary(child);
}

afterEach(() => {
  // Belt and braces: a polluting parse would make every later assertion meaningless.
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

describe('parseFormParams: Stripe bracket notation', () => {
  it('metadata[order]=6735 is a hash with a string value', () => {
    expect(params(parseFormParams('metadata[order]=6735'))).toEqual({ metadata: { order: '6735' } });
  });

  it('nests hashes as deep as the SetupIntent params go', () => {
    const text =
      'payment_method_options[card][request_three_d_secure]=any' +
      '&payment_method_options[card][mandate_options][supported_types][]=india';
    expect(params(parseFormParams(text))).toEqual({
      payment_method_options: { card: { request_three_d_secure: 'any', mandate_options: { supported_types: ['india'] } } },
    });
  });

  it('payment_method_types[]=... builds an array in the order sent', () => {
    expect(params(parseFormParams('payment_method_types[]=card&payment_method_types[]=sepa_debit'))).toEqual({
      payment_method_types: ['card', 'sepa_debit'],
    });
  });

  it('indexed arrays (expand[0], expand[1]) are real arrays, ordered by index', () => {
    const result = params(parseFormParams('expand[1]=b&expand[0]=a'));
    expect(result).toEqual({ expand: ['a', 'b'] });
    expect(Array.isArray(result['expand'])).toBe(true);
  });

  it('indexed arrays of hashes (items[0][price]) are arrays of objects', () => {
    expect(params(parseFormParams('items[0][price]=x&items[0][quantity]=2&items[1][price]=y'))).toEqual({
      items: [{ price: 'x', quantity: '2' }, { price: 'y' }],
    });
  });

  it('an empty value is kept as the empty string, which Stripe reads as "unset"', () => {
    expect(params(parseFormParams('metadata='))).toEqual({ metadata: '' });
    expect(params(parseFormParams('description'))).toEqual({ description: '' });
  });

  it('+ and %20 decode to spaces, %2B to a plus', () => {
    expect(params(parseFormParams('description=a+b%20c%2Bd'))).toEqual({ description: 'a b c+d' });
  });

  it('values are always strings: the core converts "true" and "42"', () => {
    expect(params(parseFormParams('confirm=true&single_use[amount]=42'))).toEqual({ confirm: 'true', single_use: { amount: '42' } });
  });

  it('percent-encoded brackets are brackets', () => {
    expect(params(parseFormParams('metadata%5Border%5D=1'))).toEqual({ metadata: { order: '1' } });
  });

  it('an empty body is no parameters', () => {
    expect(params(parseFormParams(''))).toEqual({});
  });

  it('a repeated scalar key keeps its last value, not an array', () => {
    expect(params(parseFormParams('usage=on_session&usage=off_session'))).toEqual({ usage: 'off_session' });
    expect(params(parseFormParams('metadata[a]=1&metadata[a]=2'))).toEqual({ metadata: { a: '2' } });
  });

  it('keys named like Object.prototype members are plain data', () => {
    const result = params(parseFormParams('metadata[toString]=x&metadata[hasOwnProperty]=y&valueOf=z'));
    expect(result).toEqual({ metadata: { toString: 'x', hasOwnProperty: 'y' }, valueOf: 'z' });
  });

  it('returns ordinary objects and arrays, not null-prototype ones', () => {
    expectOrdinary(params(parseFormParams('metadata[a]=b&expand[]=x&items[0][price]=p')));
  });

  it('a malformed percent-encoding is kept exactly as sent instead of throwing', () => {
    expect(params(parseFormParams('description=%E0%A4%A'))).toEqual({ description: '%E0%A4%A' });
    expect(params(parseFormParams('metadata[%E0%A4%A]=1'))).toEqual({ metadata: { '%E0%A4%A': '1' } });
    expect(params(parseFormParams('a=%'))).toEqual({ a: '%' });
  });
});

describe('parseFormParams: prototype keys are refused and never pollute', () => {
  const hostile: readonly (readonly [string, string])[] = [
    ['__proto__[polluted]=1', '__proto__[polluted]'],
    ['constructor[prototype][polluted]=1', 'constructor[prototype][polluted]'],
    ['a[__proto__][b]=1', 'a[__proto__][b]'],
    ['a[constructor][prototype][polluted]=1', 'a[constructor][prototype][polluted]'],
    ['metadata[prototype]=1', 'metadata[prototype]'],
    ['__proto__=1', '__proto__'],
    ['[__proto__][polluted]=1', '[__proto__][polluted]'],
    ['%5F%5Fproto%5F%5F[polluted]=1', '__proto__[polluted]'],
    ['__proto__%5Bpolluted%5D=1', '__proto__[polluted]'],
    ['a[b][c][d][__proto__]=1', 'a[b][c][d][__proto__]'],
    ['ok=1&__proto__[polluted]=1&also=2', '__proto__[polluted]'],
  ];

  it.each(hostile)('%s is a 400 parameter_unknown naming the full key', (text, param) => {
    expect(refusal(parseFormParams(text))).toEqual(unknownParameter(param));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('Object.prototype and Array.prototype keep exactly their own properties', () => {
    const objectKeys = Reflect.ownKeys(Object.prototype);
    const arrayKeys = Reflect.ownKeys(Array.prototype);
    for (const [text] of hostile) parseFormParams(text);
    parseFormParams('a[0][__proto__][polluted]=1&b[][constructor][prototype]=1');
    expect(Reflect.ownKeys(Object.prototype)).toEqual(objectKeys);
    expect(Reflect.ownKeys(Array.prototype)).toEqual(arrayKeys);
  });
});

describe('parseFormParams: keys that are not a name and bracketed segments', () => {
  it.each(['a[b', 'a]', 'a[b]c', 'a[b]]', 'a[b[c]]', '[]', 'metadata[a]x[b]'])('%s=1 is a 400 parameter_unknown naming the key', (key) => {
    expect(refusal(parseFormParams(`ok=1&${key}=1`))).toEqual(unknownParameter(key));
  });

  it('a leading bracket group is the name, and does not count as a level', () => {
    expect(params(parseFormParams('[a][b][c][d][e][f]=1'))).toEqual({ a: { b: { c: { d: { e: { f: '1' } } } } } });
  });

  it('[] after indexes appends after the highest one', () => {
    expect(params(parseFormParams('a[5]=x&a[]=y&a[1]=z'))).toEqual({ a: ['z', 'x', 'y'] });
  });
});

describe('parseFormParams: limits', () => {
  const pairs = (n: number): string => Array.from({ length: n }, (_, i) => `metadata[k${i}]=v`).join('&');

  it('accepts 1000 pairs and refuses 1001 by default', () => {
    expect(Object.keys((params(parseFormParams(pairs(1000)))['metadata']) as object)).toHaveLength(1000);
    expect(refusal(parseFormParams(pairs(1001)))).toEqual({
      type: 'invalid_request_error',
      message: 'Too many parameters: a request may carry at most 1000.',
    });
  });

  it('maxParameters can be lowered', () => {
    expect(refusal(parseFormParams('a=1&b=2&c=3', { maxParameters: 2 })).message).toBe('Too many parameters: a request may carry at most 2.');
  });

  it('accepts 5 levels of brackets and refuses 6, naming the key', () => {
    expect(params(parseFormParams('a[b][c][d][e][f]=1'))).toEqual({ a: { b: { c: { d: { e: { f: '1' } } } } } });
    expect(refusal(parseFormParams('ok=1&a[b][c][d][e][f][g]=1'))).toEqual({
      type: 'invalid_request_error',
      message: 'Parameters may be nested at most 5 levels of brackets deep.',
      param: 'a[b][c][d][e][f][g]',
    });
  });

  it('maxDepth can be lowered', () => {
    expect(refusal(parseFormParams('a[b][c]=1', { maxDepth: 1 })).param).toBe('a[b][c]');
  });

  it('accepts index 99 and refuses index 100 (no silent conversion to an object)', () => {
    expect(params(parseFormParams('expand[99]=x'))).toEqual({ expand: ['x'] });
    expect(refusal(parseFormParams('expand[100]=x'))).toEqual({
      type: 'invalid_request_error',
      message: 'Arrays may have at most 100 elements (indexes 0 to 99).',
      param: 'expand[100]',
    });
  });

  it('refuses a 101st element appended with []', () => {
    const many = (n: number): string => Array.from({ length: n }, () => 'expand[]=x').join('&');
    expect(params(parseFormParams(many(100)))['expand']).toHaveLength(100);
    expect(refusal(parseFormParams(many(101))).message).toBe('Arrays may have at most 100 elements (indexes 0 to 99).');
  });

  it('maxArrayLength can be lowered', () => {
    expect(refusal(parseFormParams('a[2]=x', { maxArrayLength: 2 })).param).toBe('a[2]');
  });

  it('limits that are not positive integers are a programmer error', () => {
    expect(() => parseFormParams('a=1', { maxDepth: 0 })).toThrow(SetupIntentMachineError);
    expect(() => parseJsonParams('{}', { maxArrayLength: 1.5 })).toThrow(SetupIntentMachineError);
  });
});

describe('parseFormParams: one parameter, two shapes', () => {
  const conflicts: readonly (readonly [string, string, string])[] = [
    ['a=1&a[b]=2', 'a', 'Conflicting values for a: it is sent both as a string and as a hash.'],
    ['a[b]=2&a=1', 'a', 'Conflicting values for a: it is sent both as a hash and as a string.'],
    ['a=1&a[]=2', 'a', 'Conflicting values for a: it is sent both as a string and as an array.'],
    ['a[0]=x&a[b]=y', 'a', 'Conflicting values for a: it is sent both as an array and as a hash.'],
    ['m[x][0]=1&m[x][0][y]=2', 'm[x][0]', 'Conflicting values for m[x][0]: it is sent both as a string and as a hash.'],
    ['[a]=1&a=2', 'a', 'Conflicting values for a: it is sent under two names, [a] and a.'],
    ['a[]=x&a[0]=y', 'a[0]', 'Conflicting values for a[0]: it is sent under two names, a[] and a[0].'],
  ];

  it.each(conflicts)('%s is a 400 naming %s', (text, param, message) => {
    expect(refusal(parseFormParams(text))).toEqual({ type: 'invalid_request_error', message, param });
  });
});

describe('parseFormParams: what the official SDK sends', () => {
  it('parses the body stripe-node encodes, through its own encoder', async () => {
    const { default: Stripe } = await import('stripe');
    const sent: string[] = [];
    // The SDK's fetch client hands its encoded body to this stand-in instead of the network.
    const fakeFetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
      sent.push(typeof init?.body === 'string' ? init.body : new URL(String(url)).search.slice(1));
      return new Response(JSON.stringify({ id: 'seti_123', object: 'setup_intent' }), {
        status: 200,
        headers: { 'content-type': 'application/json', 'request-id': 'req_123' },
      });
    };
    const stripe = new Stripe('sk_test_123', { httpClient: Stripe.createFetchHttpClient(fakeFetch), maxNetworkRetries: 0 });
    await stripe.setupIntents.create({
      confirm: true,
      expand: ['latest_attempt'],
      metadata: { a: 'b', order: '6735', note: 'two words & more' },
      flow_directions: ['inbound', 'outbound'],
      payment_method_options: { card: { request_three_d_secure: 'any' } },
      usage: 'off_session',
    });
    await stripe.setupIntents.list({ limit: 3, created: { gte: 5 }, expand: ['data.latest_attempt'] });

    expect(sent).toHaveLength(2);
    const [created, listed] = sent.map((text) => params(parseFormParams(text)));
    expect(created).toEqual({
      confirm: 'true',
      expand: ['latest_attempt'],
      metadata: { a: 'b', order: '6735', note: 'two words & more' },
      flow_directions: ['inbound', 'outbound'],
      payment_method_options: { card: { request_three_d_secure: 'any' } },
      usage: 'off_session',
    });
    expect(listed).toEqual({ limit: '3', created: { gte: '5' }, expand: ['data.latest_attempt'] });
  });

  it('parses the fixture stripe-node produces for expand, metadata and nested options', () => {
    const text = 'expand[0]=latest_attempt&metadata[a]=b&payment_method_options[card][request_three_d_secure]=any';
    expect(params(parseFormParams(text))).toEqual({
      expand: ['latest_attempt'],
      metadata: { a: 'b' },
      payment_method_options: { card: { request_three_d_secure: 'any' } },
    });
  });

  it('hands the core parameters its checker accepts and converts', () => {
    const parsed = params(parseFormParams('confirm=true&usage=off_session&metadata[order]=6735&payment_method_types[0]=card'));
    const checked = checkParams(parsed, CREATE_PARAMS);
    if (!checked.ok) throw new Error(checked.error.error.message);
    expect(checked.params).toEqual({ confirm: true, usage: 'off_session', metadata: { order: '6735' }, payment_method_types: ['card'] });
  });
});

describe('parseJsonParams', () => {
  it('parses an object body; numbers, booleans and null pass through', () => {
    const text = '{"confirm":true,"single_use":{"amount":42,"currency":"eur"},"metadata":{"a":"b"},"expand":["latest_attempt"],"description":null}';
    const result = params(parseJsonParams(text));
    expect(result).toEqual({
      confirm: true,
      single_use: { amount: 42, currency: 'eur' },
      metadata: { a: 'b' },
      expand: ['latest_attempt'],
      description: null,
    });
    expectOrdinary(result);
  });

  it('a blank body is no parameters', () => {
    expect(params(parseJsonParams(' \n'))).toEqual({});
  });

  it('invalid JSON is a 400 "Invalid JSON body"', () => {
    expect(refusal(parseJsonParams('{"a":'))).toEqual({ type: 'invalid_request_error', message: 'Invalid JSON body' });
  });

  it.each(['[]', 'null', '"text"', '42', 'true'])('a top level of %s is refused', (text) => {
    expect(refusal(parseJsonParams(text)).message).toBe('Invalid JSON body: the top level must be an object');
  });

  it.each([
    ['{"__proto__":{"polluted":1}}', '__proto__'],
    ['{"constructor":{"prototype":{"polluted":1}}}', 'constructor'],
    ['{"a":{"b":{"__proto__":{"polluted":1}}}}', 'a[b][__proto__]'],
    ['{"a":[{"prototype":1}]}', 'a[0][prototype]'],
  ])('%s is a 400 parameter_unknown naming %s', (text, param) => {
    expect(refusal(parseJsonParams(text))).toEqual(unknownParameter(param));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('accepts 5 levels of nesting and refuses 6', () => {
    expect(params(parseJsonParams('{"a":{"b":{"c":{"d":{"e":{"f":1}}}}}}'))).toEqual({ a: { b: { c: { d: { e: { f: 1 } } } } } });
    expect(refusal(parseJsonParams('{"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}}'))).toEqual({
      type: 'invalid_request_error',
      message: 'Parameters may be nested at most 5 levels of brackets deep.',
      param: 'a[b][c][d][e][f]',
    });
  });

  it('refuses a very deeply nested body without exhausting the stack', () => {
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(refusal(parseJsonParams(deep)).param).toBe('a[0][0][0][0][0]');
  });

  it('accepts 100 array elements and refuses 101', () => {
    const array = (n: number): string => `{"expand":${JSON.stringify(Array.from({ length: n }, () => 'x'))}}`;
    expect(params(parseJsonParams(array(100)))['expand']).toHaveLength(100);
    expect(refusal(parseJsonParams(array(101)))).toEqual({
      type: 'invalid_request_error',
      message: 'Arrays may have at most 100 elements (indexes 0 to 99).',
      param: 'expand',
    });
  });

  it('refuses more leaf values than maxParameters', () => {
    expect(refusal(parseJsonParams('{"a":1,"b":{"c":2,"d":3}}', { maxParameters: 2 })).message).toBe(
      'Too many parameters: a request may carry at most 2.',
    );
  });
});
