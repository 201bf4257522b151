import { createHash } from 'node:crypto';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OperationLogError, openOperationLog } from '../../../src/emulator/persistence/operation-log.js';
import type { OperationLogHeader, OpenOperationLogOptions } from '../../../src/emulator/persistence/operation-log.js';
import { useTempDirs } from './temp-dir.js';

interface Entry {
  readonly n: number;
  readonly note?: string;
}

const HEADER: OperationLogHeader = { format: 'setup-intent-machine/operation-log', version: 2, seed: 'abc' };
const HEADER_LINE = `${JSON.stringify(HEADER)}\n`;
const line = (value: unknown) => `${JSON.stringify(value)}\n`;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** An entry line as a version 2 log stores it: the entry's JSON with the SHA-256 of that JSON added last. */
const entryLine = (value: Record<string, unknown>) => {
  const json = JSON.stringify(value);
  return `${JSON.stringify({ ...value, sum: sha256(json) })}\n`;
};

const tempDir = useTempDirs();

async function logPath(): Promise<string> {
  return join(await tempDir(), 'operations.jsonl');
}

/** Reads every entry the log held at open. */
async function collect<E>(log: { entries(): AsyncIterable<E> }): Promise<E[]> {
  const entries: E[] = [];
  for await (const entry of log.entries()) entries.push(entry);
  return entries;
}

function open(path: string, options: Partial<OpenOperationLogOptions> = {}) {
  return openOperationLog<Entry>(path, { header: HEADER, ...options });
}

/** Opens, runs the callback with the log, and always closes it. */
async function withLog<R>(
  path: string,
  options: Partial<OpenOperationLogOptions>,
  use: (log: Awaited<ReturnType<typeof open>>) => Promise<R>,
): Promise<R> {
  const log = await open(path, options);
  try {
    return await use(log);
  } finally {
    await log.close();
  }
}

/** Counts fsync calls while still performing them. */
function countingFsync() {
  const counter = {
    calls: 0,
    fsync: async (file: FileHandle) => {
      counter.calls += 1;
      await file.datasync();
    },
  };
  return counter;
}

/**
 * Asserts the raw file is well-formed JSON Lines whose entries carry the SHA-256 of their JSON
 * as their last field, and returns the header and the entries without it.
 */
async function fileLines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const [header, ...entries] = text.slice(0, -1).split('\n');
  return [
    JSON.parse(header ?? '') as unknown,
    ...entries.map((raw) => {
      const match = /^(.*?),?"sum":"([0-9a-f]{64})"\}$/.exec(raw);
      expect(match, raw).not.toBeNull();
      const json = `${match?.[1] ?? ''}}`;
      expect(sha256(json)).toBe(match?.[2]);
      return JSON.parse(json) as unknown;
    }),
  ];
}

async function expectLogError(promise: Promise<unknown>, code: OperationLogError['code'], message?: RegExp) {
  const error = await promise.then(
    () => expect.fail('expected an OperationLogError'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(OperationLogError);
  expect((error as OperationLogError).code).toBe(code);
  if (message !== undefined) expect((error as Error).message).toMatch(message);
}

describe('a new operation log', () => {
  it('writes the header as the first line of a new file and returns it with no entries', async () => {
    const path = await logPath();
    await withLog(path, {}, async (log) => {
      expect(log.header).toEqual(HEADER);
      expect(await collect(log)).toEqual([]);
    });
    expect(await readFile(path, 'utf8')).toBe(HEADER_LINE);
  });

  it('writes the header into an existing empty file', async () => {
    const path = await logPath();
    await writeFile(path, '');
    await withLog(path, {}, async (log) => expect(await collect(log)).toEqual([]));
    expect(await readFile(path, 'utf8')).toBe(HEADER_LINE);
  });

  it('writes format and version first whatever the key order of the given header', async () => {
    const path = await logPath();
    const header = { seed: 'x', version: 2, format: 'setup-intent-machine/operation-log' } as const;
    await withLog(path, { header }, async () => undefined);
    expect(await readFile(path, 'utf8')).toBe('{"format":"setup-intent-machine/operation-log","version":2,"seed":"x"}\n');
  });

  it('fsyncs the header before open resolves', async () => {
    const path = await logPath();
    const counter = countingFsync();
    await withLog(path, { fsync: counter.fsync }, async () => expect(counter.calls).toBe(1));
  });
});

describe('appending and reading back', () => {
  it('round-trips entries across close and reopen, oldest first', async () => {
    const path = await logPath();
    await withLog(path, {}, async (log) => {
      await log.append({ n: 1 });
      await log.append({ n: 2, note: 'ünïcødé ✓ 🧾' });
    });
    await withLog(path, {}, async (log) => {
      expect(await collect(log)).toEqual([{ n: 1 }, { n: 2, note: 'ünïcødé ✓ 🧾' }]);
      await log.append({ n: 3 });
    });
    await withLog(path, {}, async (log) => {
      expect(log.header).toEqual(HEADER);
      expect(await collect(log)).toEqual([{ n: 1 }, { n: 2, note: 'ünïcødé ✓ 🧾' }, { n: 3 }]);
    });
    expect(await fileLines(path)).toEqual([HEADER, { n: 1 }, { n: 2, note: 'ünïcødé ✓ 🧾' }, { n: 3 }]);
  });

  it('keeps the stored header and ignores the one passed to open', async () => {
    const path = await logPath();
    await withLog(path, {}, async () => undefined);
    const other = { format: 'setup-intent-machine/operation-log', version: 2, seed: 'other' } as const;
    await withLog(path, { header: other }, async (log) => expect(log.header).toEqual(HEADER));
  });

  it('stores the entry as it was when append was called', async () => {
    const path = await logPath();
    await withLog(path, {}, async (log) => {
      const entry = { n: 1, note: 'before' };
      const appended = log.append(entry);
      entry.note = 'after';
      await appended;
    });
    await withLog(path, {}, async (log) => expect(await collect(log)).toEqual([{ n: 1, note: 'before' }]));
  });

  it('lands 500 concurrent appends exactly once, in call order, with group-committed fsyncs', async () => {
    const path = await logPath();
    const counter = countingFsync();
    await withLog(path, { fsync: counter.fsync }, async (log) => {
      const afterOpen = counter.calls;
      await Promise.all(Array.from({ length: 500 }, (_, n) => log.append({ n })));
      expect(counter.calls - afterOpen).toBeLessThanOrEqual(2);
    });
    const expected = Array.from({ length: 500 }, (_, n) => ({ n }));
    expect(await fileLines(path)).toEqual([HEADER, ...expected]);
    await withLog(path, {}, async (log) => expect(await collect(log)).toEqual(expected));
  });

  it('writes appends made while an fsync is in progress together in the next write and fsync', async () => {
    const path = await logPath();
    let calls = 0;
    let release: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const fsyncReached = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fsync = async (file: FileHandle) => {
      calls += 1;
      // Call 1 is the header; hold call 2 (the first append) until the others are queued.
      if (calls === 2) {
        reached();
        await held;
      }
      await file.datasync();
    };
    await withLog(path, { fsync }, async (log) => {
      const first = log.append({ n: 0 });
      await fsyncReached;
      const queued = [1, 2, 3, 4].map((n) => log.append({ n }));
      release();
      await Promise.all([first, ...queued]);
      expect(calls).toBe(3);
    });
    expect(await fileLines(path)).toEqual([HEADER, { n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
  });

  it('writes interleaved appends from many async writers in the order they were called', async () => {
    const path = await logPath();
    const called: Entry[] = [];
    await withLog(path, {}, async (log) => {
      const writer = async (w: number) => {
        for (let i = 0; i < 10; i += 1) {
          const entry = { n: w * 100 + i };
          called.push(entry);
          await log.append(entry);
        }
      };
      await Promise.all(Array.from({ length: 20 }, (_, w) => writer(w)));
    });
    expect(called).toHaveLength(200);
    await withLog(path, {}, async (log) => expect(await collect(log)).toEqual(called));
  });

  it('rejects entries with no JSON form and stays usable', async () => {
    const path = await logPath();
    await withLog(path, {}, async (log) => {
      const append = log.append as (entry: unknown) => Promise<void>;
      const cyclic: Record<string, unknown> = {};
      cyclic['self'] = cyclic;
      await expectLogError(append(undefined), 'not_json', /undefined/);
      await expectLogError(append(() => 1), 'not_json', /function/);
      await expectLogError(append(Symbol('s')), 'not_json');
      await expectLogError(append(10n), 'not_json');
      await expectLogError(append(cyclic), 'not_json');
      await log.append({ n: 1 });
    });
    expect(await fileLines(path)).toEqual([HEADER, { n: 1 }]);
  });
});

describe('a torn last line', () => {
  async function logWithTwoEntries(): Promise<{ path: string; intact: number }> {
    const path = await logPath();
    await withLog(path, {}, async (log) => {
      await log.append({ n: 1 });
      await log.append({ n: 2 });
    });
    return { path, intact: (await stat(path)).size };
  }

  async function reopenExpectingTornLine(path: string, intact: number, expectedMessage: RegExp) {
    const warnings: string[] = [];
    await withLog(path, { onWarning: (message) => warnings.push(message) }, async (log) => {
      expect(await collect(log)).toEqual([{ n: 1 }, { n: 2 }]);
      expect((await stat(path)).size).toBe(intact);
      await log.append({ n: 4 });
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(expectedMessage);
    expect(await fileLines(path)).toEqual([HEADER, { n: 1 }, { n: 2 }, { n: 4 }]);
  }

  it('drops a partial JSON line, warns with its line and offset, and truncates before the next append', async () => {
    const { path, intact } = await logWithTwoEntries();
    await appendFile(path, '{"n":3,"no');
    await reopenExpectingTornLine(path, intact, new RegExp(`line 4, 10 bytes at byte offset ${intact}\\b.*no terminating newline`));
  });

  it('drops a complete-looking last line without a newline, since it was never acknowledged', async () => {
    const { path, intact } = await logWithTwoEntries();
    await appendFile(path, '{"n":3}');
    await reopenExpectingTornLine(path, intact, /line 4.*no terminating newline/);
  });

  it('drops a last line cut inside a multi-byte character', async () => {
    const { path, intact } = await logWithTwoEntries();
    const bytes = Buffer.from('{"n":3,"note":"🧾"}\n', 'utf8');
    await appendFile(path, bytes.subarray(0, bytes.indexOf(0xf0) + 2));
    await reopenExpectingTornLine(path, intact, /line 4/);
  });

  it('drops a newline-terminated last line that is not valid JSON', async () => {
    const { path, intact } = await logWithTwoEntries();
    await appendFile(path, Buffer.from([0, 0, 0, 0x0a]));
    await reopenExpectingTornLine(path, intact, /line 4, 4 bytes.*not valid JSON/);
  });

  it('treats a torn header as a file that was never created, and writes a fresh header', async () => {
    const path = await logPath();
    await writeFile(path, '{"format":"setup-intent-mach');
    const warnings: string[] = [];
    await withLog(path, { onWarning: (message) => warnings.push(message) }, async (log) => {
      expect(await collect(log)).toEqual([]);
      expect(log.header).toEqual(HEADER);
    });
    expect(warnings).toEqual([expect.stringMatching(/line 1/)]);
    expect(await readFile(path, 'utf8')).toBe(HEADER_LINE);
  });
});

describe('a corrupt file', () => {
  it('throws for an invalid line that is not the last one, naming the line, and leaves the file alone', async () => {
    const path = await logPath();
    const contents = `${HEADER_LINE}${entryLine({ n: 1 })}{"n":2,\n${entryLine({ n: 3 })}`;
    await writeFile(path, contents);
    await expectLogError(open(path), 'corrupt', /line 3 \(byte offset \d+\) is not valid JSON/);
    expect(await readFile(path, 'utf8')).toBe(contents);
  });

  it('throws for an invalid line followed only by a torn line', async () => {
    const path = await logPath();
    await writeFile(path, `${HEADER_LINE}not json\n{"n":2`);
    await expectLogError(open(path), 'corrupt', /line 2/);
  });

  it.each([
    ['another format', line({ format: 'something-else', version: 1 }), /format "something-else"/],
    ['an unknown version', line({ format: 'setup-intent-machine/operation-log', version: 3 }), /version 3, expected 1 or 2/],
    ['no format', line({ version: 1 }), /format undefined/],
    ['an array', line([]), /not a JSON object/],
    ['invalid JSON', 'hello\n', /line 1 .*not valid JSON/],
    ['an unrelated unterminated line', 'hello world', /line 1 .*not an operation log header/],
  ])('throws for a header with %s and leaves the file alone', async (_, contents, message) => {
    const path = await logPath();
    await writeFile(path, contents);
    await expectLogError(open(path), 'corrupt', message);
    expect(await readFile(path, 'utf8')).toBe(contents);
  });
});

describe('a line that is JSON but not an entry', () => {
  it.each([
    ['null', 'null', /it is null/],
    ['a number', '42', /it is number/],
    ['a string', '"x"', /it is string/],
    ['an array', '[]', /it is an array/],
  ])('refuses %s in the middle of the file, naming the file and line, and leaves the file alone', async (_, raw, why) => {
    const path = await logPath();
    const contents = `${HEADER_LINE}${entryLine({ n: 1 })}${raw}\n${entryLine({ n: 3 })}`;
    await writeFile(path, contents);
    const where = new RegExp(`operations\\.jsonl: line 3 \\(byte offset \\d+\\) is not an operation log entry`);
    await expectLogError(open(path), 'corrupt', where);
    await expectLogError(open(path), 'corrupt', why);
    expect(await readFile(path, 'utf8')).toBe(contents);
  });

  it('refuses a complete last line that is not an entry instead of dropping it as torn', async () => {
    const path = await logPath();
    await writeFile(path, `${HEADER_LINE}${entryLine({ n: 1 })}null\n`);
    await expectLogError(open(path), 'corrupt', /line 3 .*not an operation log entry/);
  });

  it('refuses the lines the check finds a problem with as they are read, passing it each entry', async () => {
    const path = await logPath();
    await writeFile(path, `${HEADER_LINE}${entryLine({ n: 1 })}${entryLine({ m: 2 })}${entryLine({ n: 3 })}`);
    const seen: unknown[] = [];
    const check = (entry: Readonly<Record<string, unknown>>) => {
      seen.push(entry);
      return typeof entry['n'] === 'number' ? undefined : 'n is missing';
    };
    await withLog(path, { check }, async (log) => {
      await expectLogError(collect(log), 'corrupt', /line 3 .*not an operation log entry \(n is missing\)/);
    });
    expect(seen).toEqual([{ n: 1 }, { m: 2 }]);
  });

  it('still drops a torn last line when a check is given', async () => {
    const path = await logPath();
    await writeFile(path, `${HEADER_LINE}${entryLine({ n: 1 })}{"n":`);
    const check = (entry: Readonly<Record<string, unknown>>) => (typeof entry['n'] === 'number' ? undefined : 'n is missing');
    await withLog(path, { check, onWarning: () => undefined }, async (log) => expect(await collect(log)).toEqual([{ n: 1 }]));
  });
});

describe('entry checksums', () => {
  it('writes each entry with the SHA-256 of its JSON as its last field, the empty object too', async () => {
    const path = await logPath();
    const append = async (entry: Record<string, unknown>) => withLog(path, {}, async (log) => log.append(entry as unknown as Entry));
    await append({ n: 1, note: 'ü' });
    await append({});
    const raw = (await readFile(path, 'utf8')).split('\n');
    expect(raw[1]).toBe(`{"n":1,"note":"ü","sum":"${sha256('{"n":1,"note":"ü"}')}"}`);
    expect(raw[2]).toBe(`{"sum":"${sha256('{}')}"}`);
    await withLog(path, {}, async (log) => expect(await collect(log)).toEqual([{ n: 1, note: 'ü' }, {}]));
  });

  it.each([
    ['a changed value', (raw: string) => raw.replace('"n":2', '"n":7')],
    ['an added field', (raw: string) => raw.replace('"n":2', '"n":2,"note":"x"')],
    ['a changed checksum', (raw: string) => raw.replace(/"sum":"./, '"sum":"_')],
  ])('refuses an entry with %s, naming the line as edited or corrupt, and leaves the file alone', async (_, edit) => {
    const path = await logPath();
    await withLog(path, {}, async (log) => {
      for (const n of [1, 2, 3]) await log.append({ n });
    });
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[2] = edit(lines[2] ?? '');
    const contents = lines.join('\n');
    await writeFile(path, contents);
    await expectLogError(open(path), 'corrupt', /operations\.jsonl: line 3 \(byte offset \d+\) does not match its "sum" checksum: it was edited or is corrupt/);
    expect(await readFile(path, 'utf8')).toBe(contents);
  });

  it('refuses an entry without a checksum in a version 2 file', async () => {
    const path = await logPath();
    await writeFile(path, `${HEADER_LINE}${entryLine({ n: 1 })}${line({ n: 2 })}`);
    await expectLogError(open(path), 'corrupt', /line 3 .*has no "sum" checksum.*edited or is corrupt/);
  });

  it('opens a version 1 file, whose entries have no checksums, and checksums what is appended to it', async () => {
    const path = await logPath();
    const old = { format: 'setup-intent-machine/operation-log', version: 1, seed: 'old' };
    await writeFile(path, `${line(old)}${line({ n: 1 })}${line({ n: 2 })}`);
    await withLog(path, {}, async (log) => {
      expect(log.header).toEqual(old);
      expect(await collect(log)).toEqual([{ n: 1 }, { n: 2 }]);
      await log.append({ n: 3 });
    });
    const raw = (await readFile(path, 'utf8')).split('\n');
    expect(raw[3]).toBe(`{"n":3,"sum":"${sha256('{"n":3}')}"}`);
    await withLog(path, {}, async (log) => expect(await collect(log)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]));
    await writeFile(path, raw.join('\n').replace('"n":3', '"n":4'));
    await expectLogError(open(path), 'corrupt', /line 4 .*does not match its "sum" checksum/);
  });

  it('still drops a torn header of a version 1 file', async () => {
    const path = await logPath();
    await writeFile(path, '{"format":"setup-intent-machine/operation-log","version":1,"se');
    await withLog(path, { onWarning: () => undefined }, async (log) => expect(log.header).toEqual(HEADER));
  });

  it('refuses to append what is not a JSON object or has a sum field, and to create a version 1 file', async () => {
    const path = await logPath();
    await withLog(path, {}, async (log) => {
      const append = log.append as (entry: unknown) => Promise<void>;
      await expectLogError(append(42), 'not_json', /not a JSON object/);
      await expectLogError(append([1]), 'not_json', /not a JSON object \(it is an array\)/);
      await expectLogError(append({ n: 1, sum: 'mine' }), 'not_json', /"sum" field/);
    });
    const other = await logPath().then((p) => `${p}.v1`);
    await expectLogError(open(other, { header: { format: 'setup-intent-machine/operation-log', version: 1 } }), 'corrupt', /new files are version 2/);
  });
});

describe('lifecycle and failures', () => {
  it('rejects appends after close, and close is idempotent', async () => {
    const path = await logPath();
    const log = await open(path);
    await log.append({ n: 1 });
    await log.close();
    await expectLogError(log.append({ n: 2 }), 'closed');
    expect(() => log.entries()).toThrow(/is closed/);
    await log.close();
    expect(await fileLines(path)).toEqual([HEADER, { n: 1 }]);
  });

  it('writes appends still queued when close is called before closing', async () => {
    const path = await logPath();
    const log = await open(path);
    const pending = [log.append({ n: 1 }), log.append({ n: 2 })];
    const closed = log.close();
    await expectLogError(log.append({ n: 3 }), 'closed');
    await Promise.all([...pending, closed]);
    expect(await fileLines(path)).toEqual([HEADER, { n: 1 }, { n: 2 }]);
  });

  it('refuses a second open of the same file in this process until the first is closed', async () => {
    const path = await logPath();
    const log = await open(path);
    await expectLogError(open(path), 'already_open');
    await log.close();
    await withLog(path, {}, async (again) => expect(await collect(again)).toEqual([]));
  });

  it('rejects every append of a batch whose fsync fails, then every later append', async () => {
    const path = await logPath();
    const disk = new Error('simulated EIO');
    let calls = 0;
    const fsync = async (file: FileHandle) => {
      calls += 1;
      if (calls === 2) throw disk;
      await file.datasync();
    };
    await withLog(path, { fsync }, async (log) => {
      const batch = [1, 2, 3].map((n) => log.append({ n }));
      for (const append of batch) await expect(append).rejects.toBe(disk);
      await expectLogError(log.append({ n: 4 }), 'failed', /tail is unknown/);
    });
    expect(calls).toBe(2);
  });

  it('lets a failing fsync at open reject the open', async () => {
    const path = await logPath();
    const disk = new Error('simulated EIO');
    await expect(
      open(path, {
        fsync: async () => {
          throw disk;
        },
      }),
    ).rejects.toBe(disk);
    await withLog(path, {}, async (log) => expect(await collect(log)).toEqual([]));
  });
});
