import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { Env, Hono } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Serves the built results page: hashed assets cached for a year, index.html for every page
 * route (the page routes itself), nothing outside `root`.
 */
export function serveWeb<E extends Env>(app: Hono<E>, root: string): void {
  app.get('*', async (c) => {
    const path = c.req.path;
    if (path.startsWith('/api/')) return c.notFound();
    const relative = normalize(path).replace(/^(\.\.[/\\])+/, '');
    const candidate = join(root, relative);
    const isAsset =
      relative !== '/' &&
      candidate.startsWith(root) &&
      /\.[a-z0-9]+$/i.test(relative) &&
      existsSync(candidate);
    const file = isAsset ? candidate : join(root, 'index.html');
    if (!existsSync(file)) return c.notFound();
    const extension = /\.[a-z0-9]+$/i.exec(file)?.[0] ?? '.html';
    const cache =
      isAsset && relative.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache';
    return new Response(await readFile(file), {
      headers: {
        'content-type': TYPES[extension] ?? 'application/octet-stream',
        'cache-control': cache,
      },
    });
  });
}
