import type { Readable } from 'node:stream';

/** What a command reads and writes, and what stops it: the process's own streams and signals by default. */
export interface CommandIo {
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** Standard input, read by `validate -` (default `process.stdin`). */
  readonly stdin?: Readable;
  /**
   * Stops a long-running command (`serve`) when it aborts. Without it, `serve` runs until SIGINT or
   * SIGTERM.
   */
  readonly signal?: AbortSignal;
}
