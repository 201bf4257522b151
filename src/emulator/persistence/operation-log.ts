import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, realpath, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { acquireDataFileLock } from './data-file-lock.js';
import type { DataFileLock } from './data-file-lock.js';
import { createGroupCommit } from './group-commit.js';
import { OperationLogError } from './operation-log-error.js';
import { OPERATION_LOG_VERSION, readEntries, scanOperationLog, serialiseEntry, serialiseHeader } from './operation-log-format.js';
import type { EntryCheck, OperationLogHeader, TornLine } from './operation-log-format.js';

export { OperationLogError } from './operation-log-error.js';
export type { OperationLogErrorCode } from './operation-log-error.js';
export { OPERATION_LOG_FORMAT, OPERATION_LOG_VERSION } from './operation-log-format.js';
export type { EntryCheck, OperationLogHeader } from './operation-log-format.js';

/** An open operation log: what the file already held, and a way to add to it durably. */
export interface OpenedOperationLog<T> {
  /** The header (first line) of the file: the one passed to open when the file was new, or the stored one. */
  readonly header: OperationLogHeader;
  /**
   * Reads the entries that were in the file at open, oldest first (a torn last line dropped), one
   * at a time: the file is read again as they are asked for, so none is kept in memory. Each is a
   * JSON object that passed {@link OpenOperationLogOptions.check}, if one was given, without its
   * checksum field; nothing else checks them against `T`. Entries appended since are not included.
   * Throws {@link OperationLogError} with code `closed` after `close()`.
   */
  entries(): AsyncIterable<T>;
  /**
   * Appends an entry; resolves only once it is durably on disk (written and fsynced). Appends are
   * written in call order. The entry is serialised during the call, so later mutation does not
   * affect what is stored.
   */
  append(entry: T): Promise<void>;
  /**
   * Replaces what the file holds by the header and `entries()` (a snapshot, typically): they are
   * written and fsynced to `PATH.compacting` beside the file, which then takes the file's name, so
   * a crash at any point leaves the old file or the new one, whole. From the first entry read to
   * the rename nothing else runs (the writes are synchronous), so `entries()` may read live state;
   * it may throw to call the rewrite off, which then changes nothing. Appends made before resolve
   * into the old file, later ones into the new. Resolves with what was written, or `null` when the
   * new file would have grown past `maxBytes` (the rewrite is then called off, changing nothing).
   * After a rewrite, {@link OpenedOperationLog.entries} throws: what it would read is gone.
   */
  rewrite(entries: () => Iterable<T>, options?: { readonly maxBytes?: number }): Promise<{ readonly entries: number; readonly bytes: number } | null>;
  /** The file's size in bytes, counting the appends submitted so far. */
  size(): number;
  /** Flushes and closes the file; later appends reject. */
  close(): Promise<void>;
}

/** Options for {@link openOperationLog}. */
export interface OpenOperationLogOptions {
  /** Header to write when the file does not exist or is empty. */
  readonly header: OperationLogHeader;
  /**
   * Called with a human-readable message when a torn last line is dropped or a stale lock is taken
   * over (default: `process.emitWarning`).
   */
  readonly onWarning?: (message: string) => void;
  /**
   * Checks each stored entry as {@link OpenedOperationLog.entries} reads it; a line it finds a
   * problem with makes the read throw {@link OperationLogError} with code `corrupt`, naming the
   * line. (The open checks every line's checksum, and that each is a JSON object, whatever it says.)
   */
  readonly check?: EntryCheck;
  /** For tests: the fsync function (default: FileHandle.datasync). */
  readonly fsync?: (file: FileHandle) => Promise<void>;
}

// Real paths of the logs open in this process; a second open of the same file would interleave
// writes behind the group commit's back.
const openPaths = new Set<string>();

/**
 * Opens (creating if needed) an append-only JSON Lines operation log, reads it through line by
 * line checking every entry (JSON objects, checksums; {@link OpenOperationLogOptions.check} as they are read),
 * drops a torn last line left by a crash, and returns a handle that reads the entries back one at
 * a time and whose appends are durable on resolve.
 *
 * @remarks Only one open per file is allowed: a second in this process rejects with code
 * `already_open`, and one in another process with code `locked` (the open holds `PATH.lock`, a file
 * with its pid, until `close()`; a lock left by a process that is no longer running is taken over
 * with a warning). A new file and its lock are created with mode 0600.
 *
 * @example
 * ```ts
 * const log = await openOperationLog<Operation>('data.jsonl', {
 *   header: { format: 'setup-intent-machine/operation-log', version: 2 },
 * });
 * for await (const entry of log.entries()) replay(entry);
 * await log.append(next); // now safe to answer the request
 * ```
 */
export async function openOperationLog<T>(
  path: string,
  options: OpenOperationLogOptions,
): Promise<OpenedOperationLog<T>> {
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, 'OperationLogWarning'));
  const file = await openOrCreate(path);
  let key: string | undefined;
  let lock: DataFileLock | undefined;
  try {
    const resolved = await realpath(path);
    if (openPaths.has(resolved)) {
      throw new OperationLogError('already_open', `operation log ${path} is already open in this process (pid ${process.pid})`);
    }
    openPaths.add(resolved);
    key = resolved;
    // Taken before reading: recovery truncates a torn tail, which must never race another writer.
    lock = await acquireDataFileLock(resolved, { onWarning: warn, shownAs: path });
    // Left by a rewrite cut short by a crash: the file itself is still the old one, whole.
    await rm(`${resolved}.compacting`, { force: true });
    return await initialise<T>(file, path, resolved, lock, { ...options, onWarning: warn });
  } catch (error) {
    if (key !== undefined) openPaths.delete(key);
    await file.close();
    await lock?.release();
    throw error;
  }
}

async function openOrCreate(path: string): Promise<FileHandle> {
  try {
    // 'a+' appends every write at the end of the file whatever the file position, and still reads.
    // 0600: the log holds every request's parameters.
    return await open(path, 'ax+', 0o600);
  } catch (error) {
    if (!isErrorCode(error, 'EEXIST')) throw error;
    return await open(path, 'a+');
  }
}

async function initialise<T>(
  file: FileHandle,
  path: string,
  resolved: string,
  lock: DataFileLock,
  options: OpenOperationLogOptions & { readonly onWarning: (message: string) => void },
): Promise<OpenedOperationLog<T>> {
  const fsync = options.fsync ?? ((handle: FileHandle) => handle.datasync());
  const warn = options.onWarning;

  const source = `operation log ${path}`;
  const parsed = await scanOperationLog(file, (await file.stat()).size, source, options.check);
  if (parsed.torn !== undefined) {
    await file.truncate(parsed.intactLength);
    await fsync(file);
    warn(tornMessage(path, parsed.torn));
  }
  let header = parsed.header;
  if (header === undefined) {
    await writeAll(file, Buffer.from(serialiseHeader(options.header), 'utf8'));
    await fsync(file);
    // The file's directory entry must be durable too, or a crash could lose the whole file.
    await syncDirectory(dirname(resolved));
    header = options.header;
  }

  const commitTo = (target: FileHandle) =>
    createGroupCommit<string>(
      async (lines) => {
        await writeAll(target, Buffer.from(lines.join(''), 'utf8'));
        await fsync(target);
      },
      (cause) =>
        new OperationLogError('failed', `operation log ${path} failed earlier; its tail is unknown, so appends stop`, {
          cause,
        }),
    );
  let current = file;
  let commit = commitTo(file);
  // Files replaced by a rewrite, closed once their last appends are flushed.
  const retired: Promise<void>[] = [];
  let rewritten = false;
  let size = parsed.intactLength === 0 ? Buffer.byteLength(serialiseHeader(header)) : parsed.intactLength;
  let closing: Promise<void> | undefined;

  return {
    header,
    entries() {
      if (closing !== undefined) throw new OperationLogError('closed', `operation log ${path} is closed`);
      if (rewritten) throw new OperationLogError('closed', `operation log ${path} was rewritten; its entries at open are gone`);
      // Pinned at open: appends made since lie beyond the stored entries.
      const { entriesStart, intactLength } = parsed;
      const version = header.version;
      return readEntries(file, entriesStart, intactLength, version, source, options.check) as AsyncIterable<T>;
    },
    async append(entry) {
      if (closing !== undefined) throw new OperationLogError('closed', `operation log ${path} is closed`);
      const line = serialiseEntry(entry);
      size += Buffer.byteLength(line);
      return commit.submit(line);
    },
    async rewrite(entries, rewriteOptions = {}) {
      if (closing !== undefined) throw new OperationLogError('closed', `operation log ${path} is closed`);
      const maxBytes = rewriteOptions.maxBytes ?? Infinity;
      const temporary = `${resolved}.compacting`;
      const next = await open(temporary, 'w', 0o600);
      let written = 0;
      let bytes = 0;
      const write = (text: string): void => {
        bytes += writeSync(next.fd, text);
      };
      let tooLarge = false;
      try {
        // Synchronous from here to the rename: nothing can change what `entries` reads meanwhile.
        write(serialiseHeader({ ...header, version: OPERATION_LOG_VERSION }));
        let pending: string[] = [];
        let pendingLength = 0;
        for (const entry of entries()) {
          const line = serialiseEntry(entry);
          pending.push(line);
          pendingLength += line.length;
          written += 1;
          if (pendingLength >= REWRITE_CHUNK_CHARS) {
            write(pending.join(''));
            pending = [];
            pendingLength = 0;
            if (bytes > maxBytes) break;
          }
        }
        write(pending.join(''));
        tooLarge = bytes > maxBytes;
        if (!tooLarge) {
          fsyncSync(next.fd);
          renameSync(temporary, resolved);
          syncDirectorySync(dirname(resolved));
        }
      } catch (error) {
        await next.close();
        rmSync(temporary, { force: true });
        throw error;
      }
      if (tooLarge) {
        await next.close();
        rmSync(temporary, { force: true });
        return null;
      }
      const previous = { file: current, commit };
      current = next;
      commit = commitTo(next);
      rewritten = true;
      size = bytes;
      retired.push(previous.commit.idle().then(() => previous.file.close()));
      return { entries: written, bytes };
    },
    size: () => size,
    close() {
      closing ??= (async () => {
        try {
          await Promise.all(retired);
          await commit.idle();
          await current.close();
        } finally {
          openPaths.delete(resolved);
          await lock.release();
        }
      })();
      return closing;
    },
  };
}

/** How many characters of entries a rewrite gathers before each write. */
const REWRITE_CHUNK_CHARS = 1 << 20;

function syncDirectorySync(directory: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    if (bytesWritten === 0) throw new Error('write made no progress');
    offset += bytesWritten;
  }
}

async function syncDirectory(directory: string): Promise<void> {
  // Windows cannot open a directory for fsync, and NTFS journals directory entries itself.
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function tornMessage(path: string, torn: TornLine): string {
  const why = torn.reason === 'unterminated' ? 'it has no terminating newline' : 'it is not valid JSON';
  return (
    `operation log ${path}: dropped a torn last line (line ${torn.line}, ${torn.length} bytes at byte offset ` +
    `${torn.offset}) because ${why}; it was cut short by a crash and never acknowledged`
  );
}

function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
