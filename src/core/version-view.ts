import type { ApiVersion } from './api-versions.js';
import { isAtLeast } from './api-versions.js';

/** A key an API version added to an object: older versions do not render it. */
export interface AddedKey {
  /** The `object` of the objects that carry it. */
  readonly object: string;
  readonly key: string;
  /** The first version that renders it. */
  readonly since: ApiVersion;
  /** Where the change is documented or recorded. */
  readonly source: string;
}

/**
 * The keys added by the versions modelled. Keys Stripe rolled out to every version at once (for
 * example `customer_account` and `managed_payments`, present at 2023-10-16 in 2026 recordings) are
 * not listed: they are rendered whatever the version.
 */
export const ADDED_KEYS: readonly AddedKey[] = [
  {
    object: 'setup_intent',
    key: 'allowed_payment_method_types',
    since: '2026-07-29.dahlia',
    // Absent at 2023-10-16 and 2025-11-17.clover in recordings of 2025 and 2026 (test/fixtures/recordings/).
    source: 'https://docs.stripe.com/changelog/dahlia/2026-07-29/allowed-payment-method-types-parameter',
  },
  {
    object: 'payment_intent',
    key: 'allowed_payment_method_types',
    since: '2026-07-29.dahlia',
    // The same changelog entry adds it to PaymentIntents.
    source: 'https://docs.stripe.com/changelog/dahlia/2026-07-29/allowed-payment-method-types-parameter',
  },
];

const NEWEST_ADDITION = ADDED_KEYS.reduce((newest, added) => (isAtLeast(added.since, newest) ? added.since : newest), '2011-01-01');

/**
 * A response body as `version` renders it: the keys that version does not know yet are left out of
 * every object, at any depth. Events keep their own rendering (their `api_version`'s). The body is
 * returned as it is when the version knows every key, so current clients pay nothing.
 */
export function renderedAt<T>(body: T, version: ApiVersion): T {
  if (isAtLeast(version, NEWEST_ADDITION)) {
    return body;
  }
  const unknown = ADDED_KEYS.filter((added) => !isAtLeast(version, added.since));
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(strip);
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    const object = (value as { readonly object?: unknown }).object;
    if (object === 'event') {
      return value;
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (!unknown.some((added) => added.object === object && added.key === key)) {
        out[key] = strip(child);
      }
    }
    return out;
  };
  return strip(body) as T;
}
