// Inspection is a by-stander: an unreachable inspector or a sink that throws changes no answer and
// is logged once; a caller's sink sees each SetupIntent as an actor with statechart events; a
// restarted emulator registers the SetupIntents it restored.
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import qs from 'qs';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../../../src/emulator.js';
import type { Emulator, EmulatorOptions, WireRequest } from '../../../src/emulator.js';
import type { InspectedEvent, InspectedSnapshot, InspectionSink } from '../../../src/emulator/inspection/inspect-options.js';
import { useTempDirs } from '../persistence/temp-dir.js';

const NOW_MS = 1_700_000_000_000;

function post(path: string, params: Record<string, unknown> = {}): WireRequest {
  const headers: Record<string, string> = { authorization: 'Bearer sk_test_inspection', 'content-type': 'application/x-www-form-urlencoded' };
  return { method: 'POST', path, query: '', header: (name) => headers[name], body: qs.stringify(params, { arrayFormat: 'indices' }) };
}

/** A 3D Secure setup and a declined one, as status and body of every answer. */
async function flow(emulator: Emulator): Promise<{ status: number; body: string }[]> {
  const answers: { status: number; body: string }[] = [];
  const call = async (request: WireRequest): Promise<Record<string, unknown>> => {
    const answer = await emulator.handle(request);
    // An error's request_log_url names its request id, which differs from run to run.
    // Client secrets come from a key each emulator draws at random: two emulators never share them.
    const body = answer.body.replace(/"request_log_url":"[^"]*"/g, '"request_log_url":"…"').replace(/_secret_[0-9A-Za-z]+/g, '_secret_…');
    answers.push({ status: answer.status, body });
    return JSON.parse(answer.body) as Record<string, unknown>;
  };
  const intent = await call(post('/v1/setup_intents', { payment_method_types: ['card'] }));
  const id = String(intent['id']);
  await call(post(`/v1/setup_intents/${id}/confirm`, { payment_method: 'pm_card_authenticationRequiredOnSetup', return_url: 'https://example.com/return' }));
  await call(post(`/v1/test_helpers/setup_intents/${id}/succeed`));
  const declined = await call(post('/v1/setup_intents', { payment_method_types: ['card'] }));
  await call(post(`/v1/setup_intents/${String(declined['id'])}/confirm`, { payment_method: 'pm_card_chargeDeclined' }));
  return answers;
}

const opened: Emulator[] = [];
const tempDir = useTempDirs();

async function emulatorWith(options: EmulatorOptions): Promise<Emulator> {
  const emulator = await createEmulator({ seed: 11, wallClockMs: () => NOW_MS, ...options });
  opened.push(emulator);
  return emulator;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((emulator) => emulator.close()));
});

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

type Call =
  | { readonly kind: 'actor'; readonly id: string; readonly name: string; readonly snapshot: InspectedSnapshot }
  | { readonly kind: 'event'; readonly id: string; readonly event: InspectedEvent }
  | { readonly kind: 'snapshot'; readonly id: string; readonly snapshot: InspectedSnapshot; readonly event: InspectedEvent };

function recordingSink(): InspectionSink & { readonly calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    actor: (actor, snapshot) => {
      calls.push({ kind: 'actor', id: actor.sessionId, name: String((actor.logic.config as { id: string }).id), snapshot });
    },
    event: (id, event) => {
      calls.push({ kind: 'event', id, event });
    },
    snapshot: (id, snapshot, info) => {
      calls.push({ kind: 'snapshot', id, snapshot, event: info.event });
    },
  };
}

function story(calls: readonly Call[], id: string): string[] {
  return calls
    .filter((call) => call.id === id)
    .map((call) => (call.kind === 'event' ? call.event.type : `${call.kind}:${call.snapshot.value}`));
}

describe('inspection failures', () => {
  it('an unreachable inspector URL changes no answer and is logged once', async () => {
    const plain = await emulatorWith({});
    const logs: string[] = [];
    let logged: () => void = () => undefined;
    const firstLog = new Promise<void>((resolve) => {
      logged = resolve;
    });
    const inspected = await emulatorWith({
      inspect: { url: `ws://127.0.0.1:${await closedPort()}` },
      log: (message) => {
        logs.push(message);
        logged();
      },
    });
    const expected = await flow(plain);
    expect(await flow(inspected)).toEqual(expected);
    await firstLog;
    expect(await flow(inspected)).toEqual(await flow(plain));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^Inspection: cannot reach ws:\/\/127\.0\.0\.1:\d+, retrying in the background .*requests are not affected/);
  });

  it('a sink that throws on every call changes no answer and is logged once', async () => {
    const plain = await emulatorWith({});
    const logs: string[] = [];
    const failing: InspectionSink = {
      actor: () => {
        throw new Error('inspector down');
      },
      event: () => {
        throw new Error('inspector down');
      },
      snapshot: () => {
        throw new Error('inspector down');
      },
    };
    const inspected = await emulatorWith({ inspect: { inspector: failing }, log: (message) => logs.push(message) });
    expect(await flow(inspected)).toEqual(await flow(plain));
    expect(logs).toEqual(['Inspection: the inspector failed (inspector down); requests are not affected, and later inspection problems are not logged.']);
  });
});

describe('inspection through a caller-supplied sink', () => {
  it('reports every SetupIntent as an actor named by its id, with the statechart events of each change', async () => {
    const sink = recordingSink();
    const emulator = await emulatorWith({ inspect: { inspector: sink } });
    await flow(emulator);
    const ids = [...new Set(sink.calls.map((call) => call.id))];
    expect(ids).toHaveLength(2);
    const [threeDS = '', declined = ''] = ids;
    expect(sink.calls.find((call) => call.kind === 'actor' && call.id === threeDS)).toMatchObject({ name: threeDS });
    expect(story(sink.calls, threeDS)).toEqual([
      'actor:requires_payment_method',
      'xstate.init',
      'snapshot:requires_payment_method',
      'api.confirm',
      'snapshot:requires_action',
      'stripe.action_succeeded',
      'snapshot:succeeded',
    ]);
    // A declined confirmation is answered 402 and still changes the SetupIntent: api.confirm, outcome failed.
    expect(story(sink.calls, declined)).toEqual(['actor:requires_payment_method', 'xstate.init', 'snapshot:requires_payment_method', 'api.confirm', 'snapshot:requires_payment_method']);
    const decline = sink.calls.find((call) => call.kind === 'event' && call.id === declined && call.event.type === 'api.confirm');
    expect(decline).toMatchObject({ event: { type: 'api.confirm', outcome: 'failed', hasPaymentMethod: true, request: expect.stringMatching(/^req_/) } });
  });

  it('reports a create with a payment method as the start, then api.update (T2 = T1 then T4), and an update without events', async () => {
    const sink = recordingSink();
    const emulator = await emulatorWith({ inspect: { inspector: sink } });
    const created = JSON.parse((await emulator.handle(post('/v1/setup_intents', { payment_method_types: ['card'], payment_method: 'pm_card_visa' }))).body) as { id: string };
    await emulator.handle(post(`/v1/setup_intents/${created.id}`, { metadata: { order: '42' } }));
    await emulator.handle(post(`/v1/setup_intents/${created.id}/cancel`));
    expect(story(sink.calls, created.id)).toEqual([
      'actor:requires_payment_method',
      'xstate.init',
      'snapshot:requires_payment_method',
      'api.update',
      'snapshot:requires_confirmation',
      'api.update',
      'snapshot:requires_confirmation',
      'api.cancel',
      'snapshot:canceled',
    ]);
    const events = sink.calls.flatMap((call) => (call.kind === 'event' ? [call.event] : []));
    expect(events.slice(1).map(({ request: _request, ...event }) => event)).toEqual([
      { type: 'api.update', paymentMethod: 'set' },
      { type: 'api.update', paymentMethod: 'unchanged', annotationsOnly: true },
      { type: 'api.cancel' },
    ]);
    const last = sink.calls.at(-1);
    expect(last?.kind === 'snapshot' ? last.snapshot.status : null).toBe('done');
  });

  it('reports a PaymentIntent as an actor of the PaymentIntent statechart, with its events', async () => {
    const sink = recordingSink();
    const emulator = await emulatorWith({ inspect: { inspector: sink } });
    const declined = JSON.parse(
      (await emulator.handle(post('/v1/payment_intents', { amount: 500, currency: 'usd', payment_method: 'pm_card_authenticationRequired', off_session: true, confirm: true }))).body,
    ) as { error: { payment_intent: { id: string } } };
    const id = declined.error.payment_intent.id;
    await emulator.handle(post(`/v1/payment_intents/${id}/confirm`, { payment_method: 'pm_card_visa' }));
    expect(story(sink.calls, id)).toEqual([
      'actor:requires_payment_method',
      'xstate.init',
      'snapshot:requires_payment_method',
      'api.update',
      'api.confirm',
      'snapshot:requires_payment_method',
      'api.confirm',
      'snapshot:succeeded',
    ]);
    const actor = sink.calls.find((call) => call.kind === 'actor' && call.id === id);
    expect(actor).toMatchObject({ name: id });
    const confirms = sink.calls.flatMap((call) => (call.kind === 'event' && call.id === id && call.event.type === 'api.confirm' ? [call.event] : []));
    expect(confirms.map((event) => event['outcome'])).toEqual(['authentication_required', 'succeeded']);
    const last = sink.calls.at(-1);
    expect(last?.kind === 'snapshot' ? last.snapshot.status : null).toBe('done');
  });

  it('registers the SetupIntents a restarted emulator restored, at their current snapshots', async () => {
    const dataFile = join(await tempDir(), 'state.jsonl');
    const first = await createEmulator({ seed: 11, wallClockMs: () => NOW_MS, dataFile });
    await flow(first);
    await first.close();
    const sink = recordingSink();
    const restarted = await emulatorWith({ dataFile, inspect: { inspector: sink } });
    expect(restarted.store.setupIntents.size).toBe(2);
    expect(sink.calls.map((call) => (call.kind === 'actor' ? `${call.kind}:${call.snapshot.value}` : call.kind))).toEqual([
      'actor:succeeded',
      'actor:requires_payment_method',
    ]);
  });

  it('registers the PaymentIntents a restarted emulator restored too', async () => {
    const dataFile = join(await tempDir(), 'state.jsonl');
    const first = await createEmulator({ seed: 11, wallClockMs: () => NOW_MS, dataFile });
    const declined = await first.handle(post('/v1/payment_intents', { amount: 500, currency: 'usd', payment_method: 'pm_card_authenticationRequired', off_session: true, confirm: true }));
    expect(declined.status).toBe(402);
    await first.close();
    const sink = recordingSink();
    const restarted = await emulatorWith({ dataFile, inspect: { inspector: sink } });
    const [intent] = [...restarted.store.paymentIntents.values()];
    expect(sink.calls.flatMap((call) => (call.kind === 'actor' ? [`${call.id}:${String(call.snapshot.value)}`] : []))).toEqual([`${intent?.intent.id}:requires_payment_method`]);
  });
});
