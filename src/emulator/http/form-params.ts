// Stripe's bracket notation is parsed here in one pass rather than with `qs`. Everything the emulator
// must answer for a body (the key that breaks a limit, a prototype key however it is spelled, a
// parameter sent both as a string and as a hash, ordinary objects for the core) is invisible in what
// `qs.parse` returns: it drops `__proto__` segments, folds `[a]` into `a`, merges conflicting shapes
// and names no key in its limit errors. Using it meant re-splitting every key the way qs does and
// copying its tree, which is more code than reading the notation directly, and slower.
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

type Shape = 'string' | 'hash' | 'array';

/**
 * A parameter as the pairs build it. A string remembers the key that set it; an array is sparse, by
 * the indexes sent, and its holes close up in the result.
 */
type Node =
  | { readonly shape: 'string'; readonly key: string; value: string }
  | { readonly shape: 'hash'; readonly children: Map<string, Node> }
  | { readonly shape: 'array'; readonly children: Node[] };
type Hash = Extract<Node, { shape: 'hash' }>;
type List = Extract<Node, { shape: 'array' }>;

/**
 * Parses an application/x-www-form-urlencoded body or a query string (without '?') in Stripe's bracket notation.
 *
 * @remarks Values stay strings (`metadata=` is `''`, which Stripe reads as "unset"); `+` and `%20` are
 * spaces; a repeated key keeps its last value; `a[]=x` appends to an array and `a[0]=x` sets an index
 * (arrays come back in index order, without holes). A key or value whose percent-encoding is malformed
 * (`%E0%A4%A`) is kept as sent rather than refused. Keys with a `__proto__`, `constructor` or `prototype`
 * segment, or that are not a name followed by `[segment]`s (`a[b`, `a]`, `a[b]c`), are a 400
 * `parameter_unknown`; a parameter that is both a string and a hash (or a hash and an array), or one
 * set under two spellings (`[a]` and `a`), and input beyond the limits are a 400 `invalid_request_error`.
 *
 * @example
 * parseFormParams('metadata[order]=6735&expand[0]=latest_attempt');
 * // { ok: true, params: { metadata: { order: '6735' }, expand: ['latest_attempt'] } }
 */
export function parseFormParams(text: string, limits?: FormLimits): FormParse {
  const resolved = resolveLimits(limits);
  return settle(() => {
    const pairs = text.split('&', resolved.maxParameters + 1);
    if (pairs.length > resolved.maxParameters) {
      throw new FormProblem(tooManyParameters(resolved));
    }
    const root: Hash = { shape: 'hash', children: new Map() };
    for (const pair of pairs) {
      const equals = pair.indexOf('=');
      const key = decode(equals === -1 ? pair : pair.slice(0, equals));
      // A pair without a name carries nothing (`&&`, `=x`).
      if (key !== '') {
        addPair(root, key, equals === -1 ? '' : decode(pair.slice(equals + 1)), resolved);
      }
    }
    return valueOf(root) as Record<string, unknown>;
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
    maxParameters: limits.maxParameters ?? DEFAULT_LIMITS.maxParameters,
    maxDepth: limits.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxArrayLength: limits.maxArrayLength ?? DEFAULT_LIMITS.maxArrayLength,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new SetupIntentMachineError(`FormLimits.${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return resolved;
}

/** Form decoding: `+` is a space, then percent-escapes; malformed escapes stay as they are. */
function decode(text: string): string {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%')) {
    return spaced;
  }
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

const isIndex = (segment: string): boolean => /^\d+$/.test(segment);

/** The name and bracket segments of a decoded key (`a[b][]` is `a`, `b`, `''`), refusing what cannot be one. */
function segmentsOf(key: string, limits: Limits): string[] {
  let open = key.indexOf('[');
  const segments = [open === -1 ? key : key.slice(0, open)];
  while (open !== -1) {
    const close = key.indexOf(']', open);
    const segment = close === -1 ? undefined : key.slice(open + 1, close);
    const after = close + 1;
    if (segment === undefined || segment.includes('[') || (after < key.length && key[after] !== '[')) {
      throw new FormProblem(parameterUnknown(key));
    }
    segments.push(segment);
    open = after < key.length ? after : -1;
  }
  // `[a][b]` names `a`, as form libraries read it; `[]` names nothing.
  if (segments[0] === '' && segments.length > 1) {
    segments.shift();
  }
  const name = segments[0] as string;
  if (name === '' || name.includes(']') || segments.some((segment) => FORBIDDEN_KEYS.has(segment))) {
    throw new FormProblem(parameterUnknown(key));
  }
  if (segments.length - 1 > limits.maxDepth) {
    throw new FormProblem(invalid(`Parameters may be nested at most ${limits.maxDepth} levels of brackets deep.`, key));
  }
  return segments;
}

/** Sets one `key=value` pair in the tree, refusing a path whose shape disagrees with what earlier pairs built. */
function addPair(root: Hash, key: string, value: string, limits: Limits): void {
  const segments = segmentsOf(key, limits);
  let parent: Hash | List = root;
  let param = '';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const next = segments[i + 1];
    const shape: Shape = next === undefined ? 'string' : next === '' || isIndex(next) ? 'array' : 'hash';
    let child: Node | undefined;
    if (parent.shape === 'hash') {
      param = i === 0 ? segment : `${param}[${segment}]`;
      child = parent.children.get(segment);
      if (child === undefined) {
        child = newNode(shape, key, value);
        parent.children.set(segment, child);
      }
    } else {
      const index: number = segment === '' ? parent.children.length : Number(segment);
      if (index >= limits.maxArrayLength) {
        throw new FormProblem(
          invalid(`Arrays may have at most ${limits.maxArrayLength} elements (indexes 0 to ${limits.maxArrayLength - 1}).`, key),
        );
      }
      param = `${param}[${index}]`;
      child = parent.children[index];
      if (child === undefined) {
        child = newNode(shape, key, value);
        parent.children[index] = child;
      }
    }
    if (child.shape !== shape) {
      throw new FormProblem(invalid(`Conflicting values for ${param}: it is sent both as ${article(child.shape)} and as ${article(shape)}.`, param));
    }
    if (child.shape === 'string') {
      // The same key again is a repeat (the last value wins); another spelling of the path is ambiguous.
      if (child.key !== key) {
        throw new FormProblem(invalid(`Conflicting values for ${param}: it is sent under two names, ${child.key} and ${key}.`, param));
      }
      child.value = value;
    } else {
      parent = child;
    }
  }
}

function newNode(shape: Shape, key: string, value: string): Node {
  return shape === 'string' ? { shape, key, value } : shape === 'hash' ? { shape, children: new Map() } : { shape, children: [] };
}

/** The plain value of a node: ordinary objects and arrays, whose keys were checked on the way in. */
function valueOf(node: Node): unknown {
  switch (node.shape) {
    case 'string':
      return node.value;
    case 'array': {
      const items: unknown[] = [];
      // `for...of` would visit the holes; `forEach` skips them.
      node.children.forEach((child) => items.push(valueOf(child)));
      return items;
    }
    case 'hash': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of node.children) {
        out[key] = valueOf(child);
      }
      return out;
    }
  }
}

function article(shape: Shape): string {
  return shape === 'array' ? 'an array' : `a ${shape}`;
}

interface Walk {
  readonly limits: Limits;
  leaves: number;
}

/** Copies a parsed JSON tree into ordinary objects and arrays, enforcing the key rules and limits on the way. */
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
      throw new FormProblem(tooManyParameters(walk.limits));
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

function tooManyParameters(limits: Limits): StripeRequestError {
  return invalid(`Too many parameters: a request may carry at most ${limits.maxParameters}.`);
}

function invalid(message: string, param?: string): StripeRequestError {
  return requestError(400, apiError('invalid_request_error', param === undefined ? { message } : { message, param }));
}
