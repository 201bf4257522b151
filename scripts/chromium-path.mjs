// The headless Chromium the browser tests launch: `CHROMIUM_PATH` when it is set, otherwise the build
// that the @sparticuz/chromium package ships inside itself (unpacked under the temp folder on first
// use, a few seconds, then reused). `npm run --silent chromium-path` prints it, for your own page tests:
//
//   const browser = await chromium.launch({ executablePath: execSync('npm run --silent chromium-path').toString().trim() });
import { fileURLToPath } from 'node:url';

/** The absolute path of a headless Chromium executable. */
export async function chromiumPath() {
  const override = process.env.CHROMIUM_PATH;
  if (override !== undefined && override !== '') return override;
  const { default: chromium } = await import('@sparticuz/chromium');
  return chromium.executablePath();
}

/**
 * Flags for launching it headless in a sandbox-less container without network: no first-run
 * screens, no background traffic to Google's services (refused here, and noise anywhere).
 */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await chromiumPath());
}
