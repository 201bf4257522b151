import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StripeEvent } from '../events/stripe-event.js';
import type { Emulator } from '../emulator/create-emulator.js';
import { signatureHeader } from '../emulator/webhooks/signature.js';

/** Where the receiver listens and how the emulator knows it. */
export interface WebhookReceiverEndpoint {
  /** The URL deliveries are posted to, on a free loopback port. */
  readonly url: string;
  /** The webhook endpoint (`we_…`) registered with the emulator for it, receiving every event type. */
  readonly endpointId: string;
  /** The endpoint's signing secret (`whsec_…`), which every delivery is checked against. */
  readonly secret: string;
}

/** A local webhook endpoint that keeps every delivery whose signature verifies. */
export interface WebhookReceiver extends WebhookReceiverEndpoint {
  /** Verified deliveries, in order of arrival (duplicates included). */
  readonly received: readonly StripeEvent[];
  /** How many deliveries were refused (400) because their `Stripe-Signature` did not verify. */
  readonly refused: () => number;
  /** How many events of the key's account existed before the endpoint was registered (never delivered to it). */
  readonly registeredAfter: number;
  /** Calls `listener` with each verified delivery; returns a function that stops the calls. */
  readonly subscribe: (listener: (events: readonly StripeEvent[]) => void) => () => void;
  /** Stops the server. */
  readonly close: () => Promise<void>;
}

/**
 * Tells whether a `Stripe-Signature` header signs `payload` with `secret`: one of its `v1`
 * digests is the HMAC of `t.payload`, compared in constant time.
 *
 * @remarks The timestamp is not held against a clock, as Stripe's SDKs do with a tolerance: the
 * emulator may sign on an injected clock, and this only proves who signed.
 */
export function verifiesSignature(header: string | undefined, payload: string, secret: string): boolean {
  const parts = (header ?? '').split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp)) {
    return false;
  }
  const expected = Buffer.from(signatureHeader(payload, secret, timestamp).split('v1=')[1] ?? '', 'utf8');
  return parts.some(([key, value]) => {
    const given = Buffer.from(value ?? '', 'utf8');
    return key === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

async function registerEndpoint(emulator: Emulator, secretKey: string, url: string): Promise<{ id: string; secret: string }> {
  const response = await emulator.fetch(
    new Request(`${emulator.baseUrl()}/v1/webhook_endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ url, 'enabled_events[]': '*', description: 'setup-intent-machine/testing receiver' }).toString(),
    }),
  );
  const body = (await response.json()) as { id?: string; secret?: string; error?: { message?: string } };
  if (!response.ok || body.id === undefined || body.secret === undefined) {
    throw new Error(`The emulator refused the webhook receiver's endpoint (${response.status}): ${body.error?.message ?? 'no message'}`);
  }
  return { id: body.id, secret: body.secret };
}

/**
 * Starts a webhook receiver on a free loopback port and registers it as an endpoint of the
 * emulator (through `POST /v1/webhook_endpoints`, with `secretKey`), for every event type.
 */
export async function startWebhookReceiver(emulator: Emulator, secretKey: string): Promise<WebhookReceiver> {
  const received: StripeEvent[] = [];
  const listeners = new Set<(events: readonly StripeEvent[]) => void>();
  let refused = 0;
  let secret = '';
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const payload = Buffer.concat(chunks).toString('utf8');
      const header = request.headers['stripe-signature'];
      if (request.method !== 'POST' || !verifiesSignature(Array.isArray(header) ? header[0] : header, payload, secret)) {
        refused += 1;
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"signature"}');
        return;
      }
      const event = JSON.parse(payload) as StripeEvent;
      received.push(event);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      for (const listener of listeners) {
        listener([event]);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  let endpoint: { id: string; secret: string };
  try {
    endpoint = await registerEndpoint(emulator, secretKey, url);
  } catch (error) {
    await close();
    throw error;
  }
  secret = endpoint.secret;
  return {
    url,
    endpointId: endpoint.id,
    secret,
    received,
    refused: () => refused,
    registeredAfter: emulator.account(secretKey).events.length,
    subscribe: (listener) => {
      const own = (events: readonly StripeEvent[]): void => listener(events);
      listeners.add(own);
      return () => {
        listeners.delete(own);
      };
    },
    close,
  };
}
