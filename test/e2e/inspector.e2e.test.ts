// Live inspection over a real WebSocket: the emulator, served on a socket and driven by the
// official SDK, reports each SetupIntent to a Stately-style WebSocket receiver as an actor whose
// events are the statechart's own, and `serve --inspect` does the same from the command line.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { SnapshotFrom } from 'xstate';
import { initialTransition, transition } from 'xstate';
import { createEmulator, listen } from '../../src/emulator.js';
import type { RunningEmulator } from '../../src/emulator.js';
import type { SetupIntentMachineEvent } from '../../src/index.js';
import { setupIntentMachine } from '../../src/index.js';
import { DAHLIA_API_VERSION } from '../support/sdk-version.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const CARD_ONLY = { payment_method_types: ['card'] } as Record<string, unknown>;

/** One inspection message as it arrives: JSON text of an `@statelyai/inspect` inspection event. */
interface InspectionMessage {
  readonly type: '@xstate.actor' | '@xstate.event' | '@xstate.snapshot';
  readonly sessionId: string;
  readonly _version: string;
  readonly name?: string;
  readonly definition?: string;
  readonly event?: { readonly type: string; readonly [field: string]: unknown };
  readonly snapshot?: { readonly status: string; readonly value: string; readonly context: Record<string, unknown> };
}

/** A local stand-in for the inspector relay: collects what inspectors send and lets a test wait for it. */
interface Receiver {
  readonly url: string;
  readonly messages: InspectionMessage[];
  /** Resolves once the messages collected so far satisfy `done`. */
  readonly until: (done: (messages: readonly InspectionMessage[]) => boolean) => Promise<readonly InspectionMessage[]>;
  readonly close: () => Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const messages: InspectionMessage[] = [];
  const waiting = new Set<() => void>();
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      messages.push(JSON.parse(String(data)) as InspectionMessage);
      for (const check of [...waiting]) check();
    });
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages,
    until: (done) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (done(messages)) {
            waiting.delete(check);
            resolve(messages);
          }
        };
        waiting.add(check);
        check();
      }),
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
    },
  };
}

const about = (id: string) => (messages: readonly InspectionMessage[]) => messages.filter((message) => message.sessionId === id);
const reached = (id: string, value: string) => (messages: readonly InspectionMessage[]) =>
  about(id)(messages).some((message) => message.type === '@xstate.snapshot' && message.snapshot?.value === value);

let receiver: Receiver | null = null;
let server: RunningEmulator | null = null;
let served: ChildProcess | null = null;

afterEach(async () => {
  if (served !== null && served.exitCode === null && served.signalCode === null) {
    const exited = once(served, 'exit');
    served.kill('SIGKILL');
    await exited;
  }
  served = null;
  await server?.close();
  await receiver?.close();
  server = null;
  receiver = null;
});

describe('inspecting the emulator over a WebSocket', () => {
  it('shows a 3D Secure setup as one actor: xstate.init, api.confirm, stripe.action_succeeded', async () => {
    receiver = await startReceiver();
    const emulator = await createEmulator({ seed: 7, inspect: { url: receiver.url } });
    server = await listen(emulator, { port: 0 });
    const stripe = new Stripe('sk_test_x', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: DAHLIA_API_VERSION });

    const intent = await stripe.setupIntents.create({ ...CARD_ONLY });
    const confirmed = await stripe.setupIntents.confirm(intent.id, {
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      return_url: 'https://example.com/return',
    });
    expect(confirmed.status).toBe('requires_action');
    await stripe.rawRequest('POST', `/v1/test_helpers/setup_intents/${intent.id}/succeed`, {});

    const messages = about(intent.id)(await receiver.until(reached(intent.id, 'succeeded')));
    expect(messages.map((message) => message.type)).toEqual([
      '@xstate.actor',
      '@xstate.event',
      '@xstate.snapshot',
      '@xstate.event',
      '@xstate.snapshot',
      '@xstate.event',
      '@xstate.snapshot',
    ]);

    const [registration] = messages;
    expect(registration?.name).toBe(intent.id);
    expect(registration?.snapshot).toMatchObject({ status: 'active', value: 'requires_payment_method', context: { id: intent.id } });
    const definition = JSON.parse(registration?.definition ?? '{}') as { initial?: string; states?: Record<string, unknown> };
    expect(definition.initial).toBe('requires_payment_method');
    expect(Object.keys(definition.states ?? {}).sort()).toEqual(
      ['canceled', 'processing', 'requires_action', 'requires_confirmation', 'requires_payment_method', 'succeeded'],
    );

    const events = messages.filter((message) => message.type === '@xstate.event').map((message) => message.event);
    expect(events).toEqual([
      { type: 'xstate.init', request: expect.stringMatching(/^req_/) },
      { type: 'api.confirm', hasPaymentMethod: true, outcome: 'requires_action', action: 'customer_action', request: confirmed.lastResponse.requestId },
      // The customer's 3D Secure happens on Stripe's side: Stripe records no request for it.
      { type: 'stripe.action_succeeded', outcome: 'succeeded' },
    ]);

    const snapshots = messages.filter((message) => message.type === '@xstate.snapshot');
    expect(snapshots.map((message) => [message.snapshot?.status, message.snapshot?.value, message.snapshot?.context['status']])).toEqual([
      ['active', 'requires_payment_method', 'requires_payment_method'],
      ['active', 'requires_action', 'requires_action'],
      ['done', 'succeeded', 'succeeded'],
    ]);
    expect(snapshots.map((message) => message.event?.type)).toEqual(['xstate.init', 'api.confirm', 'stripe.action_succeeded']);

    // They are the statechart's own events: replayed into it, they go where the emulator went.
    let snapshot: SnapshotFrom<typeof setupIntentMachine> = initialTransition(setupIntentMachine)[0];
    const values = [String(snapshot.value)];
    for (const event of events.slice(1)) {
      snapshot = transition(setupIntentMachine, snapshot, event as unknown as SetupIntentMachineEvent)[0];
      values.push(String(snapshot.value));
    }
    expect(values).toEqual(['requires_payment_method', 'requires_action', 'succeeded']);
  });

  it('serve --inspect URL sends to that relay and still stops cleanly on SIGTERM', async () => {
    receiver = await startReceiver();
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--inspect', receiver.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    served = child;
    const exited = once(child, 'exit');
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const listening = new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const url = /listening on (\S+)/.exec(stdout)?.[1];
        if (url !== undefined && stdout.includes(`inspection events go to ${receiver?.url ?? ''}`)) resolve(url);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    const url = new URL(await listening);
    const stripe = new Stripe('sk_test_x', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0, apiVersion: DAHLIA_API_VERSION });
    const intent = await stripe.setupIntents.create({ ...CARD_ONLY, payment_method: 'pm_card_visa', confirm: true });
    expect(intent.status).toBe('succeeded');

    const messages = about(intent.id)(await receiver.until(reached(intent.id, 'succeeded')));
    // A create with confirm=true is the statechart's start followed by api.confirm (T3).
    expect(messages.map((message) => message.event?.type ?? message.type)).toEqual(['@xstate.actor', 'xstate.init', 'xstate.init', 'api.confirm', 'api.confirm']);
    expect(messages.map((message) => message.snapshot?.value ?? null)).toEqual(['requires_payment_method', null, 'requires_payment_method', null, 'succeeded']);

    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
