// `serve --data --compact-after N` under load, killed with SIGKILL at whatever point it reached
// (compactions included): every acknowledged write is there after each restart.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Served } from './support/serve-child.js';
import { get, post, serve, stopChildren } from './support/serve-child.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-serve-compaction-'));
});
afterEach(stopChildren);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Creates Customers from four keep-alive clients until `count` are acknowledged, then kills the server. */
async function loadThenKill(served: Served, count: number, acknowledged: string[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const target = acknowledged.length + count;
  let reached: (() => void) | undefined;
  const enough = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const client = async (n: number): Promise<void> => {
    for (let i = 0; ; i += 1) {
      let answer: Answer;
      try {
        answer = await post(served.url, '/v1/customers', { email: `c${n}-${i}@example.com` }, agent);
      } catch {
        return;
      }
      if (answer.status !== 200) return;
      acknowledged.push((JSON.parse(answer.body) as { id: string }).id);
      if (acknowledged.length >= target) reached?.();
    }
  };
  const clients = Promise.all([0, 1, 2, 3].map(client));
  await enough;
  served.process.kill('SIGKILL');
  await served.exited;
  await clients;
  agent.destroy();
}

describe('serve --data FILE --compact-after N', () => {
  it('keeps every acknowledged write across kill -9 at any point, compactions included', async () => {
    const file = join(dir, 'compacting.jsonl');
    const acknowledged: string[] = [];
    for (const count of [120, 97, 143]) {
      const served = await serve(['--data', file, '--compact-after', '25']);
      await loadThenKill(served, count, acknowledged);
    }
    expect(await readFile(file, 'utf8')).toContain('"kind":"snapshot_end"');
    const restarted = await serve(['--data', file, '--compact-after', '25']);
    for (const id of acknowledged) {
      expect((await get(restarted.url, `/v1/customers/${id}`)).status, id).toBe(200);
    }
    restarted.process.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    expect((await readdir(dir)).filter((name) => name.endsWith('.compacting'))).toEqual([]);
  }, 30_000);
});
