import { open, readFile, unlink } from 'node:fs/promises';
import { OperationLogError } from './operation-log-error.js';

/** A held lock on a data file; release it when the file is closed. */
export interface DataFileLock {
  /** The lock file's path (the data file's path plus `.lock`). */
  readonly path: string;
  /** Removes the lock file; later calls do nothing. */
  release(): Promise<void>;
}

/** Options of {@link acquireDataFileLock}. */
export interface AcquireDataFileLockOptions {
  /** Called when a stale lock (its process is gone) is taken over. */
  readonly onWarning: (message: string) => void;
  /** How messages name the data file (default: the path given). */
  readonly shownAs?: string;
  /** The pid written into the lock (default `process.pid`). */
  readonly pid?: number;
  /** Whether a process is alive (default: `process.kill(pid, 0)` succeeds or is refused with EPERM). */
  readonly isAlive?: (pid: number) => boolean;
}

/** How many times a stale lock is taken over before giving up (another process keeps winning the race). */
const TAKEOVER_ATTEMPTS = 3;

/**
 * Takes an exclusive lock on a data file by creating `path + '.lock'` (mode 0600) holding this
 * process's pid; rejects with {@link OperationLogError} code `locked`, naming the file and the
 * holder's pid when it can be read, while a live process holds it.
 *
 * @remarks Node has no portable `flock`, so the lock is a file created with `O_EXCL`. A process
 * killed without closing leaves its lock behind; a lock whose pid is no longer alive is stale and
 * is taken over with a warning.
 */
export async function acquireDataFileLock(dataFile: string, options: AcquireDataFileLockOptions): Promise<DataFileLock> {
  const path = `${dataFile}.lock`;
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processIsAlive;
  const shown = options.shownAs ?? dataFile;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(`${pid}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      return lockAt(path);
    } catch (error) {
      if (!isErrorCode(error, 'EEXIST')) throw error;
    }
    const holder = await readHolder(path);
    if (holder === null && attempt + 1 < TAKEOVER_ATTEMPTS) continue;
    if (holder === null || holder === undefined || isAlive(holder) || attempt + 1 >= TAKEOVER_ATTEMPTS) {
      const who = holder === null || holder === undefined ? 'another process' : `process ${holder}${holder === pid ? ' (this process)' : ''}`;
      throw new OperationLogError(
        'locked',
        `data file ${shown} is in use by ${who}: two emulators must not share one file (lock file ${path})`,
      );
    }
    options.onWarning(`data file ${shown}: took over the lock of process ${holder}, which is no longer running`);
    await unlink(path).catch((error: unknown) => {
      if (!isErrorCode(error, 'ENOENT')) throw error;
    });
  }
}

function lockAt(path: string): DataFileLock {
  let released: Promise<void> | undefined;
  return {
    path,
    release() {
      released ??= unlink(path).catch((error: unknown) => {
        if (!isErrorCode(error, 'ENOENT')) throw error;
      });
      return released;
    },
  };
}

/** The pid in a lock file: `undefined` when unreadable as one, `null` when the file is gone. */
async function readHolder(path: string): Promise<number | null | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return null;
    throw error;
  }
  const pid = Number(text.trim());
  // An empty or garbled lock may be one being written right now: never assume it is stale.
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isErrorCode(error, 'EPERM');
  }
}

function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
