import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/fast-check-setup.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // The one type-check of the run: vitest runs `tsc --noEmit -p test/tsconfig.json`, which covers
    // src/, test/ and bench/; an error anywhere fails the run, and test/types/*.test-d.ts count as tests.
    typecheck: {
      enabled: true,
      include: ['test/types/**/*.test-d.ts'],
      tsconfig: 'test/tsconfig.json',
    },
    testTimeout: 30_000,
    // Worker threads that keep their module cache between test files: src/ is loaded once per worker
    // instead of once per file, which halves the suite. So a test file must not rely on module state
    // left fresh for it (none does: the core is pure and every emulator is created by its test).
    pool: 'threads',
    isolate: false,
    // One worker per core (vitest leaves one core idle by default, which on two cores halves the speed);
    // the tests mostly wait on loopback sockets and child processes, so the type-check fits beside them.
    maxWorkers: availableParallelism(),
  },
});
