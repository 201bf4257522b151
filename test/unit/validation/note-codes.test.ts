// One small log per note code: worth knowing, never wrong, so each log stays valid.
import { describe, expect, it } from 'vitest';
import { validateEventSequence } from '../../../src/index.js';
import type { ValidationReport } from '../../../src/index.js';
import type { LogEvent } from './fixtures.js';
import { T0, achProcessingFails, at, cardSetup, createThenCancel, ofType, threeDSecureSetup } from './fixtures.js';

function notesOf(report: ValidationReport): [string, string | null, string | null][] {
  return report.notes.map((note) => [note.code, note.event_id, note.setup_intent]);
}

describe('duplicate_delivery', () => {
  it('notes a second delivery of the same event, and counts it once', () => {
    const { events, intent } = cardSetup();
    const succeeded = ofType(events, 'setup_intent.succeeded');
    const report = validateEventSequence([...events, structuredClone(succeeded)]);
    expect(report.valid).toBe(true);
    expect(report.issues).toEqual([]);
    expect(notesOf(report)).toEqual([['duplicate_delivery', succeeded.id, intent]]);
    expect(report.stats).toMatchObject({ events: 4, unique_events: 3, duplicates: 1, setup_intents: 1, setup_intents_with_issues: 0 });
    expect(report.stats.by_type['setup_intent.succeeded']).toBe(2);
  });

  it('treats a redelivery before the original arrived the same way', () => {
    const { events, intent } = createThenCancel();
    const canceled = at(events, 1);
    const report = validateEventSequence([structuredClone(canceled), at(events, 0), canceled]);
    expect(report.valid).toBe(true);
    expect(notesOf(report)).toEqual([['duplicate_delivery', canceled.id, intent]]);
  });
});

describe('history_starts_mid_way', () => {
  it('notes a history whose first event is not created', () => {
    const { events, intent } = threeDSecureSetup('succeeded');
    const requiresAction = ofType(events, 'setup_intent.requires_action');
    const report = validateEventSequence(events.filter((event) => event.type !== 'setup_intent.created'));
    expect(report.valid).toBe(true);
    expect(notesOf(report)).toEqual([['history_starts_mid_way', requiresAction.id, intent]]);
    expect(report.timelines[intent]?.map((entry) => entry.type)).toEqual(['setup_intent.requires_action', 'setup_intent.succeeded']);
  });
});

describe('created_after_confirmation', () => {
  it.each(['processing', 'requires_action', 'succeeded'])('notes a created snapshot already showing %s', (status) => {
    const { events, intent } = status === 'processing' ? achProcessingFails() : status === 'requires_action' ? threeDSecureSetup('succeeded') : cardSetup();
    const created = at(events, 0);
    created.data.object['status'] = status;
    const report = validateEventSequence(events);
    expect(report.valid).toBe(true);
    expect(notesOf(report)).toEqual([['created_after_confirmation', created.id, intent]]);
  });

  it('takes requires_confirmation (created with a payment method) as a plain start', () => {
    const { events } = createThenCancel();
    at(events, 0).data.object['status'] = 'requires_confirmation';
    const report = validateEventSequence(events);
    expect(report.valid).toBe(true);
    expect(report.notes).toEqual([]);
  });
});

describe('reordered_within_second', () => {
  it('notes a same-second succeeded delivered before its created, once per SetupIntent', () => {
    const { events, intent } = cardSetup();
    const report = validateEventSequence([...events].reverse());
    expect(report.valid).toBe(true);
    expect(notesOf(report)).toEqual([['reordered_within_second', null, intent]]);
    expect(report.timelines[intent]?.map((entry) => entry.type)).toEqual(['setup_intent.created', 'setup_intent.succeeded']);
  });
});

describe('event_type_not_checked', () => {
  it('notes each passed-over type once, at its first event, and counts every such event', () => {
    const { events } = createThenCancel();
    const other = (id: string, type: string): LogEvent => ({ id, object: 'event', type, created: T0 + 1, data: { object: { id: 'cus_1', object: 'customer' } } });
    const report = validateEventSequence([other('evt_c1', 'customer.created'), ...events, other('evt_c2', 'customer.created'), other('evt_u1', 'customer.updated')]);
    expect(report.valid).toBe(true);
    expect(notesOf(report)).toEqual([
      ['event_type_not_checked', 'evt_c1', null],
      ['event_type_not_checked', 'evt_u1', null],
    ]);
    expect(report.stats.unchecked_events).toBe(3);
    expect(report.stats.setup_intents).toBe(1);
  });
});

describe('empty_log', () => {
  it('notes a log without events, which is valid', () => {
    const report = validateEventSequence([]);
    expect(report.valid).toBe(true);
    expect(report.issues).toEqual([]);
    expect(notesOf(report)).toEqual([['empty_log', null, null]]);
    expect(report.stats).toEqual({
      events: 0,
      unique_events: 0,
      duplicates: 0,
      setup_intents: 0,
      setup_intents_with_issues: 0,
      unchecked_events: 0,
      notes_omitted: 0,
      by_type: {},
    });
    expect(report.timelines).toEqual({});
  });

  it('is not noted when the log holds only events it passes over', () => {
    const report = validateEventSequence([{ id: 'evt_1', object: 'event', type: 'invoice.paid', created: T0, data: { object: { object: 'invoice' } } }]);
    expect(report.notes.map((note) => note.code)).toEqual(['event_type_not_checked']);
  });
});
