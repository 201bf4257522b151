import { closeSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { EventLogReadError } from './event-log-read-error.js';
import { ArraySplitter, DocumentSplitter } from './json-splitters.js';

/** Bytes read from a file at a time: few reads, and the decoded text stays a young, small string. */
const FILE_CHUNK_BYTES = 64 * 1024;

/**
 * A file's bytes, read synchronously a chunk at a time into one buffer (each chunk is decoded
 * before the next read). Nothing else runs meanwhile, and reading in step with the parsing keeps
 * the main thread from waiting on the thread pool between chunks.
 */
function* fileChunks(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(FILE_CHUNK_BYTES);
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) return;
      yield buffer.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

/** How a log is written, told from its first line. */
type LogShape = 'unknown' | 'lines' | 'array' | 'documents';

/**
 * The shape of a log from the text it opens with, or `unknown` until its first line is complete:
 * `[` opens a JSON array; `{` alone on the first line opens pretty-printed JSON (as Stripe's API
 * and `JSON.stringify(value, null, 2)` write it); anything else is JSON Lines.
 */
function shapeOf(text: string): LogShape {
  const start = text.search(/\S/);
  if (start < 0) return 'unknown';
  if (text[start] === '[') return 'array';
  if (text[start] !== '{') return 'lines';
  const newline = text.indexOf('\n', start);
  if (newline < 0) return 'unknown';
  return text.slice(start + 1, newline).trim() === '' ? 'documents' : 'lines';
}

/** A Stripe list object (`GET /v1/events` answers one), whose `data` holds the events. */
function isListObject(value: unknown): value is { readonly data: readonly unknown[] } {
  return typeof value === 'object' && value !== null && (value as { object?: unknown }).object === 'list' && Array.isArray((value as { data?: unknown }).data);
}

/**
 * The batch with each list object replaced by its events, oldest first: Stripe lists newest first,
 * so a page read as it was answered would put every SetupIntent's history backwards.
 */
function expandPages(batch: unknown[]): unknown[] {
  if (!batch.some(isListObject)) return batch;
  return batch.flatMap((value) => (isListObject(value) ? [...value.data].reverse() : [value]));
}

/**
 * Reads a log of events as batches of parsed values, one batch per chunk read, without holding the
 * whole file. The log is a JSON array, JSON Lines, or pretty-printed JSON objects one after the
 * other; each value is an event or a list object (a page of `GET /v1/events`), whose events are
 * read oldest first. JSON Lines are cut at newlines, an array's elements at their top-level commas,
 * pretty-printed objects where they close. Batching keeps the cost of asynchronous iteration per
 * chunk rather than per event.
 */
export async function* readEventLogBatches(source: string | Readable): AsyncGenerator<unknown[]> {
  const stream = typeof source === 'string' ? (source === '-' ? process.stdin : fileChunks(source)) : source;
  const decoder = new StringDecoder('utf8');
  let mode: LogShape = 'unknown';
  let pending = '';
  let line = 1;
  const array = new ArraySplitter();
  const documents = new DocumentSplitter();
  try {
    for await (const chunk of stream) {
      const text = pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
      pending = '';
      if (mode === 'unknown') {
        mode = shapeOf(text);
        if (mode === 'unknown') {
          pending = text;
          continue;
        }
      }
      const batch: unknown[] = [];
      if (mode === 'array') {
        array.push(text, batch);
      } else if (mode === 'documents') {
        documents.push(text, batch);
      } else {
        let from = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
          const value = parseLine(text.slice(from, nl), line);
          line++;
          from = nl + 1;
          if (value !== SKIP) batch.push(value);
        }
        pending = text.slice(from);
      }
      if (batch.length > 0) yield expandPages(batch);
    }
  } catch (error) {
    if (error instanceof EventLogReadError) throw error;
    throw new EventLogReadError(`cannot read the log: ${(error as Error).message}`);
  }
  const rest = pending + decoder.end();
  const batch: unknown[] = [];
  if (mode === 'lines' || (mode === 'unknown' && rest.trim() !== '')) {
    const value = parseLine(rest, line);
    if (value !== SKIP) batch.push(value);
  } else if (mode === 'array') {
    array.push(rest, batch);
    array.end();
  } else if (mode === 'documents') {
    documents.push(rest, batch);
    documents.end();
  }
  if (batch.length > 0) yield expandPages(batch);
}

/** {@link readEventLogBatches}, one event at a time. */
export async function* readEventLog(source: string | Readable): AsyncGenerator<unknown> {
  for await (const batch of readEventLogBatches(source)) {
    yield* batch;
  }
}

const SKIP = Symbol('skip');

function parseLine(text: string, line: number): unknown {
  if (text.trim() === '') {
    return SKIP;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new EventLogReadError((error as Error).message, line);
  }
}
