/** A log that cannot be read or parsed, naming the line when the problem is on one. */
export class EventLogReadError extends Error {
  override readonly name = 'EventLogReadError';
  /** What is wrong, without the line (for a JSON error, the parser's own message). */
  readonly reason: string;
  /** The 1-based line the problem is on, or `null` when it is not about one line (the file cannot be read). */
  readonly line: number | null;

  constructor(reason: string, line: number | null = null) {
    super(line === null ? reason : `line ${line}: ${reason}`);
    this.reason = reason;
    this.line = line;
  }
}
