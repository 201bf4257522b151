import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openOperationLog } from '../../../src/emulator/persistence/operation-log.js';
import { useTempDirs } from './temp-dir.js';
import { transpilePersistence } from './transpile-persistence.js';

const CHILD = fileURLToPath(new URL('./append-until-killed.mjs', import.meta.url));
const HEADER = { format: 'setup-intent-machine/operation-log', version: 2 } as const;
const ACKS = 40;

const tempDir = useTempDirs();
let moduleDir = '';

beforeAll(async () => {
  // Shared by both tests, so not a useTempDirs directory (those are removed after each test).
  moduleDir = await mkdtemp(join(tmpdir(), 'operation-log-module-'));
  await transpilePersistence(moduleDir);
  return () => rm(moduleDir, { recursive: true, force: true });
});

/**
 * Runs the appending child and collects the entry numbers it acknowledged. Without `tearAfter` the
 * test kills it once it has acknowledged {@link ACKS} entries; with it, the child kills itself.
 */
async function runChild(logPath: string, tearAfter?: number) {
  const args = [CHILD, moduleDir, logPath, ...(tearAfter === undefined ? [] : [String(tearAfter)])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const acknowledged: number[] = [];
  let stderr = '';
  let partial = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    acknowledged.push(...lines.map(Number));
    if (tearAfter === undefined && acknowledged.length >= ACKS) child.kill('SIGKILL');
  });
  const [, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  expect(stderr).toBe('');
  expect(signal).toBe('SIGKILL');
  expect(acknowledged).toEqual(acknowledged.map((_, index) => index));
  return acknowledged;
}

/** Reopens the log, checks it holds entries 0..k in order covering every ack, and that it stays valid after an append. */
async function expectRecovered(logPath: string, acknowledged: readonly number[]): Promise<string[]> {
  const warnings: string[] = [];
  const log = await openOperationLog<{ n: number }>(logPath, { header: HEADER, onWarning: (m) => warnings.push(m) });
  const numbers: number[] = [];
  for await (const entry of log.entries()) numbers.push(entry.n);
  try {
    expect(numbers.length).toBeGreaterThanOrEqual(acknowledged.length);
    expect(numbers).toEqual(numbers.map((_, index) => index));
    await log.append({ n: numbers.length });
  } finally {
    await log.close();
  }
  const reopened = await openOperationLog<{ n: number }>(logPath, {
    header: HEADER,
    onWarning: (message) => expect.fail(`unexpected warning after recovery: ${message}`),
  });
  const again: number[] = [];
  try {
    for await (const entry of reopened.entries()) again.push(entry.n);
  } finally {
    await reopened.close();
  }
  expect(again).toEqual([...numbers, numbers.length]);
  return warnings;
}

describe('an operation log written by a process killed with SIGKILL', () => {
  it('reopens holding every acknowledged entry, in order, each once', async () => {
    const logPath = join(await tempDir(), 'operations.jsonl');
    const acknowledged = await runChild(logPath);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKS);
    await expectRecovered(logPath, acknowledged);
  });

  it('reopens after a crash mid-write by dropping the torn line and keeping every acknowledged entry', async () => {
    const logPath = join(await tempDir(), 'operations.jsonl');
    const acknowledged = await runChild(logPath, 24);
    expect(acknowledged).toHaveLength(24);
    const warnings = await expectRecovered(logPath, acknowledged);
    // The killed child left its lock behind as well.
    expect(warnings).toEqual([
      expect.stringMatching(/took over the lock of process \d+, which is no longer running/),
      expect.stringMatching(/line 26, \d+ bytes at byte offset \d+.*no terminating newline/),
    ]);
  });
});
