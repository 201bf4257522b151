import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../../src/emulator/persistence/group-commit.js';

/** A flush that records its batches and holds each one until the test releases it. */
function gatedFlush() {
  const batches: string[][] = [];
  const waiting: { release: () => void; fail: (error: Error) => void }[] = [];
  let announce: (() => void) | undefined;
  const flush = (batch: readonly string[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push([...batch]);
      waiting.push({ release: resolve, fail: reject });
      announce?.();
    });
  const nextFlushStarted = () =>
    new Promise<void>((resolve) => {
      announce = resolve;
    });
  const current = () => {
    const next = waiting.shift();
    if (next === undefined) throw new Error('no flush is waiting');
    return next;
  };
  return { batches, flush, nextFlushStarted, current };
}

const failed = (cause: unknown) => new Error('failed earlier', { cause });

describe('group commit', () => {
  it('flushes items submitted in one synchronous burst together', async () => {
    const gate = gatedFlush();
    const commit = createGroupCommit(gate.flush, failed);
    const started = gate.nextFlushStarted();
    const done = Promise.all(['a', 'b', 'c'].map((item) => commit.submit(item)));
    await started;
    gate.current().release();
    await done;
    expect(gate.batches).toEqual([['a', 'b', 'c']]);
  });

  it('queues items submitted while a flush runs and sends them all in the next flush, in order', async () => {
    const gate = gatedFlush();
    const commit = createGroupCommit(gate.flush, failed);
    let started = gate.nextFlushStarted();
    const first = commit.submit('a');
    await started;
    const later = [commit.submit('b'), commit.submit('c'), commit.submit('d')];
    let firstResolved = false;
    void first.then(() => {
      firstResolved = true;
    });
    expect(gate.batches).toEqual([['a']]);
    started = gate.nextFlushStarted();
    gate.current().release();
    await first;
    expect(firstResolved).toBe(true);
    await started;
    gate.current().release();
    await Promise.all(later);
    expect(gate.batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('rejects the failed batch with its error, then everything queued or submitted later', async () => {
    const gate = gatedFlush();
    const commit = createGroupCommit(gate.flush, failed);
    const started = gate.nextFlushStarted();
    const batch = [commit.submit('a'), commit.submit('b')];
    await started;
    const queued = commit.submit('c');
    const disk = new Error('EIO');
    gate.current().fail(disk);
    for (const result of batch) await expect(result).rejects.toBe(disk);
    await expect(queued).rejects.toMatchObject({ message: 'failed earlier', cause: disk });
    await expect(commit.submit('d')).rejects.toMatchObject({ message: 'failed earlier', cause: disk });
    await commit.idle();
    expect(gate.batches).toEqual([['a', 'b']]);
  });

  it('is idle at once with nothing queued, and after the last flush otherwise', async () => {
    const gate = gatedFlush();
    const commit = createGroupCommit(gate.flush, failed);
    await commit.idle();
    const started = gate.nextFlushStarted();
    const item = commit.submit('a');
    let idle = false;
    const waiting = commit.idle().then(() => {
      idle = true;
    });
    await started;
    expect(idle).toBe(false);
    gate.current().release();
    await waiting;
    await item;
    expect(idle).toBe(true);
  });
});
