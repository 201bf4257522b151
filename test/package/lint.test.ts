// What a user installs: the package is packed once, and that one tarball is checked for its contents
// (the LICENSE, the built entries, the docs the README links to, and nothing else), by publint (the
// package.json against the packed files) and by "Are the Types Wrong?" (TypeScript resolves the
// right declarations for `import` and `require`), both run in process.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { checkPackage, createPackageFromTarballData, Package } from '@arethetypeswrong/core';
import type { Problem } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/consumer-project.js';

const run = promisify(execFile);
const TIMEOUT = 120_000;

let packDir = '';
let tarball = new Uint8Array();
let packed: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'index.js')) || !existsSync(join(REPO_ROOT, 'dist', 'index.d.cts'))) {
    throw new Error('The build output is missing: run `npm run build` (or `npm test`, which builds first).');
  }
  // Without lifecycle scripts: `prepare` would rebuild (and briefly delete) dist/ while other tests import it.
  packDir = await mkdtemp(join(tmpdir(), 'setup-intent-machine-pack-'));
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: REPO_ROOT, timeout: TIMEOUT, encoding: 'utf8' });
  const [summary] = JSON.parse(stdout.slice(stdout.indexOf('['))) as readonly { readonly filename: string; readonly files: readonly { readonly path: string }[] }[];
  if (summary === undefined) throw new Error(`npm pack printed no summary: ${stdout}`);
  packed = summary.files.map((file) => file.path).sort();
  tarball = new Uint8Array(await readFile(join(packDir, summary.filename)));
}, TIMEOUT);

afterAll(async () => {
  if (packDir !== '') await rm(packDir, { recursive: true, force: true });
});

describe('the packed files', () => {
  it('are the LICENSE, the README, package.json, the built entries, the legacy emulator entry and the docs', () => {
    const outsideDist = packed.filter((path) => !path.startsWith('dist/'));
    expect(outsideDist).toEqual([
      'LICENSE',
      'README.md',
      'docs/benchmarks.md',
      'docs/emulator.md',
      'docs/errors.md',
      'docs/fidelity.md',
      'docs/future-payments.md',
      'docs/lifecycle-overview.dot',
      'docs/lifecycle-overview.svg',
      'docs/lifecycle.dot',
      'docs/lifecycle.md',
      'docs/lifecycle.svg',
      'docs/operations.md',
      'docs/payment-intent-lifecycle-overview.dot',
      'docs/payment-intent-lifecycle-overview.svg',
      'docs/payment-intent-lifecycle.dot',
      'docs/payment-intent-lifecycle.md',
      'docs/payment-intent-lifecycle.svg',
      'docs/stripe-js-example.html',
      'docs/testing-your-app.md',
      'docs/testing.md',
      'docs/visualize.md',
      'docs/webhooks.md',
      'emulator/package.json',
      'package.json',
    ]);
    for (const entry of ['index', 'emulator', 'msw', 'testing']) {
      for (const extension of ['js', 'cjs', 'd.ts', 'd.cts']) expect(packed).toContain(`dist/${entry}.${extension}`);
    }
    expect(packed).toContain('dist/cli.js');
  });

  it('ship no sources, tests, scripts, fixtures or generated API pages', () => {
    expect(packed.filter((path) => /^(src|test|scripts|bench|docs\/api)\//.test(path) || path.endsWith('.ts') && !path.endsWith('.d.ts') && !path.endsWith('.d.cts'))).toEqual([]);
  });

  it('hold every file the shipped Markdown links to, so the README’s links and diagram work from the package', async () => {
    const broken: string[] = [];
    for (const document of packed.filter((path) => path.endsWith('.md'))) {
      const text = await readFile(join(REPO_ROOT, document), 'utf8');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = (match[1] ?? '').split('#')[0] ?? '';
        if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const resolved = posix.normalize(posix.join(posix.dirname(document), decodeURIComponent(target)));
        if (!packed.includes(resolved)) broken.push(`${document} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('publint', () => {
  it('finds nothing to report, strictly, in the packed tarball', async () => {
    // Inside the tarball the package sits in package/.
    const { messages, pkg } = await publint({ pkgDir: 'package', strict: true, pack: { tarball: tarball.slice().buffer } });
    expect(pkg['name'], 'publint read the packed package.json').toBe('setup-intent-machine');
    expect(messages).toEqual([]);
  });
});

/** The problems attw's `node16` profile reports (it leaves out the legacy `node10` resolution). */
async function typeProblems(pkg: Package): Promise<Problem[]> {
  const result = await checkPackage(pkg);
  if (!result.types) throw new Error('attw found no types in the package');
  return result.problems.filter((problem) => !('resolutionKind' in problem) || problem.resolutionKind !== 'node10');
}

describe('Are the Types Wrong?', () => {
  it('resolves the right types for node16 ESM, node16 CJS and bundlers, for every entry', async () => {
    const pkg = createPackageFromTarballData(tarball);
    expect(await typeProblems(pkg)).toEqual([]);
  }, TIMEOUT);

  it('does report a package whose CommonJS declarations are missing', async () => {
    const pkg = createPackageFromTarballData(tarball);
    const files: Record<string, string> = {};
    for (const path of pkg.listFiles()) {
      if (!path.endsWith('/dist/index.d.cts')) files[path] = pkg.readFile(path);
    }
    const problems = await typeProblems(new Package(files, pkg.packageName, pkg.packageVersion));
    expect(problems.map((problem) => problem.kind)).not.toEqual([]);
  }, TIMEOUT);
});
