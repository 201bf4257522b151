/**
 * Thrown for programmer errors only (an impossible operation, a record missing an object its
 * results created). Domain failures are values, never throws.
 */
export class SetupIntentMachineError extends Error {
  override readonly name = 'SetupIntentMachineError';
}
