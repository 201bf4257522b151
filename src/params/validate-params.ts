import {
  metadataInvalid,
  parameterInvalidEmpty,
  parameterInvalidEnum,
  parameterInvalidInteger,
  parameterInvalidType,
  parameterMissing,
  parameterTooLong,
  parameterUnknown,
} from '../core/stripe-errors.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import type { ParamSpec, ParamSpecs } from './param-spec.js';

/** Parameters after checking: booleans and integers parsed, unknown keys refused. */
export type CheckedParams = Readonly<Record<string, unknown>>;

/** The outcome of checking parameters. */
export type ParamCheck =
  | { readonly ok: true; readonly params: CheckedParams }
  | { readonly ok: false; readonly error: StripeRequestError };

/** The most keys a metadata hash may hold, in a request and after an update merges it. */
export const METADATA_MAX_KEYS = 50;
const METADATA_MAX_KEY_LENGTH = 40;
const METADATA_MAX_VALUE_LENGTH = 500;

/** Thrown inside the checker to stop at the first problem; never escapes {@link checkParams}. */
class ParamProblem {
  constructor(readonly error: StripeRequestError) {}
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Checks request parameters against an operation's specs the way Stripe does: unknown parameters,
 * wrong types and enum values, empty strings that cannot unset, metadata limits, required keys.
 * Form-encoded values (`"true"`, `"42"`) are accepted and parsed.
 */
export function checkParams(params: unknown, specs: ParamSpecs): ParamCheck {
  if (params === undefined || params === null) {
    return { ok: true, params: {} };
  }
  if (typeof params !== 'object' || Array.isArray(params)) {
    return { ok: false, error: parameterInvalidType('params', 'hash', params) };
  }
  try {
    return { ok: true, params: checkHash(params as Record<string, unknown>, specs, '', undefined) };
  } catch (problem) {
    if (problem instanceof ParamProblem) {
      return { ok: false, error: problem.error };
    }
    throw problem;
  }
}

function name(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}[${key}]`;
}

function checkHash(
  value: Record<string, unknown>,
  specs: ParamSpecs,
  prefix: string,
  required: readonly string[] | undefined,
  open = false,
): Record<string, unknown> {
  // Copy on write: most requests need no normalising, and then the input itself is the answer.
  let out: Record<string, unknown> | null = null;
  for (const key in value) {
    if (!hasOwn.call(value, key)) {
      continue;
    }
    const spec = hasOwn.call(specs, key) ? specs[key] : undefined;
    const raw = value[key];
    if (spec === undefined && !open) {
      throw new ParamProblem(parameterUnknown(name(prefix, key)));
    }
    const checked = spec === undefined || raw === undefined ? raw : checkValue(raw, spec, name(prefix, key));
    if (out === null && (checked !== raw || raw === undefined)) {
      out = copyUntil(value, key);
    }
    if (out !== null && checked !== undefined) {
      out[key] = checked;
    }
  }
  const result = out ?? value;
  if (required !== undefined) {
    for (const key of required) {
      if (result[key] === undefined) {
        throw new ParamProblem(parameterMissing(name(prefix, key)));
      }
    }
  }
  return result;
}

/** A copy of the own keys of `value` that come before `stop`. */
function copyUntil(value: Record<string, unknown>, stop: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (key === stop) {
      break;
    }
    if (hasOwn.call(value, key) && value[key] !== undefined) {
      out[key] = value[key];
    }
  }
  return out;
}

function checkValue(value: unknown, spec: ParamSpec, param: string): unknown {
  // Stripe's SDKs send `null` as an empty value, so it unsets (or is refused) exactly as `''` is.
  const raw = value === null ? '' : value;
  if (raw === '' && spec.kind !== 'string') {
    if ('emptyUnsets' in spec && spec.emptyUnsets === true) {
      return '';
    }
    throw new ParamProblem(parameterInvalidEmpty(param));
  }
  switch (spec.kind) {
    case 'string':
      return checkString(raw, spec, param);
    case 'boolean':
      return checkBoolean(raw, param);
    case 'integer':
      return checkInteger(raw, param, spec.min);
    case 'string_array': {
      const items = checkArray(raw, param);
      const itemSpec: ParamSpec = spec.enum === undefined ? PLAIN_STRING : { kind: 'string', enum: spec.enum };
      return mapIfChanged(items, raw, (item, i) => checkString(item, itemSpec as Extract<ParamSpec, { kind: 'string' }>, `${param}[${i}]`));
    }
    case 'integer_array':
      return mapIfChanged(checkArray(raw, param), raw, (item, i) => checkInteger(item, `${param}[${i}]`, undefined));
    case 'metadata':
      return checkMetadata(raw, param);
    case 'created_filter':
      return checkCreatedFilter(raw, param);
    case 'hash':
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new ParamProblem(parameterInvalidType(param, 'hash', raw));
      }
      return checkHash(raw as Record<string, unknown>, spec.fields, param, spec.required, spec.open === true);
  }
}

const PLAIN_STRING: ParamSpec = { kind: 'string' };

/** The items checked; the original array when no item changed. */
function mapIfChanged(items: readonly unknown[], raw: unknown, check: (item: unknown, index: number) => unknown): readonly unknown[] {
  let out: unknown[] | null = items === raw ? null : [...items];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const checked = check(item, i);
    if (checked !== item) {
      out ??= [...items];
      out[i] = checked;
    }
  }
  return out ?? items;
}

function checkString(raw: unknown, spec: Extract<ParamSpec, { kind: 'string' }>, param: string): string {
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    raw = String(raw);
  }
  if (typeof raw !== 'string') {
    throw new ParamProblem(parameterInvalidType(param, 'string', raw));
  }
  if (raw === '') {
    if (spec.emptyUnsets === true) {
      return raw;
    }
    throw new ParamProblem(parameterInvalidEmpty(param));
  }
  if (spec.enum !== undefined && !spec.enum.includes(raw)) {
    throw new ParamProblem(parameterInvalidEnum(param, spec.enum));
  }
  if (spec.max !== undefined && raw.length > spec.max) {
    throw new ParamProblem(parameterTooLong(param, spec.max));
  }
  return raw;
}

function checkBoolean(raw: unknown, param: string): boolean {
  if (typeof raw === 'boolean') {
    return raw;
  }
  // Stripe's v1 API reads booleans case-insensitively: stripe-python before 2025 sends `True`/`False`.
  const word = typeof raw === 'string' ? raw.toLowerCase() : null;
  if (word === 'true') {
    return true;
  }
  if (word === 'false') {
    return false;
  }
  throw new ParamProblem(parameterInvalidType(param, 'boolean', raw));
}

function checkInteger(raw: unknown, param: string, min: number | undefined): number {
  let n: number;
  if (typeof raw === 'number') {
    n = raw;
  } else if (typeof raw === 'string' && /^-?\d{1,15}$/.test(raw)) {
    n = Number(raw);
  } else {
    throw new ParamProblem(parameterInvalidInteger(param, raw));
  }
  if (!Number.isSafeInteger(n)) {
    throw new ParamProblem(parameterInvalidInteger(param, raw));
  }
  if (min !== undefined && n < min) {
    throw new ParamProblem(parameterInvalidInteger(param, raw));
  }
  return n;
}

function checkArray(raw: unknown, param: string): readonly unknown[] {
  if (Array.isArray(raw)) {
    return raw;
  }
  // Form encodings with explicit indexes (`types[0]=card`) arrive as objects keyed 0..n-1.
  if (typeof raw === 'object' && raw !== null) {
    const keys = Object.keys(raw);
    if (keys.every((key, i) => key === String(i))) {
      return keys.map((key) => (raw as Record<string, unknown>)[key]);
    }
  }
  throw new ParamProblem(parameterInvalidType(param, 'array', raw));
}

function checkMetadata(raw: unknown, param: string): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ParamProblem(parameterInvalidType(param, 'hash', raw));
  }
  const out: Record<string, string> = {};
  let count = 0;
  for (const key in raw) {
    if (!hasOwn.call(raw, key)) {
      continue;
    }
    const value = (raw as Record<string, unknown>)[key];
    count++;
    if (count > METADATA_MAX_KEYS) {
      throw new ParamProblem(
        metadataInvalid(param, `Invalid ${param}: metadata can have at most ${METADATA_MAX_KEYS} keys.`),
      );
    }
    if (key.length > METADATA_MAX_KEY_LENGTH) {
      throw new ParamProblem(
        metadataInvalid(
          `${param}[${key}]`,
          `Invalid ${param}: metadata keys must be at most ${METADATA_MAX_KEY_LENGTH} characters long.`,
        ),
      );
    }
    let text: string;
    if (value === null || value === '') {
      text = '';
    } else if (typeof value === 'string') {
      text = value;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      text = String(value);
    } else {
      throw new ParamProblem(parameterInvalidType(`${param}[${key}]`, 'string', value));
    }
    if (text.length > METADATA_MAX_VALUE_LENGTH) {
      throw new ParamProblem(
        metadataInvalid(
          `${param}[${key}]`,
          `Invalid ${param}: metadata values must be at most ${METADATA_MAX_VALUE_LENGTH} characters long.`,
        ),
      );
    }
    out[key] = text;
  }
  return out;
}

function checkCreatedFilter(raw: unknown, param: string): number | Record<string, number> {
  if (typeof raw !== 'object' || raw === null) {
    return checkInteger(raw, param, undefined);
  }
  const out: Record<string, number> = {};
  for (const key in raw) {
    if (!hasOwn.call(raw, key)) {
      continue;
    }
    if (key !== 'gt' && key !== 'gte' && key !== 'lt' && key !== 'lte') {
      throw new ParamProblem(parameterUnknown(`${param}[${key}]`));
    }
    out[key] = checkInteger((raw as Record<string, unknown>)[key], `${param}[${key}]`, undefined);
  }
  return out;
}
