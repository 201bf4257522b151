// Hostile and valid requests for the emulator's wire pipeline (`emulator.handle`), a fixture
// emulator with a SetupIntent in every interesting status, and the checks the robustness tests
// share: the Stripe error envelope and a snapshot of everything a request may change.
import fc from 'fast-check';
import qs from 'qs';
import { createEmulator } from '../../src/emulator.js';
import type { Emulator, WireRequest, WireResponse } from '../../src/emulator.js';

/** The `type` values of Stripe's error envelope. */
const STRIPE_ERROR_TYPES: readonly string[] = ['invalid_request_error', 'card_error', 'idempotency_error', 'api_error'];

/** The property hostile bodies try to plant on `Object.prototype`. */
export const SENTINEL = 'robustnessSentinel';

/** A well-formed secret test key. */
const SECRET_KEY = 'sk_test_robustness';
/** A well-formed publishable test key. */
export const PUBLISHABLE_KEY = 'pk_test_robustness';

/** A request as the arbitraries describe it: plain data, so a shrunk counterexample reads as one call. */
export interface RequestSpec {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The wire form of a {@link RequestSpec}. */
export function wire(spec: RequestSpec): WireRequest {
  const headers = new Map(Object.entries(spec.headers));
  return { method: spec.method, path: spec.path, query: spec.query, header: (name) => headers.get(name), body: spec.body };
}

/** A form body in Stripe's bracket notation, indexed arrays, as the official SDKs send it. */
function form(params: Record<string, unknown>): string {
  return qs.stringify(params, { arrayFormat: 'indices' });
}

/** A form POST with the secret key. */
export function post(path: string, params: Record<string, unknown> = {}, headers: Record<string, string> = {}): RequestSpec {
  return {
    method: 'POST',
    path,
    query: '',
    headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form(params),
  };
}

/** A GET with the secret key. */
export function get(path: string, params: Record<string, unknown> = {}): RequestSpec {
  return { method: 'GET', path, query: form(params), headers: { authorization: `Bearer ${SECRET_KEY}` }, body: '' };
}

/** The ids of the fixture objects, by what they are. */
export interface FixtureIds {
  readonly customer: string;
  readonly paymentMethod: string;
  readonly webhookEndpoint: string;
  readonly event: string;
  readonly mandate: string;
  /** SetupIntents by status (requires_action twice: 3D Secure and microdeposits). */
  readonly intents: {
    readonly requiresPaymentMethod: string;
    readonly requiresConfirmation: string;
    readonly requiresAction: string;
    readonly microdeposits: string;
    readonly processing: string;
    readonly succeeded: string;
    readonly canceled: string;
    readonly declined: string;
  };
  /** The client secret of `requiresPaymentMethod`. */
  readonly clientSecret: string;
  /** The latest SetupAttempts of the SetupIntents a hosted page acts on. */
  readonly attempts: { readonly requiresAction: string; readonly microdeposits: string };
}

/** An emulator with fixtures, and what it logged. */
export interface Fixture {
  readonly emulator: Emulator;
  readonly ids: FixtureIds;
  readonly logs: string[];
}

/** A fixed wall clock: nothing becomes due by itself while a test runs. */
const WALL_CLOCK_MS = 1_700_000_000_000;

/**
 * Webhook delivery that never leaves the process and is never acknowledged: an acknowledgement
 * would change `pending_webhooks` of a stored event between two requests.
 */
export const OFFLINE_WEBHOOKS = { fetch: async (): Promise<Response> => new Response(null, { status: 503 }), retryDelaysMs: [] } as const;

/** The body limit of fixture emulators: small, so oversized bodies stay cheap to build. */
export const FIXTURE_MAX_BODY_BYTES = 16 * 1024;

const ONLINE_MANDATE = { customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (test)' } } };
const MANUAL_ACH = { type: 'us_bank_account', us_bank_account: { account_number: '000123456789', routing_number: '110000000', account_holder_type: 'individual' } };
const MIXED_TYPES = ['card', 'sepa_debit', 'us_bank_account'];

/** Sends a request the fixture needs and returns its JSON body; throws when it is not answered as expected. */
async function expectAnswer(emulator: Emulator, spec: RequestSpec, status: number): Promise<Record<string, unknown>> {
  const answer = await emulator.handle(wire(spec));
  if (answer.status !== status) {
    throw new Error(`fixture request ${spec.method} ${spec.path} answered ${answer.status}, not ${status}: ${answer.body}`);
  }
  return JSON.parse(answer.body) as Record<string, unknown>;
}

/** Creates an emulator (fixed clock, small body limit, log captured) holding one object of every kind. */
export async function createFixture(): Promise<Fixture> {
  const logs: string[] = [];
  const emulator = await createEmulator({
    seed: 11,
    wallClockMs: () => WALL_CLOCK_MS,
    maxBodyBytes: FIXTURE_MAX_BODY_BYTES,
    log: (line) => logs.push(line),
    webhookDelivery: OFFLINE_WEBHOOKS,
  });
  const id = (body: Record<string, unknown>): string => String(body['id']);
  const intent = async (): Promise<Record<string, unknown>> => expectAnswer(emulator, post('/v1/setup_intents', { payment_method_types: MIXED_TYPES }), 200);
  const confirmed = async (params: Record<string, unknown>, status = 200): Promise<string> => {
    const created = id(await intent());
    await expectAnswer(emulator, post(`/v1/setup_intents/${created}/confirm`, params), status);
    return created;
  };
  const customer = id(await expectAnswer(emulator, post('/v1/customers', { email: 'fixture@example.com', metadata: { order: '1' } }), 200));
  const paymentMethod = id(await expectAnswer(emulator, post('/v1/payment_methods', { type: 'card', card: { token: 'tok_visa' } }), 200));
  const webhookEndpoint = id(await expectAnswer(emulator, post('/v1/webhook_endpoints', { url: 'https://example.com/hook', enabled_events: ['*'] }), 200));
  // Disabled, so events cost no deliveries; a hostile request may enable it again (deliveries stay offline).
  await expectAnswer(emulator, post(`/v1/webhook_endpoints/${webhookEndpoint}`, { disabled: true }), 200);
  const fresh = await intent();
  const requiresConfirmation = id(await expectAnswer(emulator, post('/v1/setup_intents', { payment_method_types: MIXED_TYPES, payment_method: 'pm_card_visa' }), 200));
  const requiresAction = await confirmed({ payment_method: 'pm_card_authenticationRequired' });
  const microdeposits = await confirmed({ payment_method_data: MANUAL_ACH, mandate_data: ONLINE_MANDATE });
  const processing = await confirmed({ payment_method: 'pm_usBankAccount_processing', mandate_data: ONLINE_MANDATE });
  const succeeded = await confirmed({ payment_method: 'pm_success_de', mandate_data: ONLINE_MANDATE });
  const declined = await confirmed({ payment_method: 'pm_card_chargeDeclined' }, 402);
  const canceled = id(await intent());
  await expectAnswer(emulator, post(`/v1/setup_intents/${canceled}/cancel`), 200);
  const mandate = [...emulator.store.mandates.keys()][0] ?? 'mandate_missing';
  const event = emulator.store.events[0]?.id ?? 'evt_missing';
  const latestAttempt = (intent: string): string => emulator.store.setupIntents.get(intent)?.intent.latest_attempt ?? 'setatt_missing';
  return {
    emulator,
    logs,
    ids: {
      customer,
      paymentMethod,
      webhookEndpoint,
      event,
      mandate,
      intents: {
        requiresPaymentMethod: id(fresh),
        requiresConfirmation,
        requiresAction,
        microdeposits,
        processing,
        succeeded,
        canceled,
        declined,
      },
      clientSecret: String(fresh['client_secret']),
      attempts: { requiresAction: latestAttempt(requiresAction), microdeposits: latestAttempt(microdeposits) },
    },
  };
}

/** Everything a request may change, as text: the store's maps, the event log, the webhook endpoints. */
export function snapshot(emulator: Emulator): string {
  const { store, state } = emulator;
  return JSON.stringify({
    setupIntents: [...store.setupIntents],
    paymentMethods: [...store.paymentMethods],
    customers: [...store.customers],
    setupAttempts: [...store.setupAttempts],
    mandates: [...store.mandates],
    events: store.events,
    webhookEndpoints: [...state.webhookEndpoints],
    webhookSecrets: [...state.webhookSecrets],
    dueAt: [...state.dueAt],
  });
}

/** What is wrong with an error answer's envelope, or `null` when it is Stripe's `{ error: { type, message } }` with a `req_` request id. */
export function envelopeProblem(answer: { readonly status: number; readonly body: string; readonly requestId: string | undefined }): string | null {
  if (answer.requestId === undefined || !answer.requestId.startsWith('req_')) {
    return `request-id header ${String(answer.requestId)} does not start with req_`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return `body is not JSON: ${answer.body.slice(0, 200)}`;
  }
  const error = typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) {
    return `body has no error object: ${answer.body.slice(0, 200)}`;
  }
  const { type, message } = error as { type?: unknown; message?: unknown };
  if (typeof type !== 'string' || !STRIPE_ERROR_TYPES.includes(type)) {
    return `error.type ${String(type)} is not one of Stripe's`;
  }
  if (typeof message !== 'string' || message === '') {
    return 'error.message is not a non-empty string';
  }
  return null;
}

/** {@link envelopeProblem} for a wire answer. */
export function wireEnvelopeProblem(answer: WireResponse): string | null {
  return envelopeProblem({ status: answer.status, body: answer.body, requestId: answer.headers['request-id'] });
}

/** The routes, as `METHOD pattern`; `:name` segments are filled from fixture ids or hostile text. */
const ROUTES: readonly (readonly [string, string])[] = [
  ['POST', '/v1/setup_intents'],
  ['GET', '/v1/setup_intents'],
  ['GET', '/v1/setup_intents/:intent'],
  ['POST', '/v1/setup_intents/:intent'],
  ['POST', '/v1/setup_intents/:intent/cancel'],
  ['POST', '/v1/setup_intents/:intent/confirm'],
  ['POST', '/v1/setup_intents/:intent/verify_microdeposits'],
  ['GET', '/v1/setup_attempts'],
  ['GET', '/v1/mandates/:mandate'],
  ['POST', '/v1/payment_methods'],
  ['GET', '/v1/payment_methods'],
  ['GET', '/v1/payment_methods/:payment_method'],
  ['GET', '/v1/customers/:customer/payment_methods'],
  ['POST', '/v1/payment_methods/:payment_method/attach'],
  ['POST', '/v1/payment_methods/:payment_method/detach'],
  ['POST', '/v1/customers'],
  ['GET', '/v1/customers'],
  ['GET', '/v1/customers/:customer'],
  ['POST', '/v1/customers/:customer'],
  ['GET', '/v1/events'],
  ['GET', '/v1/events/:event'],
  ['POST', '/v1/webhook_endpoints'],
  ['GET', '/v1/webhook_endpoints'],
  ['GET', '/v1/webhook_endpoints/:webhook_endpoint'],
  ['POST', '/v1/webhook_endpoints/:webhook_endpoint'],
  ['DELETE', '/v1/webhook_endpoints/:webhook_endpoint'],
  ['POST', '/v1/test_helpers/setup_intents/:intent/succeed'],
  ['POST', '/v1/test_helpers/setup_intents/:intent/fail'],
  ['POST', '/v1/test_helpers/setup_intents/:intent/expire'],
  ['POST', '/v1/test_helpers/advance_clock'],
  ['GET', '/hosted/authenticate/:intent'],
  ['POST', '/hosted/authenticate/:intent'],
  ['GET', '/hosted/microdeposits/:intent'],
  ['POST', '/hosted/microdeposits/:intent'],
  ['GET', '/hosted/mandates/:mandate'],
];

/** Path segments that reach prototypes, break decoding, or are otherwise not ids. */
const HOSTILE_SEGMENTS = [
  '',
  '.',
  '..',
  '%00',
  '%',
  '%E0%A4%A',
  '%ZZ',
  '%2F',
  '%2e%2e',
  '__proto__',
  '%5F%5Fproto%5F%5F',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'seti_',
  'seti_\u0000',
  'pm_card_visa',
  'pm_card_chargeDeclined',
  'pm_',
  'cus_',
  'séτup_ïntent_🙂',
  '\uD800',
  'a'.repeat(6000),
];

const hostileSegmentArb = fc.oneof(
  fc.constantFrom(...HOSTILE_SEGMENTS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[a-z]{2,8}_[A-Za-z0-9]{0,30}$/),
);

function idsFor(name: string, ids: FixtureIds): readonly string[] {
  const intents = Object.values(ids.intents);
  switch (name) {
    case 'intent':
      return intents;
    case 'payment_method':
      return [ids.paymentMethod, 'pm_card_visa', 'pm_card_chargeDeclined'];
    case 'customer':
      return [ids.customer];
    case 'mandate':
      return [ids.mandate];
    case 'event':
      return [ids.event];
    case 'webhook_endpoint':
      return [ids.webhookEndpoint];
    default:
      return intents;
  }
}

/** A route's path with each `:name` filled by a fixture id (usually) or hostile text. */
function routePathArb(pattern: string, ids: FixtureIds): fc.Arbitrary<string> {
  const parts = pattern.split('/');
  return fc
    .tuple(
      ...parts.map((part) =>
        part.startsWith(':')
          ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...idsFor(part.slice(1), ids)) }, { weight: 1, arbitrary: hostileSegmentArb })
          : fc.constant(part),
      ),
    )
    .map((segments) => segments.join('/'));
}

/** Whole paths that match no route, or only nearly. */
const hostileWholePathArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '/',
    '/v1',
    '/v1/',
    'v1/setup_intents',
    '/v1//setup_intents',
    '/v1/setup_intents/',
    '/v1/setup_intents//confirm',
    '/v1/setup_intents/../customers',
    '/v1/./setup_intents',
    '/v1/setup_intents%2F',
    '/V1/SETUP_INTENTS',
    '/%00',
    '/v1/%00',
    '/v1/setup_intents\u0000',
    '/v1/séτup_intents',
    '/v2/setup_intents',
    '/v1/charges',
    '/v1/__proto__',
    '/v1/constructor/prototype',
    '/favicon.ico',
    '/hosted/authenticate/seti_123',
    `/v1/${'a/'.repeat(5000)}`,
    `/${'%'.repeat(3000)}`,
  ),
  fc.string({ unit: 'binary', maxLength: 80 }).map((text) => `/${text}`),
  fc.array(hostileSegmentArb, { maxLength: 6 }).map((segments) => `/v1/${segments.join('/')}`),
);

/** Methods: the routed ones, the other HTTP ones, lower case, and garbage. */
const methodArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE') },
  { weight: 3, arbitrary: fc.constantFrom('PUT', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'get', 'Post', '', ' GET', 'GET\u0000', '🙂') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

const authorizationArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(`Bearer ${SECRET_KEY}`) },
  { weight: 2, arbitrary: fc.constant(`Bearer ${PUBLISHABLE_KEY}`) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      undefined,
      '',
      '   ',
      'Bearer',
      'Bearer ',
      'bearer sk_test_robustness',
      'Bearer sk_live_robustness',
      'Bearer rk_test_robustness',
      'Bearer sk_test_',
      'Bearer sk_test_a b',
      'Bearer sk_test_🙂',
      'Bearer pk_live_x',
      `Bearer sk_test_${'x'.repeat(300)}`,
      `Bearer ${'x'.repeat(20_000)}`,
      `Basic ${base64(`${SECRET_KEY}:`)}`,
      `Basic ${base64(SECRET_KEY)}`,
      `Basic ${base64(':sk_test_robustness')}`,
      `Basic ${Buffer.from([0xff, 0xfe, 0x00, 0x3a]).toString('base64')}`,
      'Basic !!!',
      'Basic ',
      'Token sk_test_robustness',
      'Bearer sk_test_robustness, Bearer sk_test_other',
      'Bearer \u0000',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
);

const contentTypeArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('application/x-www-form-urlencoded') },
  { weight: 2, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      undefined,
      '',
      'application/json; charset=utf-8',
      'application/jsonp',
      'APPLICATION/JSON',
      'text/plain',
      'multipart/form-data; boundary=----x',
      'application/x-www-form-urlencoded; charset=latin1',
      'application/xml',
      '\u0000',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

const idempotencyKeyArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('', 'k'.repeat(256), 'key-🙂', ' ') },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
);

const headersArb: fc.Arbitrary<Record<string, string>> = fc
  .record({
    authorization: authorizationArb,
    'content-type': contentTypeArb,
    'idempotency-key': idempotencyKeyArb,
    'stripe-version': fc.option(fc.constantFrom('2020-08-27', 'garbage', ''), { nil: undefined }),
    'stripe-account': fc.option(fc.constantFrom('acct_123', '__proto__', ''), { nil: undefined }),
  })
  .map((record) => {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(record)) {
      if (value !== undefined) {
        out[name] = value;
      }
    }
    return out;
  });

/** Keys that try to reach a prototype, in every spelling qs might read. */
const PROTOTYPE_KEYS = [
  '__proto__',
  `__proto__[${SENTINEL}]`,
  `__proto__.${SENTINEL}`,
  `[__proto__][${SENTINEL}]`,
  `[__proto__]${SENTINEL}`,
  `constructor[prototype][${SENTINEL}]`,
  `constructor.prototype.${SENTINEL}`,
  `prototype[${SENTINEL}]`,
  `metadata[__proto__]`,
  `metadata[__proto__][${SENTINEL}]`,
  `metadata[constructor][prototype][${SENTINEL}]`,
  `expand[__proto__]`,
  `payment_method_data[__proto__][${SENTINEL}]`,
  `payment_method_data[billing_details][address][__proto__][${SENTINEL}]`,
  `payment_method_options[card][three_d_secure][constructor][prototype][${SENTINEL}]`,
  `%5F%5Fproto%5F%5F[${SENTINEL}]`,
  `__pro__proto__to__[${SENTINEL}]`,
  `a[__proto__][__proto__][${SENTINEL}]`,
  `toString`,
  `hasOwnProperty[x]`,
];

/** Parameter names the routes know, so values of the wrong type reach the checkers. */
const KNOWN_KEYS = [
  'payment_method_types[]',
  'payment_method_types[0]',
  'payment_method_types',
  'usage',
  'confirm',
  'customer',
  'payment_method',
  'metadata[order]',
  'metadata',
  'description',
  'expand[]',
  'expand[0]',
  'expand',
  'limit',
  'starting_after',
  'ending_before',
  'email',
  'name',
  'url',
  'enabled_events[]',
  'enabled_events[0]',
  'seconds',
  'amounts[]',
  'amounts[0]',
  'descriptor_code',
  'client_secret',
  'cancellation_reason',
  'return_url',
  'type',
  'types[]',
  'created[gt]',
  'created',
  'card[token]',
  'payment_method_data[type]',
  'payment_method_data[billing_details][address][line1]',
  'payment_method_options[card][request_three_d_secure]',
  'mandate_data[customer_acceptance][type]',
  'flow_directions[]',
  'single_use[amount]',
  'attach_to_self',
  'disabled',
  'unknown_param',
];

const formValueArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'card', 'true', 'false', 'off_session', '0', '-1', '1e3', '99999999999999999999', 'NaN', 'null', '%', '%E0%A4%A', '%00', '+', 'a&b', '🙂', 'pm_card_visa', 'seti_x', '*'),
  fc.string({ maxLength: 20 }).map((text) => encodeURIComponent(text)),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: 0, max: 10 }).map((n) => 'v'.repeat(10 ** Math.min(n, 4))),
);

const deepKeyArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', 'metadata', 'payment_method_data', 'expand', 'created'), fc.integer({ min: 1, max: 60 }), fc.constantFrom('[b]', '[]', '[0]', '[__proto__]'))
  .map(([head, depth, step]) => head + step.repeat(depth));

const bigIndexKeyArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('expand', 'payment_method_types', 'amounts', 'enabled_events', 'types', 'a'), fc.constantFrom(99, 100, 101, 1000, 2 ** 31, 1e21, -1))
  .map(([head, index]) => `${head}[${index}]`);

const formKeyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_KEYS) },
  { weight: 3, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 1, arbitrary: deepKeyArb },
  { weight: 1, arbitrary: bigIndexKeyArb },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** A form body (or query) in bracket notation with hostile keys and values. */
const hostileFormArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.tuple(formKeyArb, formValueArb), { maxLength: 8 }).map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('expand[]', 'payment_method_types[]', 'a[]', 'metadata[k]', 'x'), fc.integer({ min: 1, max: 1500 }))
      .map(([key, count]) => Array.from({ length: count }, (_, i) => `${key.replace('[k]', `[k${i}]`)}=v${i}`).join('&')),
  },
  { weight: 1, arbitrary: fc.constantFrom('&&&', '=', '==', '&=&', '[]=x', '[=x', ']=x', 'a[=x', 'a]=x', 'a[b=x', 'a[b]]=x', '%=%', 'a=%FF%FE', '\u0000=\u0000') },
);

/** A JSON value where the routes expect something else. */
const wrongJsonValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1.5, 1e308, true, false, null, '', [], {}, [[]], [{}], { gt: 'x' }, ['card', 1], 'card', '__proto__'),
  fc.jsonValue({ maxDepth: 3 }),
);

const jsonKeyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_KEYS.filter((key) => !key.includes('['))) },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'metadata', 'payment_method_data', 'payment_method_options', 'mandate_data') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

function nestedJson(depth: number, key: string): string {
  return `${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A JSON body: wrong types under known keys, prototype keys, deep nesting, non-objects, broken JSON. */
const hostileJsonArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.dictionary(jsonKeyArb, wrongJsonValueArb, { maxKeys: 5 }).map((object) => JSON.stringify(object)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      `{"__proto__":{"${SENTINEL}":"polluted"}}`,
      `{"constructor":{"prototype":{"${SENTINEL}":"polluted"}}}`,
      `{"metadata":{"__proto__":{"${SENTINEL}":"polluted"}}}`,
      `{"metadata":{"constructor":"x"}}`,
      `{"payment_method_data":{"type":"card","billing_details":{"address":{"__proto__":{"${SENTINEL}":1}}}}}`,
      `{"payment_method_options":{"card":{"three_d_secure":{"constructor":{"prototype":{"${SENTINEL}":1}}}}}}`,
      `{"expand":["latest_attempt","__proto__"]}`,
      `{"payment_method_types":{"0":"card","__proto__":"x"}}`,
      `{"limit":1e400}`,
      `{"limit":-0}`,
      `{"seconds":1.5}`,
      `{"amounts":[32,"45"]}`,
      `{"metadata":{"k":{"nested":true}}}`,
      `{"payment_method_types":"card"}`,
      `{"usage":5}`,
      `{"confirm":"yes"}`,
      `{"expand":"latest_attempt"}`,
      `{"expand":[1,2]}`,
      `{"a":1,"a":2}`,
      '[1,2,3]',
      '"text"',
      '42',
      'null',
      'true',
      '{',
      '{"a":',
      '{"a":1}}',
      '\uFEFF{}',
      '{"\\ud800":"\\udfff"}',
      `{"payment_method_types":[${'"card",'.repeat(400)}"card"]}`,
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('a', 'metadata', '__proto__', 'payment_method_data')).map(([depth, key]) => nestedJson(depth, key)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null') },
);

/** Raw bytes read as UTF-8 (invalid sequences included), and arbitrary text. */
const noiseBodyArb: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Bodies over the fixture emulator's size limit, or just under it. */
const sizedBodyArb: fc.Arbitrary<string> = fc.constantFrom(
  `description=${'x'.repeat(FIXTURE_MAX_BODY_BYTES)}`,
  `description=${'é'.repeat(FIXTURE_MAX_BODY_BYTES / 2)}`,
  `{"description":"${'x'.repeat(FIXTURE_MAX_BODY_BYTES)}"}`,
  `description=${'x'.repeat(FIXTURE_MAX_BODY_BYTES - 20)}`,
  `metadata[k]=${'x'.repeat(FIXTURE_MAX_BODY_BYTES - 20)}`,
);

/** Any body, each kind often enough to matter. */
const hostileBodyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: hostileFormArb },
  { weight: 4, arbitrary: hostileJsonArb },
  { weight: 2, arbitrary: noiseBodyArb },
  { weight: 1, arbitrary: sizedBodyArb },
  { weight: 1, arbitrary: fc.constant('') },
);

/** An arbitrary request against a fixture: mostly near a real route, often somewhere else entirely. */
function hostileRequestArb(ids: FixtureIds): fc.Arbitrary<RequestSpec> {
  const routed = fc.constantFrom(...ROUTES).chain(([method, pattern]) =>
    fc.record({
      method: fc.oneof({ weight: 4, arbitrary: fc.constant(method) }, { weight: 1, arbitrary: methodArb }),
      path: routePathArb(pattern, ids),
    }),
  );
  const anywhere = fc.record({ method: methodArb, path: hostileWholePathArb });
  return fc.record({
    target: fc.oneof({ weight: 4, arbitrary: routed }, { weight: 1, arbitrary: anywhere }),
    query: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 2, arbitrary: hostileFormArb }, { weight: 1, arbitrary: noiseBodyArb }),
    headers: headersArb,
    body: hostileBodyArb,
  }).map(({ target, query, headers, body }) => ({ method: target.method, path: target.path, query, headers, body }));
}

/**
 * Whether an answer is one of the refusals that legitimately change the state: a decline (402),
 * or wrong microdeposit values, which cost an attempt (400 from `verify_microdeposits`, or the
 * hosted verification page shown again with the attempts left).
 */
export function refusalMayChangeState(spec: RequestSpec, answer: WireResponse): boolean {
  if (answer.status === 402) {
    return true;
  }
  if (answer.status !== 400) {
    return false;
  }
  if (spec.path.endsWith('/verify_microdeposits')) {
    let code: unknown;
    try {
      code = (JSON.parse(answer.body) as { error?: { code?: unknown } }).error?.code;
    } catch {
      return false;
    }
    return typeof code === 'string' && code.startsWith('payment_method_microdeposit_');
  }
  return spec.method === 'POST' && spec.path.startsWith('/hosted/microdeposits/') && answer.body.includes('verification attempts remaining');
}

// --- Nearly valid requests: an SDK-shaped call with one or two things wrong -------------------------

/** A call the official SDK could make, valid against the fixture. */
interface ValidCall {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly params: Record<string, unknown>;
  readonly key?: 'publishable';
}

/** One valid call per route and interesting state; each is refused or accepted as a whole. */
function validCalls(ids: FixtureIds): ValidCall[] {
  const i = ids.intents;
  return [
    { method: 'POST', path: '/v1/setup_intents', params: { payment_method_types: ['card'], metadata: { order: '1' } } },
    { method: 'POST', path: '/v1/setup_intents', params: { payment_method_types: ['card'], confirm: 'true', payment_method: 'pm_card_visa', usage: 'off_session', customer: ids.customer } },
    { method: 'POST', path: '/v1/setup_intents', params: { payment_method_types: ['card'], confirm: 'true', payment_method: 'pm_card_chargeDeclined' } },
    { method: 'GET', path: '/v1/setup_intents', params: { limit: '3', customer: ids.customer } },
    { method: 'GET', path: `/v1/setup_intents/${i.succeeded}`, params: { expand: ['latest_attempt', 'payment_method'] } },
    { method: 'GET', path: `/v1/setup_intents/${i.requiresPaymentMethod}`, params: { client_secret: ids.clientSecret }, key: 'publishable' },
    { method: 'POST', path: `/v1/setup_intents/${i.requiresPaymentMethod}`, params: { metadata: { note: 'x' }, description: 'updated' } },
    { method: 'POST', path: `/v1/setup_intents/${i.requiresPaymentMethod}/cancel`, params: { cancellation_reason: 'abandoned' } },
    { method: 'POST', path: `/v1/setup_intents/${i.requiresPaymentMethod}/confirm`, params: { payment_method: 'pm_card_visa', expand: ['latest_attempt'] } },
    { method: 'POST', path: `/v1/setup_intents/${i.requiresPaymentMethod}/confirm`, params: { payment_method: 'pm_card_visa', client_secret: ids.clientSecret }, key: 'publishable' },
    { method: 'POST', path: `/v1/setup_intents/${i.requiresConfirmation}/confirm`, params: {} },
    { method: 'POST', path: `/v1/setup_intents/${i.requiresAction}/confirm`, params: { payment_method: 'pm_card_visa' } },
    { method: 'POST', path: `/v1/setup_intents/${i.microdeposits}/verify_microdeposits`, params: { amounts: ['32', '45'] } },
    { method: 'POST', path: `/v1/setup_intents/${i.microdeposits}/verify_microdeposits`, params: { amounts: ['10', '11'] } },
    { method: 'GET', path: '/v1/setup_attempts', params: { setup_intent: i.succeeded, limit: '2' } },
    { method: 'GET', path: `/v1/mandates/${ids.mandate}`, params: { expand: ['payment_method'] } },
    { method: 'POST', path: '/v1/payment_methods', params: { type: 'card', card: { token: 'tok_visa' }, billing_details: { name: 'A', address: { line1: '1 Way' } } } },
    { method: 'GET', path: '/v1/payment_methods', params: { customer: ids.customer, type: 'card' } },
    { method: 'GET', path: `/v1/payment_methods/${ids.paymentMethod}`, params: {} },
    { method: 'GET', path: '/v1/payment_methods/pm_card_visa', params: {} },
    { method: 'GET', path: `/v1/customers/${ids.customer}/payment_methods`, params: { type: 'card' } },
    { method: 'POST', path: `/v1/payment_methods/${ids.paymentMethod}/attach`, params: { customer: ids.customer } },
    { method: 'POST', path: '/v1/payment_methods/pm_card_visa/attach', params: { customer: ids.customer } },
    { method: 'POST', path: `/v1/payment_methods/${ids.paymentMethod}/detach`, params: {} },
    { method: 'POST', path: '/v1/customers', params: { email: 'new@example.com', name: 'New', metadata: { a: 'b' } } },
    { method: 'GET', path: '/v1/customers', params: { limit: '2', email: 'fixture@example.com' } },
    { method: 'GET', path: `/v1/customers/${ids.customer}`, params: {} },
    { method: 'POST', path: `/v1/customers/${ids.customer}`, params: { name: 'Renamed', metadata: { order: '' } } },
    { method: 'GET', path: '/v1/events', params: { type: 'setup_intent.*', limit: '5' } },
    { method: 'GET', path: '/v1/events', params: { types: ['setup_intent.created'], created: { gte: '0' } } },
    { method: 'GET', path: `/v1/events/${ids.event}`, params: {} },
    { method: 'POST', path: '/v1/webhook_endpoints', params: { url: 'https://example.com/other', enabled_events: ['setup_intent.succeeded'] } },
    { method: 'GET', path: '/v1/webhook_endpoints', params: { limit: '1' } },
    { method: 'GET', path: `/v1/webhook_endpoints/${ids.webhookEndpoint}`, params: {} },
    { method: 'POST', path: `/v1/webhook_endpoints/${ids.webhookEndpoint}`, params: { description: 'described', metadata: { a: 'b' } } },
    { method: 'DELETE', path: `/v1/webhook_endpoints/${ids.webhookEndpoint}`, params: {} },
    { method: 'POST', path: `/v1/test_helpers/setup_intents/${i.requiresAction}/succeed`, params: {} },
    { method: 'POST', path: `/v1/test_helpers/setup_intents/${i.requiresAction}/fail`, params: {} },
    { method: 'POST', path: `/v1/test_helpers/setup_intents/${i.processing}/fail`, params: {} },
    { method: 'POST', path: `/v1/test_helpers/setup_intents/${i.requiresAction}/expire`, params: {} },
    { method: 'POST', path: '/v1/test_helpers/advance_clock', params: { seconds: '3600' } },
    { method: 'GET', path: `/hosted/authenticate/${i.requiresAction}`, params: { attempt: ids.attempts.requiresAction } },
    { method: 'POST', path: `/hosted/authenticate/${i.requiresAction}`, params: { attempt: ids.attempts.requiresAction, outcome: 'succeeded' } },
    { method: 'POST', path: `/hosted/authenticate/${i.requiresAction}`, params: { attempt: ids.attempts.requiresAction, outcome: 'failed' } },
    { method: 'GET', path: `/hosted/microdeposits/${i.microdeposits}`, params: { attempt: ids.attempts.microdeposits } },
    { method: 'POST', path: `/hosted/microdeposits/${i.microdeposits}`, params: { attempt: ids.attempts.microdeposits, amount1: '32', amount2: '45' } },
    { method: 'POST', path: `/hosted/microdeposits/${i.microdeposits}`, params: { attempt: ids.attempts.microdeposits, amount1: '10', amount2: '11' } },
    { method: 'GET', path: `/hosted/mandates/${ids.mandate}`, params: {} },
  ];
}

/** One thing wrong with a call, as data, so a counterexample names it. */
export type Mutation =
  | { readonly kind: 'bad expand'; readonly path: string }
  | { readonly kind: 'unknown parameter'; readonly name: string }
  | { readonly kind: 'prototype key'; readonly key: string }
  | { readonly kind: 'wrong type'; readonly pick: number; readonly as: 'array' | 'hash' | 'number' | 'boolean' | 'null' | 'object in array' }
  | { readonly kind: 'empty'; readonly pick: number }
  | { readonly kind: 'drop'; readonly pick: number }
  | { readonly kind: 'too long'; readonly pick: number }
  | { readonly kind: 'metadata'; readonly variant: 'too many keys' | 'long key' | 'long value' | 'nested' | 'not a hash' }
  | { readonly kind: 'auth'; readonly header: string | undefined }
  | { readonly kind: 'method'; readonly method: string }
  | { readonly kind: 'id'; readonly segment: string }
  | { readonly kind: 'idempotency key'; readonly key: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('bad expand' as const), path: fc.constantFrom('bogus', 'latest_attempt.bogus', 'a.b.c.d.e', 'data', 'customer.__proto__', '__proto__', 'constructor', '.', ' ') }),
  fc.record({ kind: fc.constant('unknown parameter' as const), name: fc.constantFrom('bogus', 'amount', 'toString', 'hasOwnProperty', 'metadata2', 'Payment_method') }),
  fc.record({ kind: fc.constant('prototype key' as const), key: fc.constantFrom('__proto__', 'constructor', 'prototype') }),
  fc.record({ kind: fc.constant('wrong type' as const), pick: fc.nat(), as: fc.constantFrom('array' as const, 'hash' as const, 'number' as const, 'boolean' as const, 'null' as const, 'object in array' as const) }),
  fc.record({ kind: fc.constant('empty' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('too long' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('metadata' as const), variant: fc.constantFrom('too many keys' as const, 'long key' as const, 'long value' as const, 'nested' as const, 'not a hash' as const) }),
  fc.record({ kind: fc.constant('auth' as const), header: fc.constantFrom(undefined, 'Bearer sk_live_robustness', `Bearer ${PUBLISHABLE_KEY}`, 'Bearer nonsense', `Basic ${base64(`${SECRET_KEY}:`)}`) }),
  fc.record({ kind: fc.constant('method' as const), method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS') }),
  fc.record({ kind: fc.constant('id' as const), segment: fc.constantFrom('seti_doesnotexist', 'pm_card_visa', '__proto__', '%E0%A4%A', '..', 'cus_nope', 'we_nope') }),
  fc.record({ kind: fc.constant('idempotency key' as const), key: fc.constantFrom('fixed-key', 'k'.repeat(256)) }),
);

function pickKey(params: Record<string, unknown>, pick: number): string | undefined {
  const keys = Object.keys(params);
  return keys.length === 0 ? undefined : keys[pick % keys.length];
}

function wrongValue(value: unknown, as: Extract<Mutation, { kind: 'wrong type' }>['as']): unknown {
  switch (as) {
    case 'array':
      return [value];
    case 'hash':
      return { x: value };
    case 'number':
      return 42;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'object in array':
      return [{ x: value }];
  }
}

interface Draft {
  method: string;
  path: string;
  params: Record<string, unknown>;
  headers: Record<string, string>;
  /** Keys added as raw text (prototype keys cannot be built as object keys). */
  raw: string[];
}

function applyMutation(draft: Draft, mutation: Mutation): void {
  const params = draft.params;
  switch (mutation.kind) {
    case 'bad expand':
      params['expand'] = [...(Array.isArray(params['expand']) ? (params['expand'] as unknown[]) : []), mutation.path];
      return;
    case 'unknown parameter':
      params[mutation.name] = 'x';
      return;
    case 'prototype key':
      draft.raw.push(`${mutation.key}[${SENTINEL}]=polluted`, `metadata[${mutation.key}]=polluted`);
      return;
    case 'wrong type': {
      const key = pickKey(params, mutation.pick) ?? 'expand';
      params[key] = wrongValue(params[key] ?? 'x', mutation.as);
      return;
    }
    case 'empty': {
      const key = pickKey(params, mutation.pick) ?? 'expand';
      params[key] = '';
      return;
    }
    case 'drop': {
      const key = pickKey(params, mutation.pick);
      if (key !== undefined) {
        delete params[key];
      }
      return;
    }
    case 'too long': {
      const key = pickKey(params, mutation.pick) ?? 'description';
      params[key] = 'x'.repeat(5001);
      return;
    }
    case 'metadata':
      params['metadata'] = {
        'too many keys': Object.fromEntries(Array.from({ length: 51 }, (_, n) => [`k${n}`, 'v'])),
        'long key': { ['k'.repeat(41)]: 'v' },
        'long value': { k: 'v'.repeat(501) },
        nested: { k: { deeper: 'v' } },
        'not a hash': 'text',
      }[mutation.variant];
      return;
    case 'auth':
      if (mutation.header === undefined) {
        delete draft.headers['authorization'];
      } else {
        draft.headers['authorization'] = mutation.header;
      }
      return;
    case 'method':
      draft.method = mutation.method;
      return;
    case 'id': {
      const segments = draft.path.split('/');
      const at = segments.findIndex((segment) => /^(seti|pm|cus|we|evt|mandate)_/.test(segment));
      if (at !== -1) {
        segments[at] = mutation.segment;
        draft.path = segments.join('/');
      }
      return;
    }
    case 'idempotency key':
      draft.headers['idempotency-key'] = mutation.key;
      return;
  }
}

/** Numbers and booleans where form encoding would send strings (what a JSON client sends). */
function typed(value: unknown): unknown {
  if (typeof value === 'string') {
    return /^-?\d+$/.test(value) ? Number(value) : value === 'true' ? true : value === 'false' ? false : value;
  }
  if (Array.isArray(value)) {
    return value.map(typed);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, typed(item)]));
  }
  return value;
}

/**
 * A valid SDK-shaped call against the fixture with up to two mutations, sent as a form (as the
 * SDKs do) or as JSON with real numbers and booleans. Most are refused for exactly one reason,
 * which is where a handler that changes state before it finishes checking shows itself.
 */
function nearlyValidRequestArb(ids: FixtureIds): fc.Arbitrary<RequestSpec> {
  return fc
    .record({
      call: fc.constantFrom(...validCalls(ids)),
      mutations: fc.array(mutationArb, { minLength: 0, maxLength: 2 }),
      json: fc.boolean(),
    })
    .map(({ call, mutations, json }) => {
      const draft: Draft = {
        method: call.method,
        path: call.path,
        params: structuredClone(call.params),
        headers: { authorization: `Bearer ${call.key === 'publishable' ? PUBLISHABLE_KEY : SECRET_KEY}` },
        raw: [],
      };
      for (const mutation of mutations) {
        applyMutation(draft, mutation);
      }
      const raw = draft.raw.join('&');
      const encoded = form(draft.params);
      const text = [encoded, raw].filter((part) => part !== '').join('&');
      if (draft.method === 'GET' || draft.method === 'DELETE' || draft.method === 'HEAD') {
        return { method: draft.method, path: draft.path, query: text, headers: draft.headers, body: '' };
      }
      if (json && raw === '') {
        return { method: draft.method, path: draft.path, query: '', headers: { ...draft.headers, 'content-type': 'application/json' }, body: JSON.stringify(typed(draft.params)) };
      }
      if (json) {
        const object = JSON.stringify(typed(draft.params));
        const extra = draft.raw.map((pair) => pair.split('=')[0] ?? '').map((key) => `"${key.replace(/\[.*$/, '')}":{"${SENTINEL}":"polluted"}`);
        const body = object === '{}' ? `{${extra.join(',')}}` : `${object.slice(0, -1)},${extra.join(',')}}`;
        return { method: draft.method, path: draft.path, query: '', headers: { ...draft.headers, 'content-type': 'application/json' }, body };
      }
      return { method: draft.method, path: draft.path, query: '', headers: { ...draft.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: text };
    });
}

/** Hostile requests and nearly valid ones, about evenly. */
export function anyRequestArb(ids: FixtureIds): fc.Arbitrary<RequestSpec> {
  return fc.oneof(hostileRequestArb(ids), nearlyValidRequestArb(ids));
}
