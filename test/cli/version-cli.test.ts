// `setup-intent-machine --version` prints the version in package.json, from the sources (in
// process) and from the build, where the bundler baked it in.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI, runBuiltCli, runCli as run } from '../support/run-cli.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('--version', () => {
  it('prints the package version and exits 0, in process', async () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints the same from the built dist/cli.js', async () => {
    expect(existsSync(CLI), 'the build output is missing: run `npm run build` (or `npm test`, which builds first)').toBe(true);
    expect(await runBuiltCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('is listed in the top-level usage', async () => {
    expect((await run(['--help'])).stdout).toContain('       setup-intent-machine --version\n');
  });
});
