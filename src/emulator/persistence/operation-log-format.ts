import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { OperationLogError } from './operation-log-error.js';
import { readLines } from './operation-log-lines.js';
import type { FileLine } from './operation-log-lines.js';

/** The `format` value every operation log header carries. */
export const OPERATION_LOG_FORMAT = 'setup-intent-machine/operation-log';

/**
 * The header `version` this code writes: 2, whose every entry carries a checksum in its
 * {@link CHECKSUM_FIELD}. Version 1 files, whose entries may lack one, are still read.
 */
export const OPERATION_LOG_VERSION = 2;

/** The header versions this code reads. */
export type OperationLogVersion = 1 | typeof OPERATION_LOG_VERSION;

/**
 * The field each written entry line carries its checksum in: the SHA-256, in hex, of the entry's
 * JSON text without that field (the text `JSON.stringify` gives).
 */
export const CHECKSUM_FIELD = 'sum';

/** The first line of an operation log: names the format and version, plus any fields the owner adds. */
export interface OperationLogHeader {
  /** Always `setup-intent-machine/operation-log`. */
  readonly format: typeof OPERATION_LOG_FORMAT;
  /** The format version: 2, or 1 in files written before entries had checksums. */
  readonly version: OperationLogVersion;
  /** Owner-defined fields, stored and returned as they are. */
  readonly [key: string]: unknown;
}

/** A last line that a crash cut short, to be dropped from the file. */
export interface TornLine {
  /** The 1-based line number. */
  readonly line: number;
  /** The byte offset where the line starts. */
  readonly offset: number;
  /** The line's length in bytes, including its newline if it has one. */
  readonly length: number;
  /** Why it counts as torn. */
  readonly reason: 'unterminated' | 'invalid_json';
}

/** What the scan at open found in an operation log. */
export interface ScannedOperationLog {
  /** The stored header, or undefined when the file holds no complete line. */
  readonly header: OperationLogHeader | undefined;
  /** The byte offset where the entries start (just past the header line). */
  readonly entriesStart: number;
  /** The length in bytes of the intact prefix; only a torn last line lies beyond it. */
  readonly intactLength: number;
  /** The torn last line, if there is one. */
  readonly torn: TornLine | undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

const VERSIONS: readonly unknown[] = [1, OPERATION_LOG_VERSION];

// Headers are always written with these two keys first, so an unterminated first line can be
// recognised as our own torn header rather than some unrelated file that must not be truncated.
const HEADER_STARTS = VERSIONS.map((version) => Buffer.from(`{"format":"${OPERATION_LOG_FORMAT}","version":${String(version)}`, 'utf8'));

/**
 * Reads an operation log (JSON Lines, header first) line by line, checking every entry, and finds
 * where a torn last line begins; throws {@link OperationLogError} when the damage is anywhere else.
 * Entries are checked and dropped, not kept: {@link readEntries} reads them again.
 *
 * @param size - The file's size in bytes.
 * @param source - Names the file in error messages.
 */
export async function scanOperationLog(file: FileHandle, size: number, source: string, check?: EntryCheck): Promise<ScannedOperationLog> {
  let header: OperationLogHeader | undefined;
  let entriesStart = 0;
  for await (const current of readLines(file, 0, size)) {
    const { line, offset, bytes, terminated } = current;
    const length = bytes.length + (terminated ? 1 : 0);
    if (header === undefined) {
      if (!terminated) {
        if (!isHeaderPrefix(bytes)) {
          throw corrupt(source, line, offset, 'is not an operation log header (and has no terminating newline)');
        }
        return { header, entriesStart, intactLength: offset, torn: { line, offset, length, reason: 'unterminated' } };
      }
      const parsed = parseJson(bytes);
      if (!parsed.ok) throw corrupt(source, line, offset, `is not valid JSON (${parsed.message})`);
      header = checkHeader(parsed.value, source);
      entriesStart = length;
      continue;
    }
    const entry = parseEntryLine(current, header.version, source, check, offset + length === size);
    if (typeof entry === 'string' && entry !== 'intact') {
      return { header, entriesStart, intactLength: offset, torn: { line, offset, length, reason: entry } };
    }
  }
  return { header, entriesStart, intactLength: size, torn: undefined };
}

/**
 * Yields the entries stored in the bytes `[start, end)` of an operation log one at a time, without
 * their checksum field; `start` is where line 2 begins and `end` the end of an intact prefix that
 * {@link scanOperationLog} accepted. Throws {@link OperationLogError} for a line that is not an entry.
 */
export async function* readEntries(
  file: FileHandle,
  start: number,
  end: number,
  version: OperationLogVersion,
  source: string,
  check?: EntryCheck,
): AsyncGenerator<Record<string, unknown>> {
  for await (const current of readLines(file, start, end, 2)) {
    // Every line's checksum was checked by scanOperationLog under the file's lock.
    const entry = parseEntryLine(current, version, source, check, false, 'read');
    if (entry === 'intact') continue;
    if (typeof entry === 'string') throw corrupt(source, current.line, current.offset, 'was cut short after the file was opened');
    yield entry;
  }
}

/**
 * The entry a line after the header holds, or why it counts as torn when it is the last line;
 * throws for any other damage.
 */
function parseEntryLine(
  { line, offset, bytes, terminated }: FileLine,
  version: OperationLogVersion,
  source: string,
  check: EntryCheck | undefined,
  isLast: boolean,
  pass: 'scan' | 'read' = 'scan',
): Record<string, unknown> | TornLine['reason'] | 'intact' {
  if (!terminated) return 'unterminated';
  // Lines as this code writes them: the scan checks their checksums without parsing them, the
  // read parses them without checking their checksums again.
  if (pass === 'scan' && writtenLineIntact(bytes)) return 'intact';
  const fast = pass === 'read' ? entryOfWrittenLine(bytes) : undefined;
  if (fast !== undefined) {
    const problem = check?.(fast);
    if (problem !== undefined) throw corrupt(source, line, offset, `is not an operation log entry (${problem})`);
    return fast;
  }
  const parsed = parseJson(bytes);
  if (!parsed.ok) {
    if (isLast) return 'invalid_json';
    throw corrupt(source, line, offset, `is not valid JSON (${parsed.message})`);
  }
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw corrupt(source, line, offset, `is not an operation log entry (it is ${what}, not a JSON object)`);
  }
  const entry = checkedEntry(value as Record<string, unknown>, version);
  if (typeof entry === 'string') throw corrupt(source, line, offset, entry);
  const problem = check?.(entry);
  if (problem !== undefined) throw corrupt(source, line, offset, `is not an operation log entry (${problem})`);
  return entry;
}

const SUM_OPENING = Buffer.from(`,"${CHECKSUM_FIELD}":"`, 'utf8');
/** `,"sum":"` + 64 hex digits + `"}`: how every line {@link serialiseEntry} writes ends. */
const SUM_ENDING_LENGTH = SUM_OPENING.length + 64 + 2;
const HEX_DIGEST = /^[0-9a-f]{64}$/;

/**
 * Where the checksum of a line as {@link serialiseEntry} writes it begins (its last field, covering
 * exactly the line's text before `,"sum"` closed with `}`), or -1 for any other line (edited,
 * reformatted, old, not an entry), which the general path then reads, so its verdict is the
 * general one.
 */
function writtenChecksumAt(bytes: Uint8Array): number {
  const at = bytes.length - SUM_ENDING_LENGTH;
  if (at < 1 || bytes[bytes.length - 2] !== 0x22 || bytes[bytes.length - 1] !== 0x7d) return -1;
  if (!Buffer.from(bytes.buffer, bytes.byteOffset + at, SUM_OPENING.length).equals(SUM_OPENING)) return -1;
  return HEX_DIGEST.test(Buffer.from(bytes.buffer, bytes.byteOffset + at + SUM_OPENING.length, 64).toString('latin1')) ? at : -1;
}

/** Whether a line as {@link serialiseEntry} writes it matches its checksum, hashing its bytes only. */
function writtenLineIntact(bytes: Uint8Array): boolean {
  const at = writtenChecksumAt(bytes);
  if (at === -1) return false;
  const sum = Buffer.from(bytes.buffer, bytes.byteOffset + at + SUM_OPENING.length, 64).toString('latin1');
  return createHash('sha256').update(bytes.subarray(0, at)).update('}').digest('hex') === sum;
}

/** The entry of a line as {@link serialiseEntry} writes it, already checked, without its checksum field. */
function entryOfWrittenLine(bytes: Uint8Array): Record<string, unknown> | undefined {
  const at = writtenChecksumAt(bytes);
  if (at === -1) return undefined;
  let text: string;
  try {
    text = `${decoder.decode(bytes.subarray(0, at))}}`;
  } catch {
    return undefined;
  }
  const parsed = parseText(text);
  if (!parsed.ok) return undefined;
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.hasOwn(value, CHECKSUM_FIELD)) return undefined;
  return value as Record<string, unknown>;
}

/**
 * Says what is wrong with a parsed entry, or returns undefined when it is one the owner accepts.
 * It sees only JSON objects: anything else is refused before it is called.
 */
export type EntryCheck = (entry: Readonly<Record<string, unknown>>) => string | undefined;

/**
 * The entry without its checksum field, or why it is refused: a checksum that does not match, or
 * none at all in a file whose version requires one.
 */
function checkedEntry(value: Record<string, unknown>, version: OperationLogVersion): Record<string, unknown> | string {
  if (!Object.hasOwn(value, CHECKSUM_FIELD)) {
    return version === 1 ? value : `has no "${CHECKSUM_FIELD}" checksum, which every entry of a version ${version} file carries: it was edited or is corrupt`;
  }
  const { [CHECKSUM_FIELD]: sum, ...entry } = value;
  if (sum !== checksum(JSON.stringify(entry))) {
    return `does not match its "${CHECKSUM_FIELD}" checksum: it was edited or is corrupt`;
  }
  return entry;
}

function checksum(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Serialises a header as the first line of a new log file, `format` and `version` first; the
 * version must be {@link OPERATION_LOG_VERSION}, the one whose entries this code writes.
 */
export function serialiseHeader(header: OperationLogHeader): string {
  const { format, version, ...rest } = checkHeader(header, 'the header passed to openOperationLog');
  if (version !== OPERATION_LOG_VERSION) {
    throw new OperationLogError('corrupt', `the header passed to openOperationLog has version ${version}; new files are version ${OPERATION_LOG_VERSION}`);
  }
  return `${JSON.stringify({ format, version, ...rest })}\n`;
}

/**
 * Serialises an entry as one log line, its checksum added as its last field; throws
 * {@link OperationLogError} when it is not a JSON object or already has that field.
 */
export function serialiseEntry(entry: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(entry);
  } catch (error) {
    throw new OperationLogError('not_json', `operation log entry cannot be serialised as JSON: ${describe(error)}`, {
      cause: error,
    });
  }
  if (json === undefined) {
    throw new OperationLogError('not_json', `operation log entry has no JSON form (it is ${typeof entry})`);
  }
  if (json.includes('\n')) {
    // JSON.stringify escapes newlines inside strings, so this only guards the line framing.
    throw new OperationLogError('not_json', 'operation log entry serialised to more than one line');
  }
  if (!json.startsWith('{')) {
    throw new OperationLogError('not_json', `operation log entry is not a JSON object (it is ${Array.isArray(entry) ? 'an array' : typeof entry})`);
  }
  if (typeof entry === 'object' && entry !== null && Object.hasOwn(entry, CHECKSUM_FIELD)) {
    throw new OperationLogError('not_json', `operation log entry has a "${CHECKSUM_FIELD}" field, which the log keeps for its checksum`);
  }
  const sum = `"${CHECKSUM_FIELD}":"${checksum(json)}"}`;
  return `${json === '{}' ? '{' : `${json.slice(0, -1)},`}${sum}\n`;
}

function checkHeader(value: unknown, source: string): OperationLogHeader {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OperationLogError('corrupt', `${source}: line 1 is not an operation log header (not a JSON object)`);
  }
  const record = value as Record<string, unknown>;
  if (record['format'] !== OPERATION_LOG_FORMAT) {
    throw new OperationLogError(
      'corrupt',
      `${source}: line 1 has format ${JSON.stringify(record['format'])}, expected "${OPERATION_LOG_FORMAT}"`,
    );
  }
  if (!VERSIONS.includes(record['version'])) {
    throw new OperationLogError(
      'corrupt',
      `${source}: line 1 has version ${JSON.stringify(record['version'])}, expected ${VERSIONS.join(' or ')}`,
    );
  }
  return record as OperationLogHeader;
}

function isHeaderPrefix(text: Uint8Array): boolean {
  return HEADER_STARTS.some((start) => {
    const shared = Math.min(text.length, start.length);
    return Buffer.from(text.buffer, text.byteOffset, shared).equals(start.subarray(0, shared));
  });
}

type JsonParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

function parseJson(text: Uint8Array): JsonParse {
  let decoded: string;
  try {
    decoded = decoder.decode(text);
  } catch (error) {
    return { ok: false, message: describe(error) };
  }
  return parseText(decoded);
}

function parseText(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: describe(error) };
  }
}

function corrupt(source: string, line: number, offset: number, problem: string): OperationLogError {
  return new OperationLogError('corrupt', `${source}: line ${line} (byte offset ${offset}) ${problem}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
