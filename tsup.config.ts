import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: { index: 'src/index.ts', emulator: 'src/emulator.ts', msw: 'src/msw.ts', testing: 'src/testing.ts', demo: 'src/demo.ts', cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', emulator: 'src/emulator.ts', msw: 'src/msw.ts', testing: 'src/testing.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // `setup-intent-machine --version`: the bundle answers with the version it was built from.
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  external: ['xstate', 'qs', '@statelyai/inspect', 'msw'],
});
