// What `--data FILE` keeps of API keys: the file is private (0600) and holds no key, only its kind
// and a one-way digest, yet idempotency keys still replay after a restart, also from logs written
// when the key itself was stored.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator.js';
import type { Emulator } from '../../src/emulator.js';

const KEY = 'sk_test_private_4eC39HqLyjWDarjtT1zdp7dc';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-persistence-secrets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function createCustomer(emulator: Emulator, email: string, idempotencyKey: string): Promise<Response> {
  return emulator.fetch(
    new Request('http://127.0.0.1/v1/customers', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': idempotencyKey },
      body: new URLSearchParams({ email }).toString(),
    }),
  );
}

async function withEmulator<R>(dataFile: string, use: (emulator: Emulator) => Promise<R>): Promise<R> {
  const emulator = await createEmulator({ dataFile, log: (message) => expect.fail(`unexpected log: ${message}`) });
  try {
    return await use(emulator);
  } finally {
    await emulator.close();
  }
}

/** Answers the same idempotent request again after a restart: the stored answer, marked as replayed. */
async function expectReplayed(dataFile: string, id: string): Promise<void> {
  await withEmulator(dataFile, async (emulator) => {
    const again = await createCustomer(emulator, 'kept@example.com', 'create-kept');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(id);
    const other = await createCustomer(emulator, 'other@example.com', 'create-kept');
    expect(other.status).toBe(400);
  });
}

describe('API keys in the data file', () => {
  it('creates the file with mode 0600 and stores no key, yet replays idempotency keys after a restart', async () => {
    const file = join(dir, 'fresh.jsonl');
    const id = await withEmulator(file, async (emulator) => {
      const created = await createCustomer(emulator, 'kept@example.com', 'create-kept');
      expect(created.status).toBe(200);
      return ((await created.json()) as { id: string }).id;
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('sk_test_');
    expect(text).not.toContain('4eC39HqLyjWDarjtT1zdp7dc');
    expect(JSON.parse(text.split('\n')[1] ?? '')).toMatchObject({ key: { kind: 'secret', digest: expect.stringMatching(/^sha256_[0-9a-f]{64}$/) } });
    await expectReplayed(file, id);
  });

  it('still replays a log written when entries stored the key itself', async () => {
    const file = join(dir, 'old.jsonl');
    const id = await withEmulator(file, async (emulator) => ((await (await createCustomer(emulator, 'kept@example.com', 'create-kept')).json()) as { id: string }).id);
    // An older version wrote `key: { value, kind }` into version 1 files, whose entries have no
    // checksum; rewrite the file into that form.
    const lines = (await readFile(file, 'utf8')).split('\n');
    const old = lines.map((line, index) => {
      if (line === '') return line;
      if (index === 0) return JSON.stringify({ ...(JSON.parse(line) as object), version: 1 });
      const { sum: _sum, ...entry } = JSON.parse(line) as { key: { digest?: string; kind: string } | null; sum?: string };
      return JSON.stringify(entry.key === null ? entry : { ...entry, key: { value: KEY, kind: entry.key.kind } });
    });
    await writeFile(file, old.join('\n'));
    expect(await readFile(file, 'utf8')).toContain(KEY);
    await expectReplayed(file, id);
  });
});
