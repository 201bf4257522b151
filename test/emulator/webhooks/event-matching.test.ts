import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointWantsEvent, isValidEnabledEvent } from '../../../src/emulator/webhooks/event-matching.js';

const segmentArb = fc.stringMatching(/^[a-z0-9_]{1,12}$/);
const eventTypeArb = fc
  .array(segmentArb, { minLength: 2, maxLength: 3 })
  .map((segments) => segments.join('.'));

describe('endpointWantsEvent', () => {
  it("'*' selects every event", () => {
    expect(endpointWantsEvent(['*'], 'setup_intent.succeeded')).toBe(true);
    expect(endpointWantsEvent(['*'], 'payment_method.attached')).toBe(true);
  });

  it("'setup_intent.*' selects every setup_intent event and nothing else", () => {
    expect(endpointWantsEvent(['setup_intent.*'], 'setup_intent.created')).toBe(true);
    expect(endpointWantsEvent(['setup_intent.*'], 'setup_intent.requires_action')).toBe(true);
    expect(endpointWantsEvent(['setup_intent.*'], 'payment_method.attached')).toBe(false);
    expect(endpointWantsEvent(['setup_intent.*'], 'setup_intent_x.created')).toBe(false);
    expect(endpointWantsEvent(['setup_intent.*'], 'setup_intent.')).toBe(false);
  });

  it('an exact type selects that type only', () => {
    expect(endpointWantsEvent(['setup_intent.succeeded'], 'setup_intent.succeeded')).toBe(true);
    expect(endpointWantsEvent(['setup_intent.succeeded'], 'setup_intent.setup_failed')).toBe(false);
    expect(endpointWantsEvent(['setup_intent.succeeded'], 'setup_intent.succeeded.extra')).toBe(false);
  });

  it('no entry selects nothing, and any matching entry is enough', () => {
    expect(endpointWantsEvent([], 'setup_intent.created')).toBe(false);
    expect(endpointWantsEvent(['mandate.updated', 'setup_intent.canceled'], 'setup_intent.canceled')).toBe(true);
  });

  it("'*' matches any type (property)", () => {
    fc.assert(fc.property(eventTypeArb, (type) => endpointWantsEvent(['*'], type)));
  });

  it('a list of exact types matches exactly its members (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(eventTypeArb, { maxLength: 6 }), eventTypeArb, (enabled, type) => {
        expect(endpointWantsEvent(enabled, type)).toBe(enabled.includes(type));
        for (const member of enabled) expect(endpointWantsEvent(enabled, member)).toBe(true);
      }),
    );
  });

  it("'<prefix>.*' matches exactly the types under that prefix (property)", () => {
    fc.assert(
      fc.property(segmentArb, eventTypeArb, (prefix, type) => {
        expect(endpointWantsEvent([`${prefix}.*`], type)).toBe(type.startsWith(`${prefix}.`));
        expect(endpointWantsEvent([`${prefix}.*`], `${prefix}.${type}`)).toBe(true);
      }),
    );
  });
});

describe('isValidEnabledEvent', () => {
  it.each(['*', 'setup_intent.created', 'setup_intent.*', 'a.b.c', 'a.b.*', 'v2.core_1.x'])('accepts %s', (value) => {
    expect(isValidEnabledEvent(value)).toBe(true);
  });

  it.each(['', 'setup_intent', 'setup_intent*', '*.created', 'setup_intent.*.created', 'Setup_intent.created', 'a..b', 'a.b.', '.a', 'a. b', '**'])(
    'rejects %j',
    (value) => {
      expect(isValidEnabledEvent(value)).toBe(false);
    },
  );

  it('accepts every generated type and its wildcard (property)', () => {
    fc.assert(
      fc.property(eventTypeArb, (type) => {
        expect(isValidEnabledEvent(type)).toBe(true);
        expect(isValidEnabledEvent(`${type.slice(0, type.lastIndexOf('.'))}.*`)).toBe(true);
      }),
    );
  });
});
