/** What went wrong with an operation log, for callers that react differently to each case. */
export type OperationLogErrorCode =
  /** The file is not an operation log, or is damaged somewhere other than its last line. */
  | 'corrupt'
  /** The file is already open in this process. */
  | 'already_open'
  /** Another live process holds the file's lock. */
  | 'locked'
  /** An append was made after `close()`. */
  | 'closed'
  /** An earlier write or fsync failed, so the file's tail is unknown and nothing more is appended. */
  | 'failed'
  /** An entry has no JSON form (`undefined`, a function, a BigInt, a cycle). */
  | 'not_json';

/**
 * Thrown (or rejected with) by the operation log for a corrupt file and for misuse; failures of the
 * file system itself reach the caller as the original error.
 */
export class OperationLogError extends Error {
  override readonly name = 'OperationLogError';

  /** Which kind of problem this is. */
  readonly code: OperationLogErrorCode;

  /** Creates an error of the given kind. */
  constructor(code: OperationLogErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
