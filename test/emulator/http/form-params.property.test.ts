// Properties of the wire parser for any input: encoded trees come back whole, hostile text never throws or pollutes.
import fc from 'fast-check';
import qs from 'qs';
import { describe, expect, it } from 'vitest';
import { parseFormParams, parseJsonParams } from '../../../src/emulator/http/form-params.js';
import type { FormParse } from '../../../src/emulator/http/form-params.js';

const MAX_DEPTH = 5;

// Brackets inside a key name would be read as structure, digit-only keys as array indexes, and an empty key is
// dropped; Stripe's parameter names are none of these, so they are outside the round-trip promise.
const keyArb = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 8 })
  .filter((key) => !/[[\]]/.test(key) && !/^\d+$/.test(key) && !['__proto__', 'constructor', 'prototype'].includes(key));

const leafArb = fc.string({ unit: 'grapheme', maxLength: 12 });

/** Values that may nest `levels` more containers below them; empty containers are not encodable, so none are made. */
function valueArb(levels: number): fc.Arbitrary<unknown> {
  if (levels === 0) {
    return leafArb;
  }
  const inner = valueArb(levels - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leafArb },
    { weight: 1, arbitrary: fc.dictionary(keyArb, inner, { minKeys: 1, maxKeys: 3, noNullPrototype: true }) },
    { weight: 1, arbitrary: fc.array(inner, { minLength: 1, maxLength: 3 }) },
  );
}

const treeArb = fc.dictionary(keyArb, valueArb(MAX_DEPTH), { maxKeys: 4, noNullPrototype: true });

// Pieces of Stripe's notation and of known attacks, so random text reaches the interesting paths often.
const tokenArb = fc.oneof(
  fc.constantFrom('a', 'metadata', '[', ']', '[]', '=', '&', '+', '%', '%5B', '%5D', '%E0%A4%A', '%20', '0', '1', '99', '100'),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'toString', '[__proto__]', '[0]', '.'),
  fc.string({ unit: 'binary', maxLength: 4 }),
);

// Well-formed pairs over a tiny alphabet, so duplicates, shape conflicts and limits come up often.
const segmentArb = fc.constantFrom('a', 'b', '0', '1', '2', '99', '100', '');
const structuredKeyArb = fc
  .tuple(fc.constantFrom('a', 'b', 'metadata'), fc.array(segmentArb, { maxLength: 7 }))
  .map(([parent, segments]) => parent + segments.map((segment) => `[${segment}]`).join(''));
const structuredTextArb = fc
  .array(fc.tuple(structuredKeyArb, fc.constantFrom('', 'x', 'y')), { maxLength: 12 })
  .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&'));

const hostileTextArb = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.array(tokenArb, { maxLength: 40 }).map((tokens) => tokens.join('')),
  structuredTextArb,
);
const smallLimitsArb = fc.option(
  fc.record({ maxParameters: fc.integer({ min: 1, max: 8 }), maxDepth: fc.integer({ min: 1, max: 6 }), maxArrayLength: fc.integer({ min: 1, max: 4 }) }),
  { nil: undefined },
);

function expectOkOr400(result: FormParse): void {
  if (!result.ok) {
    expect(result.error.statusCode).toBe(400);
    expect(result.error.error.type).toBe('invalid_request_error');
    expect(result.error.error.message).toEqual(expect.any(String));
    return;
  }
  expectSafeTree(result.params);
}

/** Ordinary containers all the way down, with no key that reaches a prototype. */
function expectSafeTree(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  expect(Object.getPrototypeOf(value)).toBe(Array.isArray(value) ? Array.prototype : Object.prototype);
  for (const key of Reflect.ownKeys(value)) {
    expect(['__proto__', 'constructor', 'prototype']).not.toContain(key);
  }
  for (const child of Object.values(value)) expectSafeTree(child);
}

function expectUnpolluted(objectKeys: readonly PropertyKey[], arrayKeys: readonly PropertyKey[]): void {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Reflect.ownKeys(Object.prototype)).toEqual(objectKeys);
  expect(Reflect.ownKeys(Array.prototype)).toEqual(arrayKeys);
}

describe('parseFormParams properties', () => {
  it('any tree of safe keys and string values within the limits survives qs.stringify and parsing', () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        const result = parseFormParams(qs.stringify(tree, { arrayFormat: 'indices' }));
        expect(result).toEqual({ ok: true, params: tree });
      }),
    );
  });

  it('a repeated scalar key keeps its last value', () => {
    fc.assert(
      fc.property(keyArb, fc.array(leafArb, { minLength: 1, maxLength: 5 }), (key, values) => {
        const text = values.map((value) => qs.stringify({ [key]: value })).join('&');
        expect(parseFormParams(text)).toEqual({ ok: true, params: { [key]: values[values.length - 1] } });
      }),
    );
  });

  it('pairs of names and indexes parse as an independent model of the notation says', () => {
    const pathArb = fc.tuple(fc.constantFrom('a', 'b'), fc.array(fc.constantFrom('a', 'b', '0', '1', '2'), { maxLength: MAX_DEPTH }));
    const pairsArb = fc.array(fc.tuple(pathArb, fc.constantFrom('', 'x', 'y')), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(pairsArb, (pairs) => {
        const text = pairs.map(([[parent, segments], value]) => `${parent}${segments.map((s) => `[${s}]`).join('')}=${value}`).join('&');
        const expected = modelParse(pairs.map(([[parent, segments], value]) => [[parent, ...segments], value]));
        const result = parseFormParams(text);
        if (expected === 'conflict') {
          expect(result.ok).toBe(false);
          expect(result.ok ? '' : result.error.error.message).toMatch(/^Conflicting values for /);
        } else {
          expect(result).toEqual({ ok: true, params: expected });
        }
      }),
    );
  });

  it('arbitrary text never throws, answers ok or a 400, and never pollutes a prototype', () => {
    const objectKeys = Reflect.ownKeys(Object.prototype);
    const arrayKeys = Reflect.ownKeys(Array.prototype);
    fc.assert(
      fc.property(hostileTextArb, smallLimitsArb, (text, limits) => {
        expectOkOr400(parseFormParams(text, limits));
        expectUnpolluted(objectKeys, arrayKeys);
      }),
    );
  });
});

describe('parseJsonParams properties', () => {
  it('any JSON text, or any text at all, never throws, answers ok or a 400, and never pollutes', () => {
    const objectKeys = Reflect.ownKeys(Object.prototype);
    const arrayKeys = Reflect.ownKeys(Array.prototype);
    const pollutingJsonArb = fc
      .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.json())
      .map(([key, inner]) => `{"a":{"${key}":{"polluted":${inner}}}}`);
    fc.assert(
      fc.property(fc.oneof(fc.json(), pollutingJsonArb, fc.string({ unit: 'binary' })), (text) => {
        expectOkOr400(parseJsonParams(text));
        expectUnpolluted(objectKeys, arrayKeys);
      }),
    );
  });

  it('any JSON object within the limits comes back equal', () => {
    const jsonTreeArb = fc.dictionary(keyArb, valueArb(MAX_DEPTH), { maxKeys: 4, noNullPrototype: true });
    fc.assert(
      fc.property(jsonTreeArb, (tree) => {
        expect(parseJsonParams(JSON.stringify(tree))).toEqual({ ok: true, params: tree });
      }),
    );
  });
});

interface ModelNode {
  kind?: 'leaf' | 'names' | 'indexes';
  value?: string;
  readonly children: Map<string, ModelNode>;
}

/**
 * Stripe's bracket notation for names and indexes only, written without qs: digit segments index arrays (kept in
 * index order, without gaps), other segments name hash keys, a repeated key keeps its last value, and a node used
 * both as a value and a container, or as both kinds of container, is a conflict.
 */
function modelParse(pairs: readonly (readonly [readonly string[], string])[]): Record<string, unknown> | 'conflict' {
  const root: ModelNode = { kind: 'names', children: new Map() };
  for (const [path, value] of pairs) {
    let node = root;
    for (const segment of path) {
      const kind = node === root || !/^\d+$/.test(segment) ? 'names' : 'indexes';
      if ((node.kind ??= kind) !== kind) return 'conflict';
      const child = node.children.get(segment) ?? { children: new Map() };
      node.children.set(segment, child);
      node = child;
    }
    if ((node.kind ??= 'leaf') !== 'leaf') return 'conflict';
    node.value = value;
  }
  return modelValue(root) as Record<string, unknown>;
}

function modelValue(node: ModelNode): unknown {
  if (node.kind === 'leaf') return node.value;
  const entries = [...node.children];
  if (node.kind === 'indexes') {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, child]) => modelValue(child));
  }
  return Object.fromEntries(entries.map(([key, child]) => [key, modelValue(child)]));
}
