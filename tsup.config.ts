import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', emulator: 'src/emulator.ts', demo: 'src/demo.ts', cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', emulator: 'src/emulator.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['xstate', 'qs', '@statelyai/inspect'],
});
