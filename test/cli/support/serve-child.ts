// Runs the built `serve` command as a child process and talks to it over loopback HTTP; every
// child it starts is stopped by `stopChildren`, which the tests call after each test.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import type { Agent } from 'node:http';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
/** The API key the helpers send. */
export const KEY = 'sk_test_reliability';

/** A running `serve` child. */
export interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  readonly stderr: () => string;
}

/** A `serve` child that printed its URL. */
export interface Served extends Child {
  readonly url: URL;
}

const children: ChildProcessWithoutNullStreams[] = [];

/** Starts `serve --port 0 ARGS`. */
export function run(args: readonly string[]): Child {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return { process: child, exited, stderr: () => stderr };
}

/** Starts `serve` and resolves once it has printed its URL. */
export function serve(args: readonly string[]): Promise<Served> {
  const child = run(args);
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.process.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = /listening on (\S+)/.exec(stdout)?.[1];
      if (url !== undefined) resolve({ ...child, url: new URL(url) });
    });
    void child.exited.then((code) => reject(new Error(`serve exited with ${code}: ${child.stderr()}`)));
  });
}

/** An HTTP answer. */
export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** POSTs a form with the API key. */
export function post(url: URL, path: string, form: Record<string, string>, agent?: Agent): Promise<Answer> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      new URL(path, url),
      { method: 'POST', ...(agent === undefined ? {} : { agent }), headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** GETs a path with the API key. */
export function get(url: URL, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(new URL(path, url), { headers: { authorization: `Bearer ${KEY}` } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    })
      .on('error', reject)
      .end();
  });
}

/** Kills every child still running (SIGKILL) and waits for it to exit. */
export async function stopChildren(): Promise<void> {
  await Promise.all(
    children.splice(0).map(async (child) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    }),
  );
}

/** Sends a DELETE with the API key. */
export function remove(url: URL, path: string, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(new URL(path, url), { method: 'DELETE', ...(agent === undefined ? {} : { agent }), headers: { authorization: `Bearer ${KEY}` } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}
