// One small log per issue code: real emitted events, edited in one place, and the validator must
// name that code, that event and that SetupIntent, and nothing else.
import { describe, expect, it } from 'vitest';
import { validateEventSequence } from '../../../src/index.js';
import type { ValidationReport } from '../../../src/index.js';
import type { LogEvent } from './fixtures.js';
import {
  T0,
  achProcessingFails,
  at,
  cardSetup,
  createThenCancel,
  declineThenCancel,
  ofType,
  threeDSecureSetup,
  typesOf,
} from './fixtures.js';

/** The issues as (code, event, SetupIntent) triples, messages left out. */
function issuesOf(report: ValidationReport): [string, string | null, string | null][] {
  return report.issues.map((issue) => [issue.code, issue.event_id, issue.setup_intent]);
}

function withoutEvent(events: readonly LogEvent[], id: string): LogEvent[] {
  return events.filter((event) => event.id !== id);
}

describe('the fixtures', () => {
  it('emit the documented sequences, and each validates without findings beyond its notes', () => {
    const flows = {
      card: cardSetup(),
      threeDSecureSucceeded: threeDSecureSetup('succeeded'),
      threeDSecureFailed: threeDSecureSetup('failed'),
      decline: declineThenCancel(),
      cancel: createThenCancel(),
      ach: achProcessingFails(),
    };
    expect(typesOf(flows.card.events)).toEqual(['setup_intent.created', 'payment_method.attached', 'setup_intent.succeeded']);
    expect(typesOf(flows.threeDSecureSucceeded.events)).toEqual([
      'setup_intent.created',
      'setup_intent.requires_action',
      'payment_method.attached',
      'setup_intent.succeeded',
    ]);
    expect(typesOf(flows.threeDSecureFailed.events)).toEqual(['setup_intent.created', 'setup_intent.requires_action', 'setup_intent.setup_failed']);
    expect(typesOf(flows.decline.events)).toEqual(['setup_intent.created', 'setup_intent.setup_failed', 'setup_intent.canceled']);
    expect(flows.decline.events.map((event) => event.created - T0)).toEqual([0, 3, 6]);
    expect(typesOf(flows.cancel.events)).toEqual(['setup_intent.created', 'setup_intent.canceled']);
    expect(typesOf(flows.ach.events)).toEqual(['setup_intent.created', 'setup_intent.setup_failed']);
    for (const { events } of Object.values(flows)) {
      const report = validateEventSequence(events);
      expect(report.valid).toBe(true);
      expect(report.issues).toEqual([]);
      expect(report.notes).toEqual([]);
    }
  });
});

describe('malformed_event', () => {
  it('names an event without data.object by its id, and one that is not an object by its position', () => {
    const { events } = cardSetup();
    const log = [...events, { id: 'evt_broken', object: 'event', type: 'setup_intent.succeeded', created: T0 }, 42, ['evt_x']];
    const report = validateEventSequence(log);
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([
      ['malformed_event', 'evt_broken', null],
      ['malformed_event', null, null],
      ['malformed_event', null, null],
    ]);
    expect(report.issues[0]?.message).toContain('Event 4 ');
    expect(report.issues[1]?.message).toContain('Event 5 ');
    expect(report.stats.events).toBe(6);
    expect(report.stats.setup_intents).toBe(1);
    expect(report.stats.setup_intents_with_issues).toBe(0);
    expect(report.stats.by_type).toEqual({ 'setup_intent.created': 1, 'payment_method.attached': 1, 'setup_intent.succeeded': 1 });
  });

  it('rejects a created that is not a number and a data.object that is an array', () => {
    const { events } = createThenCancel();
    const badCreated = { ...at(events, 1), id: 'evt_bad_created', created: String(T0 + 5) };
    const badObject = { ...at(events, 1), id: 'evt_bad_object', data: { object: [] } };
    const report = validateEventSequence([at(events, 0), badCreated, badObject]);
    expect(issuesOf(report)).toEqual([
      ['malformed_event', 'evt_bad_created', null],
      ['malformed_event', 'evt_bad_object', null],
    ]);
  });
});

describe('unknown_event_type', () => {
  it('flags setup_intent.updated, which Stripe does not send, at that event', () => {
    const { events, intent } = createThenCancel();
    const created = at(events, 0);
    const updated: LogEvent = { ...structuredClone(created), id: 'evt_updated', type: 'setup_intent.updated', created: T0 + 2 };
    const report = validateEventSequence([created, updated, at(events, 1)]);
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([['unknown_event_type', 'evt_updated', intent]]);
    expect(report.stats.by_type['setup_intent.updated']).toBe(1);
    expect(report.stats.setup_intents_with_issues).toBe(1);
    expect(report.timelines[intent]?.map((entry) => [entry.event_id, entry.issues])).toEqual([
      [created.id, []],
      ['evt_updated', ['unknown_event_type']],
      [at(events, 1).id, []],
    ]);
  });

  it('flags setup_intent.processing between a create that processes and its failure', () => {
    const { events, intent } = achProcessingFails();
    const processing: LogEvent = structuredClone(at(events, 0));
    processing.id = 'evt_processing';
    processing.type = 'setup_intent.processing';
    processing.created = T0 + 1;
    processing.data.object['status'] = 'processing';
    const report = validateEventSequence([at(events, 0), processing, at(events, 1)]);
    expect(issuesOf(report)).toEqual([['unknown_event_type', 'evt_processing', intent]]);
  });
});

describe('type_status_mismatch', () => {
  it('flags a succeeded event whose snapshot is still processing', () => {
    const { events, intent } = cardSetup();
    const succeeded = ofType(events, 'setup_intent.succeeded');
    succeeded.data.object['status'] = 'processing';
    const report = validateEventSequence(events);
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([['type_status_mismatch', succeeded.id, intent]]);
    expect(report.issues[0]?.message).toContain('must show status succeeded');
  });

  it('flags a created event showing a canceled SetupIntent (a new one cannot be canceled)', () => {
    const { events, intent } = createThenCancel();
    at(events, 0).data.object['status'] = 'canceled';
    expect(issuesOf(validateEventSequence(events))).toEqual([['type_status_mismatch', at(events, 0).id, intent]]);
  });

  it('flags a setup_failed event whose snapshot is not back in requires_payment_method', () => {
    const { events, intent } = declineThenCancel();
    const failedEvent = ofType(events, 'setup_intent.setup_failed');
    failedEvent.data.object['status'] = 'requires_confirmation';
    expect(issuesOf(validateEventSequence(events))).toEqual([['type_status_mismatch', failedEvent.id, intent]]);
  });
});

describe('missing_next_action', () => {
  it('flags a requires_action event without next_action', () => {
    const { events, intent } = threeDSecureSetup('succeeded');
    const requiresAction = ofType(events, 'setup_intent.requires_action');
    expect(requiresAction.data.object['next_action']).not.toBeNull();
    requiresAction.data.object['next_action'] = null;
    const report = validateEventSequence(events);
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([['missing_next_action', requiresAction.id, intent]]);
  });
});

describe('missing_last_setup_error', () => {
  it('flags a setup_failed event without last_setup_error', () => {
    const { events, intent } = declineThenCancel();
    const failedEvent = ofType(events, 'setup_intent.setup_failed');
    expect(failedEvent.data.object['last_setup_error']).not.toBeNull();
    delete failedEvent.data.object['last_setup_error'];
    const report = validateEventSequence(events);
    expect(issuesOf(report)).toEqual([['missing_last_setup_error', failedEvent.id, intent]]);
  });
});

describe('invalid_cancellation_reason', () => {
  it('flags a reason Stripe does not have, and accepts a null one', () => {
    const { events, intent } = declineThenCancel();
    const canceled = ofType(events, 'setup_intent.canceled');
    expect(canceled.data.object['cancellation_reason']).toBe('abandoned');
    canceled.data.object['cancellation_reason'] = 'changed_my_mind';
    const report = validateEventSequence(events);
    expect(issuesOf(report)).toEqual([['invalid_cancellation_reason', canceled.id, intent]]);
    expect(report.issues[0]?.message).toContain('"changed_my_mind"');

    canceled.data.object['cancellation_reason'] = null;
    expect(validateEventSequence(events).valid).toBe(true);
  });
});

describe('impossible_transition', () => {
  /**
   * Between events, silent steps may lead anywhere from requires_payment_method,
   * requires_confirmation and requires_action, so only a snapshot showing `processing` (a
   * `created` rendered after an immediate confirmation) limits what comes next: a processing
   * SetupIntent can only succeed or fail, and cannot be canceled or ask for an action.
   */
  function processingCreateThen(type: 'setup_intent.canceled' | 'setup_intent.requires_action'): { readonly log: LogEvent[]; readonly culprit: string; readonly intent: string } {
    const { events, intent } = achProcessingFails();
    const created = at(events, 0);
    created.data.object['status'] = 'processing';
    const next = structuredClone(at(events, 1));
    next.id = `evt_${type}`;
    next.type = type;
    next.data.object['last_setup_error'] = null;
    if (type === 'setup_intent.canceled') {
      next.data.object['status'] = 'canceled';
      next.data.object['cancellation_reason'] = 'abandoned';
    } else {
      next.data.object['status'] = 'requires_action';
      next.data.object['next_action'] = { type: 'redirect_to_url', redirect_to_url: { return_url: 'https://shop.example', url: 'https://hooks.example' } };
    }
    return { log: [created, next], culprit: next.id, intent };
  }

  it('accepts a created showing processing followed by its failure (with a note)', () => {
    const { events, intent } = achProcessingFails();
    at(events, 0).data.object['status'] = 'processing';
    const report = validateEventSequence(events);
    expect(report.valid).toBe(true);
    expect(report.notes.map((note) => [note.code, note.event_id, note.setup_intent])).toEqual([['created_after_confirmation', at(events, 0).id, intent]]);
  });

  it.each(['setup_intent.canceled', 'setup_intent.requires_action'] as const)('flags %s right after a created showing processing', (type) => {
    const { log, culprit, intent } = processingCreateThen(type);
    const report = validateEventSequence(log);
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([['impossible_transition', culprit, intent]]);
    expect(report.issues[0]?.message).toContain('cannot follow status processing');
    expect(report.stats.setup_intents_with_issues).toBe(1);
  });

  it('still accepts requires_action followed by another requires_action (a confirmation again)', () => {
    const { events } = threeDSecureSetup('succeeded');
    const requiresAction = ofType(events, 'setup_intent.requires_action');
    const again: LogEvent = { ...structuredClone(requiresAction), id: 'evt_again', created: T0 + 5 };
    const report = validateEventSequence([...events, again]);
    expect(report.valid).toBe(true);
    expect(report.issues).toEqual([]);
    expect(report.stats.unique_events).toBe(5);
  });
});

describe('event_after_final', () => {
  it('flags a setup_failed whose created lies after the cancellation', () => {
    const { events, intent } = declineThenCancel();
    const failedEvent = ofType(events, 'setup_intent.setup_failed');
    failedEvent.created = ofType(events, 'setup_intent.canceled').created + 1;
    const report = validateEventSequence(events);
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([['event_after_final', failedEvent.id, intent]]);
    expect(report.issues[0]?.message).toContain('was canceled');
  });

  it('flags a requires_action after a success, saying it succeeded', () => {
    const { events, intent } = threeDSecureSetup('succeeded');
    const requiresAction = ofType(events, 'setup_intent.requires_action');
    requiresAction.created = ofType(events, 'setup_intent.succeeded').created + 60;
    const report = validateEventSequence(events);
    expect(issuesOf(report)).toEqual([['event_after_final', requiresAction.id, intent]]);
    expect(report.issues[0]?.message).toContain('succeeded');
  });
});

describe('immutable_field_changed', () => {
  it.each([
    ['client_secret', (value: unknown) => `${String(value)}x`],
    ['livemode', (value: unknown) => value !== true],
    ['created', (value: unknown) => Number(value) + 1],
  ] as const)('flags a later snapshot whose %s differs from the first', (field, change) => {
    const { events, intent } = threeDSecureSetup('succeeded');
    const succeeded = ofType(events, 'setup_intent.succeeded');
    succeeded.data.object[field] = change(succeeded.data.object[field]);
    const report = validateEventSequence(events);
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([['immutable_field_changed', succeeded.id, intent]]);
    expect(report.issues[0]?.message).toContain(`${field} changed`);
  });
});

describe('conflicting_duplicate', () => {
  it('flags a second delivery of an event id with another status, and judges the first', () => {
    const { events, intent } = createThenCancel();
    const created = at(events, 0);
    const conflicting: LogEvent = structuredClone(created);
    conflicting.data.object['status'] = 'requires_confirmation';
    const report = validateEventSequence([...events, conflicting]);
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([['conflicting_duplicate', created.id, intent]]);
    expect(report.stats).toMatchObject({ events: 3, unique_events: 2, duplicates: 1, setup_intents: 1, setup_intents_with_issues: 1 });
    expect(report.notes).toEqual([]);
  });

  it('flags a second delivery with another created', () => {
    const { events, intent } = cardSetup();
    const succeeded = ofType(events, 'setup_intent.succeeded');
    const report = validateEventSequence([...events, { ...structuredClone(succeeded), created: succeeded.created + 1 }]);
    expect(issuesOf(report)).toEqual([['conflicting_duplicate', succeeded.id, intent]]);
  });
});

describe('created_not_first', () => {
  it('flags a second created event between a failure and the cancellation', () => {
    const { events, intent } = declineThenCancel();
    const again: LogEvent = { ...structuredClone(at(events, 0)), id: 'evt_created_again', created: T0 + 4 };
    const report = validateEventSequence([...events, again]);
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([['created_not_first', 'evt_created_again', intent]]);
    expect(report.timelines[intent]?.map((entry) => entry.event_id)).toEqual([at(events, 0).id, at(events, 1).id, 'evt_created_again', at(events, 2).id]);
  });
});

describe('type_object_mismatch', () => {
  it('flags a payment_method.attached whose payment method has no customer', () => {
    const { events } = cardSetup();
    const attached = ofType(events, 'payment_method.attached');
    expect(typeof attached.data.object['customer']).toBe('string');
    attached.data.object['customer'] = null;
    const report = validateEventSequence(events);
    expect(report.valid).toBe(false);
    expect(issuesOf(report)).toEqual([['type_object_mismatch', attached.id, null]]);
    expect(report.stats.setup_intents_with_issues).toBe(0);
  });

  it('flags a setup_intent event carrying a payment method', () => {
    const { events } = cardSetup();
    const attached = ofType(events, 'payment_method.attached');
    const wrong: LogEvent = { ...structuredClone(attached), id: 'evt_wrong_object', type: 'setup_intent.succeeded' };
    const report = validateEventSequence([...events, wrong]);
    expect(issuesOf(report)).toEqual([['type_object_mismatch', 'evt_wrong_object', null]]);
  });

  it('checks mandate.updated for a mandate', () => {
    const { events } = createThenCancel();
    const mandate = { id: 'evt_mandate', object: 'event', type: 'mandate.updated', created: T0 + 1, data: { object: { id: 'mandate_1', object: 'mandate', status: 'active' } } };
    const notMandate = { ...mandate, id: 'evt_not_mandate', data: { object: at(events, 0).data.object } };
    const report = validateEventSequence([...events, mandate, notMandate]);
    expect(issuesOf(report)).toEqual([['type_object_mismatch', 'evt_not_mandate', null]]);
    expect(report.stats.unchecked_events).toBe(0);
  });
});

describe('events removed from a history', () => {
  it('keep it valid where silent steps can bridge the gap (requires_action dropped before a setup_failed)', () => {
    const { events } = threeDSecureSetup('failed');
    const report = validateEventSequence(withoutEvent(events, ofType(events, 'setup_intent.requires_action').id));
    expect(report.valid).toBe(true);
    expect(report.notes).toEqual([]);
  });
});
