/** Schedules and cancels the timeouts of waits; `setTimeout`/`clearTimeout` by default. */
export interface Timers {
  /** Calls `fn` after `ms` milliseconds; returns a handle for `clearTimeout`. */
  readonly setTimeout: (fn: () => void, ms: number) => unknown;
  /** Cancels what `setTimeout` scheduled. */
  readonly clearTimeout: (handle: unknown) => void;
}

/** Options of one wait. */
export interface WaitOptions {
  /** How long to wait before rejecting, in ms (default: the helper's `timeoutMs`). */
  readonly timeoutMs?: number;
}

/** A growing list of items: what has arrived so far, and a way to hear of what arrives next. */
export interface Feed<T> {
  readonly seen: () => readonly T[];
  readonly subscribe: (listener: (items: readonly T[]) => void) => () => void;
}

/** One wait for the first item of a feed that matches. */
export interface WaitRequest<T> {
  readonly feed: Feed<T>;
  readonly matches: (item: T) => boolean;
  readonly timeoutMs: number;
  /** The rejection message on timeout, written when it happens (so it lists everything seen). */
  readonly explain: () => string;
}

/** Waits that can all be cancelled at once, when the helper closes. */
export interface Waiters {
  readonly wait: <T>(request: WaitRequest<T>) => Promise<T>;
  readonly cancelAll: (reason: string) => void;
}

/** Creates a set of waits whose timeouts run on `timers`. */
export function createWaiters(timers: Timers): Waiters {
  const pending = new Set<(reason: string) => void>();
  return {
    wait: <T>(request: WaitRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        const already = request.feed.seen().find(request.matches);
        if (already !== undefined) {
          resolve(already);
          return;
        }
        let unsubscribe = (): void => undefined;
        let timer: unknown;
        const settle = (): void => {
          unsubscribe();
          timers.clearTimeout(timer);
          pending.delete(cancel);
        };
        const cancel = (reason: string): void => {
          settle();
          reject(new Error(reason));
        };
        // Subscribed in the same turn as the look at what was seen, so no item can fall between.
        unsubscribe = request.feed.subscribe((items) => {
          const found = items.find(request.matches);
          if (found !== undefined) {
            settle();
            resolve(found);
          }
        });
        timer = timers.setTimeout(() => {
          settle();
          reject(new Error(request.explain()));
        }, request.timeoutMs);
        pending.add(cancel);
      }),
    cancelAll: (reason) => {
      for (const cancel of [...pending]) {
        cancel(reason);
      }
    },
  };
}
