// `npm run --silent chromium-path` prints the Chromium the browser tests launch, so a user's own page
// tests can launch the same one; CHROMIUM_PATH overrides it.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { isAbsolute } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../support/consumer-project.js';

const run = promisify(execFile);

async function chromiumPathScript(env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', 'chromium-path'], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return stdout;
}

describe('npm run --silent chromium-path', () => {
  it('prints only the executable the browser tests launch', async () => {
    const env = { ...process.env };
    delete env['CHROMIUM_PATH'];
    const printed = await chromiumPathScript(env);
    expect(printed.endsWith('\n')).toBe(true);
    const path = printed.trim();
    expect(isAbsolute(path)).toBe(true);
    expect(() => accessSync(path, constants.X_OK)).not.toThrow();
    if (process.env['CHROMIUM_PATH'] === undefined) expect(path).toBe(inject('chromiumPath'));
  });

  it('prints CHROMIUM_PATH when it is set', async () => {
    expect((await chromiumPathScript({ ...process.env, CHROMIUM_PATH: '/opt/chrome/chrome' })).trim()).toBe('/opt/chrome/chrome');
  });
});
