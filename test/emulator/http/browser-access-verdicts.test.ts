// The browser access policy remembers its verdict per Host and Origin value; the emulator's own URL
// (set once listen() knows its port) still decides, and any number of distinct values stays correct.
import { describe, expect, it } from 'vitest';
import { createBrowserAccess } from '../../../src/emulator/browser-access.js';

describe('remembered Host and Origin verdicts', () => {
  it('follow a change of the emulator’s own URL', () => {
    let own = 'http://emulator.test:4242';
    const access = createBrowserAccess({}, () => own);
    expect(access.hostAllowed('emulator.test:4242')).toBe(true);
    expect(access.allowOrigin('http://emulator.test:4242')).toBe('http://emulator.test:4242');
    own = 'http://127.0.0.1:12111';
    expect(access.hostAllowed('emulator.test:4242')).toBe(false);
    expect(access.allowOrigin('http://emulator.test:4242')).toBeNull();
    expect(access.hostAllowed('127.0.0.1:12111')).toBe(true);
  });

  it('stay right past the number of values remembered', () => {
    const access = createBrowserAccess({ allowedHosts: ['named.test'] }, () => 'http://127.0.0.1:12111');
    for (let round = 0; round < 2; round++) {
      for (let index = 0; index < 600; index++) {
        expect(access.hostAllowed(`rebound-${index}.attacker.test`)).toBe(false);
        expect(access.hostAllowed(`localhost:${index + 1}`)).toBe(true);
        expect(access.allowOrigin(`http://rebound-${index}.attacker.test`)).toBeNull();
      }
      expect(access.hostAllowed('named.test')).toBe(true);
      expect(access.hostAllowed('named.test:80')).toBe(true);
      expect(access.hostAllowed('a b')).toBe(false);
    }
  });
});
