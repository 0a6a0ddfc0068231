import { preact } from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { countyShapes } from './build/county-shapes-plugin.ts';

/** Vite build of the results page; `npm run dev -w @canvass/web` proxies the API of a local `canvass serve`. */
export const config = defineConfig({
  plugins: [preact(), countyShapes()],
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 200 },
  server: { proxy: { '/api': process.env['CANVASS_API'] ?? 'http://127.0.0.1:8080' } },
});

// Vite reads the default export of its config file; the named export is the project's convention.
// eslint-disable-next-line no-restricted-syntax
export default config;
