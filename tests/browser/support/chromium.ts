import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(__dirname, '..', '..', '..', 'test-artifacts');

/** Debian's Chromium, headless, with the flags the CI image needs. Fails loudly (never skips) when absent. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

export interface ContextOptions {
  width?: number;
  height?: number;
  colorScheme?: 'light' | 'dark';
  forcedColors?: 'active' | 'none';
  locale?: string;
  timezoneId?: string;
  /** Extra origins the page may reach besides its own (the tenant simulator's sign-in page). */
  allowOrigins?: string[];
}

/**
 * A context that can reach only loopback: every request to another origin is aborted and recorded (teams-js's
 * CDN prefetch among them), so a test can assert nothing left the machine.
 */
export async function newLoopbackContext(
  browser: Browser,
  baseUrl: string,
  options: ContextOptions = {},
): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
    forcedColors: options.forcedColors ?? 'none',
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
    ignoreHTTPSErrors: false,
  });
  const allowed = new Set([
    new URL(baseUrl).origin,
    ...(options.allowOrigins ?? []).map((o) => new URL(o).origin),
  ]);
  const blocked: string[] = [];
  await context.route(
    (url) => !allowed.has(url.origin) || !isLoopback(url.hostname),
    (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return { context, blocked };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname === '::1';
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Console errors of the page (React warnings, failed chunk loads) — tests assert there are none. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // Aborted requests by our own loopback guard (teams-js CDN list) are expected noise, not page errors.
    if (text.includes('ERR_BLOCKED_BY_CLIENT')) return;
    // A peer without a profile photo is a 404 by contract (docs/api.md); the tab shows initials. Chromium still logs
    // the failed load, so that one route's 404 is expected, not a page error.
    if (text.includes('status of 404') && /\/api\/me\/peers\/[^/]+\/photo$/.test(message.location().url))
      return;
    errors.push(text);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
