import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A fresh `req_` id for the `Request-Id` header; random, since request ids are not replayed from a seed. */
export function newRequestId(): string {
  const bytes = randomBytes(14);
  let out = 'req_';
  for (const byte of bytes) {
    out += ALPHABET[byte % 62];
  }
  return out;
}
