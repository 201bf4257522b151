const SEGMENT = '[a-z0-9_]+';
const ENABLED_EVENT = new RegExp(`^(?:\\*|${SEGMENT}(?:\\.${SEGMENT})*\\.(?:${SEGMENT}|\\*))$`);

/**
 * Tells whether a value is a well-formed entry of an endpoint's `enabled_events`: `*`, an event
 * type such as `setup_intent.succeeded`, or a type prefix ending in a wildcard such as
 * `setup_intent.*`.
 *
 * @remarks The check is syntactic only: it does not know which event types exist.
 * @example
 * isValidEnabledEvent('setup_intent.*'); // true
 * isValidEnabledEvent('setup_intent*'); // false
 */
export function isValidEnabledEvent(value: string): boolean {
  return ENABLED_EVENT.test(value);
}

/** Tells whether one `enabled_events` entry selects an event type. */
function entryMatches(entry: string, type: string): boolean {
  if (entry === '*') {
    return true;
  }
  if (entry.endsWith('.*')) {
    const prefix = entry.slice(0, -1);
    return type.length > prefix.length && type.startsWith(prefix);
  }
  return entry === type;
}

/**
 * Tells whether an endpoint with these `enabled_events` receives an event of the given type.
 *
 * @param enabledEvents - The endpoint's `enabled_events`.
 * @param type - The event's `type`, for example `setup_intent.succeeded`.
 * @example
 * endpointWantsEvent(['setup_intent.*'], 'setup_intent.created'); // true
 * endpointWantsEvent(['setup_intent.succeeded'], 'setup_intent.canceled'); // false
 */
export function endpointWantsEvent(enabledEvents: readonly string[], type: string): boolean {
  return enabledEvents.some((entry) => entryMatches(entry, type));
}
