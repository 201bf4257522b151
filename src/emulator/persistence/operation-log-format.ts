import { TextDecoder } from 'node:util';
import { OperationLogError } from './operation-log-error.js';

/** The `format` value every operation log header carries. */
export const OPERATION_LOG_FORMAT = 'setup-intent-machine/operation-log';

/** The header `version` this code reads and writes. */
export const OPERATION_LOG_VERSION = 1;

/** The first line of an operation log: names the format and version, plus any fields the owner adds. */
export interface OperationLogHeader {
  /** Always `setup-intent-machine/operation-log`. */
  readonly format: typeof OPERATION_LOG_FORMAT;
  /** The format version; only 1 exists. */
  readonly version: typeof OPERATION_LOG_VERSION;
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

/** What the bytes of an operation log hold. */
export interface ParsedOperationLog {
  /** The stored header, or undefined when the file holds no complete line. */
  readonly header: OperationLogHeader | undefined;
  /** The entries after the header, oldest first, exactly as JSON.parse returned them. */
  readonly entries: readonly unknown[];
  /** The length in bytes of the intact prefix; only a torn last line lies beyond it. */
  readonly intactLength: number;
  /** The torn last line, if there is one. */
  readonly torn: TornLine | undefined;
}

const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: true });

// Headers are always written with these two keys first, so an unterminated first line can be
// recognised as our own torn header rather than some unrelated file that must not be truncated.
const HEADER_START = Buffer.from(`{"format":"${OPERATION_LOG_FORMAT}","version":${OPERATION_LOG_VERSION}`, 'utf8');

/**
 * Reads the bytes of an operation log (JSON Lines, header first) and finds where a torn last line
 * begins; throws {@link OperationLogError} when the damage is anywhere else.
 *
 * @param source - Names the file in error messages.
 */
export function parseOperationLog(bytes: Uint8Array, source: string): ParsedOperationLog {
  let header: OperationLogHeader | undefined;
  const entries: unknown[] = [];
  let offset = 0;
  for (let line = 1; offset < bytes.length; line += 1) {
    const newline = bytes.indexOf(NEWLINE, offset);
    const terminated = newline !== -1;
    const end = terminated ? newline : bytes.length;
    const text = bytes.subarray(offset, end);
    const length = end - offset + (terminated ? 1 : 0);
    const isLast = offset + length === bytes.length;

    if (!terminated) {
      if (line === 1 && !isHeaderPrefix(text)) {
        throw corrupt(source, line, offset, 'is not an operation log header (and has no terminating newline)');
      }
      return { header, entries, intactLength: offset, torn: { line, offset, length, reason: 'unterminated' } };
    }

    const parsed = parseJson(text);
    if (!parsed.ok) {
      if (isLast && line > 1) {
        return { header, entries, intactLength: offset, torn: { line, offset, length, reason: 'invalid_json' } };
      }
      throw corrupt(source, line, offset, `is not valid JSON (${parsed.message})`);
    }
    if (line === 1) {
      header = checkHeader(parsed.value, source);
    } else {
      entries.push(parsed.value);
    }
    offset += length;
  }
  return { header, entries, intactLength: offset, torn: undefined };
}

/** Serialises a header as the first line of a log file, `format` and `version` first. */
export function serialiseHeader(header: OperationLogHeader): string {
  const { format, version, ...rest } = checkHeader(header, 'the header passed to openOperationLog');
  return `${JSON.stringify({ format, version, ...rest })}\n`;
}

/** Serialises an entry as one log line; throws {@link OperationLogError} when it has no JSON form. */
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
  return `${json}\n`;
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
  if (record['version'] !== OPERATION_LOG_VERSION) {
    throw new OperationLogError(
      'corrupt',
      `${source}: line 1 has version ${JSON.stringify(record['version'])}, expected ${OPERATION_LOG_VERSION}`,
    );
  }
  return record as OperationLogHeader;
}

function isHeaderPrefix(text: Uint8Array): boolean {
  const shared = Math.min(text.length, HEADER_START.length);
  return Buffer.from(text.buffer, text.byteOffset, shared).equals(HEADER_START.subarray(0, shared));
}

type JsonParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

function parseJson(text: Uint8Array): JsonParse {
  try {
    return { ok: true, value: JSON.parse(decoder.decode(text)) };
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
