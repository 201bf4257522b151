import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../../src/emulator.js';
import { OperationLogError } from '../../../src/emulator/persistence/operation-log.js';
import { loggedOperationProblem } from '../../../src/emulator/replay.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs();

const IDS = { seed: 7, state: 7, sequence: 0 };
const REQUEST = {
  kind: 'request',
  time: 1_700_000_000,
  ids: IDS,
  method: 'POST',
  path: '/v1/customers',
  params: {},
  key: { digest: 'sha256_ab', kind: 'secret' },
  requestId: 'req_1',
  idempotencyKey: null,
  status: 200,
  baseUrl: 'http://127.0.0.1:1',
};

describe('loggedOperationProblem', () => {
  it('accepts requests and due steps, old ones without account, apiVersion or digest included', () => {
    expect(loggedOperationProblem(REQUEST)).toBeUndefined();
    expect(loggedOperationProblem({ ...REQUEST, key: { value: 'sk_test_x', kind: 'secret' }, account: 'acct_1', apiVersion: 'v' })).toBeUndefined();
    expect(loggedOperationProblem({ ...REQUEST, key: null, idempotencyKey: 'k' })).toBeUndefined();
    expect(loggedOperationProblem({ kind: 'due_steps', time: 1, ids: IDS })).toBeUndefined();
  });

  it.each([
    [{}, /unknown kind undefined/],
    [{ ...REQUEST, kind: 'reset_everything' }, /unknown kind "reset_everything"/],
    [{ kind: 'due_steps', time: 1 }, /ids is missing/],
    [{ kind: 'due_steps', time: '1', ids: IDS }, /time is not a number/],
    [{ ...REQUEST, path: undefined }, /path is missing/],
    [{ ...REQUEST, status: '200' }, /status is not an integer/],
    [{ ...REQUEST, params: [] }, /params is not an object/],
    [{ ...REQUEST, key: { kind: 'secret' } }, /key is not/],
    [{ ...REQUEST, account: 3 }, /account is not a string/],
  ])('names what is wrong with %j', (entry, problem) => {
    expect(loggedOperationProblem(entry)).toMatch(problem);
  });
});

describe('a data file with an entry that is not an operation', () => {
  it.each([
    ['an unknown kind', { ...REQUEST, kind: 'teleport' }],
    ['a missing field', { kind: 'due_steps', time: 1 }],
    ['an empty object', {}],
  ])('stops createEmulator with a corrupt-file error naming the file and line, for %s', async (_, entry) => {
    const dataFile = join(await tempDir(), 'data.jsonl');
    const header = { format: 'setup-intent-machine/operation-log', version: 1, seed: 7 };
    await writeFile(dataFile, [header, REQUEST, entry, REQUEST].map((value) => `${JSON.stringify(value)}\n`).join(''));
    const error = await createEmulator({ dataFile, log: () => undefined }).then(
      () => expect.fail('expected the start to be refused'),
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(OperationLogError);
    expect((error as OperationLogError).code).toBe('corrupt');
    expect((error as Error).message).toMatch(/data\.jsonl: line 3 \(byte offset \d+\) is not an operation log entry/);
  });
});
