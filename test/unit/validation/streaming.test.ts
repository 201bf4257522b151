// Streaming: a SetupIntent whose final event is older than the reorder window behind the newest
// event seen is judged and released; what arrives for it afterwards is judged against that.
import { describe, expect, it } from 'vitest';
import { EventLogValidator, validateEventSequence, validateEventStream } from '../../../src/index.js';
import type { ValidationReport } from '../../../src/index.js';
import type { LogEvent } from './fixtures.js';
import { createThenCancel, ofType, shifted, streamOf, threeDSecureSetup } from './fixtures.js';

function issuesOf(report: ValidationReport): [string, string | null, string | null][] {
  return report.issues.map((issue) => [issue.code, issue.event_id, issue.setup_intent]);
}

const LATER = 10_000;

/**
 * A 3D Secure setup (final at T0+10) and, LATER seconds on, another SetupIntent created and
 * canceled: the second one's events push the first one out of a small window.
 */
function twoIntents(): { readonly first: LogEvent[]; readonly firstIntent: string; readonly second: LogEvent[]; readonly secondIntent: string } {
  const first = threeDSecureSetup('succeeded', 11);
  const second = createThenCancel(12);
  expect(second.intent).not.toBe(first.intent);
  return { first: first.events, firstIntent: first.intent, second: shifted(second.events, LATER), secondIntent: second.intent };
}

describe('validateEventStream', () => {
  it('reports a clean log as validateEventSequence does, from an async or a plain iterable', async () => {
    const { first, second } = twoIntents();
    const log = [...first, ...second];
    const whole = validateEventSequence(log);
    expect(whole.valid).toBe(true);
    expect(await validateEventStream(streamOf(log), { reorderWindowSeconds: 0 })).toEqual(whole);
    expect(await validateEventStream(log)).toEqual(whole);
  });

  it('flags an event of a released SetupIntent that arrives beyond the window, though it belongs before the final one', async () => {
    const { first, firstIntent, second } = twoIntents();
    const requiresAction = ofType(first, 'setup_intent.requires_action');
    const log = [...first.filter((event) => event !== requiresAction), ...second, requiresAction];

    // Kept to the end, the late delivery is sorted into place.
    expect(validateEventSequence(log).valid).toBe(true);
    expect((await validateEventStream(streamOf(log), { reorderWindowSeconds: LATER })).valid).toBe(true);

    // Released once the second SetupIntent's events arrive: the late one comes after the final event.
    for (const options of [{ reorderWindowSeconds: 60 }, {}]) {
      const report = await validateEventStream(streamOf(log), options);
      expect(report.valid).toBe(false);
      expect(issuesOf(report)).toEqual([['event_after_final', requiresAction.id, firstIntent]]);
      expect(report.issues[0]?.message).toContain('later than the reorder window allows');
      expect(report.stats).toMatchObject({ events: 6, unique_events: 6, duplicates: 0, setup_intents: 2, setup_intents_with_issues: 1 });
    }
  });

  it('flags a new event after the final one of a released SetupIntent without blaming the window', async () => {
    const { first, firstIntent, second } = twoIntents();
    const requiresAction: LogEvent = { ...structuredClone(ofType(first, 'setup_intent.requires_action')), id: 'evt_late_action' };
    requiresAction.created = ofType(first, 'setup_intent.succeeded').created + 5;
    const report = await validateEventStream(streamOf([...first, ...second, requiresAction]), { reorderWindowSeconds: 60 });
    expect(issuesOf(report)).toEqual([['event_after_final', 'evt_late_action', firstIntent]]);
    expect(report.issues[0]?.message).not.toContain('reorder window');
  });

  it('judges a released SetupIntent only once: its issues are not repeated at the end', async () => {
    const { first, firstIntent, second } = twoIntents();
    const requiresAction = ofType(first, 'setup_intent.requires_action');
    requiresAction.data.object['next_action'] = null;
    const report = await validateEventStream(streamOf([...first, ...second]), { reorderWindowSeconds: 60 });
    expect(issuesOf(report)).toEqual([['missing_next_action', requiresAction.id, firstIntent]]);
    expect(report.timelines[firstIntent]).toHaveLength(3);
  });

  it('keeps duplicates of a released SetupIntent notes, and conflicting ones issues', async () => {
    const { first, firstIntent, second } = twoIntents();
    const succeeded = ofType(first, 'setup_intent.succeeded');
    const again = structuredClone(succeeded);
    const conflicting = { ...structuredClone(succeeded), created: succeeded.created + 1 };

    const duplicated = await validateEventStream(streamOf([...first, ...second, again]), { reorderWindowSeconds: 60 });
    expect(duplicated.valid).toBe(true);
    expect(duplicated.notes.map((note) => [note.code, note.event_id, note.setup_intent])).toEqual([['duplicate_delivery', succeeded.id, firstIntent]]);
    expect(duplicated.stats).toMatchObject({ events: 7, unique_events: 6, duplicates: 1 });

    const conflicted = await validateEventStream(streamOf([...first, ...second, conflicting]), { reorderWindowSeconds: 60 });
    expect(issuesOf(conflicted)).toEqual([['conflicting_duplicate', succeeded.id, firstIntent]]);
  });

  it('does not release a SetupIntent before its final event is older than the window', async () => {
    const { first, second } = twoIntents();
    const requiresAction = ofType(first, 'setup_intent.requires_action');
    // The newest event is LATER seconds on; a window of exactly that much keeps the first SetupIntent open.
    const log = [...first.filter((event) => event !== requiresAction), ...second, requiresAction];
    const finalAt = ofType(first, 'setup_intent.succeeded').created;
    const newest = Math.max(...second.map((event) => event.created));
    expect((await validateEventStream(streamOf(log), { reorderWindowSeconds: newest - finalAt })).valid).toBe(true);
    expect((await validateEventStream(streamOf(log), { reorderWindowSeconds: newest - finalAt - 1 })).valid).toBe(false);
  });
});

describe('EventLogValidator', () => {
  it('can be fed one event at a time', () => {
    const { events } = createThenCancel();
    const validator = new EventLogValidator({ streaming: true, reorderWindowSeconds: 0 });
    for (const event of events) {
      validator.add(event);
    }
    const report = validator.finish();
    expect(report.valid).toBe(true);
    expect(report.stats.events).toBe(2);
  });
});
