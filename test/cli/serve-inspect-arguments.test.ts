// `serve --inspect [URL]`: the URL is optional and defaults to the Stately inspector relay's port.
import { describe, expect, it } from 'vitest';
import { DEFAULT_INSPECT_URL, parseServeArguments, SERVE_USAGE } from '../../src/cli/serve-command.js';

function inspectOf(args: readonly string[]): unknown {
  const parsed = parseServeArguments(args);
  return parsed === 'help' ? 'help' : (parsed.options.inspect ?? null);
}

describe('serve --inspect', () => {
  it('defaults to ws://localhost:8080, alone or before another flag', () => {
    expect(DEFAULT_INSPECT_URL).toBe('ws://localhost:8080');
    expect(inspectOf(['--inspect'])).toEqual({ url: 'ws://localhost:8080' });
    expect(inspectOf(['--inspect', '--port', '0'])).toEqual({ url: 'ws://localhost:8080' });
  });

  it('takes a ws:// or wss:// URL', () => {
    expect(inspectOf(['--inspect', 'ws://127.0.0.1:9999'])).toEqual({ url: 'ws://127.0.0.1:9999' });
    expect(inspectOf(['--inspect=ws://127.0.0.1:9999', '--port', '0'])).toEqual({ url: 'ws://127.0.0.1:9999' });
    expect(inspectOf(['--port', '0', '--inspect', 'wss://relay.example/inspect'])).toEqual({ url: 'wss://relay.example/inspect' });
  });

  it('is off without the flag', () => {
    expect(inspectOf([])).toBeNull();
  });

  it('refuses URLs that are not WebSocket URLs', () => {
    expect(() => parseServeArguments(['--inspect', 'http://localhost:8080'])).toThrow('--inspect needs a ws:// or wss:// URL: http://localhost:8080');
    expect(() => parseServeArguments(['--inspect', 'localhost'])).toThrow('--inspect is not a URL: localhost');
  });

  it('is in the usage text', () => {
    expect(SERVE_USAGE).toMatch(/^ {2}--inspect \[URL\] +.*\(default ws:\/\/localhost:8080\)$/m);
  });
});
