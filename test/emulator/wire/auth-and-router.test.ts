import { describe, expect, it } from 'vitest';
import { authenticate, secretKeyRequired } from '../../../src/emulator/auth.js';
import { createEmulatorClock } from '../../../src/emulator/clock.js';
import { createRouter } from '../../../src/emulator/router.js';
import type { Route } from '../../../src/emulator/router.js';
import { EMULATOR_ROUTES } from '../../../src/emulator/routes/all-routes.js';

describe('authenticate', () => {
  it('accepts Bearer and Basic test keys and tells secret from publishable', () => {
    expect(authenticate('Bearer sk_test_123')).toEqual({ ok: true, caller: { key: 'sk_test_123', kind: 'secret' } });
    expect(authenticate('bearer rk_test_abc')).toMatchObject({ ok: true, caller: { kind: 'secret' } });
    expect(authenticate('Bearer pk_test_abc')).toMatchObject({ ok: true, caller: { kind: 'publishable' } });
    const basic = `Basic ${Buffer.from('sk_test_basic:').toString('base64')}`;
    expect(authenticate(basic)).toEqual({ ok: true, caller: { key: 'sk_test_basic', kind: 'secret' } });
  });

  it('answers 401 for a missing, malformed or live key, never echoing the key whole', () => {
    for (const header of [undefined, '', 'Token abc', 'Bearer', 'Bearer not_a_key', 'Bearer sk_live_abcdefghijkl', 'Basic !!!']) {
      const result = authenticate(header);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.answer.status).toBe(401);
        const body = result.answer.body as { error: { type: string; message: string } };
        expect(body.error.type).toBe('invalid_request_error');
        expect(body.error.message).not.toContain('abcdefghijkl');
      }
    }
  });

  it('names the key requirement for secret-only endpoints', () => {
    expect(secretKeyRequired()).toMatchObject({ status: 401, body: { error: { code: 'secret_key_required' } } });
  });
});

describe('createRouter', () => {
  const handle = (): never => {
    throw new Error('not called');
  };
  const routes: Route[] = [
    { method: 'GET', pattern: '/v1/things/:id', auth: 'secret', renders: 'none', handle },
    { method: 'GET', pattern: '/v1/things/special', auth: 'secret', renders: 'none', handle },
    { method: 'POST', pattern: '/v1/things/:id/act', auth: 'secret', renders: 'none', handle },
  ];
  const router = createRouter(routes);

  it('matches named segments, decoding them, and prefers literal segments', () => {
    expect(router.match('GET', '/v1/things/th_1')?.path).toEqual({ id: 'th_1' });
    expect(router.match('GET', '/v1/things/a%20b')?.path).toEqual({ id: 'a b' });
    expect(router.match('GET', '/v1/things/special')?.route.pattern).toBe('/v1/things/special');
    expect(router.match('GET', '/v1/things/th_1/')?.path).toEqual({ id: 'th_1' });
    expect(router.match('POST', '/v1/things/th_1/act')?.path).toEqual({ id: 'th_1' });
  });

  it('finds nothing for other methods, lengths, empty or undecodable segments', () => {
    expect(router.match('DELETE', '/v1/things/th_1')).toBeNull();
    expect(router.match('GET', '/v1/things')).toBeNull();
    expect(router.match('GET', '/v1/things//act')).toBeNull();
    expect(router.match('GET', '/v1/things/%E0%A4%A')).toBeNull();
    expect(router.knowsPath('/v1/things/x')).toBe(true);
    expect(router.knowsPath('/v1/nothing')).toBe(false);
  });

  it('has one route per method and path in the emulator', () => {
    const keys = EMULATOR_ROUTES.map((route) => `${route.method} ${route.pattern}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('createEmulatorClock', () => {
  it('reads the wall clock in seconds plus advances, and never goes back', () => {
    let wall = 1_800_000_000_500;
    const clock = createEmulatorClock(() => wall);
    expect(clock.now()).toBe(1_800_000_000);
    clock.advance(3600);
    expect(clock.now()).toBe(1_800_003_600);
    expect(clock.offset()).toBe(3600);
    wall -= 10_000;
    expect(clock.now()).toBe(1_800_003_600);
  });
});
