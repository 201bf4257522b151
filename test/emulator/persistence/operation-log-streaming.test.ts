import { createHash } from 'node:crypto';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../../src/emulator.js';
import { readLines } from '../../../src/emulator/persistence/operation-log-lines.js';
import { openOperationLog } from '../../../src/emulator/persistence/operation-log.js';
import type { OperationLogHeader } from '../../../src/emulator/persistence/operation-log.js';
import { useTempDirs } from './temp-dir.js';

const HEADER: OperationLogHeader = { format: 'setup-intent-machine/operation-log', version: 2 };
const COUNT = 50_000;

const tempDir = useTempDirs();

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const entryLine = (value: Record<string, unknown>) => `${JSON.stringify({ ...value, sum: sha256(JSON.stringify(value)) })}\n`;

/** Writes a version 2 log of the given entries, as the log itself would have. */
async function writeLog(path: string, header: Record<string, unknown>, entries: Iterable<Record<string, unknown>>): Promise<void> {
  const lines = [`${JSON.stringify(header)}\n`];
  for (const entry of entries) lines.push(entryLine(entry));
  await writeFile(path, lines.join(''));
}

function* numbered(count: number): Generator<{ n: number }> {
  for (let n = 0; n < count; n += 1) yield { n };
}

describe('reading a long log', () => {
  it(`reads ${COUNT} entries back in order, one at a time, and keeps a torn tail recoverable`, async () => {
    const path = join(await tempDir(), 'long.jsonl');
    await writeLog(path, HEADER, numbered(COUNT));
    const intact = (await stat(path)).size;
    await appendFile(path, '{"n":50000,"su');
    const warnings: string[] = [];
    const log = await openOperationLog<{ n: number }>(path, { header: HEADER, onWarning: (message) => warnings.push(message) });
    try {
      expect(warnings).toEqual([expect.stringMatching(new RegExp(`line ${COUNT + 2}, 14 bytes at byte offset ${intact}\\b`))]);
      expect((await stat(path)).size).toBe(intact);
      const entries = log.entries();
      expect(Array.isArray(entries)).toBe(false);
      let expected = 0;
      for await (const entry of entries) {
        expect(entry.n).toBe(expected);
        expected += 1;
      }
      expect(expected).toBe(COUNT);
      await log.append({ n: COUNT });
    } finally {
      await log.close();
    }
    const again = await openOperationLog<{ n: number }>(path, { header: HEADER });
    try {
      let last = -1;
      for await (const entry of again.entries()) last = entry.n;
      expect(last).toBe(COUNT);
    } finally {
      await again.close();
    }
  });

  it('reads entries longer than a read chunk, with multi-byte characters across chunk edges', async () => {
    const path = join(await tempDir(), 'wide.jsonl');
    const entries = [{ n: 0, note: 'é🧾'.repeat(40_000) }, { n: 1 }, { n: 2, note: 'x'.repeat(200_000) }, { n: 3, note: '🧾'.repeat(16_383) }];
    await writeLog(path, HEADER, entries);
    const log = await openOperationLog<Record<string, unknown>>(path, { header: HEADER });
    try {
      const read: unknown[] = [];
      for await (const entry of log.entries()) read.push(entry);
      expect(read).toEqual(entries);
    } finally {
      await log.close();
    }
  });

  it('yields entries appended during this session only after a reopen', async () => {
    const path = join(await tempDir(), 'pinned.jsonl');
    await writeLog(path, HEADER, numbered(3));
    const log = await openOperationLog<{ n: number }>(path, { header: HEADER });
    try {
      await log.append({ n: 3 });
      const read: number[] = [];
      for await (const entry of log.entries()) read.push(entry.n);
      expect(read).toEqual([0, 1, 2]);
    } finally {
      await log.close();
    }
  });
});

describe('readLines', () => {
  it('reads the file a chunk at a time as lines are asked for, not all at once', async () => {
    const text = Buffer.from('x'.repeat(99) + '\n').toString().repeat(10_000);
    const bytes = Buffer.from(text);
    const reads: number[] = [];
    const file = {
      read: async (buffer: Buffer, offset: number, length: number, position: number) => {
        reads.push(position);
        const bytesRead = bytes.copy(buffer, offset, position, position + length);
        return { bytesRead, buffer };
      },
    } as unknown as FileHandle;
    const lines = readLines(file, 0, bytes.length);
    const first = await lines.next();
    expect(first.value).toEqual({ line: 1, offset: 0, bytes: Buffer.from('x'.repeat(99)), terminated: true });
    expect(reads).toEqual([0]);
    let count = 1;
    for await (const line of lines) {
      count += 1;
      expect(line.offset).toBe((count - 1) * 100);
    }
    expect(count).toBe(10_000);
    expect(reads.length).toBe(Math.ceil(bytes.length / (64 * 1024)));
  });

  it('yields an unterminated last line as such', async () => {
    const bytes = Buffer.from('a\nbc');
    const file = {
      read: async (buffer: Buffer, offset: number, length: number, position: number) => ({ bytesRead: bytes.copy(buffer, offset, position, position + length), buffer }),
    } as unknown as FileHandle;
    const lines: unknown[] = [];
    for await (const line of readLines(file, 0, bytes.length)) lines.push({ ...line, bytes: line.bytes.toString() });
    expect(lines).toEqual([
      { line: 1, offset: 0, bytes: 'a', terminated: true },
      { line: 2, offset: 2, bytes: 'bc', terminated: false },
    ]);
  });
});

describe('replaying a long data file', () => {
  it(`replays ${COUNT} entries as they are read`, async () => {
    const dataFile = join(await tempDir(), 'data.jsonl');
    const seed = 7;
    const steps = function* () {
      for (let n = 0; n < COUNT; n += 1) yield { kind: 'due_steps', time: 1_700_000_000 + n, ids: { seed, state: seed, sequence: 0 } };
    };
    await writeLog(dataFile, { ...HEADER, seed, secret_key: '00'.repeat(32) }, steps());
    const emulator = await createEmulator({ dataFile, log: () => undefined });
    try {
      expect(emulator.replay).toEqual({ applied: COUNT, sinceSnapshot: COUNT, lastCompaction: null, diverged: [] });
      expect(emulator.state.time).toBe(1_700_000_000 + COUNT - 1);
      // So long a tail is compacted at start: the next start reads a snapshot.
      expect(await readFile(dataFile, 'utf8')).toMatch(/"kind":"snapshot_end"/);
    } finally {
      await emulator.close();
    }
  });
});
