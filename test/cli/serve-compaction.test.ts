// `serve --data --compact-after N` under load, killed with SIGKILL at whatever point it reached
// (compactions included): every acknowledged write is there after each restart. The load creates
// and deletes Customers and moves the clock past the 30 days events are kept, so the state stays
// small while the log grows, and snapshots are written.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Served } from './support/serve-child.js';
import { get, post, remove, serve, stopChildren } from './support/serve-child.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-serve-compaction-'));
});
afterEach(stopChildren);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What the clients had acknowledged: Customers created, and those of them deleted. */
interface Acknowledged {
  readonly created: string[];
  readonly deleted: Set<string>;
}

/** Four keep-alive clients create and delete Customers until `count` more are acknowledged, then the server is killed. */
async function loadThenKill(served: Served, count: number, acknowledged: Acknowledged): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const target = acknowledged.created.length + count;
  let reached: (() => void) | undefined;
  const enough = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const client = async (n: number): Promise<void> => {
    for (let i = 0; ; i += 1) {
      try {
        const created = await post(served.url, '/v1/customers', { email: `c${n}-${i}@example.com` }, agent);
        if (created.status !== 200) return;
        const id = (JSON.parse(created.body) as { id: string }).id;
        acknowledged.created.push(id);
        if (acknowledged.created.length >= target) reached?.();
        const deleted = await remove(served.url, `/v1/customers/${id}`, agent);
        if (deleted.status !== 200) return;
        acknowledged.deleted.add(id);
        if (n === 0 && i % 10 === 9) {
          const moved = await post(served.url, '/v1/test_helpers/advance_clock', { seconds: String(31 * 24 * 60 * 60) }, agent);
          if (moved.status !== 200) return;
        }
      } catch {
        return;
      }
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
    const acknowledged: Acknowledged = { created: [], deleted: new Set() };
    for (const count of [120, 97, 143]) {
      const served = await serve(['--data', file, '--compact-after', '25']);
      await loadThenKill(served, count, acknowledged);
    }
    expect(await readFile(file, 'utf8')).toContain('"kind":"snapshot_end"');
    const restarted = await serve(['--data', file, '--compact-after', '25']);
    for (const id of acknowledged.created) {
      const answer = await get(restarted.url, `/v1/customers/${id}`);
      expect(answer.status, id).toBe(200);
      if (acknowledged.deleted.has(id)) expect(JSON.parse(answer.body), id).toMatchObject({ id, deleted: true });
    }
    restarted.process.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    expect((await readdir(dir)).filter((name) => name.endsWith('.compacting'))).toEqual([]);
  }, 30_000);
});
