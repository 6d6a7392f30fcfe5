/**
 * WASM threads (README "WASM threads", src/engine/wasmThreads.ts). The served app is cross-origin isolated
 * (vite.config.ts sends COOP/COEP): WASM then loads the threaded binary, whose pthread workers start in the minified
 * bundle, runs a learned model to the same numbers as CPU, and the badge states the pool's size — tfjs's own rule,
 * half the logical cores, at least 1 and at most 8. Served without the headers, WASM is the plain binary and the
 * badge says why it has one thread.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { preview } from 'vite';
import { launch, openApp, ROOT, runId, stopOwnServer, summaryCell, waitComputed, waitNewRun } from './harness';
import type { Session } from './harness';

const SCENARIO = {
  model: { kind: 'mlp', name: 'moons' },
  reward: { kind: 'linear', theta: [0, 1] },
  sampler: { kind: 'kl-tilt', lambda: 1 },
  particles: 1024,
  steps: 40,
  seed: 5,
};
const PATH = `#scenario=${encodeURIComponent(JSON.stringify(SCENARIO))}`;

let browser: Browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

async function settled(s: Session): Promise<void> {
  await waitComputed(s.page, 120_000);
  await s.page.waitForFunction(() => !document.querySelector('.backend__probing') && document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend'), null, {
    timeout: 120_000,
  });
}

/** Picks a backend from the badge's menu and waits for the re-run of the scenario on it. */
async function runOn(s: Session, backend: 'cpu' | 'wasm'): Promise<string> {
  if ((await s.page.getAttribute('[data-testid=backend-badge]', 'data-backend')) !== backend) {
    const before = await runId(s.page);
    await s.page.click('[data-testid=backend-badge]');
    await s.page.click(`[data-testid=backend-option-${backend}]`);
    await s.page.waitForFunction((b) => document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend') === b, backend, { timeout: 60_000 });
    await waitNewRun(s.page, before, 60_000);
  }
  await waitComputed(s.page, 120_000);
  return summaryCell(s.page, 'a', 'mean-reward');
}

test('an isolated page runs the threaded WASM binary, to the numbers of CPU, and the badge gives its thread count', async () => {
  const s = await openApp(browser, { width: 1280, height: 720, path: PATH });
  try {
    assert.equal(await s.page.evaluate(() => crossOriginIsolated), true, 'the served app is cross-origin isolated');
    await settled(s);
    const onCpu = Number(await runOn(s, 'cpu'));
    const onWasm = Number(await runOn(s, 'wasm'));
    assert.ok(Number.isFinite(onCpu) && Number.isFinite(onWasm), `mean rewards ${onCpu}, ${onWasm}`);
    // Same seed, same network: the backends differ by float rounding only (the summary shows 3 decimals).
    assert.ok(Math.abs(onCpu - onWasm) <= 0.002, `CPU ${onCpu} against WASM ${onWasm}`);
    assert.ok(s.requests.some((u) => /tfjs-backend-wasm-threaded-simd[^/]*\.wasm$/.test(u)), 'the threaded binary was fetched');

    const cores = await s.page.evaluate(() => navigator.hardwareConcurrency);
    const expected = Math.min(8, Math.max(1, Math.floor(cores / 2)));
    assert.equal(Number(await s.page.getAttribute('[data-testid=backend-threads]', 'data-threads')), expected);
    assert.equal((await s.page.textContent('[data-testid=backend-threads]'))?.trim(), `${expected} ${expected === 1 ? 'thread' : 'threads'}`);
    await s.page.click('[data-testid=backend-badge]');
    assert.match((await s.page.textContent('[data-testid=backend-threads-why]')) ?? '', new RegExp(`^${expected} threads?: tfjs uses half of this machine's ${cores} logical cores`));
    assert.deepEqual(s.errors, []);
  } finally {
    await s.context.close();
  }
});

test('without the isolation headers WASM runs the plain binary, and the badge says why it has one thread', async () => {
  // The same build, served with headers that do not isolate the page.
  const server = await preview({
    root: ROOT,
    preview: { port: 0, host: '127.0.0.1', headers: { 'Cross-Origin-Opener-Policy': 'unsafe-none', 'Cross-Origin-Embedder-Policy': 'unsafe-none' } },
    logLevel: 'warn',
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  try {
    await page.goto(new URL(PATH, server.resolvedUrls!.local[0]).href);
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    const s = { context, page, errors: [], foreign: [], requests } as Session;
    await settled(s);
    const mean = Number(await runOn(s, 'wasm'));
    assert.ok(Number.isFinite(mean));
    assert.equal(await page.getAttribute('[data-testid=backend-threads]', 'data-threads'), '1');
    assert.ok(!requests.some((u) => /threaded-simd[^/]*\.wasm$/.test(u)), 'the threaded binary is not fetched');
    await page.click('[data-testid=backend-badge]');
    assert.equal((await page.textContent('[data-testid=backend-threads-why]'))?.trim(), 'one thread: the page is not cross-origin isolated (README, "WASM threads")');
  } finally {
    await context.close();
    await server.close();
  }
});
