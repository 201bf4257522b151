// `npm start`: serves the emulator, building first only when dist/ is missing or older than src/
// (the build that `npm install` runs is reused, so the first answer comes within a second or two).
// Arguments after `npm start --` go to `setup-intent-machine serve`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isBuildStale } from './build-freshness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');

if (isBuildStale(root)) {
  console.error('setup-intent-machine: dist/ is missing or older than src/, building first...');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

process.argv = [process.argv[0] ?? 'node', cli, 'serve', ...process.argv.slice(2)];
await import(pathToFileURL(cli).href);
