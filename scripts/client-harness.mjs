// What the client checks share: Debian packages installed on demand, a fresh build, the emulator
// served on a free loopback port, and an optional recording proxy in front of it that keeps every
// request a client sends (method, path, headers, body) with the emulator's answer.
import { spawn, spawnSync } from 'node:child_process';
import { request as httpRequest, createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBuildStale } from './build-freshness.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Prints a progress line of the client checks on standard error. */
export function say(message) {
  process.stderr.write(`[clients] ${message}\n`);
}

/** Ends the process with `code` after printing `message`. */
export function fail(message, code = 2) {
  process.stderr.write(`[clients] ${message}\n`);
  process.exit(code);
}

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs the Debian `packages` with apt-get when `probe` (a shell command) fails, and checks the
 * probe again afterwards. Exits with a message when apt-get is missing or the install fails.
 */
export function ensureDebianPackages(packages, probe, what) {
  if (spawnSync('sh', ['-c', probe], { stdio: 'ignore' }).status === 0) {
    say(`${what}: already installed`);
    return;
  }
  if (!hasAptGet()) {
    fail(`${what} is missing and apt-get is not available on this machine: install the Debian package(s) ${packages.join(' ')} by hand, then run again.`);
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const command = asRoot ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
  say(`${what} is missing: running ${[...command, 'install', '-y', ...packages].join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = spawnSync(command[0], [...command.slice(1), 'install', '-y', ...packages], { stdio: 'inherit', env });
  if (install.status !== 0) {
    say('apt-get install failed; refreshing the package lists (apt-get update) and trying once more');
    spawnSync(command[0], [...command.slice(1), 'update'], { stdio: 'inherit', env });
    install = spawnSync(command[0], [...command.slice(1), 'install', '-y', ...packages], { stdio: 'inherit', env });
  }
  if (install.status !== 0) fail(`apt-get could not install ${packages.join(' ')} (exit ${install.status ?? install.signal}).`);
  if (spawnSync('sh', ['-c', probe], { stdio: 'ignore' }).status !== 0) {
    fail(`${what} is still not usable after installing ${packages.join(' ')} (check: ${probe}).`);
  }
}

/** Builds dist/ when it is missing or older than src/, as `npm start` does. */
export function ensureBuild() {
  if (!isBuildStale(ROOT)) {
    say('dist/ is up to date with src/: reusing it');
    return;
  }
  say('dist/ is missing or older than src/: running npm run build');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) fail(`npm run build failed (exit ${build.status ?? build.signal}).`);
}

/**
 * Starts `setup-intent-machine serve --port 0` from dist/ and resolves once its banner names the
 * URL. `stop()` ends that process (SIGTERM, then SIGKILL after 5 s) and resolves when it exited.
 */
export function startEmulator(extraArgs = []) {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'serve', '--port', '0', ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the emulator printed no URL within 20 s\n${stdout}${stderr}`));
    }, 20_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({
        url: match[1],
        pid: child.pid,
        stderr: () => stderr,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return exited;
          child.kill('SIGTERM');
          const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
          const result = await exited;
          clearTimeout(force);
          return result;
        },
      });
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited before listening (${code ?? signal})\n${stdout}${stderr}`));
    });
  });
}

/**
 * A loopback HTTP proxy to `target` that records each exchange: `{ method, path, headers, body,
 * status, responseHeaders, response }`. Resolves to `{ url, exchanges, close() }`.
 */
export function startRecordingProxy(target) {
  const upstream = new URL(target);
  const exchanges = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const exchange = { method: req.method, path: req.url, headers: req.headers, body: body.toString('utf8') };
      exchanges.push(exchange);
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          const parts = [];
          answer.on('data', (chunk) => parts.push(chunk));
          answer.on('end', () => {
            const payload = Buffer.concat(parts);
            exchange.status = answer.statusCode;
            exchange.responseHeaders = answer.headers;
            exchange.response = payload.toString('utf8');
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(payload);
          });
        },
      );
      forward.on('error', (error) => {
        exchange.status = 502;
        exchange.response = String(error);
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
      forward.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        exchanges,
        close: () => new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}

/** Runs `command` with `args`, its output passed through; resolves to its exit code. */
export function run(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128))));
}
