import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium; the only browser the tests drive (nothing is ever downloaded). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Why browser tests cannot run here, or false when they can (for node:test's `skip`). */
export function browserSkipReason(): string | false {
  return existsSync(CHROMIUM_PATH)
    ? false
    : `skipped: no browser at ${CHROMIUM_PATH} (apt-get install chromium)`;
}

/** A headless browser with a fresh profile; `close` also removes the profile. */
export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches chromium headless with a throwaway user-data-dir and everything that would reach the
 * network on its own (updates, sync, background fetches) turned off.
 */
export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'canvass-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
