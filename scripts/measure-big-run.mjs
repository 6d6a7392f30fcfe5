#!/usr/bin/env node
/**
 * Measures the page during a big run in the built app in headless Chromium (a script, not a timed test): the
 * default scenario at 65,536 particles × 1,000 steps, started with Run again so that it plays on screen while it
 * computes. For a while (default 10 s) the script clicks the trails checkbox every 700 ms and reports
 *   - the longest main-thread task and how many took over 50 ms (wall time and the task's own CPU time, from a
 *     Chromium trace);
 *   - animation frames per second, and how long each click took to be handled (the page's own click handler,
 *     measured in the page from the event's time stamp);
 *   - the steps computed meanwhile; then how long Stop takes to end the run.
 * Usage: node scripts/measure-big-run.mjs [--seconds 10] [--particles 65536] [--steps 1000]   (builds dist/ if missing)
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { MEASURE_FLAGS, pageMainThreads } from './measureBrowser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const seconds = option('--seconds', 10);
const particles = option('--particles', 65536);
const steps = option('--steps', 1000);

if (!existsSync(join(root, 'dist', 'index.html'))) await build({ root, logLevel: 'warn' });
const server = await preview({ root, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: MEASURE_FLAGS,
});
const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
const load0 = loadavg()[0];

await page.goto(url);
const played = () =>
  page.waitForFunction(
    () =>
      document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-status') === 'done' &&
      document.querySelector('[data-testid=play-pause]')?.getAttribute('aria-label') === 'Play',
    null,
    { timeout: 120_000 },
  );
await played();
// The page writes its scenario into the link once it changes: change N once, then edit the link to the big run.
await page.selectOption('[data-testid=particles-select]', '2048');
await page.waitForFunction(() => location.hash.includes('scenario='));
await played();
await page.evaluate(
  ([n, k]) => {
    const params = new URLSearchParams(location.hash.slice(1));
    const scenario = JSON.parse(params.get('scenario'));
    params.set('scenario', JSON.stringify({ ...scenario, particles: n, steps: k }));
    location.hash = `#${params.toString()}`;
  },
  [particles, steps],
);
// The edit computes behind the finished picture; Run again makes the big run the one on screen.
await page.waitForFunction(() => document.querySelector('[data-testid=progress]') !== null, null, { timeout: 60_000 });
await page.click('[data-testid=run-button]');
await page.waitForFunction(() => /computing step [1-9]/.test(document.querySelector('[data-testid=progress]')?.textContent ?? ''), null, { timeout: 120_000 });
const backend = await page.getAttribute('[data-testid=backend-badge]', 'data-backend');
const stepAt = async () => Number(/computing step (\d+)/.exec((await page.textContent('[data-testid=progress]')) ?? '')?.[1] ?? 0);

await page.evaluate(() => {
  window.__frames = 0;
  window.__clicks = [];
  const tick = () => {
    window.__frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  // From the click's time stamp to the end of its handling (the checkbox's change has been applied).
  document.addEventListener('click', (e) => {
    const at = e.timeStamp;
    setTimeout(() => window.__clicks.push(performance.now() - at), 0);
  });
});
await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
const step0 = await stepAt();
const t0 = Date.now();
while (Date.now() - t0 < seconds * 1000) {
  await page.click('[data-testid=trails-toggle]');
  await page.waitForTimeout(700);
}
const elapsed = (Date.now() - t0) / 1000;
const step1 = await stepAt();
const trace = JSON.parse((await browser.stopTracing()).toString()).traceEvents ?? [];
const { frames, clicks } = await page.evaluate(() => ({ frames: window.__frames, clicks: window.__clicks }));
let stopMs = null;
if ((await page.locator('[data-testid=stop-button]').count()) > 0) {
  const stopAt = Date.now();
  await page.click('[data-testid=stop-button]');
  await page.waitForFunction(() => document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-status') === 'cancelled', null, { timeout: 60_000 });
  stopMs = Date.now() - stopAt;
}
await browser.close();
await server.close();

const main = pageMainThreads(trace);
const tasks = trace.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && e.name === 'RunTask');
const wall = tasks.map((e) => (e.dur ?? 0) / 1000);
const cpu = tasks.map((e) => (e.tdur ?? 0) / 1000);
const sorted = [...clicks].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
console.log(`machine load average       ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} (wall-clock figures are inflated on a busy machine)`);
console.log(`run                        ${particles.toLocaleString('en-US')} particles × ${steps} steps on ${backend}: steps ${step0} → ${step1} in ${elapsed.toFixed(1)} s`);
console.log(`longest main-thread task   ${Math.max(...wall).toFixed(1)} ms wall, ${Math.max(...cpu).toFixed(1)} ms CPU; over 50 ms: ${wall.filter((d) => d > 50).length} (wall), ${cpu.filter((d) => d > 50).length} (CPU) of ${tasks.length}   target: none`);
console.log(`animation frames           ${(frames / elapsed).toFixed(1)} per second`);
console.log(`click handled after        median ${median.toFixed(0)} ms, longest ${Math.max(...clicks).toFixed(0)} ms (${clicks.length} clicks)`);
console.log(`Stop → run ended           ${stopMs === null ? 'no Stop button' : `${stopMs} ms`}`);
