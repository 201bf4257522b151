// A virtual clock with timers that fire only when a test says so, so retries hours apart take no time.
import type { WebhookDeliverer } from '../../../../src/emulator/webhooks/webhook-deliverer.js';

/** Timers and a clock a test drives by hand. */
export interface ManualTimers {
  readonly setTimeout: (fn: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  readonly nowMs: () => number;
  /** How many timers wait to fire. */
  pending(): number;
  /** Fires the earliest timer (the first scheduled among equals), moving the clock to its due time. */
  fireNext(): boolean;
}

interface Timer {
  readonly due: number;
  readonly order: number;
  readonly fn: () => void;
}

/** Creates manual timers whose clock starts at `startMs`. */
export function createManualTimers(startMs: number): ManualTimers {
  let now = startMs;
  let order = 0;
  const timers = new Map<number, Timer>();
  return {
    setTimeout: (fn, ms) => {
      order += 1;
      timers.set(order, { due: now + ms, order, fn });
      return order;
    },
    clearTimeout: (handle) => {
      timers.delete(handle as number);
    },
    nowMs: () => now,
    pending: () => timers.size,
    fireNext: () => {
      let next: Timer | undefined;
      for (const timer of timers.values()) {
        if (next === undefined || timer.due < next.due || (timer.due === next.due && timer.order < next.order)) {
          next = timer;
        }
      }
      if (next === undefined) return false;
      timers.delete(next.order);
      now = Math.max(now, next.due);
      next.fn();
      return true;
    },
  };
}

/**
 * Lets I/O and promise callbacks run, firing one timer whenever a turn passes with the deliverer
 * still busy, until the deliverer is idle.
 */
export async function runUntilIdle(deliverer: WebhookDeliverer, timers: ManualTimers): Promise<void> {
  let idle = false;
  const done = deliverer.idle().then(() => {
    idle = true;
  });
  while (!idle) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!idle) timers.fireNext();
  }
  await done;
}
