import type { ApiKeyKind } from '../core/access.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import { expandedRefunds } from '../operations/list-refunds.js';
import type { EmulatorState } from './emulator-state.js';

/**
 * Fields that hold the id of another object and may be expanded, by the `object` of their holder,
 * with the `object` the id names (`null`: expandable on Stripe, never set here).
 */
const EXPANDABLE: Readonly<Record<string, Readonly<Record<string, string | null>>>> = {
  setup_intent: {
    application: null,
    customer: 'customer',
    latest_attempt: 'setup_attempt',
    mandate: 'mandate',
    on_behalf_of: null,
    payment_method: 'payment_method',
    single_use_mandate: 'mandate',
  },
  setup_attempt: { application: null, customer: 'customer', on_behalf_of: null, payment_method: 'payment_method', setup_intent: 'setup_intent' },
  mandate: { payment_method: 'payment_method' },
  payment_intent: {
    application: null,
    customer: 'customer',
    latest_charge: 'charge',
    on_behalf_of: null,
    payment_method: 'payment_method',
    review: null,
    source: null,
  },
  charge: {
    application: null,
    application_fee: null,
    balance_transaction: null,
    customer: 'customer',
    failure_balance_transaction: null,
    on_behalf_of: null,
    payment_intent: 'payment_intent',
    review: null,
    source_transfer: null,
  },
  refund: {
    balance_transaction: null,
    charge: 'charge',
    customer: 'customer',
    failure_balance_transaction: null,
    payment_intent: 'payment_intent',
    payment_method: 'payment_method',
    source_transfer_reversal: null,
    transfer_reversal: null,
  },
  payment_method: { customer: 'customer' },
  event: {},
  customer: { default_source: null, test_clock: null },
  webhook_endpoint: {},
};

/** Renders an includable field of `holder`. */
type Include = (state: EmulatorState, holder: { readonly id?: unknown }) => unknown;

/**
 * Fields Stripe renders only when `expand[]` asks for them (includable), by the `object` of their
 * holder, with the value rendered. A Customer's `tax` and `invoice_credit_balance` as recorded
 * live at 2025-10-29.clover (test/fixtures/recordings/pay-rails-*.json); tax is not modelled, so
 * its location stays unrecognised. A Charge's `refunds` as recorded at 2026-08-26.dahlia
 * (test/fixtures/recordings/stripe-world-05-refunds-disputes.json, exchange 6).
 */
const INCLUDABLE: Readonly<Record<string, Readonly<Record<string, Include>>>> = {
  customer: {
    invoice_credit_balance: () => ({}),
    tax: () => ({ automatic_tax: 'unrecognized_location', ip_address: null, location: null, provider: 'stripe' }),
  },
  charge: {
    refunds: (state, holder) => expandedRefunds(String(holder.id), state.store.refundsOfCharge(String(holder.id))),
  },
};

/**
 * What a publishable key may expand, by the `object` of the holder: only fields Stripe marks
 * "retrievable with publishable key" that name an object the client may read. A SetupIntent's
 * `payment_method` is one; its `customer`, `latest_attempt` and `mandate` are not, and nothing
 * may be expanded inside the PaymentMethod (its `customer` is a secret object).
 */
const PUBLISHABLE_EXPANDABLE: Readonly<Record<string, Readonly<Record<string, string | null>>>> = {
  setup_intent: { payment_method: 'payment_method' },
};

const hasOwn = Object.prototype.hasOwnProperty;

/** Stripe refuses expansions nested deeper than four levels. */
const MAX_EXPAND_DEPTH = 4;

/** The object an id names, whatever its kind. */
export function findById(state: EmulatorState, id: string): object | undefined {
  const store = state.store;
  const underscore = id.indexOf('_');
  switch (id.slice(0, underscore)) {
    case 'seti':
      return store.setupIntents.get(id)?.intent;
    case 'setatt':
      return store.setupAttempts.get(id);
    case 'pm':
      return store.paymentMethods.get(id);
    case 'cus':
      return store.customers.get(id) ?? state.deletedCustomers.get(id);
    case 'mandate':
      return store.mandates.get(id);
    case 'pi':
      return store.paymentIntents.get(id)?.intent;
    case 'ch':
      return store.charges.get(id);
    case 're':
      return store.refunds.get(id);
    default:
      return undefined;
  }
}

function cannotExpand(path: string, index: number): StripeRequestError {
  return {
    statusCode: 400,
    error: { type: 'invalid_request_error', message: `This property cannot be expanded (${path}).`, param: `expand[${index}]` },
  };
}

type Expansion = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: StripeRequestError };

/**
 * Applies `expand[]` to a response body: each dotted path replaces an id with the object it names
 * (`latest_attempt`, `data.payment_method`, `latest_attempt.payment_method`). Objects are copied
 * on the way, never changed in place, since they are the stored ones.
 */
export function expandResponse(state: EmulatorState, body: unknown, expand: unknown): Expansion {
  if (expand === undefined || expand === '') {
    return { ok: true, value: body };
  }
  const paths = Array.isArray(expand) ? expand : [expand];
  let value = body;
  for (let index = 0; index < paths.length; index++) {
    const path = paths[index];
    if (typeof path !== 'string' || path === '') {
      return { ok: false, error: { statusCode: 400, error: { type: 'invalid_request_error', message: 'Invalid array', param: 'expand' } } };
    }
    const segments = path.split('.');
    if (segments.length > MAX_EXPAND_DEPTH) {
      return {
        ok: false,
        error: {
          statusCode: 400,
          error: { type: 'invalid_request_error', message: `You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`, param: `expand[${index}]` },
        },
      };
    }
    const expanded = expandPath(state, value, segments, path, index);
    if (!expanded.ok) {
      return expanded;
    }
    value = expanded.value;
  }
  return { ok: true, value };
}

function expandPath(state: EmulatorState, holder: unknown, segments: readonly string[], path: string, index: number): Expansion {
  if (holder === null || typeof holder !== 'object') {
    return { ok: true, value: holder };
  }
  const [field, ...rest] = segments as [string, ...string[]];
  const object = (holder as { object?: unknown }).object;
  const current = (holder as Record<string, unknown>)[field];
  if (object === 'list' && field === 'data' && Array.isArray(current)) {
    if (rest.length === 0) {
      return { ok: false, error: cannotExpand(path, index) };
    }
    const items: unknown[] = [];
    for (const item of current) {
      const expanded = expandPath(state, item, rest, path, index);
      if (!expanded.ok) {
        return expanded;
      }
      items.push(expanded.value);
    }
    return { ok: true, value: { ...(holder as object), data: items } };
  }
  const included = typeof object === 'string' ? INCLUDABLE[object] : undefined;
  if (included !== undefined && hasOwn.call(included, field) && rest.length === 0) {
    return { ok: true, value: { ...(holder as object), [field]: (included[field] as Include)(state, holder as { readonly id?: unknown }) } };
  }
  const fields = typeof object === 'string' ? EXPANDABLE[object] : undefined;
  if (fields === undefined || !hasOwn.call(fields, field)) {
    return { ok: false, error: cannotExpand(path, index) };
  }
  let target = current;
  if (typeof current === 'string') {
    target = findById(state, current) ?? current;
  }
  if (rest.length > 0) {
    const deeper = expandPath(state, target, rest, path, index);
    if (!deeper.ok) {
      return deeper;
    }
    target = deeper.value;
  }
  return { ok: true, value: target === current ? holder : { ...(holder as object), [field]: target } };
}

function invalidExpand(message: string, param: string): StripeRequestError {
  return { statusCode: 400, error: { type: 'invalid_request_error', message, param } };
}

/**
 * Checks `expand[]` against the object an endpoint answers with (`setup_intent`, or
 * `list:setup_intent` for a list) before the request runs, so a bad expansion refuses the request
 * instead of failing after its change was applied. A `publishable` caller may expand only what
 * Stripe lets a client read (see `PUBLISHABLE_EXPANDABLE`); anything else is refused as if it
 * could not be expanded at all.
 */
export function checkExpand(renders: string, expand: unknown, caller: ApiKeyKind = 'secret'): StripeRequestError | null {
  if (expand === undefined || expand === '') {
    return null;
  }
  const paths = Array.isArray(expand) ? expand : [expand];
  for (let index = 0; index < paths.length; index++) {
    const path = paths[index];
    if (typeof path !== 'string' || path === '') {
      return invalidExpand('Invalid array', 'expand');
    }
    const segments = path.split('.');
    if (segments.length > MAX_EXPAND_DEPTH) {
      return invalidExpand(`You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`, `expand[${index}]`);
    }
    let type: string | null = renders;
    for (const segment of segments) {
      if (type !== null && type.startsWith('list:')) {
        if (segment !== 'data') {
          return cannotExpand(path, index);
        }
        type = type.slice('list:'.length);
        continue;
      }
      const included = type === null || caller === 'publishable' ? undefined : INCLUDABLE[type];
      if (included !== undefined && hasOwn.call(included, segment)) {
        // An includable field holds no object to expand further.
        if (segment !== segments[segments.length - 1]) return cannotExpand(path, index);
        type = null;
        continue;
      }
      const fields: Readonly<Record<string, string | null>> | undefined =
        type === null ? undefined : (caller === 'publishable' ? PUBLISHABLE_EXPANDABLE : EXPANDABLE)[type];
      if (fields === undefined || !hasOwn.call(fields, segment)) {
        return cannotExpand(path, index);
      }
      type = fields[segment] ?? null;
    }
    if (type !== null && type.startsWith('list:')) {
      return cannotExpand(path, index);
    }
  }
  return null;
}
