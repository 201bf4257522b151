// Whether the build in dist/ is older than the sources it is made from.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The newest modification time, in ms, of what the build reads: tsup.config.ts and everything under
 * src/, folders included (a deleted source changes its folder's time).
 */
function newestSource(root) {
  const inputs = [join(root, 'tsup.config.ts'), join(root, 'src'), ...readdirSync(join(root, 'src'), { recursive: true }).map((file) => join(root, 'src', file))];
  return Math.max(...inputs.map((file) => statSync(file).mtimeMs));
}

/** True when `root/dist/cli.js` is missing or older than any file under `root/src` or `root/tsup.config.ts`. */
export function isBuildStale(root) {
  let built;
  try {
    built = statSync(join(root, 'dist', 'cli.js')).mtimeMs;
  } catch {
    return true;
  }
  return built < newestSource(root);
}
