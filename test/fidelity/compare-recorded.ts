// Compares a response body recorded from live Stripe with the emulator's answer to the same request.
//
// What is compared: the key set of every object (recursively), the JSON type of every value, array
// lengths, and the value of every scalar except the volatile ones listed below. Ids are compared by
// reference: the first time a recorded id is met, the emulator's id at the same JSON path is taken as
// its counterpart (same prefix required), and from then on every occurrence of the recorded id, in
// bodies and inside messages, must be that counterpart.

/** How one value of the emulator's answer departs from the recording. */
export type DifferenceKind =
  | 'status' // the HTTP status differs
  | 'missing-key' // a key live Stripe sends is absent
  | 'extra-key' // a key live Stripe does not send is present
  | 'type' // the JSON types differ (null, string, number, boolean, object, array)
  | 'value' // a fixed Stripe value (status, code, message, enum...) differs
  | 'length' // an array has another length
  | 'reference' // an id points at another object than the recorded one does
  | 'emulator-error'; // the emulator logged an unexpected error while answering

/** One departure, at a JSON path such as `$.error.setup_intent.status`. */
export interface Difference {
  readonly path: string;
  readonly kind: DifferenceKind;
  readonly recorded: unknown;
  readonly emulator: unknown;
}

/** Recorded id → emulator id, learnt as the replay goes. */
export type IdMap = Map<string, string>;

/** Keys whose values change from one run to the next: only their JSON type is compared. */
const VOLATILE_KEYS: ReadonlySet<string> = new Set([
  'created',
  'canceled_at',
  'client_secret',
  'fingerprint',
  'url',
  'request_log_url',
  'invoice_prefix',
  'exp_month',
  'exp_year',
  'pending_webhooks',
  // Redacted at recording time, like `request_log_url`.
  'receipt_url',
  // Drawn afresh for every charge: the recorded charges of one card show five risk scores and five
  // authorization codes (stripe-world 04_money_path), and each card its own network transaction id.
  'risk_score',
  'authorization_code',
  'network_transaction_id',
  // A time: a held charge's `created` + 7 days (stripe-world 04_money_path, exchange 16); the unit
  // tests check that relation.
  'capture_before',
  // A refund's acquirer reference number, drawn by the card network (stripe-world 05_refunds_disputes).
  'reference',
]);

/** Keys ignored entirely: their value and null-ness depend on the client that made the recording. */
const CLIENT_DEPENDENT_KEYS: ReadonlySet<string> = new Set(['idempotency_key']);

/** Free-form objects: compared as whole values (they echo the request), not as a schema. */
const FREE_FORM_KEYS: ReadonlySet<string> = new Set(['metadata']);

/** Stripe ids (`seti_…`, `pi_…`, `ch_…`, `re_…`, `pm_…`, `cus_…`, `setatt_…`, `mandate_…`, `evt_…`, `req_…`, `pmc_…`, `txn_…`). */
const ID_PATTERN = /^(seti|pi|ch|re|pm|cus|setatt|mandate|evt|req|pmc|we|src|tok|txn)_[A-Za-z0-9]+$/;
/** A client secret: `seti_…_secret_…` or `pi_…_secret_…`. */
const SECRET_PATTERN = /^(seti|pi)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/;
/** An id inside free text, e.g. a message naming a PaymentMethod. */
const ID_IN_TEXT = /\b(seti|pi|ch|re|pm|cus|setatt|mandate|evt|pmc)_[A-Za-z0-9]+\b/g;

/** Options of {@link compareBodies}. */
export interface CompareOptions {
  /** Further keys whose values are volatile for this exchange (e.g. `has_more` on a shared account's event list). */
  readonly volatileKeys?: ReadonlySet<string>;
  /**
   * Keys Stripe rolled out to every API version after the recording was made: the emulator, which
   * answers as Stripe does now, may render them where the recording has none.
   */
  readonly laterKeys?: ReadonlySet<string>;
  /** Keys not compared at all (any value, `null` included): what Stripe had not settled yet when the recording read it. */
  readonly unsettledKeys?: ReadonlySet<string>;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function idPrefix(id: string): string {
  return id.slice(0, id.indexOf('_'));
}

/** Replaces every recorded id that has a known counterpart inside a piece of text. */
export function mapIdsInText(text: string, ids: IdMap): string {
  return text.replace(ID_IN_TEXT, (id) => ids.get(id) ?? id);
}

function isId(value: string): boolean {
  return ID_PATTERN.test(value) || SECRET_PATTERN.test(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Sorts an object's keys, so that free-form objects compare regardless of key order. */
function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(canonical);
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

/**
 * The differences between a recorded body and the emulator's, learning id counterparts into `ids`
 * on the way. An empty list means the emulator's answer has the recorded shape and values.
 */
export function compareBodies(recorded: unknown, emulator: unknown, ids: IdMap, options: CompareOptions = {}): Difference[] {
  const differences: Difference[] = [];
  const volatile = (key: string | undefined): boolean =>
    key !== undefined && (VOLATILE_KEYS.has(key) || (options.volatileKeys?.has(key) ?? false));

  const walk = (want: unknown, got: unknown, path: string, key: string | undefined): void => {
    if (key !== undefined && (options.unsettledKeys?.has(key) ?? false)) return;
    const wantType = jsonType(want);
    const gotType = jsonType(got);
    if (wantType !== gotType) {
      differences.push({ path, kind: 'type', recorded: want, emulator: got });
      return;
    }
    if (key !== undefined && FREE_FORM_KEYS.has(key)) {
      if (!deepEqual(canonical(want), canonical(mapStrings(got, ids, true)))) {
        differences.push({ path, kind: 'value', recorded: want, emulator: got });
      }
      return;
    }
    if (wantType === 'array') {
      const wantArray = want as unknown[];
      const gotArray = got as unknown[];
      if (wantArray.length !== gotArray.length) {
        differences.push({ path, kind: 'length', recorded: wantArray.length, emulator: gotArray.length });
      }
      const shared = Math.min(wantArray.length, gotArray.length);
      for (let index = 0; index < shared; index += 1) walk(wantArray[index], gotArray[index], `${path}[${index}]`, key);
      return;
    }
    if (wantType === 'object') {
      const wantObject = want as Record<string, unknown>;
      const gotObject = got as Record<string, unknown>;
      for (const child of Object.keys(wantObject)) {
        if (CLIENT_DEPENDENT_KEYS.has(child)) continue;
        if (!(child in gotObject)) {
          differences.push({ path: `${path}.${child}`, kind: 'missing-key', recorded: wantObject[child], emulator: undefined });
        } else {
          walk(wantObject[child], gotObject[child], `${path}.${child}`, child);
        }
      }
      for (const child of Object.keys(gotObject)) {
        if (!(child in wantObject) && !CLIENT_DEPENDENT_KEYS.has(child) && !(options.laterKeys?.has(child) ?? false)) {
          differences.push({ path: `${path}.${child}`, kind: 'extra-key', recorded: undefined, emulator: gotObject[child] });
        }
      }
      return;
    }
    if (wantType === 'string' && isId(want as string)) {
      compareId(want as string, got as string, path);
      return;
    }
    if (volatile(key)) return;
    const expected = wantType === 'string' ? mapIdsInText(want as string, ids) : want;
    if (expected !== got) differences.push({ path, kind: 'value', recorded: want, emulator: got });
  };

  const compareId = (want: string, got: string, path: string): void => {
    const known = ids.get(want);
    if (known !== undefined) {
      if (known !== got) differences.push({ path, kind: 'reference', recorded: want, emulator: got });
      return;
    }
    if (want === got) return; // a fixed id such as a test PaymentMethod (`pm_card_visa`)
    const secret = SECRET_PATTERN.test(want);
    if (secret ? !SECRET_PATTERN.test(got) : idPrefix(want) !== idPrefix(got) || !ID_PATTERN.test(got)) {
      differences.push({ path, kind: 'value', recorded: want, emulator: got });
      return;
    }
    ids.set(want, got);
  };

  walk(recorded, emulator, '$', undefined);
  return differences;
}

/** Applies the id map to every string of a value (whole ids, and ids inside text). */
export function mapStrings(value: unknown, ids: IdMap, reverse = false): unknown {
  const table = reverse ? new Map([...ids].map(([recorded, emulator]) => [emulator, recorded])) : ids;
  const visit = (item: unknown): unknown => {
    if (typeof item === 'string') return table.get(item) ?? item.replace(ID_IN_TEXT, (id) => table.get(id) ?? id);
    if (Array.isArray(item)) return item.map(visit);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, child]) => [key, visit(child)]));
    }
    return item;
  };
  return visit(value);
}

/** One line per difference, for assertion messages and reports. */
export function formatDifference(difference: Difference): string {
  const show = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value)?.slice(0, 200) ?? String(value));
  return `${difference.path} ${difference.kind}: recorded ${show(difference.recorded)}, emulator ${show(difference.emulator)}`;
}
