#!/usr/bin/env node
/**
 * Measures the built app in headless Chromium (a script, not a timed test):
 *   - time from navigation to the first particles on screen and to the first moving particles
 *     (the page's own performance marks), over several fresh loads;
 *   - the longest main-thread task while a run plays (from a Chromium trace), on the first visit (CPU while
 *     the probe waits) and after the probe has chosen a backend;
 *   - bytes loaded (each requested file's size in dist/, raw and compressed as the server sends it): before
 *     the first particles, and in total once the backend probe has finished; and the gzip size of the
 *     JavaScript loaded before the first particles.
 * Usage: node scripts/measure-app.mjs [--loads 5] [--json out.json] [--dist DIR]
 *   (builds dist/ first if it is missing; --dist measures another build, e.g. `npx vite build --outDir DIR` of an
 *   older commit, so that two builds can be compared in one session)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { MEASURE_FLAGS, pageMainThreads, waitInPage } from './measureBrowser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const loads = Number(args[args.indexOf('--loads') + 1]) || 5;
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : null;
const distDir = args.includes('--dist') ? join(process.cwd(), args[args.indexOf('--dist') + 1]) : join(root, 'dist');


if (!existsSync(join(distDir, 'index.html'))) await build({ root, logLevel: 'warn', build: { outDir: distDir } });
const server = await preview({ root, build: { outDir: distDir }, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: MEASURE_FLAGS });

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** A fresh context (empty cache and storage): a first visit. Records every request that finished, and when. */
async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const responses = [];
  context.on('requestfinished', (request) => {
    responses.push({ url: request.url(), at: Date.now() });
  });
  return { context, page, responses };
}

async function marks(page) {
  await page.waitForFunction(() => performance.getEntriesByName('tiltlab:particles-moving').length > 0, null, { timeout: 30_000 });
  return page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
}

/** Every lane's run is done and playback has reached its end (an expression in the page). */
const RUN_DONE = `[...document.querySelectorAll('[data-testid^=canvas-]')].every((c) => c.getAttribute('data-status') === 'done') && document.querySelector('[data-testid=play-pause]')?.getAttribute('aria-label') === 'Play'`;

async function waitRunDone(page) {
  await page.waitForFunction(RUN_DONE, null, { timeout: 60_000 });
}

async function runId(page) {
  return page.getAttribute('[data-testid=canvas-a]', 'data-run-id');
}

async function waitRunStarted(page, before) {
  await page.waitForFunction((id) => document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-run-id') !== id, before, { timeout: 10_000 });
}

/** Longest main-thread task (ms) in a Chromium trace, over the page's main thread. */
function longestTask(traceBuffer) {
  const events = JSON.parse(traceBuffer.toString()).traceEvents ?? [];
  const mainThreads = pageMainThreads(events);
  // Chromium 156 wraps each task's RunTask in a ThreadControllerImpl::RunTask: count the outer one only, once.
  const taskName = events.some((e) => e.name === 'ThreadControllerImpl::RunTask') ? 'ThreadControllerImpl::RunTask' : 'RunTask';
  let longest = 0;
  let longestCpu = 0;
  let count = 0;
  const over50 = [];
  const onMain = events.filter((e) => e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`));
  const start = onMain.reduce((m, e) => Math.min(m, e.ts), Infinity);
  for (const e of onMain) {
    if (e.name !== taskName) continue;
    count++;
    longest = Math.max(longest, (e.dur ?? 0) / 1000);
    // Thread time: the task's own CPU time, which a busy machine does not inflate the way it inflates wall time.
    longestCpu = Math.max(longestCpu, (e.tdur ?? 0) / 1000);
    if ((e.dur ?? 0) > 50_000) over50.push(describeTask(e, onMain, start));
  }
  return { longest, longestCpu, tasks: count, over50 };
}

/** What a long task did: its start (ms into the trace), wall and CPU time, and its larger parts (≥ 5 ms wall). */
function describeTask(task, onMain, start) {
  const parts = onMain
    .filter((e) => e.tid === task.tid && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur && (e.dur ?? 0) >= 5000 && PARTS.has(e.name))
    .map((e) => `${e.name} ${(e.dur / 1000).toFixed(0)}`);
  return `at ${((task.ts - start) / 1000).toFixed(0)} ms: ${(task.dur / 1000).toFixed(1)} wall / ${((task.tdur ?? 0) / 1000).toFixed(1)} CPU (${[...new Set(parts)].join(', ')})`;
}

const PARTS = new Set(['v8.evaluateModule', 'EvaluateScript', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'Paint', 'Commit', 'MinorGC', 'MajorGC', 'HandlePostMessage']);

async function tracedRun(page, start) {
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const before = await runId(page);
  await start();
  await waitRunStarted(page, before);
  await waitRunDone(page);
  return longestTask(await browser.stopTracing());
}

// 1. First paint, over several fresh loads.
const paint = [];
for (let i = 0; i < loads; i++) {
  const { context, page } = await freshPage();
  await page.goto(url);
  const m = await marks(page);
  paint.push({
    firstParticles: m['tiltlab:first-particles'],
    moving: m['tiltlab:particles-moving'],
    appCode: m['tiltlab:app-code-loaded'],
    firstFrame: m['tiltlab:first-frame-received'],
  });
  await context.close();
}

// 2. One visit in detail: bytes, long tasks on the first run and after the probe. The first run is waited for over
// the DevTools protocol (waitInPage), so that Playwright's utility script is not injected into the page during the
// trace: its evaluation is a long task of the measuring tool's, not of the page's.
const { context, page, responses } = await freshPage();
const t0 = Date.now();
let firstRun;
{
  const cdp = await context.newCDPSession(page);
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.goto(url);
  await waitInPage(cdp, `performance.getEntriesByName('tiltlab:particles-moving').length > 0`, 30_000);
  await waitInPage(cdp, RUN_DONE, 60_000);
  firstRun = longestTask(await browser.stopTracing());
  await cdp.detach();
}
const firstParticlesAt = (await page.evaluate(() => performance.getEntriesByName('tiltlab:first-particles')[0].startTime)) + t0;
await page.waitForFunction(() => !document.querySelector('.backend__probing') && document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend') !== 'cpu', null, { timeout: 60_000 }).catch(() => {});
const backend = await page.getAttribute('[data-testid=backend-badge]', 'data-backend');
// WASM's thread pool (README "WASM threads"): the served page is cross-origin isolated, tfjs sizes the pool.
const isolated = await page.evaluate(() => crossOriginIsolated);
const threads = await page.evaluate(() => document.querySelector('[data-testid=backend-threads]')?.getAttribute('data-threads') ?? null);
await page.waitForTimeout(500);
const afterProbe = await tracedRun(page, () => page.click('[data-testid=run-button]'));
const msPerStep = await page.textContent('[data-testid=summary-a-ms-per-step]');
const compareRun = await tracedRun(page, async () => {
  await page.click('[data-testid=compare-toggle]');
});
await context.close();

// Bytes per requested file, from dist/: raw, and as sent compressed (gzip for text; the server sends .wasm as
// is). Chromium reports no body size for a worker's own script, so the network's figures are not used.
function fileBytes(url) {
  const rel = decodeURIComponent(new URL(url).pathname).replace(/^\//, '') || 'index.html';
  const path = join(distDir, rel.endsWith('/') ? `${rel}index.html` : rel);
  if (!existsSync(path)) return { raw: 0, wire: 0 };
  const data = readFileSync(path);
  const wire = /\.(js|css|html|json|svg)$/.test(path) ? gzipSync(data, { level: 6 }).length : data.length;
  return { raw: data.length, wire };
}
const sumBytes = (list) => list.reduce((acc, r) => {
  const b = fileBytes(r.url);
  return { raw: acc.raw + b.raw, wire: acc.wire + b.wire };
}, { raw: 0, wire: 0 });
const bytesBefore = sumBytes(responses.filter((r) => r.at <= firstParticlesAt));
const bytesAll = sumBytes(responses);

// 3. The JavaScript a first run needs, gzipped: the entry, the app chunk and the worker with their static imports.
// Files are named by their path under dist/ (the service worker and its runtime sit at the root, chunks in assets/).
const distPath = (url) => decodeURIComponent(new URL(url).pathname).replace(/^\//, '');
const jsFiles = (until) => [...new Set(responses.filter((r) => r.at <= until && r.url.endsWith('.js')).map((r) => distPath(r.url)))];
const gzipOf = (files) => files.reduce((s, f) => s + gzipSync(readFileSync(join(distDir, f)), { level: 9 }).length, 0);
const loadedJs = jsFiles(firstParticlesAt);
const initialJsGzip = gzipOf(loadedJs);
const allJs = jsFiles(Infinity);
const allJsGzip = gzipOf(allJs);

const load = (await import('node:os')).loadavg()[0];
const result = {
  url,
  machineLoadAverage: load,
  loads,
  firstParticlesMs: { median: median(paint.map((p) => p.firstParticles)), all: paint.map((p) => Math.round(p.firstParticles)) },
  movingParticlesMs: { median: median(paint.map((p) => p.moving)), all: paint.map((p) => Math.round(p.moving)) },
  // What the first particles wait for: the page's own code (React and the app) and the engine's first step.
  appCodeLoadedMs: { median: median(paint.map((p) => p.appCode)), all: paint.map((p) => Math.round(p.appCode)) },
  firstFrameReceivedMs: { median: median(paint.map((p) => p.firstFrame)), all: paint.map((p) => Math.round(p.firstFrame)) },
  longestMainThreadTaskMs: {
    firstRunOnCpu: Math.round(firstRun.longest * 10) / 10,
    afterProbe: Math.round(afterProbe.longest * 10) / 10,
    compareMode: Math.round(compareRun.longest * 10) / 10,
  },
  mainThreadTasksOver50Ms: { firstRunOnCpu: firstRun.over50, afterProbe: afterProbe.over50, compareMode: compareRun.over50 },
  longestMainThreadTaskCpuMs: {
    firstRunOnCpu: Math.round(firstRun.longestCpu * 10) / 10,
    afterProbe: Math.round(afterProbe.longestCpu * 10) / 10,
    compareMode: Math.round(compareRun.longestCpu * 10) / 10,
  },
  probedBackend: backend,
  msPerStepAfterProbe: msPerStep,
  crossOriginIsolated: isolated,
  wasmThreads: threads === null ? null : Number(threads),
  bytes: { beforeFirstParticles: bytesBefore, totalAfterProbeAndRuns: bytesAll, requests: responses.length },
  responses: responses.map((r) => ({ file: r.url.split('/').pop(), msAfterStart: r.at - t0, ...fileBytes(r.url) })),
  initialJsGzipBytes: initialJsGzip,
  initialJsFiles: loadedJs,
  allJsGzipBytes: allJsGzip,
  allJsFiles: allJs,
};

await browser.close();
await server.close();

const kb = (b) => `${(b / 1024).toFixed(0)} kB`;
console.log(`machine load average       ${load.toFixed(1)} (timings in wall-clock ms are inflated on a busy machine)`);
console.log(`first particles on screen  median ${result.firstParticlesMs.median.toFixed(0)} ms  (${result.firstParticlesMs.all.join(', ')})`);
console.log(`first moving particles     median ${result.movingParticlesMs.median.toFixed(0)} ms  (${result.movingParticlesMs.all.join(', ')})   target ≤ 600 ms`);
console.log(`  waiting on                 app code loaded ${result.appCodeLoadedMs.median.toFixed(0)} ms, engine's first step received ${result.firstFrameReceivedMs.median.toFixed(0)} ms (medians)`);
console.log(`longest main-thread task   first run ${result.longestMainThreadTaskMs.firstRunOnCpu} ms, after probe ${result.longestMainThreadTaskMs.afterProbe} ms, compare ${result.longestMainThreadTaskMs.compareMode} ms   target ≤ 50 ms`);
console.log(`  tasks over 50 ms           first run ${firstRun.over50.length} of ${firstRun.tasks}, after probe ${afterProbe.over50.length} of ${afterProbe.tasks}, compare ${compareRun.over50.length} of ${compareRun.tasks}`);
for (const t of [...firstRun.over50.map((d) => `first run ${d}`), ...afterProbe.over50.map((d) => `after probe ${d}`), ...compareRun.over50.map((d) => `compare ${d}`)]) console.log(`    ${t}`);
console.log(`  (thread CPU time)          first run ${result.longestMainThreadTaskCpuMs.firstRunOnCpu} ms, after probe ${result.longestMainThreadTaskCpuMs.afterProbe} ms, compare ${result.longestMainThreadTaskCpuMs.compareMode} ms`);
console.log(`backend after probe        ${backend}  (${msPerStep})${threads === null ? '' : `, ${threads} WASM thread${threads === '1' ? '' : 's'}`}; page ${isolated ? '' : 'not '}cross-origin isolated`);
console.log(`bytes loaded (compressed)  ${kb(bytesBefore.wire)} before first particles, ${kb(bytesAll.wire)} in total (${responses.length} requests)   target ≤ 1 MB`);
console.log(`bytes loaded (raw)         ${kb(bytesBefore.raw)} before first particles, ${kb(bytesAll.raw)} in total`);
console.log(`initial JS (gzip)          ${kb(initialJsGzip)} in ${loadedJs.length} files before the first particles   target ≤ 350 kB`);
console.log(`all JS of the visit (gzip) ${kb(allJsGzip)} in ${allJs.length} files (charts, then the probed backends, load after the first particles)`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 2));
