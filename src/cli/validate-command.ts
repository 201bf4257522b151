import { formatValidationReport } from '../validation/format-report.js';
import { EventLogValidator } from '../validation/event-log-validator.js';
import { reportToMermaid, timelineToMermaid } from '../validation/report-diagram.js';
import type { ValidationReport } from '../validation/validation-report.js';
import { argumentsOrExit, describeArgumentProblem, parseCommandArguments, takeBareFlag } from './command-io.js';
import type { ArgumentProblem, CommandIo, CommandOptions } from './command-io.js';
import { EventLogReadError } from './event-log-read-error.js';
import { readEventLogBatches } from './read-event-log.js';

/** The usage text of `validate`. */
export const VALIDATE_USAGE = `Usage: setup-intent-machine validate [--json] [--strict-order] [--window SECONDS] [--diagram [SETI_ID]] FILE

Judges a log of Stripe events: whether each SetupIntent's history is possible, and which event is
not. FILE ("-" reads standard input) is a JSON array, JSON Lines, or pretty-printed JSON objects;
each value is an event or a list object, the page \`GET /v1/events\` answers (read oldest first).
\`setup-intent-machine events\` writes such a log.

  --json            print one JSON object: { valid, issues, notes, stats, timelines }; when FILE
                    cannot be read, { error: { message, line } } (line null when not about one)
  --strict-order    judge the order of arrival instead of ordering by \`created\`
  --window SECONDS  how far deliveries may lag behind the newest event (default 3600)
  --diagram [SETI_ID]
                    print Mermaid instead of the text report: with a SetupIntent id (seti_...),
                    that SetupIntent's history as judged, as a stateDiagram-v2; without, a
                    Markdown document with a state and a sequence diagram per SetupIntent with
                    issues. With --json, adds "diagrams" (SetupIntent id -> stateDiagram-v2)

Exit status: 0 when the log is consistent, 1 when any issue is found, 2 when the input cannot be
read or parsed (FILE:LINE: names where) or for bad usage.`;

/** What `--diagram` asks for: every SetupIntent with issues, or one SetupIntent. */
type DiagramRequest = { readonly kind: 'issues' } | { readonly kind: 'one'; readonly id: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The id of the object an event carries, if any. */
function objectId(event: unknown): unknown {
  const data = isRecord(event) ? event['data'] : undefined;
  const object = isRecord(data) ? data['object'] : undefined;
  return isRecord(object) ? object['id'] : undefined;
}

/** The state diagrams `--diagram` asks for, by SetupIntent id. */
function diagramsOf(report: ValidationReport, request: DiagramRequest): Record<string, string> {
  const withIssues = new Set(report.issues.map((issue) => issue.setup_intent));
  const ids = request.kind === 'one' ? [request.id] : Object.keys(report.timelines).filter((id) => withIssues.has(id));
  const diagrams: Record<string, string> = {};
  for (const id of ids) {
    if (report.timelines[id] !== undefined) diagrams[id] = timelineToMermaid(report, id);
  }
  return diagrams;
}

const OPTIONS = {
  json: { type: 'boolean' },
  'strict-order': { type: 'boolean' },
  window: { type: 'string' },
  diagram: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CommandOptions;

const WINDOW_PROBLEM = '--window needs a number of seconds';

function describeProblem(problem: ArgumentProblem): string {
  return problem.kind === 'missing-value' && problem.option === '--window' ? WINDOW_PROBLEM : describeArgumentProblem(problem);
}

interface ValidateArguments {
  readonly json: boolean;
  readonly strictOrder: boolean;
  readonly window: number | undefined;
  readonly diagram: DiagramRequest | undefined;
  readonly file: string;
}

/** Reads the arguments of `validate`; throws with a message for bad ones. */
function parseValidateArguments(args: readonly string[]): ValidateArguments | 'help' {
  // `--diagram [SETI_ID]`: only a SetupIntent id is taken as its value, never the FILE.
  const bare = takeBareFlag(args, '--diagram', (next) => next.startsWith('seti_'));
  const { values, positionals } = parseCommandArguments(bare.args, OPTIONS, true, describeProblem);
  if (values.help === true) return 'help';
  if (values.diagram === '') throw new Error('--diagram= needs a SetupIntent id');
  let window: number | undefined;
  if (values.window !== undefined) {
    window = Number(values.window);
    if (values.window.trim() === '' || !Number.isFinite(window) || window < 0) throw new Error(WINDOW_PROBLEM);
  }
  const [file, extra] = positionals;
  if (extra !== undefined) throw new Error(`unexpected argument: ${extra}`);
  if (file === undefined) throw new Error('a FILE is needed (use - for standard input)');
  const diagram: DiagramRequest | undefined =
    values.diagram !== undefined ? { kind: 'one', id: values.diagram } : bare.present ? { kind: 'issues' } : undefined;
  return { json: values.json === true, strictOrder: values['strict-order'] === true, window, diagram, file };
}

/** Runs `validate`; returns the exit status. */
export async function runValidate(args: readonly string[], io: CommandIo): Promise<number> {
  const checked = argumentsOrExit(() => parseValidateArguments(args), 'validate', VALIDATE_USAGE, io);
  if (!checked.ok) return checked.code;
  const parsed = checked.value;
  const { json, strictOrder, window, diagram, file } = parsed;
  try {
    const validator = new EventLogValidator({
      streaming: true,
      strictOrder,
      ...(window === undefined ? {} : { reorderWindowSeconds: window }),
    });
    const wanted = diagram?.kind === 'one' ? diagram.id : undefined;
    let wantedSeen = false;
    for await (const batch of readEventLogBatches(file === '-' ? (io.stdin ?? process.stdin) : file)) {
      for (const event of batch) {
        if (wanted !== undefined && !wantedSeen && objectId(event) === wanted) wantedSeen = true;
        validator.add(event);
      }
    }
    const report = validator.finish();
    if (diagram?.kind === 'one' && report.timelines[diagram.id] === undefined) {
      io.stderr(
        wantedSeen
          ? `${diagram.id}: the report keeps no timeline of it (only of SetupIntents with issues or notes when judged), so there is nothing to draw.\n`
          : `${diagram.id} is not in the log, so there is nothing to draw.\n`,
      );
    }
    if (diagram === undefined) {
      io.stdout(json ? `${JSON.stringify(report)}\n` : `${formatValidationReport(report)}\n`);
    } else if (json) {
      io.stdout(`${JSON.stringify({ ...report, diagrams: diagramsOf(report, diagram) })}\n`);
    } else if (diagram.kind === 'issues') {
      const document = reportToMermaid(report);
      io.stdout(document === '' ? 'No SetupIntent has issues: there is nothing to draw.\n' : document);
    } else if (report.timelines[diagram.id] !== undefined) {
      io.stdout(timelineToMermaid(report, diagram.id));
    }
    return report.valid ? 0 : 1;
  } catch (error) {
    if (error instanceof EventLogReadError || (error as NodeJS.ErrnoException).code !== undefined) {
      reportUnreadable(error as Error, file, json, io);
      return 2;
    }
    throw error;
  }
}

/**
 * Says why the log cannot be read: `FILE:LINE: reason` on stderr (the form editors jump to), or
 * the program and FILE when no line is at fault; with `--json`, `{ error: { message, line } }` on
 * stdout instead, so a caller parsing stdout always gets one JSON object.
 */
function reportUnreadable(error: Error, file: string, json: boolean, io: CommandIo): void {
  const reason = error instanceof EventLogReadError ? error.reason : error.message;
  const line = error instanceof EventLogReadError ? error.line : null;
  if (json) {
    io.stdout(`${JSON.stringify({ error: { message: reason, line } })}\n`);
    return;
  }
  const name = file === '-' ? '<stdin>' : file;
  io.stderr(line === null ? `setup-intent-machine validate: ${name}: ${reason}\n` : `${name}:${line}: ${reason}\n`);
}
