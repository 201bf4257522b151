// Freezes a value and everything it reaches, so any write to an operation's input throws.

/** Freezes `value` deeply (objects and arrays) and returns it. */
export function deepFreeze<T>(value: T): T {
  const seen = new WeakSet<object>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) {
      return;
    }
    seen.add(node);
    Object.freeze(node);
    for (const key of Reflect.ownKeys(node)) {
      visit((node as Record<PropertyKey, unknown>)[key]);
    }
  };
  visit(value);
  return value;
}
