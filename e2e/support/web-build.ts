import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The results page package. */
const WEB = fileURLToPath(new URL('../../packages/web/', import.meta.url));

/** Where the built page is (what `canvass serve` serves). */
export const WEB_DIST = join(WEB, 'dist');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * Builds the page when dist/ is missing or older than its sources, so the browser tests always
 * drive the current code (and `npm test` needs no separate build step).
 */
export function ensureWebBuilt(): string {
  const built = join(WEB_DIST, 'index.html');
  const sources = ['src', 'build', 'index.html', 'vite.config.ts', 'package.json']
    .map((name) => join(WEB, name))
    .filter((path) => existsSync(path));
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest)))
    return WEB_DIST;
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: WEB, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`building the page failed:\n${result.stdout}\n${result.stderr}`);
  return WEB_DIST;
}
