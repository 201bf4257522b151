// Packaging lints: publint checks the package.json against the packed files, and "Are the Types
// Wrong?" checks that TypeScript resolves the right declarations for `import` and `require`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const TIMEOUT = 120_000;

interface Outcome {
  readonly code: number;
  readonly output: string;
}

async function npx(args: readonly string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('npx', ['--no-install', ...args], { cwd: repoRoot, timeout: TIMEOUT, encoding: 'utf8' });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const { code, stdout, stderr, message } = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof code === 'number' ? code : -1, output: `${stdout ?? ''}${stderr ?? ''}${message}` };
  }
}

describe('package lints', () => {
  let packDir = '';
  let tarball = '';

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist', 'index.js')) || !existsSync(join(repoRoot, 'dist', 'index.d.cts'))) {
      throw new Error('The build output is missing: run `npm run build` (or `npm test`, which builds first).');
    }
    // Pack once, without lifecycle scripts: `attw --pack .` would run `npm pack` with the `prepare`
    // script, rebuilding (and briefly deleting) dist/ while other tests import it.
    packDir = await mkdtemp(join(tmpdir(), 'setup-intent-machine-pack-'));
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
      cwd: repoRoot,
      timeout: TIMEOUT,
      encoding: 'utf8',
    });
    const packed = JSON.parse(stdout.slice(stdout.indexOf('['))) as readonly { readonly filename: string }[];
    tarball = join(packDir, packed[0]?.filename ?? '');
  }, TIMEOUT);

  afterAll(async () => {
    if (packDir !== '') {
      await rm(packDir, { recursive: true, force: true });
    }
  });

  it(
    'publint finds nothing to report',
    async () => {
      const outcome = await npx(['publint', '--strict']);
      expect(outcome.code, outcome.output).toBe(0);
      expect(outcome.output).toContain('All good!');
    },
    TIMEOUT,
  );

  it(
    'attw resolves the right types for node16 ESM, node16 CJS and bundlers',
    async () => {
      expect(existsSync(tarball), `npm pack produced no tarball in ${packDir}`).toBe(true);
      const outcome = await npx(['attw', tarball, '--profile', 'node16', '--format', 'table-flipped']);
      expect(outcome.code, outcome.output).toBe(0);
      expect(outcome.output).toContain('No problems found');
    },
    TIMEOUT,
  );
});
