import { formatValidationReport } from '../validation/format-report.js';
import { EventLogValidator } from '../validation/event-log-validator.js';
import { EventLogReadError, readEventLogBatches } from './read-event-log.js';

/** What a command writes and the exit status it ends with. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const VALIDATE_USAGE = `Usage: setup-intent-machine validate [--json] [--strict-order] [--window SECONDS] FILE

Judges a log of Stripe events (a JSON array, or JSON Lines with one event per line; FILE "-" reads
standard input): whether each SetupIntent's history is possible, and which event is not.

  --json            print one JSON object: { valid, issues, notes, stats, timelines }
  --strict-order    judge the order of arrival instead of ordering by \`created\`
  --window SECONDS  how far deliveries may lag behind the newest event (default 3600)

Exit status: 0 when the log is consistent, 1 when any issue is found, 2 when the input cannot be
read or parsed.`;

/** Runs `validate`; returns the exit status. */
export async function runValidate(args: readonly string[], io: CommandIo): Promise<number> {
  let json = false;
  let strictOrder = false;
  let window: number | undefined;
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--strict-order') strictOrder = true;
    else if (arg === '--window') {
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
    for await (const batch of readEventLogBatches(file)) {
      for (const event of batch) validator.add(event);
    }
    const report = validator.finish();
    io.stdout(json ? `${JSON.stringify(report)}\n` : `${formatValidationReport(report)}\n`);
    return report.valid ? 0 : 1;
  } catch (error) {
    if (error instanceof EventLogReadError || (error as NodeJS.ErrnoException).code !== undefined) {
      io.stderr(`setup-intent-machine validate: ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}
