/** A queue that flushes its items in batches, one flush at a time. */
export interface GroupCommit<T> {
  /**
   * Queues an item; resolves once the flush holding it has completed and rejects if that flush
   * fails. Items are flushed in submission order.
   */
  submit(item: T): Promise<void>;
  /** Resolves once every item submitted so far has been flushed or rejected. */
  idle(): Promise<void>;
}

interface Pending<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * Creates a group commit: items submitted while a flush is running wait, then go out together in
 * the next flush, so many concurrent writers share one write and one fsync.
 *
 * @remarks After a flush fails nothing more is flushed: the items of the failed batch reject with
 * its error, and every item queued then or later rejects with `failedError(cause)`.
 */
export function createGroupCommit<T>(
  flush: (batch: readonly T[]) => Promise<void>,
  failedError: (cause: unknown) => Error,
): GroupCommit<T> {
  const queue: Pending<T>[] = [];
  let running: Promise<void> | undefined;
  let failure: { readonly cause: unknown } | undefined;

  async function drain(): Promise<void> {
    // Yielding once lets appends made in the same synchronous burst share the first flush.
    await Promise.resolve();
    while (queue.length > 0) {
      const batch = queue.splice(0);
      if (failure !== undefined) {
        const error = failedError(failure.cause);
        for (const pending of batch) pending.reject(error);
        continue;
      }
      try {
        await flush(batch.map((pending) => pending.item));
      } catch (error) {
        failure = { cause: error };
        for (const pending of batch) pending.reject(error);
        continue;
      }
      for (const pending of batch) pending.resolve();
    }
    running = undefined;
  }

  return {
    submit(item) {
      if (failure !== undefined) return Promise.reject(failedError(failure.cause));
      const settled = new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
      });
      running ??= drain();
      return settled;
    },
    idle() {
      return running ?? Promise.resolve();
    },
  };
}
