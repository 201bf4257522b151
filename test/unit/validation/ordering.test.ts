// Order of delivery: by default each SetupIntent's events are judged by `created`, in any legal
// order within one second; `strictOrder` judges the order of arrival.
import { describe, expect, it } from 'vitest';
import { validateEventSequence, validateEventStream } from '../../../src/index.js';
import type { ValidationReport } from '../../../src/index.js';
import type { LogEvent } from './fixtures.js';
import { T0, at, cardSetup, createThenCancel, declineThenCancel, ofType, permutations, streamOf, threeDSecureSetup } from './fixtures.js';

function issuesOf(report: ValidationReport): [string, string | null, string | null][] {
  return report.issues.map((issue) => [issue.code, issue.event_id, issue.setup_intent]);
}

function notesOf(report: ValidationReport): [string, string | null, string | null][] {
  return report.notes.map((note) => [note.code, note.event_id, note.setup_intent]);
}

describe('strict order', () => {
  it('accepts a log in the order of its events, by either reading', () => {
    const { events } = declineThenCancel();
    expect(validateEventSequence(events, { strictOrder: true }).valid).toBe(true);
    expect(validateEventSequence(events).valid).toBe(true);
  });

  it('judges a log delivered backwards by arrival: everything after the cancellation is too late', () => {
    const { events, intent } = declineThenCancel();
    const [created, failedEvent, canceled] = [at(events, 0), at(events, 1), at(events, 2)];
    const backwards = [canceled, failedEvent, created];

    const sorted = validateEventSequence(backwards);
    expect(sorted.valid).toBe(true);
    // Different seconds: sorting by `created` is not a same-second reordering.
    expect(sorted.notes).toEqual([]);

    const strict = validateEventSequence(backwards, { strictOrder: true });
    expect(strict.valid).toBe(false);
    expect(issuesOf(strict)).toEqual([
      ['event_after_final', failedEvent.id, intent],
      ['event_after_final', created.id, intent],
    ]);
    expect(notesOf(strict)).toEqual([['history_starts_mid_way', canceled.id, intent]]);
    expect(strict.timelines[intent]?.map((entry) => entry.event_id)).toEqual([canceled.id, failedEvent.id, created.id]);
  });

  it('does not reorder within a second either, and says nothing about reordering', () => {
    const { events, intent } = cardSetup();
    const reversed = [...events].reverse();
    const strict = validateEventSequence(reversed, { strictOrder: true });
    expect(issuesOf(strict)).toEqual([['event_after_final', at(events, 0).id, intent]]);
    expect(strict.notes.map((note) => note.code)).toEqual(['history_starts_mid_way']);
  });

  it('applies to streams too', async () => {
    const { events } = declineThenCancel();
    const report = await validateEventStream(streamOf([...events].reverse()), { strictOrder: true });
    expect(report.issues.map((issue) => issue.code)).toEqual(['event_after_final', 'event_after_final']);
  });
});

describe('events of the same second', () => {
  it('are valid in every order of arrival, with a note exactly when the order had to change', () => {
    // created, requires_action and setup_failed of one SetupIntent, all in one second.
    const { events, intent } = threeDSecureSetup('failed', 2, 0);
    expect(new Set(events.map((event) => event.created))).toEqual(new Set([T0]));
    const created = ofType(events, 'setup_intent.created');
    const orders = permutations(events);
    expect(orders).toHaveLength(6);
    for (const order of orders) {
      const report = validateEventSequence(order);
      expect(report.valid, order.map((event) => event.type).join(' ')).toBe(true);
      // Any order that starts with created is a legal path (a failure, then another action, is
      // possible), so arrival order is kept unless created came later.
      if (order[0]?.id === created.id) {
        expect(report.notes).toEqual([]);
      } else {
        expect(notesOf(report)).toEqual([['reordered_within_second', null, intent]]);
        expect(report.timelines[intent]?.[0]?.event_id).toBe(created.id);
      }
    }
  });

  it('keep a same-second final event last, whatever arrives after it', () => {
    const { events, intent } = createThenCancel();
    const canceled = at(events, 1);
    canceled.created = T0;
    const requiresAction: LogEvent = structuredClone(at(events, 0));
    requiresAction.id = 'evt_requires_action';
    requiresAction.type = 'setup_intent.requires_action';
    requiresAction.data.object['status'] = 'requires_action';
    requiresAction.data.object['next_action'] = { type: 'use_stripe_sdk', use_stripe_sdk: {} };
    const path = ['setup_intent.created', 'setup_intent.requires_action', 'setup_intent.canceled'];
    for (const order of permutations([at(events, 0), requiresAction, canceled])) {
      const report = validateEventSequence(order);
      expect(report.valid).toBe(true);
      if (order.map((event) => event.type).join() === path.join()) {
        expect(report.notes).toEqual([]);
      } else {
        expect(notesOf(report)).toEqual([['reordered_within_second', null, intent]]);
        expect(report.timelines[intent]?.map((entry) => entry.type)).toEqual(path);
      }
    }
  });

  it('flag a created a second after the final event, even when it arrives first', () => {
    const { events, intent } = cardSetup();
    const created = at(events, 0);
    const succeeded = ofType(events, 'setup_intent.succeeded');
    created.created = succeeded.created + 1;
    const report = validateEventSequence(events);
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([['event_after_final', created.id, intent]]);
    expect(notesOf(report)).toEqual([['history_starts_mid_way', succeeded.id, intent]]);
  });

  it('accept a created of the same second as the final event that arrives last', () => {
    const { events, intent } = cardSetup();
    const report = validateEventSequence([at(events, 1), at(events, 2), at(events, 0)]);
    expect(report.valid).toBe(true);
    expect(notesOf(report)).toEqual([['reordered_within_second', null, intent]]);
  });

  it('are reordered among themselves only: a later second still comes later', () => {
    // The failure at T0+10 is delivered first and judged last; the pair of T0 needs reordering.
    const { events } = threeDSecureSetup('failed');
    const report = validateEventSequence([at(events, 2), at(events, 1), at(events, 0)]);
    expect(report.valid).toBe(true);
    expect(report.notes.map((note) => note.code)).toEqual(['reordered_within_second']);
  });
});
