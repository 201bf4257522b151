// Once a data file write fails, the dispatcher answers nothing more from the state: the change that
// failed to be written is applied in memory, and showing it (or anything built on it) would show
// what a restart loses.
import { describe, expect, it } from 'vitest';
import { createEmulatorAccounts } from '../../../src/emulator/accounts.js';
import { createBrowserAccess } from '../../../src/emulator/browser-access.js';
import { createDispatcher } from '../../../src/emulator/dispatch.js';
import { createRouter } from '../../../src/emulator/router.js';
import { EMULATOR_ROUTES } from '../../../src/emulator/routes/all-routes.js';
import type { WireRequest } from '../../../src/emulator/wire.js';

function request(method: string, path: string, body = ''): WireRequest {
  const headers: Record<string, string> = { authorization: 'Bearer sk_test_failed_write', 'content-type': 'application/x-www-form-urlencoded' };
  return { method, path, query: '', body, header: (name) => headers[name] };
}

describe('after a failed data file write', () => {
  it('answers the failed request and every later one, reads included, with a 500 that says to restart', async () => {
    let failing = false;
    const errors: unknown[] = [];
    const accounts = createEmulatorAccounts({ seed: 5, environment: { urls: { authentication: () => '', microdepositVerification: () => '', mandate: () => '' }, apiVersion: '2026-07-29.dahlia' } });
    const handle = createDispatcher({
      accounts,
      router: createRouter(EMULATOR_ROUTES),
      baseUrl: () => 'http://127.0.0.1:12111',
      limits: { maxBodyBytes: 1024 * 1024 },
      apiVersion: '2026-07-29.dahlia',
      requestId: () => 'req_failed_write',
      persist: () => (failing ? Promise.reject(new Error('ENOSPC: no space left on device')) : Promise.resolve()),
      afterCommit: () => undefined,
      onError: (error) => errors.push(error),
      browser: createBrowserAccess({}, () => 'http://127.0.0.1:12111'),
    });
    const kept = await handle(request('POST', '/v1/customers', 'email=kept%40example.com'));
    expect(kept.status).toBe(200);
    const keptId = (JSON.parse(kept.body) as { id: string }).id;

    failing = true;
    const lost = await handle(request('POST', '/v1/customers', 'email=lost%40example.com'));
    expect(lost.status).toBe(500);
    expect(JSON.parse(lost.body)).toMatchObject({ error: { type: 'api_error', message: expect.stringContaining('may not survive a restart') } });
    expect(errors).toHaveLength(1);

    for (const later of [request('GET', '/v1/customers'), request('GET', `/v1/customers/${keptId}`), request('POST', '/v1/customers', 'email=next%40example.com')]) {
      const answer = await handle(later);
      expect(answer.status, `${later.method} ${later.path}`).toBe(500);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { type: 'api_error', message: expect.stringContaining('Restart it') } });
      expect(answer.body).not.toContain('lost@example.com');
    }
  });
});
