import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Topology } from 'topojson-specification';
import type { Plugin } from 'vite';
import { stateCodes, stateCounties } from './state-topology.ts';

const require = createRequire(import.meta.url);

/** us-atlas's version, part of the shapes' URL so they can be cached as immutable. */
function atlasVersion(): string {
  const manifest = JSON.parse(readFileSync(require.resolve('us-atlas/package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** The folder (under the site root) that holds one county file per state. */
export function countyShapesBase(): string {
  return `assets/us-atlas-${atlasVersion()}`;
}

/**
 * Emits `assets/us-atlas-<version>/counties-<state FIPS>.json` for every state at build time
 * (and serves the same paths in the dev server), and tells the page where they are through
 * `import.meta.env.VITE_COUNTY_SHAPES`.
 */
export function countyShapes(): Plugin {
  const base = countyShapesBase();
  let atlas: Topology | null = null;
  const load = (): Topology => {
    atlas ??= JSON.parse(
      readFileSync(require.resolve('us-atlas/counties-10m.json'), 'utf8'),
    ) as Topology;
    return atlas;
  };
  return {
    name: 'canvass-county-shapes',
    config: () => ({
      define: { 'import.meta.env.VITE_COUNTY_SHAPES': JSON.stringify(`/${base}`) },
    }),
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const match = new RegExp(`^/${base}/counties-(\\d{2})\\.json$`).exec(request.url ?? '');
        if (match?.[1] === undefined) {
          next();
          return;
        }
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(stateCounties(load(), match[1])));
      });
    },
    generateBundle() {
      const topology = load();
      for (const code of stateCodes(topology)) {
        this.emitFile({
          type: 'asset',
          fileName: `${base}/counties-${code}.json`,
          source: JSON.stringify(stateCounties(topology, code)),
        });
      }
    },
  };
}
