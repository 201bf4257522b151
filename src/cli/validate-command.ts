import { formatValidationReport } from '../validation/format-report.js';
import { EventLogValidator } from '../validation/event-log-validator.js';
import { reportToMermaid, timelineToMermaid } from '../validation/report-diagram.js';
import type { ValidationReport } from '../validation/validation-report.js';
import type { CommandIo } from './command-io.js';
import { EventLogReadError, readEventLogBatches } from './read-event-log.js';


/** The usage text of `validate`. */
export const VALIDATE_USAGE = `Usage: setup-intent-machine validate [--json] [--strict-order] [--window SECONDS] [--diagram [SETI_ID]] FILE

Judges a log of Stripe events (a JSON array, or JSON Lines with one event per line; FILE "-" reads
standard input): whether each SetupIntent's history is possible, and which event is not.

  --json            print one JSON object: { valid, issues, notes, stats, timelines }
  --strict-order    judge the order of arrival instead of ordering by \`created\`
  --window SECONDS  how far deliveries may lag behind the newest event (default 3600)
  --diagram [SETI_ID]
                    print Mermaid instead of the text report: with a SetupIntent id (seti_...),
                    that SetupIntent's history as judged, as a stateDiagram-v2; without, a
                    Markdown document with a state and a sequence diagram per SetupIntent with
                    issues. With --json, adds "diagrams" (SetupIntent id -> stateDiagram-v2)

Exit status: 0 when the log is consistent, 1 when any issue is found, 2 when the input cannot be
read or parsed.`;

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

/** Runs `validate`; returns the exit status. */
export async function runValidate(args: readonly string[], io: CommandIo): Promise<number> {
  let json = false;
  let strictOrder = false;
  let window: number | undefined;
  let diagram: DiagramRequest | undefined;
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--strict-order') strictOrder = true;
    else if (arg === '--diagram') {
      // The id is optional, so only a SetupIntent id is taken for it, never the FILE.
      const next = args[i + 1];
      diagram = next?.startsWith('seti_') === true ? { kind: 'one', id: args[++i] as string } : { kind: 'issues' };
    } else if (arg?.startsWith('--diagram=') === true) {
      const id = arg.slice('--diagram='.length);
      if (id === '') {
        io.stderr(`--diagram= needs a SetupIntent id\n\n${VALIDATE_USAGE}\n`);
        return 2;
      }
      diagram = { kind: 'one', id };
    } else if (arg === '--window') {
      window = Number(args[++i]);
      if (!Number.isFinite(window) || window < 0) {
        io.stderr(`--window needs a number of seconds\n\n${VALIDATE_USAGE}\n`);
        return 2;
      }
    } else if (arg === '--help' || arg === '-h') {
      io.stdout(`${VALIDATE_USAGE}\n`);
      return 0;
    } else if (arg !== undefined && (arg === '-' || !arg.startsWith('-')) && file === undefined) file = arg;
    else {
      io.stderr(`unexpected argument: ${String(arg)}\n\n${VALIDATE_USAGE}\n`);
      return 2;
    }
  }
  if (file === undefined) {
    io.stderr(`a FILE is needed (use - for standard input)\n\n${VALIDATE_USAGE}\n`);
    return 2;
  }
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
      io.stderr(`setup-intent-machine validate: ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}
