// The report: notes are capped per code, and the text rendering names every finding.
import { describe, expect, it } from 'vitest';
import { formatValidationReport, validateEventSequence, validateEventStream } from '../../../src/index.js';
import type { LogEvent } from './fixtures.js';
import { T0, at, cardSetup, createThenCancel, declineThenCancel, ofType, shifted, streamOf, threeDSecureSetup } from './fixtures.js';

describe('notes', () => {
  it('are listed up to a thousand per code; the rest are counted in notes_omitted', () => {
    const { events, intent } = cardSetup();
    const succeeded = ofType(events, 'setup_intent.succeeded');
    const redeliveries = Array.from({ length: 1200 }, () => structuredClone(succeeded));
    const other = (type: string): LogEvent => ({ id: `evt_${type}`, object: 'event', type, created: T0, data: { object: { object: 'thing' } } });
    const report = validateEventSequence([...events, ...redeliveries, other('customer.created'), other('invoice.paid')]);
    expect(report.valid).toBe(true);
    expect(report.notes.filter((note) => note.code === 'duplicate_delivery')).toHaveLength(1000);
    // Another code is still listed after the first one reached its cap.
    expect(report.notes.filter((note) => note.code === 'event_type_not_checked').map((note) => note.event_id)).toEqual(['evt_customer.created', 'evt_invoice.paid']);
    expect(report.notes).toHaveLength(1002);
    expect(report.stats).toMatchObject({ events: 1205, unique_events: 5, duplicates: 1200, notes_omitted: 200, unchecked_events: 2 });
    expect(report.notes.every((note) => note.code !== 'duplicate_delivery' || (note.event_id === succeeded.id && note.setup_intent === intent))).toBe(true);
  });

  it('omit nothing below the cap', () => {
    const { events } = cardSetup();
    const succeeded = ofType(events, 'setup_intent.succeeded');
    const report = validateEventSequence([...events, ...Array.from({ length: 1000 }, () => structuredClone(succeeded))]);
    expect(report.notes).toHaveLength(1000);
    expect(report.stats.notes_omitted).toBe(0);
  });
});

describe('formatValidationReport', () => {
  it('renders a valid log as a verdict and the counts', () => {
    const { events } = cardSetup();
    const text = formatValidationReport(validateEventSequence(events));
    expect(text.split('\n')).toEqual([
      'VALID: every SetupIntent history in the log is possible.',
      '3 event(s), 3 distinct, 0 duplicate deliveries, 1 SetupIntent(s), 0 event(s) of unchecked types.',
    ]);
  });

  it('renders the timeline of a SetupIntent with issues, marking the culprit and listing its issues and notes', () => {
    const { events, intent } = declineThenCancel();
    const [created, failedEvent, canceled] = [at(events, 0), at(events, 1), at(events, 2)];
    failedEvent.created = canceled.created + 1;
    const report = validateEventSequence([...events, structuredClone(canceled)]);
    const lines = formatValidationReport(report).split('\n');
    expect(lines[0]).toBe('INVALID: 1 issue(s) in 1 SetupIntent(s).');
    expect(lines[1]).toBe('4 event(s), 3 distinct, 1 duplicate deliveries, 1 SetupIntent(s), 0 event(s) of unchecked types.');
    expect(lines[2]).toBe('');
    expect(lines[3]).toBe(`${intent}:`);
    expect(lines[4]).toMatch(new RegExp(`^ {4}${new Date(created.created * 1000).toISOString()} {2}setup_intent\\.created +requires_payment_method +${created.id}$`));
    expect(lines[5]).toMatch(new RegExp(`^ {4}.*setup_intent\\.canceled +canceled +${canceled.id}$`));
    expect(lines[6]).toMatch(new RegExp(`^ {2}✗ ${new Date(failedEvent.created * 1000).toISOString()} {2}setup_intent\\.setup_failed +requires_payment_method +${failedEvent.id}$`));
    expect(lines[7]).toBe(`    issue event_after_final at ${failedEvent.id}: ${report.issues[0]?.message ?? ''}`);
    expect(lines[8]).toBe(`    note duplicate_delivery: ${canceled.id} was delivered more than once.`);
    expect(lines).toHaveLength(9);
  });

  it('lists issues of events not tied to a SetupIntent, and notes not tied to a timeline', () => {
    const { events } = createThenCancel();
    const text = formatValidationReport(validateEventSequence([...events, { id: 'evt_broken' }, { id: 'evt_c', type: 'customer.created', created: T0, data: { object: {} } }]));
    expect(text).toContain('\nEvents not tied to a SetupIntent:\n  ✗ malformed_event (evt_broken): Event 3 is not a Stripe event');
    expect(text).toContain('\nNotes:\n  event_type_not_checked: Events of type customer.created are passed over.');
    expect(text.startsWith('INVALID: 1 issue(s) in 0 SetupIntent(s).')).toBe(true);
  });

  it('renders the empty-log note', () => {
    expect(formatValidationReport(validateEventSequence([]))).toBe(
      [
        'VALID: every SetupIntent history in the log is possible.',
        '0 event(s), 0 distinct, 0 duplicate deliveries, 0 SetupIntent(s), 0 event(s) of unchecked types.',
        '',
        'Notes:',
        '  empty_log: The log holds no event.',
      ].join('\n'),
    );
  });

  it('names the culprit of a conflicting duplicate in a history that is otherwise clean', () => {
    const { events, intent } = createThenCancel();
    const conflicting = { ...structuredClone(at(events, 1)), created: at(events, 1).created + 1 };
    const report = validateEventSequence([...events, conflicting]);
    expect(report.timelines[intent]).toBeUndefined();
    const text = formatValidationReport(report);
    expect(text).toContain(`  ✗ conflicting_duplicate at ${conflicting.id} (${intent}): ${conflicting.id} was delivered twice with different contents.`);
  });

  it('names a late event of a SetupIntent released clean', async () => {
    const first = threeDSecureSetup('succeeded', 21);
    const second = createThenCancel(22);
    const requiresAction = ofType(first.events, 'setup_intent.requires_action');
    const log = [...first.events.filter((event) => event !== requiresAction), ...shifted(second.events, 10_000), requiresAction];
    const report = await validateEventStream(streamOf(log), { reorderWindowSeconds: 60 });
    expect(report.valid).toBe(false);
    const text = formatValidationReport(report);
    expect(text).toContain(`✗ event_after_final at ${requiresAction.id} (${first.intent}): `);
  });
});
