import type { FileHandle } from 'node:fs/promises';

/** One line of a file, as {@link readLines} yields it. */
export interface FileLine {
  /** The 1-based line number. */
  readonly line: number;
  /** The byte offset where the line starts. */
  readonly offset: number;
  /** The line's bytes, without its newline. */
  readonly bytes: Buffer;
  /** Whether a newline ends it (only the file's last line can lack one). */
  readonly terminated: boolean;
}

const NEWLINE = 0x0a;
const CHUNK_BYTES = 64 * 1024;

/**
 * Yields the lines of the bytes `[start, end)` of a file one at a time, reading it in chunks, so a
 * file of any size is read while holding only a chunk and the line being assembled.
 *
 * @param firstLine - The number of the line at `start`.
 */
export async function* readLines(file: FileHandle, start: number, end: number, firstLine = 1): AsyncGenerator<FileLine> {
  const chunk = Buffer.alloc(CHUNK_BYTES);
  // Pieces of a line that spans chunks; copied, since the chunk buffer is reused.
  let pieces: Buffer[] = [];
  let lineStart = start;
  let line = firstLine;
  let position = start;
  while (position < end) {
    const { bytesRead } = await file.read(chunk, 0, Math.min(CHUNK_BYTES, end - position), position);
    if (bytesRead === 0) break;
    let from = 0;
    for (let newline = chunk.indexOf(NEWLINE, from); newline !== -1 && newline < bytesRead; newline = chunk.indexOf(NEWLINE, from)) {
      const bytes = Buffer.concat([...pieces, chunk.subarray(from, newline)]);
      pieces = [];
      yield { line, offset: lineStart, bytes, terminated: true };
      line += 1;
      lineStart = position + newline + 1;
      from = newline + 1;
    }
    if (from < bytesRead) pieces.push(Buffer.from(chunk.subarray(from, bytesRead)));
    position += bytesRead;
  }
  if (pieces.length > 0) {
    yield { line, offset: lineStart, bytes: Buffer.concat(pieces), terminated: false };
  }
}
