import type { Metadata } from '../types/metadata.js';

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
