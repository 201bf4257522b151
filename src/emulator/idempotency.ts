import { createHash } from 'node:crypto';
import type { EmulatorState } from './emulator-state.js';
import type { Answer, WireRequest } from './wire.js';
import { invalidRequest } from './wire.js';

/** Stripe's limit on idempotency key length. */
const MAX_KEY_LENGTH = 255;
/** Stripe keeps idempotency keys for at least 24 hours; older ones are forgotten. */
const KEY_LIFETIME_SECONDS = 24 * 60 * 60;

const API_KEY = /^(?:sk|rk|pk)_(?:test|live)_/;

/**
 * A one-way digest of an API key (`sha256_` and 64 hex digits): what the data file stores in place
 * of the key, and what idempotency slots are keyed by.
 */
export function apiKeyDigest(key: string): string {
  return `sha256_${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/**
 * Slots arrive as `API_KEY|IDEMPOTENCY_KEY` from the dispatcher and as `DIGEST|IDEMPOTENCY_KEY` from
 * a replay, which no longer has the key: both are stored under the digest so they meet.
 */
function storedSlot(slot: string): string {
  const bar = slot.indexOf('|');
  const owner = bar === -1 ? slot : slot.slice(0, bar);
  return API_KEY.test(owner) ? `${apiKeyDigest(owner)}${slot.slice(owner.length)}` : slot;
}

/** Forgets keys first used more than 24 hours before `now` (the map is in insertion order). */
function pruneExpired(state: EmulatorState, now: number): void {
  for (const [slot, entry] of state.idempotency) {
    if (entry.createdAt > now - KEY_LIFETIME_SECONDS || entry.answer === null) {
      return;
    }
    state.idempotency.delete(slot);
  }
}

/** The `Idempotency-Key` header, if any, checked. */
export function idempotencyKeyOf(header: string | undefined): { readonly ok: true; readonly key: string } | { readonly ok: false; readonly answer: Answer } | null {
  if (header === undefined || header === '') {
    return null;
  }
  if (header.length > MAX_KEY_LENGTH) {
    return { ok: false, answer: invalidRequest(400, `Invalid Idempotency-Key: keys can be at most ${MAX_KEY_LENGTH} characters long.`) };
  }
  return { ok: true, key: header };
}

function fingerprint(request: WireRequest, params: Record<string, unknown>): string {
  return `${request.method} ${request.path} ${JSON.stringify(params)}`;
}

/**
 * Looks up an idempotency key before a request runs. A first use reserves the key and returns
 * `null` (run the request); a replay returns the stored answer; a different request with the same
 * key is an `idempotency_error`; the same key while its first request is still running is 409.
 */
export function checkIdempotency(
  state: EmulatorState,
  slot: string,
  request: WireRequest,
  params: Record<string, unknown>,
  requestId: string,
  now: number,
): { answer: Answer; extra?: Record<string, string> } | null {
  slot = storedSlot(slot);
  const print = fingerprint(request, params);
  pruneExpired(state, now);
  const entry = state.idempotency.get(slot);
  if (entry === undefined) {
    state.idempotency.set(slot, { fingerprint: print, answer: null, requestId, createdAt: now });
    return null;
  }
  const key = slot.slice(slot.indexOf('|') + 1);
  if (entry.answer === null) {
    return {
      answer: {
        status: 409,
        body: {
          error: {
            type: 'idempotency_error',
            code: 'idempotency_key_in_use',
            doc_url: 'https://stripe.com/docs/error-codes/idempotency-key-in-use',
            message: 'There is currently another in-progress request using this Idempotent Key (probably because of a network glitch). Please try again later.',
          },
        },
      },
    };
  }
  if (entry.fingerprint !== print) {
    return {
      answer: {
        status: 400,
        body: {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          },
        },
      },
    };
  }
  return { answer: entry.answer, extra: { 'idempotent-replayed': 'true', 'original-request': entry.requestId, 'idempotency-key': key } };
}

/**
 * Stores the answer under the key, or frees the key. As Stripe documents, a result is kept only
 * when the endpoint started executing: requests refused for their parameters can be retried.
 */
export function settleIdempotency(state: EmulatorState, slot: string, answer: Answer & { readonly changed: boolean }): void {
  slot = storedSlot(slot);
  const entry = state.idempotency.get(slot);
  if (entry === undefined) {
    return;
  }
  const code = (answer.body as { error?: { code?: unknown } } | null)?.error?.code;
  const parameterProblem = !answer.changed && answer.status === 400 && typeof code === 'string' && code.startsWith('parameter');
  if (parameterProblem) {
    state.idempotency.delete(slot);
  } else {
    entry.answer = { status: answer.status, body: answer.body };
  }
}
