import type { InspectOptions } from './inspect-options.js';
import type { AppliedChange, InspectedRecord } from './intent-inspection.js';
import { createIntentInspection } from './intent-inspection.js';
import { connectWebSocketInspector } from './websocket-inspector.js';

/** Inspection of a running emulator. */
export interface EmulatorInspection {
  /** Reports a stored SetupIntent or PaymentIntent change; never throws. */
  readonly observe: AppliedChange;
  /** Registers SetupIntents and PaymentIntents that already exist; never throws. */
  readonly register: (records: Iterable<InspectedRecord>) => void;
  /** Stops the inspector the emulator created (a caller's own sink is left running). */
  readonly stop: () => void;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

/**
 * Starts inspection as `options` asks. Inspection never fails a request: the first problem
 * (the package cannot load, the inspector is unreachable, a sink throws) is logged once and
 * every later one is ignored. Resolves to `null` when the inspector cannot be created at all.
 */
export async function startInspection(options: InspectOptions, log: (message: string) => void): Promise<EmulatorInspection | null> {
  let reported = false;
  const reportOnce = (what: string) => (error: unknown): void => {
    if (!reported) {
      reported = true;
      log(`Inspection: ${what} (${describe(error)}); requests are not affected, and later inspection problems are not logged.`);
    }
  };
  if ('inspector' in options) {
    const inspection = createIntentInspection(options.inspector, reportOnce('the inspector failed'));
    return { ...inspection, stop: () => undefined };
  }
  try {
    const sink = await connectWebSocketInspector(options.url, reportOnce(`cannot reach ${options.url}, retrying in the background`));
    const inspection = createIntentInspection(sink, reportOnce('the inspector failed'));
    return { ...inspection, stop: () => sink.stop() };
  } catch (error) {
    reportOnce(`cannot start a WebSocket inspector for ${options.url}`)(error);
    return null;
  }
}
