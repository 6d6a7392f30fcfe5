#!/usr/bin/env node
/**
 * Measures a λ drag in the built app in headless Chromium (a script, not a timed test): the default scenario is
 * opened and played to the end, then λ is dragged by keyboard (15 ArrowLeft presses, 100 ms apart) and the script
 * reports
 *   - the time from the release (the last key press) to the final λ's summary on screen (the lane shows a new,
 *     finished run and no edit is pending), measured in the page with requestAnimationFrame;
 *   - the longest main-thread task from the first key press until then (a Chromium trace);
 *   - how many looks at the canvas (every 40 ms) showed a finished run at its last step, and how many showed a
 *     run replaying from noise.
 * Usage: node scripts/measure-drag.mjs [--repeats 3]   (builds dist/ first if it is missing)
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
const repeats = Number(args[args.indexOf('--repeats') + 1]) || 3;

if (!existsSync(join(root, 'dist', 'index.html'))) await build({ root, logLevel: 'warn' });
const server = await preview({ root, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: MEASURE_FLAGS,
});

/** Longest main-thread task (ms, wall and thread time) in a Chromium trace. */
function longestTask(traceBuffer) {
  const events = JSON.parse(traceBuffer.toString()).traceEvents ?? [];
  const main = pageMainThreads(events);
  let wall = 0;
  let cpu = 0;
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    if (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') continue;
    wall = Math.max(wall, (e.dur ?? 0) / 1000);
    cpu = Math.max(cpu, (e.tdur ?? 0) / 1000);
  }
  return { wall, cpu };
}

const settled = () =>
  document.querySelector('.app')?.getAttribute('data-run-pending') === 'false' &&
  [...document.querySelectorAll('[data-testid^=canvas-]')].every((c) => c.getAttribute('data-status') === 'done') &&
  document.querySelector('[data-testid=play-pause]')?.getAttribute('aria-label') === 'Play';

const rows = [];
for (let r = 0; r < repeats; r++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(settled, null, { timeout: 60_000 });
  await page.waitForTimeout(1000); // the backend probe and its first run settle
  await page.waitForFunction(settled, null, { timeout: 60_000 });
  const before = Number(await page.getAttribute('[data-testid=canvas-a]', 'data-run-id'));
  const final = Number(await page.getAttribute('[data-testid=canvas-a]', 'data-step'));
  await page.evaluate((f) => {
    const w = window;
    w.dragLooks = { finished: 0, replay: 0, total: 0 };
    w.dragTimer = setInterval(() => {
      const c = document.querySelector('[data-testid=canvas-a]');
      const step = Number(c?.getAttribute('data-step'));
      w.dragLooks.total++;
      if (c?.getAttribute('data-status') === 'done' && step === f) w.dragLooks.finished++;
      if (step < f) w.dragLooks.replay++;
    }, 40);
  }, final);
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.focus('[data-testid=lambda-a]');
  for (let i = 0; i < 15; i++) {
    if (i > 0) await page.waitForTimeout(100);
    await page.keyboard.press('ArrowLeft');
  }
  // From the release, in the page: frames until the new run's summary is on screen.
  const releaseToSummary = await page.evaluate(
    ([id, settledSrc]) =>
      new Promise((resolve) => {
        const isSettled = new Function(`return (${settledSrc})();`);
        const t0 = performance.now();
        const tick = () => {
          const c = document.querySelector('[data-testid=canvas-a]');
          if (Number(c?.getAttribute('data-run-id')) > id && isSettled()) resolve(performance.now() - t0);
          else requestAnimationFrame(tick);
        };
        tick();
      }),
    [before, settled.toString()],
  );
  const task = longestTask(await browser.stopTracing());
  const looks = await page.evaluate(() => {
    clearInterval(window.dragTimer);
    return window.dragLooks;
  });
  const summary = await page.textContent('[data-testid=summary-a-mean-reward]');
  const exact = await page.textContent('[data-testid=summary-a-exact-mean-reward]');
  rows.push({ releaseToSummary, task, looks, summary, exact });
  await context.close();
}

await browser.close();
await server.close();

console.log(`machine load average ${loadavg()[0].toFixed(1)} (wall-clock figures are inflated on a busy machine)`);
for (const [i, r] of rows.entries()) {
  console.log(
    `drag ${i + 1}: release → final summary ${r.releaseToSummary.toFixed(0)} ms; longest main-thread task ${r.task.wall.toFixed(1)} ms (thread time ${r.task.cpu.toFixed(1)} ms); ` +
      `looks: ${r.looks.finished} of ${r.looks.total} finished, ${r.looks.replay} replaying; mean reward ${r.summary} beside E_q r ${r.exact}`,
  );
}
