// Replays a recorded fixture (test/fixtures/recordings/*.json) against a fresh in-process emulator, in
// the recorded order, mapping recorded ids to the emulator's as they appear.
import type { BehaviorOptions } from '../../src/index.js';
import { createEmulator } from '../../src/emulator.js';
import type { Difference, IdMap } from './compare-recorded.js';
import { compareBodies, mapStrings } from './compare-recorded.js';

/** One recorded request and Stripe's answer. */
export interface RecordedExchange {
  readonly request: {
    readonly method: 'GET' | 'POST' | 'DELETE';
    readonly path: string;
    readonly params: Readonly<Record<string, unknown>>;
    readonly headers?: Readonly<Record<string, string>>;
  };
  readonly response: { readonly status: number; readonly body: unknown };
}

/**
 * A fixture file: where it comes from, the `Stripe-Version` it was recorded at (also the account's
 * version, which events carry), the recording account's settings where its answers depend on them,
 * and its exchanges.
 */
export interface RecordedFixture {
  readonly source: Readonly<Record<string, string>>;
  readonly apiVersion: string;
  readonly account?: { readonly note: string; readonly behavior: Partial<BehaviorOptions> };
  /** Keys Stripe rolled out to every version after this recording was made, with the evidence. */
  readonly rolledOutAfterRecording?: { readonly keys: readonly string[]; readonly note: string };
  /**
   * Values Stripe fills in asynchronously, a moment after an answer, so that a read soon after may
   * or may not show them: at the listed exchanges, `unsettled` keys are not compared and `added`
   * keys may appear where the recording has none.
   */
  readonly asynchronous?: { readonly exchanges: readonly number[]; readonly unsettled: readonly string[]; readonly added: readonly string[]; readonly note: string };
  readonly exchanges: readonly RecordedExchange[];
}

/** A difference found at one exchange of a fixture. */
export interface ExchangeDifference extends Difference {
  readonly exchange: number;
  readonly request: string;
}

const SECRET_KEY = 'sk_test_recorded_replay';

/** Stripe's form encoding: `a[b]=1`, `a[0]=x`, booleans as `true`/`false`. */
export function encodeForm(params: Readonly<Record<string, unknown>>): string {
  const pairs: [string, string][] = [];
  const add = (key: string, value: unknown): void => {
    if (value === null || value === undefined) {
      pairs.push([key, '']);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => add(`${key}[${index}]`, item));
    } else if (typeof value === 'object') {
      for (const [child, item] of Object.entries(value)) add(`${key}[${child}]`, item);
    } else {
      pairs.push([key, String(value)]);
    }
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return new URLSearchParams(pairs).toString();
}

function mapPath(path: string, ids: IdMap): string {
  return path
    .split('/')
    .map((segment) => ids.get(segment) ?? segment)
    .join('/');
}

/** Header names are case-insensitive: a recorded `Stripe-Version` replaces the default one. */
function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** Keys whose value is account state rather than behaviour, per request path. */
function volatileKeysFor(path: string): ReadonlySet<string> {
  // The recording account's event stream holds events of other runs, so `has_more` says nothing there.
  return path === '/v1/events' ? new Set(['has_more']) : new Set();
}

/** Replays every exchange of a fixture and returns every difference found, in order. */
export async function replayFixture(fixture: RecordedFixture): Promise<ExchangeDifference[]> {
  const logs: string[] = [];
  const emulator = await createEmulator({
    seed: 1,
    apiVersion: fixture.apiVersion,
    ...(fixture.account === undefined ? {} : { behavior: fixture.account.behavior }),
    log: (message) => logs.push(message),
  });
  const ids: IdMap = new Map();
  const found: ExchangeDifference[] = [];
  try {
    for (const [index, exchange] of fixture.exchanges.entries()) {
      const { method, path, params, headers } = exchange.request;
      const form = encodeForm(mapStrings(params, ids) as Record<string, unknown>);
      const mappedPath = mapPath(path, ids);
      const url = `http://emulator.test${mappedPath}${method !== 'POST' && form !== '' ? `?${form}` : ''}`;
      const response = await emulator.fetch(
        new Request(url, {
          method,
          headers: {
            authorization: `Bearer ${SECRET_KEY}`,
            'stripe-version': fixture.apiVersion,
            ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            ...lowerCaseKeys(headers ?? {}),
          },
          ...(method === 'POST' ? { body: form } : {}),
        }),
      );
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      const label = `${method} ${path}`;
      for (const message of logs.splice(0)) {
        found.push({ exchange: index, request: label, path: '(log)', kind: 'emulator-error', recorded: undefined, emulator: message.split('\n')[0] });
      }
      if (response.status !== exchange.response.status) {
        found.push({ exchange: index, request: label, path: '(status)', kind: 'status', recorded: exchange.response.status, emulator: response.status });
      }
      const laterKeys = new Set(fixture.rolledOutAfterRecording?.keys ?? []);
      const unsettledKeys = new Set<string>();
      if (fixture.asynchronous?.exchanges.includes(index) === true) {
        for (const key of fixture.asynchronous.unsettled) unsettledKeys.add(key);
        for (const key of fixture.asynchronous.added) laterKeys.add(key);
      }
      for (const difference of compareBodies(exchange.response.body, body, ids, { volatileKeys: volatileKeysFor(path), laterKeys, unsettledKeys })) {
        found.push({ exchange: index, request: label, ...difference });
      }
    }
  } finally {
    await emulator.close();
  }
  return found;
}
