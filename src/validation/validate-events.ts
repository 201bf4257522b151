import { EventLogValidator } from './event-log-validator.js';
import type { ValidationOptions, ValidationReport } from './validation-report.js';

/**
 * Judges a log of Stripe events as Stripe delivered them (unordered, at least once): whether each
 * SetupIntent's history is a possible path of the statechart, and which event is not.
 *
 * @remarks Each SetupIntent's events are ordered by `created`, and within one second put in any
 * order that makes a legal path (`strictOrder` judges the order of arrival instead). Duplicate
 * deliveries are notes, not issues. Events of other types are passed over, except
 * `payment_method.attached` and `mandate.updated`, whose objects are checked. Spec §6.
 *
 * @example
 * ```ts
 * const report = validateEventSequence(events);
 * if (!report.valid) console.log(report.issues[0]?.event_id);
 * ```
 */
export function validateEventSequence(events: Iterable<unknown>, options: ValidationOptions = {}): ValidationReport {
  const validator = new EventLogValidator(options);
  for (const event of events) {
    validator.add(event);
  }
  return validator.finish();
}

/**
 * {@link validateEventSequence} over an async stream of events, with memory bounded by the
 * SetupIntents still open: a SetupIntent whose final event is older than
 * `reorderWindowSeconds` (default 3600) behind the newest event seen is judged and released.
 */
export async function validateEventStream(events: AsyncIterable<unknown> | Iterable<unknown>, options: ValidationOptions = {}): Promise<ValidationReport> {
  const validator = new EventLogValidator({ ...options, streaming: true });
  for await (const event of events) {
    validator.add(event);
  }
  return validator.finish();
}
