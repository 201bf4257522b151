/**
 * The fields of `before` that differ in `after`, with their values before: what Stripe sends as
 * `data.previous_attributes` on an `*.updated` event (recorded live: exactly the changed keys).
 */
export function previousAttributes<T extends object>(before: T, after: T): Partial<T> {
  const previous: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      previous[key] = before[key];
    }
  }
  return previous;
}
