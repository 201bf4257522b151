import { SetupIntentMachineError } from '../core/misuse-error.js';
import { FINAL_STATUSES } from '../machine/step.js';
import { SETUP_INTENT_STATUSES } from '../types/setup-intent.js';
import type { EventFinding, EventIssueCode, EventNoteCode, TimelineEntry, ValidationReport } from './validation-report.js';

/** Which SetupIntents {@link reportToMermaid} draws. */
export interface ReportDiagramOptions {
  /**
   * `'issues'` (the default): the SetupIntents with at least one issue. `'all'`: every timeline
   * the report holds, which also covers SetupIntents whose judgement found notes only (a history
   * that starts mid-way, events reordered within a second). The report keeps no timeline of a
   * SetupIntent judged without findings.
   */
  readonly only?: 'issues' | 'all';
}

/** A SetupIntent's timeline with its findings placed on its events. */
interface Drawing {
  readonly id: string;
  readonly timeline: readonly TimelineEntry[];
  /** Node ids by status, in order of first appearance. */
  readonly nodes: ReadonlyMap<string, string>;
  /** Distinct issue codes by event id. */
  readonly blamed: ReadonlyMap<string, readonly EventIssueCode[]>;
  /** The report's issues by event id, for their messages. */
  readonly issuesAt: ReadonlyMap<string, readonly EventFinding<EventIssueCode>[]>;
  /** Notes by event id, repeated deliveries apart. */
  readonly notesAt: ReadonlyMap<string, readonly EventFinding<EventNoteCode>[]>;
  /** How many times each redelivered event arrived. */
  readonly deliveries: ReadonlyMap<string, number>;
  /** Issues of the SetupIntent that name no event of its timeline (a late event after its release). */
  readonly unplacedIssues: readonly EventFinding<EventIssueCode>[];
  /** Notes of the SetupIntent that name no event of its timeline (events reordered within a second). */
  readonly unplacedNotes: readonly EventFinding<EventNoteCode>[];
}

const KNOWN_STATUSES: ReadonlySet<string> = new Set(SETUP_INTENT_STATUSES);
const FINAL: ReadonlySet<string> = FINAL_STATUSES;
const BAD_STYLE = 'classDef bad fill:#fde2e2,stroke:#c62828,stroke-width:2px,color:#7f0000';
const START = 'start';

/**
 * Text for a Mermaid label. Mermaid reads `:`, `;`, `#`, quotes, brackets, braces and angle brackets
 * as syntax (or HTML), and ends a statement at a line break; its `#code;` entities stand for them
 * in any diagram, and are decoded when it renders.
 */
function escapeLabel(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[#:;"'<>&[\]{}`|\\]/g, (char) => `#${char.charCodeAt(0)};`)
    .replace(/\p{Cc}/gu, '');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function drawing(report: ValidationReport, id: string): Drawing {
  const timeline = report.timelines[id];
  if (timeline === undefined) {
    throw new SetupIntentMachineError(
      `The report holds no timeline of ${id}: it keeps one only for SetupIntents with issues or notes (see report.timelines).`,
    );
  }
  const inTimeline = new Set(timeline.map((entry) => entry.event_id));
  const nodes = new Map<string, string>();
  let unknown = 0;
  for (const entry of timeline) {
    if (nodes.has(entry.status)) continue;
    // Statuses come from the snapshots, so a corrupted one may be anything: only Stripe's own
    // names are used as node ids.
    nodes.set(entry.status, KNOWN_STATUSES.has(entry.status) ? entry.status : `status_${++unknown}`);
  }
  const blamed = new Map<string, EventIssueCode[]>();
  const issuesAt = new Map<string, EventFinding<EventIssueCode>[]>();
  const unplacedIssues: EventFinding<EventIssueCode>[] = [];
  for (const entry of timeline) {
    for (const code of entry.issues) {
      if (!blamed.get(entry.event_id)?.includes(code)) push(blamed, entry.event_id, code);
    }
  }
  for (const issue of report.issues) {
    if (issue.setup_intent !== id) continue;
    if (issue.event_id === null || !inTimeline.has(issue.event_id)) {
      unplacedIssues.push(issue);
      continue;
    }
    push(issuesAt, issue.event_id, issue);
    // A conflicting duplicate is found on arrival, before the judgement that blames events.
    if (!blamed.get(issue.event_id)?.includes(issue.code)) push(blamed, issue.event_id, issue.code);
  }
  const notesAt = new Map<string, EventFinding<EventNoteCode>[]>();
  const deliveries = new Map<string, number>();
  const unplacedNotes: EventFinding<EventNoteCode>[] = [];
  for (const note of report.notes) {
    if (note.setup_intent !== id) continue;
    if (note.event_id === null || !inTimeline.has(note.event_id)) unplacedNotes.push(note);
    else if (note.code === 'duplicate_delivery') deliveries.set(note.event_id, (deliveries.get(note.event_id) ?? 1) + 1);
    else push(notesAt, note.event_id, note);
  }
  return { id, timeline, nodes, blamed, issuesAt, notesAt, deliveries, unplacedIssues, unplacedNotes };
}

/** `type (event id)`, how often it arrived when more than once, and the issues it is blamed for. */
function eventLabel(d: Drawing, entry: TimelineEntry): string {
  const times = d.deliveries.get(entry.event_id);
  const codes = d.blamed.get(entry.event_id) ?? [];
  return [
    `${entry.type} (${entry.event_id})`,
    ...(times === undefined ? [] : [`delivered ${times} times`]),
    ...(codes.length === 0 ? [] : [`✗ ${codes.join(', ')}`]),
  ].join(' ');
}

function nodeOf(d: Drawing, status: string): string {
  return d.nodes.get(status) ?? status;
}

/** `state "label" as status_N` for each status that is not one of Stripe's. */
function declarations(d: Drawing, keyword: 'state' | 'participant'): string[] {
  const lines: string[] = [];
  for (const [status, node] of d.nodes) {
    if (node !== status) {
      lines.push(keyword === 'state' ? `  state "${escapeLabel(status)}" as ${node}` : `  participant ${node} as ${escapeLabel(status)}`);
    } else if (keyword === 'participant') {
      lines.push(`  participant ${node}`);
    }
  }
  return lines;
}

/**
 * A SetupIntent's timeline, as the validator judged it, as a Mermaid `stateDiagram-v2`: one
 * transition per event between the statuses its snapshots show, labelled `type (event id)`, from
 * `[*]` to the first status and on to `[*]` when the last status is `succeeded` or `canceled`.
 *
 * @remarks A transition blamed for an issue carries `✗` and the issue codes in its label, and its
 * target state gets the `bad` class (drawn red). An event delivered more than once says how many
 * times. Issues that name no event of the timeline (an event arriving after the SetupIntent was
 * judged and released) are a note on the last state. Labels are escaped with Mermaid's `#code;`
 * entities, and a status that is not one of Stripe's six is declared as `state "…" as status_N`.
 * The output ends with a newline.
 *
 * @param report - a report from {@link validateEventSequence}, {@link validateEventStream} or
 * {@link EventLogValidator}.
 * @param setupIntentId - a SetupIntent with a timeline in `report.timelines`.
 * @throws {@link SetupIntentMachineError} when the report holds no timeline of that SetupIntent:
 * it keeps one only for SetupIntents with issues or notes.
 * @example
 * ```ts
 * const report = validateEventSequence(events);
 * for (const id of Object.keys(report.timelines)) console.log(timelineToMermaid(report, id));
 * // stateDiagram-v2
 * //   [*] --> requires_payment_method : setup_intent.created (evt_…)
 * //   requires_payment_method --> succeeded : setup_intent.succeeded (evt_…)
 * //   succeeded --> requires_action : setup_intent.requires_action (evt_…) ✗ event_after_final
 * //   class requires_action bad
 * ```
 */
export function timelineToMermaid(report: ValidationReport, setupIntentId: string): string {
  const d = drawing(report, setupIntentId);
  const lines = ['stateDiagram-v2', `  %% ${escapeLabel(d.id)}: its events in the order judged`, `  ${BAD_STYLE}`, ...declarations(d, 'state')];
  const bad = new Set<string>();
  let from = '[*]';
  for (const entry of d.timeline) {
    const to = nodeOf(d, entry.status);
    lines.push(`  ${from} --> ${to} : ${escapeLabel(eventLabel(d, entry))}`);
    if (d.blamed.has(entry.event_id)) bad.add(to);
    from = to;
  }
  const last = d.timeline.at(-1);
  if (last !== undefined && FINAL.has(last.status)) {
    lines.push(`  ${from} --> [*]`);
  }
  if (bad.size > 0) {
    lines.push(`  class ${[...bad].join(',')} bad`);
  }
  if (last !== undefined && d.unplacedIssues.length > 0) {
    lines.push(`  note right of ${from}`, ...d.unplacedIssues.map((issue) => `    ${escapeLabel(findingText('✗ ', issue))}`), '  end note');
  }
  return `${lines.join('\n')}\n`;
}

function findingText(mark: string, finding: EventFinding<string>): string {
  return `${mark}${finding.code}${finding.event_id === null ? '' : ` at ${finding.event_id}`}: ${finding.message}`;
}

/**
 * The same timeline as a Mermaid `sequenceDiagram`, one numbered arrow per event in the order
 * judged: the statuses are the participants (in order of first appearance, after `start`), each
 * arrow goes from the status before the event to the status its snapshot shows and is labelled
 * with the seconds since the first event's `created`, the type and the event id.
 *
 * @remarks An arrow blamed for an issue ends in a cross (`-x`) and is followed by a note per issue
 * with its message; the notes of an event (a log starting mid-way, a `created` already past
 * confirmation) follow it too, and findings that name no event of the timeline close the diagram.
 * Where {@link timelineToMermaid} shows the shape of a history, this shows its order and why each
 * event was blamed. The output ends with a newline.
 *
 * @throws {@link SetupIntentMachineError} when the report holds no timeline of that SetupIntent.
 */
export function timelineToMermaidSequence(report: ValidationReport, setupIntentId: string): string {
  const d = drawing(report, setupIntentId);
  const t0 = d.timeline[0]?.created ?? 0;
  const lines = [
    'sequenceDiagram',
    `  title ${escapeLabel(`${d.id}, seconds after created ${t0}`)}`,
    '  autonumber',
    `  participant ${START}`,
    ...declarations(d, 'participant'),
  ];
  const over = (a: string, b: string): string => (a === b || a === START ? b : `${a},${b}`);
  let from = START;
  for (const entry of d.timeline) {
    const to = nodeOf(d, entry.status);
    const arrow = d.blamed.has(entry.event_id) ? '-x' : '->>';
    lines.push(`  ${from}${arrow}${to}: ${escapeLabel(`+${entry.created - t0}s ${eventLabel(d, entry)}`)}`);
    for (const issue of d.issuesAt.get(entry.event_id) ?? []) {
      lines.push(`  Note over ${over(from, to)}: ${escapeLabel(findingText('✗ ', issue))}`);
    }
    for (const note of d.notesAt.get(entry.event_id) ?? []) {
      lines.push(`  Note over ${to}: ${escapeLabel(findingText('', note))}`);
    }
    from = to;
  }
  const everyone = from === START ? START : `${START},${from}`;
  for (const issue of d.unplacedIssues) {
    lines.push(`  Note over ${everyone}: ${escapeLabel(findingText('✗ ', issue))}`);
  }
  for (const note of d.unplacedNotes) {
    lines.push(`  Note over ${everyone}: ${escapeLabel(findingText('', note))}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The SetupIntents of a report as one Markdown document: per SetupIntent a level-2 heading with
 * its id, then a ` ```mermaid ` block with its {@link timelineToMermaid} state diagram and one
 * with its {@link timelineToMermaidSequence} sequence diagram, in the order of
 * `report.timelines`.
 *
 * @remarks Markdown, because several Mermaid diagrams do not make one: GitHub, GitLab and most
 * editors render each block in place, and `mmdc` (mermaid-cli) renders every block of a `.md`
 * file. By default only SetupIntents with issues are drawn (`{ only: 'all' }` adds those with
 * notes only). Returns an empty string when there is nothing to draw.
 *
 * @example
 * ```ts
 * const report = validateEventSequence(events);
 * if (!report.valid) writeFileSync('issues.md', reportToMermaid(report));
 * ```
 */
export function reportToMermaid(report: ValidationReport, options: ReportDiagramOptions = {}): string {
  const withIssues = new Set(report.issues.map((issue) => issue.setup_intent));
  const ids = Object.keys(report.timelines).filter((id) => options.only === 'all' || withIssues.has(id));
  return ids
    .map((id) =>
      [
        `## \`${id.replace(/[`\r\n]/g, '')}\``,
        '',
        '```mermaid',
        timelineToMermaid(report, id).trimEnd(),
        '```',
        '',
        '```mermaid',
        timelineToMermaidSequence(report, id).trimEnd(),
        '```',
        '',
      ].join('\n'),
    )
    .join('\n');
}
