// The data file lock: a new log and its lock are private (0600), the lock holds the pid and goes
// away on close, a lock held by a live process refuses the open naming the file and the pid, and a
// lock whose process is gone is taken over with a warning.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataFileLock } from '../../../src/emulator/persistence/data-file-lock.js';
import { OperationLogError, openOperationLog } from '../../../src/emulator/persistence/operation-log.js';
import type { OperationLogHeader } from '../../../src/emulator/persistence/operation-log.js';
import { useTempDirs } from './temp-dir.js';

const HEADER: OperationLogHeader = { format: 'setup-intent-machine/operation-log', version: 2 };
const tempDir = useTempDirs();

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('the data file lock', () => {
  it('creates the log and its lock with mode 0600, the lock holding this pid, and removes the lock on close', async () => {
    const path = join(await tempDir(), 'data.jsonl');
    const log = await openOperationLog(path, { header: HEADER });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(`${path}.lock`)).mode & 0o777).toBe(0o600);
    expect(await readFile(`${path}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    await log.close();
    expect(await exists(`${path}.lock`)).toBe(false);
  });

  it('refuses an open while a live process holds the lock, naming the file and its pid', async () => {
    const path = join(await tempDir(), 'data.jsonl');
    // The parent of the test runner is alive for as long as the test runs.
    await writeFile(`${path}.lock`, `${process.ppid}\n`);
    const opening = openOperationLog(path, { header: HEADER });
    await expect(opening).rejects.toBeInstanceOf(OperationLogError);
    await expect(opening).rejects.toMatchObject({ code: 'locked', message: expect.stringContaining(`${path} is in use by process ${process.ppid}`) });
    expect(await readFile(`${path}.lock`, 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('refuses a second open in the same process, naming the file and the pid', async () => {
    const path = join(await tempDir(), 'data.jsonl');
    const log = await openOperationLog(path, { header: HEADER });
    try {
      await expect(openOperationLog(path, { header: HEADER })).rejects.toMatchObject({
        code: 'already_open',
        message: `operation log ${path} is already open in this process (pid ${process.pid})`,
      });
    } finally {
      await log.close();
    }
  });

  it('takes over a lock whose process is no longer alive, with a warning', async () => {
    const path = join(await tempDir(), 'data.jsonl');
    await writeFile(`${path}.lock`, '4242\n');
    const warnings: string[] = [];
    const lock = await acquireDataFileLock(path, { onWarning: (message) => warnings.push(message), pid: 7, isAlive: (pid) => pid !== 4242 });
    expect(warnings).toEqual([`data file ${path}: took over the lock of process 4242, which is no longer running`]);
    expect(await readFile(lock.path, 'utf8')).toBe('7\n');
    await lock.release();
    expect(await exists(lock.path)).toBe(false);
  });

  it('never takes over a lock it cannot read a pid from, which may be one being written', async () => {
    const path = join(await tempDir(), 'data.jsonl');
    await writeFile(`${path}.lock`, '');
    await expect(acquireDataFileLock(path, { onWarning: () => expect.fail('no takeover expected'), isAlive: () => false })).rejects.toMatchObject({
      code: 'locked',
      message: expect.stringContaining('in use by another process'),
    });
  });
});
