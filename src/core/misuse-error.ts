/**
 * Thrown for programmer errors only (an impossible operation, a record missing an object its
 * results created). Domain failures are values, never throws.
 */
export class SetupIntentMachineError extends Error {
  /** The error's name, for `instanceof`-free checks and stack traces. */
  override readonly name = 'SetupIntentMachineError';
}
