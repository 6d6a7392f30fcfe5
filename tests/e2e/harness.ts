/**
 * Shared set-up for the end-to-end tests: the served app (started by scripts/run-e2e.mjs, or here when a
 * file is run on its own), a Chromium with the flags from docs/environment.md, and a page that records console
 * errors and every request that tries to leave the page's origin (and blocks it).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MEASURE_FLAGS } from '../../scripts/measureBrowser.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

// The measurement scripts' flags (scripts/measureBrowser.mjs): among them, Chromium's own omnibox-popup renderer,
// started hidden for every new context, is kept from starting (CPU the tests do not need).
export const CHROMIUM_FLAGS = MEASURE_FLAGS;

let ownServer: { close(): Promise<void> } | null = null;

/** The app's URL: the one run-e2e serves, or a `vite preview` of dist/ started here. */
export async function appUrl(): Promise<string> {
  if (process.env.TILTLAB_E2E_URL) return process.env.TILTLAB_E2E_URL;
  const { preview } = await import('vite');
  const server = await preview({ root: ROOT, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  ownServer = server;
  process.env.TILTLAB_E2E_URL = server.resolvedUrls!.local[0];
  return process.env.TILTLAB_E2E_URL;
}

export async function stopOwnServer(): Promise<void> {
  await ownServer?.close();
  ownServer = null;
}

export function launch(): Promise<Browser> {
  // A fresh profile per launch (playwright creates a temporary user-data-dir).
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions, from the page and its workers. */
  errors: string[];
  /** Requests that tried to leave the page's origin (blocked). */
  foreign: string[];
  /** Every URL requested (same origin). */
  requests: string[];
}

export async function openApp(browser: Browser, options: { width?: number; height?: number; path?: string; deviceScaleFactor?: number } = {}): Promise<Session> {
  const url = await appUrl();
  const origin = new URL(url).origin;
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 1000 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
  const errors: string[] = [];
  const foreign: string[] = [];
  const requests: string[] = [];
  await context.route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith('data:') || target.startsWith('blob:') || new URL(target).origin === origin) {
      requests.push(target);
      return route.continue();
    }
    foreign.push(target);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('worker', (w) => {
    w.on('console', (m) => {
      if (m.type() === 'error') errors.push(`worker console: ${m.text()}`);
    });
  });
  await page.goto(new URL(options.path ?? '', url).href);
  return { context, page, errors, foreign, requests };
}

export function screenshotPath(name: string): string {
  return join(RESULTS, `${name}.png`);
}

// ---- reading the page ----

export async function runId(page: Page, lane: 'a' | 'b' = 'a'): Promise<number> {
  return Number(await page.getAttribute(`[data-testid=canvas-${lane}]`, 'data-run-id'));
}

export async function laneStatus(page: Page, lane: 'a' | 'b' = 'a'): Promise<string | null> {
  return page.getAttribute(`[data-testid=canvas-${lane}]`, 'data-status');
}

/** Waits until a run newer than `after` has started in lane a (its id is larger). */
export async function waitNewRun(page: Page, after: number, timeout = 15_000): Promise<number> {
  await page.waitForFunction((id) => Number(document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-run-id')) > id, after, { timeout });
  return runId(page);
}

/** No edit is waiting for its run, and every visible lane has finished computing (status done or error). */
export async function waitComputed(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('.app')?.getAttribute('data-run-pending') === 'false' &&
      [...document.querySelectorAll('[data-testid^=canvas-]')].every((c) => ['done', 'error'].includes(c.getAttribute('data-status') ?? '')),
    null,
    { timeout },
  );
}

/** Computed and played to the end (the charts then hold every step). */
export async function waitPlayed(page: Page, timeout = 60_000): Promise<void> {
  await waitComputed(page, timeout);
  await page.waitForFunction(() => document.querySelector('[data-testid=play-pause]')?.getAttribute('aria-label') === 'Play', null, { timeout });
  // The charts redraw on a short throttle while playing; after pause they show the final cursor.
  await page.waitForTimeout(250);
}

export async function chartPoints(page: Page, chart: 'reward' | 'logweight' | 'ess'): Promise<number> {
  return Number(await page.getAttribute(`[data-testid=chart-${chart}]`, 'data-points'));
}

/** Vertices of the first line drawn in a chart (one SVG path per line). */
export async function lineVertices(page: Page, chart: 'reward' | 'logweight' | 'ess'): Promise<number> {
  const d = await page.getAttribute(`[data-testid=chart-${chart}] path.plot__line`, 'd');
  if (!d) return 0;
  return (d.match(/[ML]/g) ?? []).length;
}

export async function summaryCell(page: Page, lane: 'a' | 'b', row: string): Promise<string> {
  return ((await page.textContent(`[data-testid=summary-${lane}-${row}]`)) ?? '').trim();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
