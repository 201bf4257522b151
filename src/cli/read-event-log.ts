import { closeSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** A log that cannot be read or parsed, naming where. */
export class EventLogReadError extends Error {
  override readonly name = 'EventLogReadError';
}

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

/**
 * Reads a log of events, a JSON array or JSON Lines (one event per line), as batches of parsed
 * values, one batch per chunk read, without holding the whole file: JSON Lines are cut at
 * newlines, and an array's elements are cut at their top-level commas. Batching keeps the cost of
 * asynchronous iteration per chunk rather than per event.
 */
export async function* readEventLogBatches(source: string | Readable): AsyncGenerator<unknown[]> {
  const stream = typeof source === 'string' ? (source === '-' ? process.stdin : fileChunks(source)) : source;
  const decoder = new StringDecoder('utf8');
  let mode: 'unknown' | 'lines' | 'array' = 'unknown';
  let pending = '';
  let line = 1;
  const array = new ArraySplitter();
  try {
    for await (const chunk of stream) {
      const text = pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
      pending = '';
      if (mode === 'unknown') {
        const start = text.search(/\S/);
        if (start < 0) {
          pending = text;
          continue;
        }
        mode = text[start] === '[' ? 'array' : 'lines';
      }
      const batch: unknown[] = [];
      if (mode === 'array') {
        array.push(text, batch);
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
      if (batch.length > 0) yield batch;
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
  }
  if (batch.length > 0) yield batch;
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
    throw new EventLogReadError(`line ${line}: ${(error as Error).message}`);
  }
}

/** Cuts the text of a JSON array into its top-level elements as it arrives. */
class ArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private closed = false;
  private element = '';
  private line = 1;
  private elementLine = 1;

  push(text: string, out: unknown[]): void {
    if (this.closed) {
      this.checkTrailing(text, 0);
      return;
    }
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 34) {
        this.inString = true;
      } else if (c === 123 || c === 91) {
        if (!this.started) {
          if (c !== 91) throw new EventLogReadError(`line ${this.line}: expected a JSON array`);
          this.started = true;
          from = i + 1;
          this.elementLine = this.line;
          continue;
        }
        this.depth++;
      } else if (c === 125 || c === 93) {
        if (this.depth === 0 && c === 93) {
          this.element += text.slice(from, i);
          const value = this.flush();
          if (value !== SKIP) out.push(value);
          this.closed = true;
          this.checkTrailing(text, i + 1);
          from = text.length;
          break;
        }
        this.depth--;
      } else if (c === 44 && this.depth === 0) {
        this.element += text.slice(from, i);
        const value = this.flush();
        if (value === SKIP) throw new EventLogReadError(`line ${this.line}: empty array element`);
        out.push(value);
        from = i + 1;
        this.elementLine = this.line;
      }
    }
    if (!this.closed) this.element += text.slice(from);
  }

  /** Only whitespace may follow the closing bracket. */
  private checkTrailing(text: string, from: number): void {
    const rest = text.slice(from);
    const at = rest.search(/\S/);
    const newlines = (end: number): number => rest.slice(0, end).split('\n').length - 1;
    if (at >= 0) {
      throw new EventLogReadError(`line ${this.line + newlines(at)}: unexpected content after the JSON array`);
    }
    this.line += newlines(rest.length);
  }

  end(): void {
    if (!this.closed) throw new EventLogReadError(`line ${this.line}: the JSON array is not closed`);
  }

  private flush(): unknown {
    const text = this.element;
    this.element = '';
    if (text.trim() === '') return SKIP;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      // The element's own line: the text cut at the comma may start with line breaks.
      const line = this.elementLine + text.slice(0, text.search(/\S/)).split('\n').length - 1;
      throw new EventLogReadError(`line ${line}: ${(error as Error).message}`);
    }
  }
}
