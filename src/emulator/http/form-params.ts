import qs from 'qs';
import type { IParseOptions } from 'qs';
import { SetupIntentMachineError } from '../../core/misuse-error.js';
import { apiError, parameterUnknown, requestError } from '../../core/stripe-errors.js';
import type { StripeRequestError } from '../../types/stripe-error.js';

/** Bounds on what one request may carry; every field is a positive integer. */
export interface FormLimits {
  /** The most `&`-separated `key=value` pairs (form) or leaf values (JSON); 1000 unless set. */
  readonly maxParameters?: number;
  /** The most bracket levels below a top-level key (`a[b][c]` has 2); 5 unless set. */
  readonly maxDepth?: number;
  /** The most elements of one array; an index at or above it is refused; 100 unless set. */
  readonly maxArrayLength?: number;
}

/** The outcome of parsing request parameters: a parameter tree, or the 400 Stripe would answer. */
export type FormParse =
  | { readonly ok: true; readonly params: Record<string, unknown> }
  | { readonly ok: false; readonly error: StripeRequestError };

type Limits = { readonly [K in keyof FormLimits]-?: number };

const DEFAULT_LIMITS: Limits = { maxParameters: 1000, maxDepth: 5, maxArrayLength: 100 };

/** Key segments that would reach an object's prototype if used as property names. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Thrown inside this module to stop at the first problem; never escapes the exported parsers. */
class FormProblem {
  constructor(readonly error: StripeRequestError) {}
}

/**
 * Parses an application/x-www-form-urlencoded body or a query string (without '?') in Stripe's bracket notation.
 *
 * @remarks Values stay strings (`metadata=` is `''`, which Stripe reads as "unset"); `+` and `%20` are
 * spaces; a repeated key keeps its last value; `a[]=x` and `a[0]=x` both build arrays. A key or value
 * whose percent-encoding is malformed (`%E0%A4%A`) is kept exactly as sent rather than refused. Keys with
 * a `__proto__`, `constructor` or `prototype` segment, a parameter that is both a string and a hash (or a
 * hash and an array), and input beyond the limits are answered with a 400 `invalid_request_error`.
 *
 * @example
 * parseFormParams('metadata[order]=6735&expand[0]=latest_attempt');
 * // { ok: true, params: { metadata: { order: '6735' }, expand: ['latest_attempt'] } }
 */
export function parseFormParams(text: string, limits?: FormLimits): FormParse {
  const resolved = resolveLimits(limits);
  const options = formOptions(resolved);
  const keys = new Set<string>();
  let tree: Record<string, unknown>;
  collectedKeys = keys;
  try {
    tree = qs.parse(text, options.parse);
  } catch (thrown) {
    if (thrown instanceof RangeError) {
      collectedKeys = null;
      return { ok: false, error: limitError(thrown, keys, options.parse, resolved) };
    }
    throw thrown;
  } finally {
    collectedKeys = null;
  }
  return settle(() => {
    checkKeyShapes(keys, options.probe);
    return copyParams(tree, resolved);
  });
}

/**
 * Parses a JSON object body (some clients send JSON); same safety rules (no prototype keys, depth limit).
 *
 * @remarks Numbers, booleans and `null` pass through as sent. A blank body is an empty object, like an
 * empty form body. Anything that is not JSON, or whose top level is not an object, is a 400
 * `invalid_request_error` with the message `Invalid JSON body`.
 */
export function parseJsonParams(text: string, limits?: FormLimits): FormParse {
  const resolved = resolveLimits(limits);
  if (text.trim() === '') {
    return { ok: true, params: {} };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: invalid('Invalid JSON body') };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: invalid('Invalid JSON body: the top level must be an object') };
  }
  const root = body as Record<string, unknown>;
  return settle(() => copyParams(root, resolved));
}

function settle(parse: () => Record<string, unknown>): FormParse {
  try {
    return { ok: true, params: parse() };
  } catch (problem) {
    if (problem instanceof FormProblem) {
      return { ok: false, error: problem.error };
    }
    throw problem;
  }
}

function resolveLimits(limits: FormLimits | undefined): Limits {
  if (limits === undefined) {
    return DEFAULT_LIMITS;
  }
  const resolved: Limits = {
    maxParameters: limits?.maxParameters ?? DEFAULT_LIMITS.maxParameters,
    maxDepth: limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxArrayLength: limits?.maxArrayLength ?? DEFAULT_LIMITS.maxArrayLength,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new SetupIntentMachineError(`FormLimits.${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return resolved;
}

/**
 * The keys of the parse under way, as qs decodes them. Parsing is synchronous, so one slot serves
 * every call, and the decoder can live in options built once instead of a closure per request.
 */
let collectedKeys: Set<string> | null = null;

const collectingDecoder: NonNullable<IParseOptions['decoder']> = (encoded, defaultDecoder, charset, kind) => {
  const decoded: string = defaultDecoder(encoded, defaultDecoder, charset);
  if (kind === 'key' && collectedKeys !== null) {
    collectedKeys.add(decoded);
  }
  return decoded;
};

/** The qs options for one set of limits: the main parse, and the probe that parses keys alone. */
interface FormOptions {
  readonly parse: IParseOptions;
  readonly probe: IParseOptions;
}

const optionsByLimits = new Map<string, FormOptions>();

// Options are built once per set of limits: copying a 14-key options object on every request
// cost more than the parse itself.
function formOptions(limits: Limits): FormOptions {
  const cacheKey = `${limits.maxParameters},${limits.maxDepth},${limits.maxArrayLength}`;
  let options = optionsByLimits.get(cacheKey);
  if (options === undefined) {
    options = { parse: qsOptions(limits, false), probe: qsOptions(limits, true) };
    optionsByLimits.set(cacheKey, options);
  }
  return options;
}

/** The qs options for Stripe's notation, with every safety-relevant one spelled out even where it is qs's default. */
function qsOptions(limits: Limits, allowSparse: boolean): IParseOptions {
  return {
    // Null-prototype containers: a key such as `toString` is data, and nothing is inherited or reachable.
    plainObjects: true,
    // Only consulted without plainObjects, but a later edit dropping plainObjects must not open the prototype.
    allowPrototypes: false,
    // Stripe's notation has brackets only: `a.b` is one literal key, `a=x,y` one string.
    allowDots: false,
    comma: false,
    charset: 'utf-8',
    charsetSentinel: false,
    interpretNumericEntities: false,
    // Stripe keeps the last of repeated scalar keys; `a[]` keys still collect every value.
    duplicates: 'last',
    // qs wraps a parameter sent as both a string and a hash in an array instead of inventing `{ d: true }` keys;
    // the key-shape check refuses such input anyway, so nothing depends on either merge.
    strictMerge: true,
    // Refuse over-limit input instead of qs's silent fallbacks (dropped pairs, literal keys, index-keyed objects).
    depth: limits.maxDepth,
    strictDepth: true,
    arrayLimit: limits.maxArrayLength,
    parameterLimit: limits.maxParameters,
    throwOnLimitExceeded: true,
    // The probe parses one key at a time, where an index such as `[5]` must stay an index.
    allowSparse,
    decoder: collectingDecoder,
  };
}

function limitError(thrown: RangeError, keys: ReadonlySet<string>, options: IParseOptions, limits: Limits): StripeRequestError {
  // qs names the broken limit in its message but not the key, so the key is found by parsing each alone.
  const culprit = (): string | undefined => [...keys].find((key) => key !== '' && throwsAlone(key, options));
  if (thrown.message.startsWith('Parameter limit')) {
    return invalid(`Too many parameters: a request may carry at most ${limits.maxParameters}.`);
  }
  if (thrown.message.startsWith('Input depth')) {
    return invalid(`Parameters may be nested at most ${limits.maxDepth} levels of brackets deep.`, culprit());
  }
  if (thrown.message.startsWith('Array limit')) {
    return invalid(`Arrays may have at most ${limits.maxArrayLength} elements (indexes 0 to ${limits.maxArrayLength - 1}).`, culprit());
  }
  // A limit message reworded by a later qs still answers a 400 rather than escaping as an exception.
  return invalid(`Invalid request parameters: ${thrown.message}`);
}

function throwsAlone(key: string, options: IParseOptions): boolean {
  try {
    qs.parse({ [key]: '' }, options);
    return false;
  } catch {
    return true;
  }
}

type Shape = 'string' | 'hash' | 'array';

interface ShapeNode {
  readonly shape: Shape;
  readonly key: string;
  readonly children: Map<string | number, ShapeNode>;
}

/**
 * Refuses prototype keys and keys whose shapes disagree (`a=1&a[b]=2`, `a[0]=x&a[b]=y`, `[a]=1&a=2`).
 * Each key is parsed alone by qs, so the segments checked are exactly the ones qs built the tree from.
 */
function checkKeyShapes(keys: ReadonlySet<string>, probe: IParseOptions): void {
  const root = new Map<string | number, ShapeNode>();
  for (const key of keys) {
    // qs drops a pair with an empty key, so there is nothing to check.
    if (key === '') {
      continue;
    }
    const steps = stepsOf(key, probe);
    if (steps === null || steps.some((step) => typeof step === 'string' && FORBIDDEN_KEYS.has(step))) {
      throw new FormProblem(parameterUnknown(key));
    }
    let level = root;
    let param = '';
    steps.forEach((step, i) => {
      param = i === 0 ? String(step) : `${param}[${step}]`;
      const next = steps[i + 1];
      const shape: Shape = next === undefined ? 'string' : typeof next === 'number' ? 'array' : 'hash';
      let node = level.get(step);
      if (node === undefined) {
        node = { shape, key, children: new Map() };
        level.set(step, node);
      } else if (node.shape !== shape) {
        throw new FormProblem(invalid(`Conflicting values for ${param}: it is sent both as ${article(node.shape)} and as ${article(shape)}.`, param));
      } else if (shape === 'string' && node.key !== key) {
        throw new FormProblem(invalid(`Conflicting values for ${param}: it is sent under two names, ${node.key} and ${key}.`, param));
      }
      level = node.children;
    });
  }
}

/** The path qs builds for one key (strings for hash keys, numbers for array indexes), or null if qs dropped a segment. */
function stepsOf(key: string, probe: IParseOptions): (string | number)[] | null {
  const steps: (string | number)[] = [];
  let node: unknown = qs.parse({ [key]: '' }, probe);
  while (typeof node === 'object' && node !== null) {
    const own = Object.keys(node);
    const first = own[0];
    // qs silently drops a `__proto__` segment, leaving an empty container where the path should go on.
    if (own.length !== 1 || first === undefined) {
      return null;
    }
    steps.push(Array.isArray(node) ? Number(first) : first);
    node = (node as Record<string, unknown>)[first];
  }
  return steps;
}

function article(shape: Shape): string {
  return shape === 'array' ? 'an array' : `a ${shape}`;
}

interface Walk {
  readonly limits: Limits;
  leaves: number;
}

/** Copies a parsed tree into ordinary objects and arrays, enforcing the key rules and limits on the way. */
function copyParams(root: Record<string, unknown>, limits: Limits): Record<string, unknown> {
  const walk: Walk = { limits, leaves: 0 };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(root)) {
    out[safeKey(key, key)] = copyValue(root[key], key, 0, walk);
  }
  return out;
}

function copyValue(value: unknown, param: string, depth: number, walk: Walk): unknown {
  if (typeof value !== 'object' || value === null) {
    walk.leaves += 1;
    if (walk.leaves > walk.limits.maxParameters) {
      throw new FormProblem(invalid(`Too many parameters: a request may carry at most ${walk.limits.maxParameters}.`));
    }
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length > 0 && depth >= walk.limits.maxDepth) {
    throw new FormProblem(invalid(`Parameters may be nested at most ${walk.limits.maxDepth} levels of brackets deep.`, param));
  }
  if (Array.isArray(value)) {
    if (value.length > walk.limits.maxArrayLength) {
      throw new FormProblem(
        invalid(`Arrays may have at most ${walk.limits.maxArrayLength} elements (indexes 0 to ${walk.limits.maxArrayLength - 1}).`, param),
      );
    }
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      items.push(copyValue(value[i], `${param}[${i}]`, depth + 1, walk));
    }
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const child = `${param}[${key}]`;
    out[safeKey(key, child)] = copyValue((value as Record<string, unknown>)[key], child, depth + 1, walk);
  }
  return out;
}

/** The key itself once it is known not to reach a prototype; assigning it to an ordinary object is then plain data. */
function safeKey(key: string, param: string): string {
  if (FORBIDDEN_KEYS.has(key)) {
    throw new FormProblem(parameterUnknown(param));
  }
  return key;
}

function invalid(message: string, param?: string): StripeRequestError {
  return requestError(400, apiError('invalid_request_error', param === undefined ? { message } : { message, param }));
}
