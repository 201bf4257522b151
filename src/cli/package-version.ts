import { readFileSync } from 'node:fs';

/** Set by the build (a tsup `define`) to the version in package.json; undeclared when the sources run unbundled. */
declare const __PACKAGE_VERSION__: string | undefined;

/**
 * The version of setup-intent-machine that `package.json` gives: baked into `dist/` by the build,
 * read from the `package.json` two folders above this file when the sources run unbundled (tests).
 */
export function packageVersion(): string {
  if (typeof __PACKAGE_VERSION__ === 'string') return __PACKAGE_VERSION__;
  // Only unbundled ESM sources get here. The CommonJS build, where `import.meta` is empty, answers
  // from the define above; the `try` also keeps esbuild from warning about `import.meta` there.
  let manifest: { readonly version?: unknown };
  try {
    manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { readonly version?: unknown };
  } catch (error) {
    throw new Error(`cannot read the package version: ${(error as Error).message}`);
  }
  if (typeof manifest.version !== 'string') throw new Error('package.json has no version');
  return manifest.version;
}
