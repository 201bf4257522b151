// The Stripe.js-compatible scripts are the source text of browser functions: served from the built
// emulator (dist/), ESM and CommonJS alike, they must still be whole, parseable JavaScript with no
// bundler helpers (a renamed or helper-wrapped function would fail in the browser, not here).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const PATHS = ['/js/v3', '/v3', '/endive/stripe.js', '/js/v3/elements-inner.js'];

type CreateEmulator = (options: { readonly log: (message: string) => void }) => Promise<{
  readonly fetch: (request: Request) => Promise<Response>;
  readonly close: () => Promise<void>;
}>;

async function servedBy(createEmulator: CreateEmulator): Promise<string[]> {
  const emulator = await createEmulator({ log: () => {} });
  try {
    return await Promise.all(PATHS.map(async (path) => (await emulator.fetch(new Request(`http://127.0.0.1:12111${path}`))).text()));
  } finally {
    await emulator.close();
  }
}

describe('the built Stripe.js scripts', () => {
  const builds: readonly [string, () => Promise<CreateEmulator>][] = [
    ['ESM', async () => ((await import(`${dist}emulator.js`)) as { createEmulator: CreateEmulator }).createEmulator],
    ['CommonJS', async () => (createRequire(import.meta.url)(`${dist}emulator.cjs`) as { createEmulator: CreateEmulator }).createEmulator],
  ];
  for (const [name, load] of builds) {
    it(`${name}: parse, carry the emulator's URL, and use no bundler helper`, async () => {
      const scripts = await servedBy(await load());
      for (const script of scripts) {
        expect(() => new Function(script)).not.toThrow();
        expect(script).not.toMatch(/\b__(name|require|toESM|export|commonJS)\b/);
      }
      expect(scripts[0]).toContain(JSON.stringify('http://127.0.0.1:12111'));
    });
  }
});
