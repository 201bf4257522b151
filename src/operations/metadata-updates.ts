import { metadataInvalid } from '../core/stripe-errors.js';
import { METADATA_MAX_KEYS } from '../params/validate-params.js';
import type { Metadata } from '../types/metadata.js';
import type { StripeRequestError } from '../types/stripe-error.js';

/** Metadata from a create call: keys sent with empty values are dropped. */
export function withoutEmptyValues(given: Readonly<Record<string, string>>): Metadata {
  const out: Record<string, string> = {};
  for (const key of Object.keys(given)) {
    const value = given[key];
    if (value !== undefined && value !== '') {
      out[key] = value;
    }
  }
  return out;
}

/**
 * Metadata after an update: `''` for the whole hash removes every key, an empty value removes its
 * key, other values are set (spec §8).
 */
export function mergeMetadata(current: Metadata | null, given: Readonly<Record<string, string>> | ''): Metadata {
  if (given === '') {
    return {};
  }
  const out: Record<string, string> = { ...current };
  for (const key of Object.keys(given)) {
    const value = given[key];
    if (value === undefined || value === '') {
      delete out[key];
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * Refuses an update whose merged metadata holds more keys than Stripe allows, with the message a
 * single request over the limit gets: the limit is on the object, not on each request.
 */
export function tooManyMetadataKeys(merged: Metadata, param = 'metadata'): StripeRequestError | null {
  return Object.keys(merged).length > METADATA_MAX_KEYS
    ? metadataInvalid(param, `Invalid ${param}: metadata can have at most ${METADATA_MAX_KEYS} keys.`)
    : null;
}
