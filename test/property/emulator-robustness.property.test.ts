// Robustness of the emulator's request pipeline, driven through `emulator.handle` (no socket, so
// runs are cheap): whatever arrives, the answer is a Stripe error or a success, never a 5xx or an
// exception; a refusal changes nothing; no prototype is reached; valid calls keep working among
// hostile ones; and parallel requests on one SetupIntent apply once.
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator.js';
import type { Emulator, WireResponse } from '../../src/emulator.js';
import {
  FIXTURE_MAX_BODY_BYTES,
  OFFLINE_WEBHOOKS,
  PUBLISHABLE_KEY,
  SENTINEL,
  anyRequestArb,
  createFixture,
  get,
  post,
  refusalMayChangeState,
  snapshot,
  wire,
  wireEnvelopeProblem,
} from '../support/emulator-arbitraries.js';
import type { Fixture, FixtureIds, RequestSpec } from '../support/emulator-arbitraries.js';

let ids: FixtureIds;

beforeAll(async () => {
  // Fixtures are deterministic (fixed seed and clock), so the ids of this one are every run's.
  ids = (await createFixture()).ids;
});

/**
 * A fresh fixture, checked to hold the ids the arbitraries were built from. Its client secret is
 * its own: secrets come from a key every emulator draws at random, not from the seed.
 */
async function freshFixture(): Promise<Fixture> {
  const fixture = await createFixture();
  expect({ ...fixture.ids, clientSecret: ids.clientSecret }).toEqual(ids);
  return fixture;
}

/** A request the arbitraries built, with the fixture's own client secret where theirs was. */
function forFixture(fixture: Fixture, spec: RequestSpec): RequestSpec {
  const swap = (text: string): string => text.split(ids.clientSecret).join(fixture.ids.clientSecret);
  return { ...spec, path: swap(spec.path), query: swap(spec.query), body: swap(spec.body) };
}

interface Observation {
  readonly answer: WireResponse | null;
  readonly thrown: unknown;
  readonly before: string;
  readonly after: string;
  readonly logs: readonly string[];
}

/** Sends one request, recording the answer (or what was thrown), the state around it, and what was logged. */
async function observe(fixture: Fixture, spec: RequestSpec): Promise<Observation> {
  const before = snapshot(fixture.emulator);
  const logged = fixture.logs.length;
  let answer: WireResponse | null = null;
  let thrown: unknown = null;
  try {
    answer = await fixture.emulator.handle(wire(forFixture(fixture, spec)));
  } catch (error) {
    thrown = error;
  }
  return { answer, thrown, before, after: snapshot(fixture.emulator), logs: fixture.logs.slice(logged) };
}

function describeSpec(spec: RequestSpec): string {
  const cut = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text);
  return `${JSON.stringify(spec.method)} ${JSON.stringify(cut(spec.path))} query=${JSON.stringify(cut(spec.query))} headers=${cut(JSON.stringify(spec.headers))} body=${JSON.stringify(cut(spec.body))}`;
}

const requestsArb = (): fc.Arbitrary<RequestSpec[]> => fc.array(anyRequestArb(ids), { minLength: 1, maxLength: 6 });

describe('hostile requests through emulator.handle', () => {
  it('start from a fixture with a SetupIntent in each status the arbitraries aim at', async () => {
    const { emulator } = await freshFixture();
    const status = (id: string): string | undefined => emulator.store.setupIntents.get(id)?.intent.status;
    expect(Object.fromEntries(Object.entries(ids.intents).map(([name, id]) => [name, status(id)]))).toEqual({
      requiresPaymentMethod: 'requires_payment_method',
      requiresConfirmation: 'requires_confirmation',
      requiresAction: 'requires_action',
      microdeposits: 'requires_action',
      processing: 'processing',
      succeeded: 'succeeded',
      canceled: 'canceled',
      declined: 'requires_payment_method',
    });
    expect(emulator.store.mandates.has(ids.mandate)).toBe(true);
    expect(emulator.state.webhookEndpoints.get(ids.webhookEndpoint)?.status).toBe('disabled');
  });

  it('never throw, never answer 5xx, and never log an unexpected error', async () => {
    await fc.assert(
      fc.asyncProperty(requestsArb(), async (specs) => {
        const fixture = await freshFixture();
        for (const spec of specs) {
          const seen = await observe(fixture, spec);
          expect(seen.thrown, `handle threw for ${describeSpec(spec)}`).toBeNull();
          expect(seen.answer?.status, `5xx for ${describeSpec(spec)}: ${seen.answer?.body ?? ''}`).toBeLessThan(500);
          expect(seen.logs.filter((line) => line.includes('Unexpected error')), `logged for ${describeSpec(spec)}`).toEqual([]);
        }
      }),
    );
  });

  it('answer every non-2xx with a Stripe error envelope and a req_ request id', async () => {
    await fc.assert(
      fc.asyncProperty(requestsArb(), async (specs) => {
        const fixture = await freshFixture();
        for (const spec of specs) {
          const answer = await fixture.emulator.handle(wire(forFixture(fixture, spec)));
          expect(answer.headers['request-id'], `request-id for ${describeSpec(spec)}`).toMatch(/^req_/);
          if (spec.path.startsWith('/hosted/') || (answer.status >= 200 && answer.status < 300)) {
            continue;
          }
          expect(wireEnvelopeProblem(answer), `envelope of ${answer.status} for ${describeSpec(spec)}: ${answer.body.slice(0, 300)}`).toBeNull();
          expect(answer.headers['content-type'], `content-type for ${describeSpec(spec)}`).toMatch(/^application\/json/);
        }
      }),
    );
  });

  it('leave the state untouched when refused (declines and microdeposit guesses aside)', async () => {
    await fc.assert(
      fc.asyncProperty(requestsArb(), async (specs) => {
        const fixture = await freshFixture();
        for (const spec of specs) {
          const seen = await observe(fixture, spec);
          const answer = seen.answer;
          if (answer === null || answer.status < 400 || refusalMayChangeState(spec, answer)) {
            continue;
          }
          expect(seen.after === seen.before, `${answer.status} changed the state: ${describeSpec(spec)} answered ${answer.body.slice(0, 300)}`).toBe(true);
        }
      }),
    );
  });

  it('never reach Object.prototype or Array.prototype', async () => {
    const own = (target: object): Map<string | symbol, unknown> => new Map(Reflect.ownKeys(target).map((key) => [key, Reflect.get(target, key)]));
    const objectBefore = own(Object.prototype);
    const arrayBefore = own(Array.prototype);
    await fc.assert(
      fc.asyncProperty(requestsArb(), async (specs) => {
        const fixture = await freshFixture();
        for (const spec of specs) {
          await fixture.emulator.handle(wire(forFixture(fixture, spec))).catch(() => undefined);
          expect(SENTINEL in {}, `Object.prototype polluted by ${describeSpec(spec)}`).toBe(false);
          expect(SENTINEL in [], `Array.prototype polluted by ${describeSpec(spec)}`).toBe(false);
          expect(own(Object.prototype), `Object.prototype changed by ${describeSpec(spec)}`).toEqual(objectBefore);
          expect(own(Array.prototype), `Array.prototype changed by ${describeSpec(spec)}`).toEqual(arrayBefore);
        }
      }),
    );
  });
});

describe('refusals that must leave the state untouched (the smallest cases the properties found)', () => {
  const cases: readonly (readonly [string, (ids: FixtureIds) => RequestSpec])[] = [
    ['an invalid expand on POST /v1/customers', () => post('/v1/customers', { email: 'x@example.com', expand: ['bogus'] })],
    ['an invalid expand on POST /v1/setup_intents', () => post('/v1/setup_intents', { payment_method_types: ['card'], expand: ['bogus'] })],
    ['an expand deeper than four levels on POST /v1/setup_intents', () => post('/v1/setup_intents', { payment_method_types: ['card'], expand: ['a.b.c.d.e'] })],
    ['an invalid expand on a confirm', (fixtureIds) => post(`/v1/setup_intents/${fixtureIds.intents.requiresPaymentMethod}/confirm`, { payment_method: 'pm_card_visa', expand: ['latest_attempt.bogus'] })],
    ['an invalid expand on a cancel', (fixtureIds) => post(`/v1/setup_intents/${fixtureIds.intents.requiresPaymentMethod}/cancel`, { expand: ['bogus'] })],
    ['an invalid expand on POST /v1/webhook_endpoints', () => post('/v1/webhook_endpoints', { url: 'https://example.com/other', enabled_events: ['*'], expand: ['bogus'] })],
    ['an unknown parameter on GET /v1/payment_methods/pm_card_visa', () => get('/v1/payment_methods/pm_card_visa', { bogus: '1' })],
    ['attaching pm_card_visa without a customer', () => post('/v1/payment_methods/pm_card_visa/attach')],
    ['attaching pm_card_visa to a missing customer', () => post('/v1/payment_methods/pm_card_visa/attach', { customer: 'cus_missing' })],
  ];

  it.each(cases)('%s: 400 and nothing stored', async (_name, build) => {
    const fixture = await freshFixture();
    const spec = build(fixture.ids);
    const seen = await observe(fixture, spec);
    expect(seen.answer?.status, seen.answer?.body).toBe(400);
    expect(seen.after === seen.before, `${describeSpec(spec)} changed the state`).toBe(true);
  });
});

// --- Valid calls among hostile ones: a model of what the valid ones must have done. ---------------

interface IntentModel {
  readonly id: string;
  status: 'requires_payment_method' | 'succeeded';
}

interface Model {
  readonly intents: IntentModel[];
  attempts: number;
  customers: number;
}

interface Real {
  readonly emulator: Emulator;
}

function body(answer: WireResponse): Record<string, unknown> {
  return JSON.parse(answer.body) as Record<string, unknown>;
}

class CreateIntentCommand implements fc.AsyncCommand<Model, Real> {
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const answer = await real.emulator.handle(wire(post('/v1/setup_intents', { payment_method_types: ['card'], metadata: { n: String(model.intents.length) } })));
    expect(answer.status, answer.body).toBe(200);
    const created = body(answer);
    expect(created['status']).toBe('requires_payment_method');
    model.intents.push({ id: String(created['id']), status: 'requires_payment_method' });
  }
  toString(): string {
    return 'createIntent';
  }
}

class ConfirmCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly alias: 'pm_card_visa' | 'pm_card_chargeDeclined',
  ) {}
  check(model: Readonly<Model>): boolean {
    return model.intents.length > 0;
  }
  async run(model: Model, real: Real): Promise<void> {
    const intent = model.intents[this.pick % model.intents.length] as IntentModel;
    const answer = await real.emulator.handle(wire(post(`/v1/setup_intents/${intent.id}/confirm`, { payment_method: this.alias })));
    if (intent.status === 'succeeded') {
      expect(answer.status, answer.body).toBe(400);
      expect((body(answer)['error'] as Record<string, unknown>)['code']).toBe('setup_intent_unexpected_state');
      return;
    }
    model.attempts += 1;
    if (this.alias === 'pm_card_chargeDeclined') {
      expect(answer.status, answer.body).toBe(402);
      expect((body(answer)['error'] as Record<string, unknown>)['type']).toBe('card_error');
      return;
    }
    expect(answer.status, answer.body).toBe(200);
    expect(body(answer)['status']).toBe('succeeded');
    intent.status = 'succeeded';
  }
  toString(): string {
    return `confirm(#${this.pick}, ${this.alias})`;
  }
}

class CreateCustomerCommand implements fc.AsyncCommand<Model, Real> {
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const answer = await real.emulator.handle(wire(post('/v1/customers', { email: `c${model.customers}@example.com` })));
    expect(answer.status, answer.body).toBe(200);
    model.customers += 1;
  }
  toString(): string {
    return 'createCustomer';
  }
}

/** Refusals that must leave everything as it was, aimed at the SetupIntents the run created. */
const REFUSED_KINDS = [
  'no key',
  'live key',
  'garbage key',
  'publishable key without client secret',
  'unknown parameter',
  'prototype key',
  'JSON prototype key',
  'array for a string',
  'string for an array',
  'JSON number for an array',
  'broken JSON',
  'oversized body',
  'PUT',
  'PATCH',
  'unknown route',
  'unknown intent',
  'long idempotency key',
  'nested too deep',
  'array too long',
] as const;

type RefusedKind = (typeof REFUSED_KINDS)[number];

function refusedRequest(kind: RefusedKind, intent: string | undefined): RequestSpec {
  const target = intent ?? 'seti_none';
  const confirm = `/v1/setup_intents/${target}/confirm`;
  const valid = post(confirm, { payment_method: 'pm_card_visa' });
  const json = (text: string): RequestSpec => ({ ...post(intent === undefined ? '/v1/setup_intents' : confirm), headers: { ...valid.headers, 'content-type': 'application/json' }, body: text });
  switch (kind) {
    case 'no key':
      return { ...valid, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    case 'live key':
      return { ...valid, headers: { ...valid.headers, authorization: 'Bearer sk_live_robustness' } };
    case 'garbage key':
      return { ...valid, headers: { ...valid.headers, authorization: 'Bearer \u00ff\u00fe' } };
    case 'publishable key without client secret':
      return { ...valid, headers: { ...valid.headers, authorization: `Bearer ${PUBLISHABLE_KEY}` } };
    case 'unknown parameter':
      return { ...valid, body: `${valid.body}&bogus_param=1` };
    case 'prototype key':
      return { ...valid, body: `${valid.body}&__proto__[${SENTINEL}]=1` };
    case 'JSON prototype key':
      return json(`{"payment_method":"pm_card_visa","__proto__":{"${SENTINEL}":1}}`);
    case 'array for a string':
      return post(confirm, { payment_method: ['pm_card_visa'] });
    case 'string for an array':
      return { ...post('/v1/setup_intents'), body: 'payment_method_types=card' };
    case 'JSON number for an array':
      return json('{"payment_method_types":5}');
    case 'broken JSON':
      return json('{"payment_method":"pm_card_visa"');
    case 'oversized body':
      return { ...valid, body: `${valid.body}&metadata[k]=${'x'.repeat(FIXTURE_MAX_BODY_BYTES)}` };
    case 'PUT':
      return { ...valid, method: 'PUT' };
    case 'PATCH':
      return { ...valid, method: 'PATCH' };
    case 'unknown route':
      return { ...valid, path: `${confirm}/again` };
    case 'unknown intent':
      return { ...valid, path: '/v1/setup_intents/seti_doesnotexist/confirm' };
    case 'long idempotency key':
      return { ...valid, headers: { ...valid.headers, 'idempotency-key': 'k'.repeat(256) } };
    case 'nested too deep':
      return { ...valid, body: `${valid.body}&metadata${'[a]'.repeat(8)}=1` };
    case 'array too long':
      return { ...post('/v1/setup_intents'), body: Array.from({ length: 150 }, () => 'payment_method_types[]=card').join('&') };
  }
}

class RefusedCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly kind: RefusedKind,
    readonly pick: number,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const intent = model.intents.length === 0 ? undefined : model.intents[this.pick % model.intents.length]?.id;
    const before = snapshot(real.emulator);
    const answer = await real.emulator.handle(wire(refusedRequest(this.kind, intent)));
    expect(answer.status, `${this.kind}: ${answer.body}`).toBeGreaterThanOrEqual(400);
    expect(answer.status, `${this.kind}: ${answer.body}`).toBeLessThan(500);
    expect(wireEnvelopeProblem(answer), this.kind).toBeNull();
    expect(snapshot(real.emulator) === before, `${this.kind} changed the state`).toBe(true);
  }
  toString(): string {
    return `refused(${this.kind}, #${this.pick})`;
  }
}

describe('valid calls among hostile ones', () => {
  it('succeed as the model says, and the store ends with exactly what they made', async () => {
    const commands = fc.commands(
      [
        fc.constant(new CreateIntentCommand()),
        fc.tuple(fc.nat(), fc.constantFrom('pm_card_visa' as const, 'pm_card_chargeDeclined' as const)).map(([pick, alias]) => new ConfirmCommand(pick, alias)),
        fc.constant(new CreateCustomerCommand()),
        fc.tuple(fc.constantFrom(...REFUSED_KINDS), fc.nat()).map(([kind, pick]) => new RefusedCommand(kind, pick)),
      ],
      { maxCommands: 30 },
    );
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const fixture = await freshFixture();
        const store = fixture.emulator.store;
        const start = { intents: store.setupIntents.size, attempts: store.setupAttempts.size, customers: store.customers.size };
        const model: Model = { intents: [], attempts: 0, customers: 0 };
        await fc.asyncModelRun(() => ({ model, real: { emulator: fixture.emulator } }), cmds);
        expect(store.setupIntents.size).toBe(start.intents + model.intents.length);
        expect(store.setupAttempts.size).toBe(start.attempts + model.attempts);
        expect(store.customers.size).toBe(start.customers + model.customers);
        for (const intent of model.intents) {
          expect(store.setupIntents.get(intent.id)?.intent.status).toBe(intent.status);
        }
        expect(SENTINEL in {}).toBe(false);
        expect(fixture.logs.filter((line) => line.includes('Unexpected error'))).toEqual([]);
      }),
    );
  });
});

// --- Parallel requests ----------------------------------------------------------------------------

/** An empty emulator; what it logs goes to `logs`. */
async function bareEmulator(logs: string[]): Promise<Emulator> {
  return createEmulator({ seed: 3, webhookDelivery: OFFLINE_WEBHOOKS, log: (line) => logs.push(line) });
}

async function parallelConfirms(emulator: Emulator, n: number, idempotencyKey?: string): Promise<{ intent: string; answers: WireResponse[] }> {
  const created = await emulator.handle(wire(post('/v1/setup_intents', { payment_method_types: ['card'] })));
  const intent = String(body(created)['id']);
  const headers = idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey };
  const answers = await Promise.all(
    Array.from({ length: n }, () => emulator.handle(wire(post(`/v1/setup_intents/${intent}/confirm`, { payment_method: 'pm_card_visa' }, headers)))),
  );
  return { intent, answers };
}

function expectOneSucceeded(emulator: Emulator, intent: string, answers: readonly WireResponse[]): void {
  const succeeded = answers.filter((answer) => answer.status === 200 && body(answer)['status'] === 'succeeded');
  expect(succeeded).toHaveLength(1);
  for (const answer of answers) {
    if (answer !== succeeded[0]) {
      expect(answer.status, answer.body).toBe(400);
      expect((body(answer)['error'] as Record<string, unknown>)['code']).toBe('setup_intent_unexpected_state');
    }
  }
  expect([...emulator.store.setupAttempts.values()].filter((attempt) => attempt.setup_intent === intent)).toHaveLength(1);
  expect(emulator.store.setupIntents.get(intent)?.intent.status).toBe('succeeded');
}

describe('parallel requests', () => {
  it('N parallel confirms of one SetupIntent: exactly one succeeds and one SetupAttempt is made', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 40 }), async (n) => {
        const logs: string[] = [];
        const emulator = await bareEmulator(logs);
        const { intent, answers } = await parallelConfirms(emulator, n);
        expectOneSucceeded(emulator, intent, answers);
        expect(logs).toEqual([]);
      }),
    );
  });

  it('N parallel creates make N distinct SetupIntents, each listed once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 40 }), async (n) => {
        const logs: string[] = [];
        const emulator = await bareEmulator(logs);
        const before = emulator.store.setupIntents.size;
        const answers = await Promise.all(Array.from({ length: n }, () => emulator.handle(wire(post('/v1/setup_intents', { payment_method_types: ['card'] })))));
        expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
        const created = new Set(answers.map((answer) => String(body(answer)['id'])));
        expect(created.size).toBe(n);
        expect(emulator.store.setupIntents.size).toBe(before + n);
        expect(logs).toEqual([]);
        const listed = await emulator.handle(wire(get('/v1/setup_intents', { limit: 100 })));
        const listedIds = (body(listed)['data'] as { id: string }[]).map((intent) => intent.id);
        expect(listedIds.filter((id) => created.has(id))).toHaveLength(n);
      }),
    );
  });

  it('N parallel creates with one idempotency key make one SetupIntent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 40 }), async (n) => {
        const logs: string[] = [];
        const emulator = await bareEmulator(logs);
        const before = emulator.store.setupIntents.size;
        const answers = await Promise.all(
          Array.from({ length: n }, () => emulator.handle(wire(post('/v1/setup_intents', { payment_method_types: ['card'] }, { 'idempotency-key': 'same-key' })))),
        );
        expect(emulator.store.setupIntents.size).toBe(before + 1);
        expect(logs).toEqual([]);
        const ids = new Set(answers.filter((answer) => answer.status === 200).map((answer) => String(body(answer)['id'])));
        expect(ids.size).toBe(1);
        for (const answer of answers.filter((answer) => answer.status !== 200)) {
          expect(answer.status, answer.body).toBe(409);
          expect((body(answer)['error'] as Record<string, unknown>)['type']).toBe('idempotency_error');
        }
      }),
    );
  });

  it('20 parallel confirms of one SetupIntent with a data file: one succeeds, one SetupAttempt, and the same after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'robustness-'));
    const logs: string[] = [];
    try {
      const dataFile = join(dir, 'emulator.log');
      const emulator = await createEmulator({ seed: 5, dataFile, webhookDelivery: OFFLINE_WEBHOOKS, log: (line) => logs.push(line) });
      let intent: string;
      try {
        const confirmed = await parallelConfirms(emulator, 20);
        intent = confirmed.intent;
        expectOneSucceeded(emulator, intent, confirmed.answers);
      } finally {
        await emulator.close();
      }
      const restarted = await createEmulator({ dataFile, webhookDelivery: OFFLINE_WEBHOOKS, log: (line) => logs.push(line) });
      try {
        expect(restarted.replay?.diverged).toEqual([]);
        expect(restarted.store.setupIntents.get(intent)?.intent.status).toBe('succeeded');
        expect([...restarted.store.setupAttempts.values()].filter((attempt) => attempt.setup_intent === intent)).toHaveLength(1);
      } finally {
        await restarted.close();
      }
      expect(logs.filter((line) => line.includes('Unexpected error'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('20 parallel creates with one idempotency key and a data file: one SetupIntent; the rest replay it or answer 409', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'robustness-'));
    const logs: string[] = [];
    try {
      const emulator = await createEmulator({ seed: 5, dataFile: join(dir, 'emulator.log'), webhookDelivery: OFFLINE_WEBHOOKS, log: (line) => logs.push(line) });
      try {
        const answers = await Promise.all(
          Array.from({ length: 20 }, () => emulator.handle(wire(post('/v1/setup_intents', { payment_method_types: ['card'] }, { 'idempotency-key': 'same-key' })))),
        );
        expect(emulator.store.setupIntents.size).toBe(1);
        const created = answers.filter((answer) => answer.status === 200);
        expect(new Set(created.map((answer) => String(body(answer)['id']))).size).toBe(1);
        for (const answer of answers.filter((candidate) => candidate.status !== 200)) {
          expect(answer.status, answer.body).toBe(409);
          expect(wireEnvelopeProblem(answer)).toBeNull();
        }
        // Once the first has settled, the key replays its answer.
        const replay = await emulator.handle(wire(post('/v1/setup_intents', { payment_method_types: ['card'] }, { 'idempotency-key': 'same-key' })));
        expect(replay.status).toBe(200);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect(emulator.store.setupIntents.size).toBe(1);
      } finally {
        await emulator.close();
      }
      expect(logs.filter((line) => line.includes('Unexpected error'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
