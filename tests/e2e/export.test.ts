/**
 * Export and restore: the figure (canvas and charts) as SVG — parsed, with the sampler's name and λ, the legends
 * and axes — and as a PNG at twice the SVG's size, the per-step statistics as CSV (a header and one row per
 * step), the whole run as JSON that restores the run when dropped back (or chosen) — the summary then shows
 * the file's numbers — and malformed files that are reported while the app keeps running. Also the
 * "hide controls for this link" setting, read from and written to the URL; "Embed this figure" (the element
 * snippet runs as pasted) and a saved run shown by `<tilt-lab src>` as its poster.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chartPoints, launch, openApp, runId, screenshotPath, stopOwnServer, summaryCell, waitNewRun, waitPlayed } from './harness';
import type { Session } from './harness';

let browser: Browser;
let s: Session;

const SUMMARY_ROWS = ['method', 'mean-reward', 'exact-mean-reward', 'energy-distance', 'log-z', 'log-z-hat', 'transport-cost', 'resamplings', 'ms-per-step'];

before(async () => {
  browser = await launch();
  s = await openApp(browser);
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.click(`[data-testid=${testId}]`)]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

async function summary(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const row of SUMMARY_ROWS) out[row] = await summaryCell(page, 'a', row);
  return out;
}

/** Drops a file on the page the way a browser does (a DataTransfer holding one File). */
async function dropFile(page: Page, text: string, name: string): Promise<void> {
  await page.evaluate(
    ({ text, name }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/json' }));
      const target = document.querySelector('.stage') ?? document.body;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { text, name },
  );
}

async function switchSampler(page: Page, kind: string): Promise<void> {
  const before = await runId(page);
  await page.click(`[data-testid=sampler-a-${kind}]`);
  await waitNewRun(page, before);
  await waitPlayed(page);
}

let savedJson = '';
let savedSummary: Record<string, string> = {};

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('ascii'), 'IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

interface SvgReading {
  error: string | null;
  width: number;
  height: number;
  lanes: Array<string | null>;
  images: string[];
  charts: Array<{ title: string | null; legend: string[]; x: string[]; y: string[] }>;
}

/**
 * What an exported SVG says: parsed by the browser, its lane titles, chart titles, legends and axis texts.
 * A string, not a function: the test's compiler would add helpers the page does not have.
 */
const READ_SVG = `(text) => {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const textsOf = (root) => [...(root ? root.querySelectorAll('text') : [])].map((t) => t.textContent || '');
  return {
    error: doc.querySelector('parsererror') ? doc.querySelector('parsererror').textContent : null,
    width: Number(doc.documentElement.getAttribute('width')),
    height: Number(doc.documentElement.getAttribute('height')),
    lanes: [...doc.querySelectorAll('g.lane')].map((g) => g.getAttribute('data-title')),
    images: [...doc.querySelectorAll('image')].map((i) => (i.getAttribute('href') || '').slice(0, 22)),
    charts: [...doc.querySelectorAll('g.chart')].map((g) => ({
      title: g.getAttribute('data-title'),
      legend: textsOf(g.querySelector('g.legend')),
      x: textsOf(g.querySelector('g.axis-x')),
      y: textsOf(g.querySelector('g.axis-y')),
    })),
  };
}`;

async function readSvg(page: Page, svg: string): Promise<SvgReading> {
  return page.evaluate(`(${READ_SVG})(${JSON.stringify(svg)})`);
}

let exportedSvgSize: [number, number] = [0, 0];

test('the figure exports as SVG with the sampler name, λ, legends and axes', { timeout: 90_000 }, async () => {
  await switchSampler(s.page, 'smc');
  const { name, bytes } = await download(s.page, 'export-svg');
  assert.match(name, /^tiltlab-smc-\d{8}-\d{6}\.svg$/);
  const svg = await readSvg(s.page, bytes.toString('utf8'));
  assert.equal(svg.error, null);
  assert.equal(svg.lanes.length, 1);
  assert.match(svg.lanes[0] ?? '', /^SMC \(λ = [0-9.]+\)$/);
  assert.deepEqual(svg.images, ['data:image/png;base64,']);
  assert.deepEqual(
    svg.charts.map((c) => c.title),
    ['Mean reward r(x̂₀) per step', 'Log-weight variance per step', 'Effective sample size (fraction of N)'],
  );
  assert.deepEqual(svg.charts[0].legend.slice(0, 1), ['SMC']);
  assert.ok(svg.charts[0].legend.some((l) => l.startsWith('exact E_q r')), `reward legend: ${svg.charts[0].legend.join(', ')}`);
  assert.deepEqual(svg.charts[2].legend, ['SMC', 'resampled']);
  for (const c of svg.charts) {
    assert.ok(c.x.includes('denoising step') && c.x.includes('100'), `${c.title}: x axis ${c.x.join(' ')}`);
    assert.ok(c.y.filter((t) => Number.isFinite(Number(t))).length >= 3, `${c.title}: y ticks ${c.y.join(' ')}`);
  }
  exportedSvgSize = [svg.width, svg.height];
});

test('the figure exports as a PNG at twice its size', { timeout: 90_000 }, async () => {
  const { name, bytes } = await download(s.page, 'export-png');
  assert.match(name, /^tiltlab-smc-\d{8}-\d{6}\.png$/);
  const [width, height] = pngSize(bytes);
  assert.deepEqual([width, height], [exportedSvgSize[0] * 2, exportedSvgSize[1] * 2], 'the PNG is the SVG figure at 2×');
  assert.ok(bytes.length > 50_000, `a drawn figure, not a blank one (${bytes.length} bytes)`);
  writeFileSync(screenshotPath('export-figure'), bytes);
});

test('the statistics export as CSV: a header naming every column, one row per step', { timeout: 30_000 }, async () => {
  const { name, bytes } = await download(s.page, 'export-csv');
  assert.match(name, /\.csv$/);
  const lines = bytes.toString('utf8').trimEnd().split('\n');
  // An SMC run adds β, the conditional ESS and the distinct ancestors after a resampling (§5.5–5.6).
  assert.equal(lines[0], 'step,k,t,meanReward,logWeightVar,logWeightVarCum,ess,resampled,beta,cess,unique');
  assert.equal(lines.length - 1, 100, 'one row per step of the 100-step run');
  const rows = lines.slice(1).map((l) => l.split(','));
  const particles = await s.page.evaluate(() => JSON.parse(new URLSearchParams(location.hash.slice(1)).get('scenario') ?? '{}').particles as number);
  rows.forEach((r, i) => {
    assert.equal(r.length, 11, `row ${i + 1} has every column`);
    assert.equal(Number(r[8]), 1, 'no tempering: β = 1 at every step');
    assert.ok(Number(r[9]) > 0 && Number(r[9]) <= particles + 1e-9, `a conditional ESS in (0, N]: ${r[9]}`);
    assert.equal(r[10] === '', r[7] === '0', 'distinct ancestors exactly at the resampling steps');
    assert.equal(Number(r[0]), i + 1);
    assert.equal(Number(r[1]), 99 - i, 'k runs from K−1 down to 0');
    assert.ok(Number.isFinite(Number(r[3])), 'mean reward is a number');
    assert.ok(Number(r[6]) > 0 && Number(r[6]) <= particles + 1e-9, `SMC has an ESS in (0, N] at every step: ${r[6]}`);
  });
  const resampled = rows.filter((r) => r[7] === '1').length;
  assert.equal(resampled, Number(await summaryCell(s.page, 'a', 'resamplings')), 'the resampled column matches the summary');
});

test('the run exports as JSON, and dropping it back restores the run', { timeout: 120_000 }, async () => {
  savedSummary = await summary(s.page);
  const { name, bytes } = await download(s.page, 'export-json');
  assert.match(name, /\.json$/);
  savedJson = bytes.toString('utf8');
  const file = JSON.parse(savedJson);
  assert.equal(file.format, 'tiltlab-run');
  assert.equal(file.scenario.sampler.kind, 'smc');
  assert.equal(file.runs.length, 1);
  assert.equal(file.runs[0].steps.length, 100);
  assert.equal(file.runs[0].samples.length, file.scenario.particles);
  assert.equal(file.runs[0].summary.meanReward.toFixed(3), savedSummary['mean-reward']);

  // Something else runs now …
  await switchSampler(s.page, 'base');
  assert.notDeepEqual(await summary(s.page), savedSummary);
  // … and the file brings the SMC run back, numbers and all, without re-running it.
  const before = await runId(s.page);
  await dropFile(s.page, savedJson, name);
  await s.page.waitForSelector('[data-testid=run-file-restored]', { timeout: 10_000 });
  assert.ok((await runId(s.page)) > before);
  assert.deepEqual(await summary(s.page), savedSummary, 'the summary shows the saved run\'s numbers');
  assert.equal(await chartPoints(s.page, 'reward'), 100);
  assert.equal(await chartPoints(s.page, 'ess'), 100);
  assert.equal(await s.page.textContent('[data-testid=step-label]'), 'final samples');
  assert.equal(await s.page.getAttribute('[data-testid=sampler-a-smc]', 'aria-checked'), 'true', 'the controls show the restored scenario');
  assert.match(await s.page.evaluate(() => decodeURIComponent(location.hash)), /"kind":"smc"/, 'the link carries the restored scenario');
  await s.page.screenshot({ path: screenshotPath('export-restored'), fullPage: true });

  // The file input does the same.
  await switchSampler(s.page, 'kl-tilt');
  await s.page.setInputFiles('[data-testid=run-file-input]', { name: 'saved.json', mimeType: 'application/json', buffer: Buffer.from(savedJson) });
  await s.page.waitForFunction(() => document.querySelector('[data-testid=run-file-restored]')?.textContent?.includes('saved.json'), null, { timeout: 10_000 });
  assert.deepEqual(await summary(s.page), savedSummary);
});

test('a malformed run file is reported by what is wrong, the run on screen stays, and the app still runs', { timeout: 120_000 }, async () => {
  const shown = await summary(s.page);
  const id = await runId(s.page);
  const cases: Array<[string, string, RegExp]> = [
    ['truncated.json', savedJson.slice(0, 200), /not valid JSON/],
    ['other.json', JSON.stringify({ hello: 'world' }), /format: expected "tiltlab-run"/],
    ['bad-lambda.json', savedJson.replace(/"lambda":[0-9.e+-]+/, '"lambda":-1'), /scenario\.sampler\.lambda/],
    ['bad-steps.json', JSON.stringify({ ...JSON.parse(savedJson), runs: [{ ...JSON.parse(savedJson).runs[0], steps: [] }] }), /runs\[0\]\.steps: 0 rows for a 100-step scenario/],
    ['bad-sample.json', savedJson.replace(/"samples":\[\[[-0-9.e+]+/, '"samples":[["x"'), /runs\[0\]\.samples\[0\]\[0\]/],
  ];
  for (const [name, text, expected] of cases) {
    await dropFile(s.page, text, name);
    await s.page.waitForFunction((n) => document.querySelector('[data-testid=run-file-error]')?.textContent?.includes(n), name, { timeout: 10_000 });
    const message = (await s.page.textContent('[data-testid=run-file-error]')) ?? '';
    assert.match(message, expected, `${name}: ${message}`);
    assert.match(message, /The run on screen is kept/);
    assert.equal(await runId(s.page), id, `${name}: nothing was replaced`);
    assert.deepEqual(await summary(s.page), shown, `${name}: the summary stays`);
  }
  await s.page.screenshot({ path: screenshotPath('export-malformed'), fullPage: false });
  // The app still runs.
  await s.page.click('[data-testid=run-button]');
  await waitNewRun(s.page, id);
  await waitPlayed(s.page);
  assert.equal(await s.page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done');
  assert.equal(await chartPoints(s.page, 'reward'), 100);
});

test('hide controls for this link: the choice is written to the URL, and a link hides those panels', { timeout: 60_000 }, async () => {
  await s.page.click('.link-panels summary');
  await s.page.check('[data-testid=hide-model]');
  await s.page.check('[data-testid=hide-charts]');
  assert.equal(await s.page.locator('[data-testid=chart-reward]').count(), 0, 'hidden at once');
  const url = await s.page.evaluate(() => location.href);
  assert.match(new URL(url).search, /^\?hide=model%2Ccharts$|^\?hide=model,charts$/);
  assert.match(new URL(url).hash, /scenario=/, 'the scenario stays in the link');

  const lesson = await openApp(browser, { path: `${new URL(url).search.replace('charts', 'charts,bogus')}${new URL(url).hash}` });
  await waitPlayed(lesson.page);
  assert.equal(await lesson.page.locator('[data-testid=chart-reward]').count(), 0, 'charts hidden');
  assert.equal(await lesson.page.locator('[data-testid=sampler-a-smc]').count(), 1, 'the sampler panel is shown');
  assert.equal(await lesson.page.locator('#model-heading').count(), 0, 'the model panel is hidden');
  assert.match((await lesson.page.textContent('[data-testid=hide-problem]')) ?? '', /hide: unknown panel "bogus" ignored/);
  assert.equal(await lesson.page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done', 'the lesson\'s run ran');
  await lesson.page.screenshot({ path: screenshotPath('hide-panels'), fullPage: true });
  assert.deepEqual(lesson.errors, []);
  await lesson.context.close();

  await s.page.uncheck('[data-testid=hide-model]');
  await s.page.uncheck('[data-testid=hide-charts]');
  assert.equal(await s.page.evaluate(() => location.search), '');
  await s.page.waitForSelector('[data-testid=chart-reward]');
});

test('"Embed this figure" copies an element snippet that runs as pasted, and an iframe snippet', { timeout: 120_000 }, async () => {
  const origin = new URL(s.page.url()).origin;
  await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await s.page.click('[data-testid=embed-figure] summary');
  await s.page.click('[data-testid=embed-element-copy]');
  await s.page.getByText('Copied.').first().waitFor();
  const element = await s.page.evaluate(() => navigator.clipboard.readText());
  assert.ok(element.startsWith(`<script type="module" src="${origin}/lib/tiltlab.js"></script>\n<tilt-lab scenario='`), element.slice(0, 120));
  await s.page.click('[data-testid=embed-iframe-copy]');
  const iframe = await s.page.evaluate(() => navigator.clipboard.readText());
  assert.match(iframe, /^<iframe src="[^"]+\?embed#scenario=[^"]+" title="Tilt Lab: [^"]+" width="480" height="400" loading="lazy"/);
  // The element snippet, pasted as it is into a page of the same site, shows the figure and runs it.
  const post = await browser.newPage();
  await post.route('**/pasted-snippet.html', (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><head><link rel="icon" href="data:,"></head><body style="width:480px">${element}</body></html>` }));
  await post.goto(`${origin}/pasted-snippet.html`);
  await post.waitForFunction(() => ['running', 'done'].includes(document.querySelector('tilt-lab')?.getAttribute('state') ?? ''), null, { timeout: 90_000 });
  assert.equal(await post.locator('tilt-lab [data-testid=figure-error]').count(), 0);
  await post.close();
});

test('a saved run given to <tilt-lab src> shows at once as the poster, before any engine, and goes live on Play', { timeout: 120_000 }, async () => {
  assert.ok(savedJson.length > 0, 'the JSON export test ran first');
  const origin = new URL(s.page.url()).origin;
  const post = await browser.newPage();
  const errors: string[] = [];
  post.on('pageerror', (e) => errors.push(e.message));
  await post.route('**/saved-run.json', (route) => route.fulfill({ contentType: 'application/json', body: savedJson }));
  await post.route('**/poster.html', (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><head><link rel="icon" href="data:,"><script type="module" src="/lib/tiltlab.js"></script></head><body style="width:480px"><tilt-lab src="saved-run.json" controls></tilt-lab></body></html>` }),
  );
  await post.goto(`${origin}/poster.html`);
  await post.waitForFunction(() => document.querySelector('tilt-lab')?.getAttribute('state') === 'done', null, { timeout: 30_000 });
  const file = JSON.parse(savedJson) as { runs: Array<{ steps: unknown[] }> };
  const canvas = post.locator('tilt-lab [data-testid=figure-canvas]');
  assert.equal(await canvas.getAttribute('data-status'), 'done');
  assert.equal(await post.locator('tilt-lab [data-testid=chart-reward]').getAttribute('data-points'), String(file.runs[0].steps.length), 'the saved statistics, every step');
  assert.equal(post.workers().length, 0, 'the poster needs no engine');
  await post.locator('tilt-lab [data-testid=figure-play]').click();
  await post.waitForFunction(() => document.querySelector('tilt-lab')?.getAttribute('state') === 'running', null, { timeout: 90_000 });
  assert.equal(post.workers().length, 1);
  assert.deepEqual(errors, []);
  await post.close();
});

test('at a screen density of 2, compare mode exports both lanes with names, λ and legends, PNG at 2×', { timeout: 120_000 }, async () => {
  const hi = await openApp(browser, { width: 1366, height: 768, deviceScaleFactor: 2 });
  await waitPlayed(hi.page);
  await hi.page.click('[data-testid=compare-toggle]');
  await waitPlayed(hi.page);
  const svgFile = await download(hi.page, 'export-svg');
  const svg = await readSvg(hi.page, svgFile.bytes.toString('utf8'));
  assert.equal(svg.error, null);
  assert.equal(svg.lanes.length, 2);
  assert.match(svg.lanes[0] ?? '', /^A: .+\(λ(_W)? = [0-9.e-]+\)$/);
  assert.match(svg.lanes[1] ?? '', /^B: .+\(λ(_W)? = [0-9.e-]+\)$/);
  assert.ok(svg.charts[0].legend.some((l) => l.startsWith('A: ')) && svg.charts[0].legend.some((l) => l.startsWith('B: ')), svg.charts[0].legend.join(', '));
  const png = await download(hi.page, 'export-png');
  assert.deepEqual(pngSize(png.bytes), [svg.width * 2, svg.height * 2]);
  writeFileSync(screenshotPath('export-figure-compare'), png.bytes);
  assert.deepEqual(hi.errors, []);
  await hi.context.close();
});

test('no console errors, and no request left the page\'s origin', () => {
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.foreign, []);
});
