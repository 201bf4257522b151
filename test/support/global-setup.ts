// Once per test run, before any worker starts: the Chromium the browser tests launch is resolved (and,
// on a fresh machine, unpacked) here, so parallel test files never unpack it at the same time.
import type { TestProject } from 'vitest/node';
import { chromiumPath } from '../../scripts/chromium-path.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The headless Chromium executable for `*.browser.test.ts` (see scripts/chromium-path.mjs). */
    readonly chromiumPath: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('chromiumPath', await chromiumPath());
}
