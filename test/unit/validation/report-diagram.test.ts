// The report as Mermaid: a SetupIntent's timeline as judged, drawn as a state diagram (shape) and a
// sequence diagram (order and messages), with the blamed events marked and every label escaped.
import { describe, expect, it } from 'vitest';
import {
  reportToMermaid,
  SetupIntentMachineError,
  timelineToMermaid,
  timelineToMermaidSequence,
  validateEventSequence,
  validateEventStream,
} from '../../../src/index.js';
import type { LogEvent } from './fixtures.js';
import { T0, achProcessingFails, at, cardSetup, createThenCancel, declineThenCancel, ofType, shifted, streamOf, threeDSecureSetup } from './fixtures.js';

/** Mermaid's `#code;` entities decoded, as Mermaid does when it renders. */
function decoded(text: string): string {
  return text
    .replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/#quot;/g, '"');
}

/**
 * The events with the first two swapped: both are of the first second, so the judgement puts them
 * back and notes it, and a report keeps the timeline of a history that is otherwise clean.
 */
function reorderedWithinSecond(events: readonly LogEvent[]): LogEvent[] {
  const [first, second, ...rest] = events;
  if (first === undefined || second === undefined || first.created !== second.created) {
    throw new Error('the first two events must share a second');
  }
  return [second, first, ...rest];
}

/** An ACH setup whose `created` shows `processing`, then a cancellation (impossible from processing), then the failure (after a final status). */
function impossibleAfterProcessing(): { readonly log: LogEvent[]; readonly intent: string; readonly created: LogEvent; readonly canceled: LogEvent; readonly failed: LogEvent } {
  const { events, intent } = achProcessingFails();
  const created = ofType(events, 'setup_intent.created');
  created.data.object['status'] = 'processing';
  const failed = ofType(events, 'setup_intent.setup_failed');
  const canceled: LogEvent = structuredClone(failed);
  canceled.id = 'evt_canceled_while_processing';
  canceled.type = 'setup_intent.canceled';
  canceled.created = T0 + 50;
  canceled.data.object['status'] = 'canceled';
  canceled.data.object['cancellation_reason'] = 'abandoned';
  canceled.data.object['last_setup_error'] = null;
  return { log: [...events, canceled], intent, created, canceled, failed };
}

describe('timelineToMermaid', () => {
  it('draws a valid 3D Secure history from [*] through requires_action to succeeded and [*], nothing marked', () => {
    const { events, intent } = threeDSecureSetup('succeeded');
    const succeeded = ofType(events, 'setup_intent.succeeded');
    const report = validateEventSequence([...reorderedWithinSecond(events), structuredClone(succeeded)]);
    expect(report.valid).toBe(true);
    expect(report.notes.map((note) => note.code)).toEqual(['duplicate_delivery', 'reordered_within_second']);
    expect(timelineToMermaid(report, intent)).toBe(
      [
        'stateDiagram-v2',
        `  %% ${intent}: its events in the order judged`,
        '  classDef bad fill:#fde2e2,stroke:#c62828,stroke-width:2px,color:#7f0000',
        `  [*] --> requires_payment_method : setup_intent.created (${ofType(events, 'setup_intent.created').id})`,
        `  requires_payment_method --> requires_action : setup_intent.requires_action (${ofType(events, 'setup_intent.requires_action').id})`,
        `  requires_action --> succeeded : setup_intent.succeeded (${succeeded.id}) delivered 2 times`,
        '  succeeded --> [*]',
        '',
      ].join('\n'),
    );
  });

  it('marks an impossible transition and an event after the final status, and counts a duplicate delivery', () => {
    const { log, intent, created, canceled, failed } = impossibleAfterProcessing();
    const report = validateEventSequence([...log, structuredClone(created)]);
    expect(report.issues.map((issue) => [issue.code, issue.event_id])).toEqual([
      ['impossible_transition', canceled.id],
      ['event_after_final', failed.id],
    ]);
    expect(timelineToMermaid(report, intent).split('\n')).toEqual([
      'stateDiagram-v2',
      `  %% ${intent}: its events in the order judged`,
      '  classDef bad fill:#fde2e2,stroke:#c62828,stroke-width:2px,color:#7f0000',
      `  [*] --> processing : setup_intent.created (${created.id}) delivered 2 times`,
      `  processing --> canceled : setup_intent.canceled (${canceled.id}) ✗ impossible_transition`,
      `  canceled --> requires_payment_method : setup_intent.setup_failed (${failed.id}) ✗ event_after_final`,
      '  class canceled,requires_payment_method bad',
      '',
    ]);
  });

  it('ends at [*] after canceled, and marks a failure that cannot follow the final status', () => {
    const { events, intent } = declineThenCancel();
    const [created, failed, canceled] = [at(events, 0), at(events, 1), at(events, 2)];
    const clean = validateEventSequence([...reorderedWithinSecond([created, { ...structuredClone(failed), created: created.created }]), canceled, structuredClone(canceled)]);
    expect(clean.valid).toBe(true);
    expect(timelineToMermaid(clean, intent).split('\n').slice(3)).toEqual([
      `  [*] --> requires_payment_method : setup_intent.created (${created.id})`,
      `  requires_payment_method --> requires_payment_method : setup_intent.setup_failed (${failed.id})`,
      `  requires_payment_method --> canceled : setup_intent.canceled (${canceled.id}) delivered 2 times`,
      '  canceled --> [*]',
      '',
    ]);
    failed.created = canceled.created + 1;
    const late = validateEventSequence(events);
    const lines = timelineToMermaid(late, intent).split('\n');
    expect(lines).toContain(`  canceled --> requires_payment_method : setup_intent.setup_failed (${failed.id}) ✗ event_after_final`);
    // The last status seen is not final, so the history does not end at [*].
    expect(lines.some((line) => line.endsWith('--> [*]'))).toBe(false);
    expect(lines).toContain('  class requires_payment_method bad');
  });

  it('does not end at [*] while the SetupIntent waits in a status that is not final', () => {
    const { events, intent } = createThenCancel();
    const created = at(events, 0);
    // A created event that is not the first makes an issue, so the timeline is kept.
    const again: LogEvent = { ...structuredClone(created), id: 'evt_created_again', created: T0 + 1 };
    const report = validateEventSequence([created, again]);
    expect(timelineToMermaid(report, intent).split('\n').slice(3)).toEqual([
      `  [*] --> requires_payment_method : setup_intent.created (${created.id})`,
      '  requires_payment_method --> requires_payment_method : setup_intent.created (evt_created_again) ✗ created_not_first',
      '  class requires_payment_method bad',
      '',
    ]);
  });

  it('marks the event of a conflicting duplicate, found on arrival before the judgement', () => {
    const { log, intent, created } = impossibleAfterProcessing();
    const report = validateEventSequence([...log, { ...structuredClone(created), created: created.created + 1 }]);
    expect(report.issues.map((issue) => issue.code)).toContain('conflicting_duplicate');
    expect(timelineToMermaid(report, intent)).toContain(`  [*] --> processing : setup_intent.created (${created.id}) ✗ conflicting_duplicate\n`);
    expect(timelineToMermaid(report, intent)).toContain('  class processing,canceled,requires_payment_method bad\n');
  });

  it('escapes statuses and labels: no Mermaid syntax survives, and decoding gives the text back', () => {
    const { events, intent } = createThenCancel();
    const created = at(events, 0);
    const canceled = at(events, 1);
    const strangeStatus = 'weird "status": [x]; {y} <z> #1 & `q`';
    const strangeId = 'evt_a:b;c"d[e]f{g}h<i>j#k|l\nm';
    created.data.object['status'] = strangeStatus;
    canceled.id = strangeId;
    const report = validateEventSequence([created, canceled]);
    const text = timelineToMermaid(report, intent);
    const lines = text.split('\n');
    expect(lines).toContain(`  state "${'weird #34;status#34;#58; #91;x#93;#59; #123;y#125; #60;z#62; #35;1 #38; #96;q#96;'}" as status_1`);
    const transitions = lines.filter((line) => line.includes(' --> '));
    expect(transitions).toHaveLength(3);
    for (const line of transitions.slice(0, 2)) {
      const label = line.slice(line.indexOf(' : ') + 3);
      // Outside entities, a label holds nothing Mermaid reads as syntax.
      expect(label.replace(/#\d+;/g, '')).not.toMatch(/[:;#"[\]{}<>&`|\n]/);
    }
    expect(decoded(transitions[1] ?? '')).toBe(`  status_1 --> canceled : setup_intent.canceled (${strangeId.replace('\n', ' ')})`);
    expect(decoded(lines.find((line) => line.startsWith('  state ')) ?? '')).toBe(`  state "${strangeStatus}" as status_1`);
    expect(transitions[2]).toBe('  canceled --> [*]');
  });

  it('puts an issue that names no event of the timeline on the last state', async () => {
    const first = threeDSecureSetup('succeeded', 21);
    const late: LogEvent = { ...structuredClone(ofType(first.events, 'setup_intent.requires_action')), id: 'evt_late', created: T0 + 5 };
    // Judged and released once the second SetupIntent's events move time on; the late event comes after.
    const log = [...reorderedWithinSecond(first.events), ...shifted(createThenCancel(22).events, 10_000), late];
    const report = await validateEventStream(streamOf(log), { reorderWindowSeconds: 60 });
    const issue = report.issues.find((finding) => finding.event_id === late.id);
    expect(issue?.code).toBe('event_after_final');
    const lines = timelineToMermaid(report, first.intent).split('\n');
    expect(lines.slice(-5)).toEqual([
      '  succeeded --> [*]',
      '  note right of succeeded',
      `    ✗ event_after_final at evt_late#58; ${(issue?.message ?? '').replace(/;/g, '#59;').replace(/:/g, '#58;')}`,
      '  end note',
      '',
    ]);
  });

  it('throws a SetupIntentMachineError for a SetupIntent the report keeps no timeline of', () => {
    const { events, intent } = cardSetup();
    const report = validateEventSequence(events);
    expect(report.timelines).toEqual({});
    expect(() => timelineToMermaid(report, intent)).toThrow(SetupIntentMachineError);
    expect(() => timelineToMermaidSequence(report, intent)).toThrow(/keeps one only for SetupIntents with issues or notes/);
  });
});

describe('timelineToMermaidSequence', () => {
  it('draws one numbered arrow per event between statuses, crossed where blamed, with the findings as notes', () => {
    const { log, intent, created, canceled, failed } = impossibleAfterProcessing();
    const report = validateEventSequence([...log, structuredClone(created)]);
    const [impossible, afterFinal] = report.issues;
    const escape = (text: string): string => text.replace(/[:;]/g, (char) => `#${char.charCodeAt(0)};`);
    expect(timelineToMermaidSequence(report, intent).split('\n')).toEqual([
      'sequenceDiagram',
      `  title ${intent}, seconds after created ${T0}`,
      '  autonumber',
      '  participant start',
      '  participant processing',
      '  participant canceled',
      '  participant requires_payment_method',
      `  start->>processing: +0s setup_intent.created (${created.id}) delivered 2 times`,
      `  Note over processing: created_after_confirmation at ${created.id}#58; setup_intent.created already shows status processing (created with confirm=true).`,
      `  processing-xcanceled: +50s setup_intent.canceled (${canceled.id}) ✗ impossible_transition`,
      `  Note over processing,canceled: ✗ impossible_transition at ${canceled.id}#58; ${escape(impossible?.message ?? '')}`,
      `  canceled-xrequires_payment_method: +100s setup_intent.setup_failed (${failed.id}) ✗ event_after_final`,
      `  Note over canceled,requires_payment_method: ✗ event_after_final at ${failed.id}#58; ${escape(afterFinal?.message ?? '')}`,
      '',
    ]);
  });

  it('closes with the findings that name no event, such as events reordered within a second', () => {
    const { events, intent } = declineThenCancel();
    const [created, failed, canceled] = [at(events, 0), at(events, 1), at(events, 2)];
    failed.created = created.created;
    const report = validateEventSequence([failed, created, canceled]);
    expect(report.notes.map((note) => note.code)).toEqual(['reordered_within_second']);
    const lines = timelineToMermaidSequence(report, intent).split('\n');
    expect(lines.at(-2)).toBe('  Note over start,canceled: reordered_within_second#58; Events of the same second were judged in the order that makes a legal path.');
    expect(lines.filter((line) => line.includes('->>'))).toHaveLength(3);
  });
});

describe('reportToMermaid', () => {
  it('renders a Markdown section per SetupIntent with issues: a heading, then the state and the sequence diagram', () => {
    const broken = impossibleAfterProcessing();
    const redelivered = threeDSecureSetup('succeeded', 40);
    const report = validateEventSequence([...broken.log, ...reorderedWithinSecond(shifted(redelivered.events, 1000))]);
    expect(Object.keys(report.timelines).sort()).toEqual([broken.intent, redelivered.intent].sort());
    const markdown = reportToMermaid(report);
    expect(markdown).toBe(
      [
        `## \`${broken.intent}\``,
        '',
        '```mermaid',
        timelineToMermaid(report, broken.intent).trimEnd(),
        '```',
        '',
        '```mermaid',
        timelineToMermaidSequence(report, broken.intent).trimEnd(),
        '```',
        '',
      ].join('\n'),
    );
    const all = reportToMermaid(report, { only: 'all' });
    expect(all.match(/^## /gm)).toHaveLength(2);
    expect(all).toContain(`## \`${redelivered.intent}\`\n`);
    expect(all.match(/^```mermaid$/gm)).toHaveLength(4);
  });

  it('is empty when no SetupIntent has issues', () => {
    const { events } = cardSetup();
    expect(reportToMermaid(validateEventSequence(events))).toBe('');
    const noted = validateEventSequence(reorderedWithinSecond(threeDSecureSetup('succeeded').events));
    expect(noted.notes.map((note) => note.code)).toEqual(['reordered_within_second']);
    expect(reportToMermaid(noted)).toBe('');
    expect(reportToMermaid(noted, { only: 'all' })).toContain('```mermaid\nstateDiagram-v2\n');
  });
});
