/**
 * Debian's Chromium (`/usr/bin/chromium`, driven by playwright-core) as every browser test launches it: headless,
 * no sandbox (CI runs as root), no GPU, no background traffic. A persistent profile keeps cookies across pages as a
 * real browser does; tests that need a clean slate take a fresh context of a shared browser instead.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';

export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser for tests that open a fresh context per journey. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, headless: true, args: ARGS });
}

/** A browser on a profile of its own; `close` ends it and removes the profile. */
export interface ChromiumProfile {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A browser with a profile of its own (British English unless `options` say otherwise). */
export async function launchChromiumProfile(options: BrowserContextOptions = {}): Promise<ChromiumProfile> {
  const profile = await mkdtemp(join(tmpdir(), 'keyward-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: ['--headless', ...ARGS],
    locale: 'en-GB',
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
