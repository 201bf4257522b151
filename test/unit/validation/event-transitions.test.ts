// What the statechart lets follow what, as the validator reads it: from the statuses an event can
// show before confirmation settles, silent steps reach every event; `processing` only settles.
import { describe, expect, it } from 'vitest';
import { SETUP_INTENT_STATUSES } from '../../../src/types/setup-intent.js';
import { canFollow, silentlyReachable } from '../../../src/validation/event-transitions.js';

const EVENT_STATUS = {
  'setup_intent.requires_action': 'requires_action',
  'setup_intent.setup_failed': 'requires_payment_method',
  'setup_intent.succeeded': 'succeeded',
  'setup_intent.canceled': 'canceled',
} as const;
const TYPES = Object.keys(EVENT_STATUS) as (keyof typeof EVENT_STATUS)[];

describe('canFollow', () => {
  it.each(['requires_payment_method', 'requires_confirmation', 'requires_action'] as const)('lets every event follow %s', (from) => {
    for (const type of TYPES) {
      expect(canFollow(from, type, EVENT_STATUS[type]), type).toBe(true);
    }
  });

  it('lets only a success or a failure follow processing (it cannot be canceled or ask for an action)', () => {
    expect(TYPES.filter((type) => canFollow('processing', type, EVENT_STATUS[type]))).toEqual(['setup_intent.setup_failed', 'setup_intent.succeeded']);
  });

  it('lets nothing follow a final status', () => {
    for (const type of TYPES) {
      expect(canFollow('succeeded', type, EVENT_STATUS[type])).toBe(false);
      expect(canFollow('canceled', type, EVENT_STATUS[type])).toBe(false);
    }
  });

  it('never pairs an event with a status its type does not stand for', () => {
    for (const from of SETUP_INTENT_STATUSES) {
      for (const type of TYPES) {
        for (const status of SETUP_INTENT_STATUSES) {
          if (status !== EVENT_STATUS[type]) {
            expect(canFollow(from, type, status), `${from} ${type} ${status}`).toBe(false);
          }
        }
      }
    }
  });
});

describe('silentlyReachable', () => {
  it('reaches requires_confirmation and processing from requires_payment_method (update, then confirm)', () => {
    expect([...silentlyReachable('requires_payment_method')].sort()).toEqual(['processing', 'requires_confirmation', 'requires_payment_method']);
  });

  it('leaves requires_action silently by an update only', () => {
    expect([...silentlyReachable('requires_action')].sort()).toEqual(['processing', 'requires_action', 'requires_confirmation', 'requires_payment_method']);
  });

  it('stays put from processing and the final statuses', () => {
    for (const status of ['processing', 'succeeded', 'canceled'] as const) {
      expect([...silentlyReachable(status)]).toEqual([status]);
    }
  });
});
