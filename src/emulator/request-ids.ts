import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_BYTES = 14;
// One call to the system's randomness per 256 ids: a call per request cost more than the id.
const pool = Buffer.alloc(ID_BYTES * 256);
let offset = pool.length;

/** A fresh `req_` id for the `Request-Id` header; random, since request ids are not replayed from a seed. */
export function newRequestId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  let out = 'req_';
  for (let i = 0; i < ID_BYTES; i++) {
    out += ALPHABET[(pool[offset + i] as number) % 62];
  }
  offset += ID_BYTES;
  return out;
}
