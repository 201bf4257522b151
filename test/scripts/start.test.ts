// `npm start`: it reuses a fresh build (the one `npm install` made) and answers at once, and
// it rebuilds only when dist/ is missing or older than the sources.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { isBuildStale } from '../../scripts/build-freshness.mjs';
import { REPO_ROOT } from '../support/consumer-project.js';
import { DAHLIA_API_VERSION } from '../support/sdk-version.js';

const scratch = mkdtempSync(join(tmpdir(), 'sim-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A project folder with a source file and a built CLI, modified at the given times (seconds). */
function project(name: string, times: { readonly source: number; readonly built?: number }): string {
  const root = join(scratch, name);
  mkdirSync(join(root, 'src', 'core'), { recursive: true });
  writeFileSync(join(root, 'tsup.config.ts'), '');
  writeFileSync(join(root, 'src', 'core', 'rule.ts'), '');
  utimesSync(join(root, 'tsup.config.ts'), 1_000, 1_000);
  // Folders count too: a deleted source changes its folder's time.
  for (const path of ['src', join('src', 'core'), join('src', 'core', 'rule.ts')]) utimesSync(join(root, path), times.source, times.source);
  if (times.built !== undefined) {
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'cli.js'), '');
    utimesSync(join(root, 'dist', 'cli.js'), times.built, times.built);
  }
  return root;
}

describe('the build npm start reuses', () => {
  it('is fresh when dist/cli.js is newer than every source', () => {
    expect(isBuildStale(project('fresh', { source: 2_000, built: 3_000 }))).toBe(false);
  });

  it('is stale when a source, however deep, changed after the build', () => {
    expect(isBuildStale(project('edited', { source: 4_000, built: 3_000 }))).toBe(true);
  });

  it('is stale when there is no build', () => {
    expect(isBuildStale(project('unbuilt', { source: 2_000 }))).toBe(true);
  });
});

describe('npm start', () => {
  it('serves the SDK from the existing build, without building again', async () => {
    expect(isBuildStale(REPO_ROOT), 'npm test builds first, so dist/ is fresh here').toBe(false);
    // Its own process group, so stopping it stops npm and the server npm started, not npm alone.
    const child = spawn('npm', ['start', '--silent', '--', '--port', '0'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // The pipes close when every process holding them has exited: npm and the server alike.
    const closed = new Promise((resolve) => child.stdout.on('close', resolve));
    try {
      let stdout = '';
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
      const url = await new Promise<URL>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          const found = /listening on (\S+)/.exec(stdout)?.[1];
          if (found !== undefined) resolve(new URL(found));
        });
        child.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${stderr}`)));
      });
      expect(stderr).not.toContain('building first');
      const stripe = new Stripe('sk_test_start', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0, apiVersion: DAHLIA_API_VERSION });
      expect((await stripe.setupIntents.create({ payment_method_types: ['card'] } as Stripe.SetupIntentCreateParams)).object).toBe('setup_intent');
    } finally {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await closed;
    }
  });
});
