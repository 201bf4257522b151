// Logs of events as a webhook endpoint would store them: plain JSON a test may reorder and edit.

/** An event as a log holds it. */
export interface LogEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
  [key: string]: unknown;
}

/** A deep, mutable copy of events. */
export function copyEvents(events: readonly unknown[]): LogEvent[] {
  return JSON.parse(JSON.stringify(events)) as LogEvent[];
}

/** Delivers events one at a time, as an async stream. */
export async function* streamOf(events: readonly unknown[]): AsyncGenerator<unknown> {
  for (const event of events) {
    yield event;
  }
}
