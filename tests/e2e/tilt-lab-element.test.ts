/**
 * `<tilt-lab>` on a long page (served beside the library build): the first figure runs and draws in a 480 px
 * column; a second one 6,000 px down stays `idle` — no engine, no request — until it is scrolled to, then runs;
 * a bad scenario attribute errors inside its own figure only; a learned model loads through a relative
 * `models-base-url`; under `prefers-reduced-motion: reduce` a figure shows the finished picture without
 * animating on its way and animates when Play is pressed; no console errors and no request leaving the origin.
 * Screenshots: test-results/tilt-lab-column.png, tilt-lab-second.png, tilt-lab-reduced-motion.png.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { appUrl, launch, openApp, screenshotPath, stopOwnServer } from './harness';
import type { Session } from './harness';

const GMM = '{"kind":"gmm","weights":[0.5,0.5],"means":[[-2,0],[2,0]],"covs":[[[0.3,0],[0,0.3]],[[0.3,0],[0,0.3]]]}';
const SMC = `{"model":${GMM},"reward":{"kind":"linear","theta":[1,0]},"sampler":{"kind":"smc","lambda":0.7},"particles":512,"steps":40,"seed":3}`;
const WPROX = `{"model":${GMM},"reward":{"kind":"quadratic","A":[[2,0],[0,2]],"c":[1,1]},"sampler":{"kind":"w-prox","lambda":2},"particles":512,"steps":30,"seed":5}`;
const LEARNED = '{"model":{"kind":"mlp","name":"moons"},"reward":{"kind":"linear","theta":[0,1]},"sampler":{"kind":"kl-tilt","lambda":1},"particles":256,"steps":20,"seed":2}';
const BAD_LAMBDA = `{"model":${GMM},"reward":{"kind":"linear","theta":[1,0]},"sampler":{"kind":"smc","lambda":-1}}`;

function page(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>tilt-lab test page</title>
<script type="module" src="/lib/tiltlab.js"></script>
<style>body { margin: 0; font: 16px serif; } .column { width: 480px; margin: 0 auto; } .gap { height: 6000px; }
/* Host rules that must not reach into a figure. */ canvas { border: 9px solid red !important; } p { color: red; }</style>
</head><body><div class="column">${body}</div></body></html>`;
}

const LONG_PAGE = page(`
<tilt-lab id="first" autoplay controls scenario='${SMC}'></tilt-lab>
<tilt-lab id="bad-json" autoplay scenario='{"model": oops}'></tilt-lab>
<tilt-lab id="bad-field" autoplay scenario='${BAD_LAMBDA}'></tilt-lab>
<tilt-lab id="bad-switch" loop="sometimes" scenario='${SMC}'></tilt-lab>
<tilt-lab id="learned" autoplay models-base-url="/lib/models/" scenario='${LEARNED}'></tilt-lab>
<div class="gap"></div>
<tilt-lab id="second" autoplay controls scenario='${WPROX}'></tilt-lab>`);

const REDUCED_PAGE = page(`<tilt-lab id="still" autoplay controls scenario='${SMC}'></tilt-lab>`);

let browser: Browser;
let s: Session;

async function serve(session: Session, name: string, html: string): Promise<void> {
  const base = await appUrl();
  // Routes registered later win over the harness's own (which records and blocks foreign requests).
  await session.context.route(`**/element-test/${name}`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await session.page.goto(new URL(`element-test/${name}`, base).href);
}

const stateOf = (p: Page, id: string) => p.getAttribute(`#${id}`, 'state');

async function waitState(p: Page, id: string, states: string[], timeout = 90_000): Promise<void> {
  await p.waitForFunction(([sel, want]) => (want as string[]).includes(document.querySelector(sel as string)?.getAttribute('state') ?? ''), [`#${id}`, states] as const, { timeout });
}

before(async () => {
  browser = await launch();
  s = await openApp(browser, { width: 1280, height: 800, path: 'lib/models/index.json' });
  await serve(s, 'long.html', LONG_PAGE);
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

test('the first figure runs and draws in a 480 px column', async () => {
  const canvas = s.page.locator('#first [data-testid=figure-canvas]');
  const play = s.page.locator('#first [data-testid=figure-play]');
  const pictures = new Set<string>();
  const steps = new Set<string>();
  await waitState(s.page, 'first', ['running', 'done']);
  // Sample the canvas while the live run plays: the step shown and the pixels both change. A run that has
  // ended is played again from its first step (a slow machine may sample only a few frames per run).
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && (steps.size < 4 || pictures.size < 3)) {
    if ((await stateOf(s.page, 'first')) === 'done') await play.click();
    steps.add((await canvas.getAttribute('data-step')) ?? '');
    pictures.add(await canvas.locator('canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL()));
    await s.page.waitForTimeout(80);
  }
  await waitState(s.page, 'first', ['done']);
  assert.ok(steps.size >= 4, `steps shown while running: ${[...steps].join(',')}`);
  assert.ok(pictures.size >= 3, `distinct pictures while running: ${pictures.size}`);
  const box = await s.page.locator('#first').boundingBox();
  const canvasBox = await canvas.locator('canvas').boundingBox();
  assert.ok(box && box.width <= 480, `figure width ${box?.width}`);
  assert.ok(canvasBox && canvasBox.width > 400 && canvasBox.width <= 480, `canvas width ${canvasBox?.width}`);
  // The host page's `canvas { border }` and `p { color }` rules do not reach into the figure.
  const border = await canvas.locator('canvas').evaluate((c) => getComputedStyle(c).borderTopWidth);
  assert.equal(border, '0px');
  await s.page.locator('#first [data-testid=chart-reward]').waitFor();
  const points = Number(await s.page.getAttribute('#first [data-testid=chart-reward]', 'data-points'));
  assert.equal(points, 40, 'the reward chart holds one point per step');
  await s.page.locator('#first').screenshot({ path: screenshotPath('tilt-lab-column') });
});

test('a bad attribute shows its error inside that figure only', async () => {
  await waitState(s.page, 'bad-json', ['error']);
  await waitState(s.page, 'bad-field', ['error']);
  await waitState(s.page, 'bad-switch', ['error']);
  const json = (await s.page.locator('#bad-json [data-testid=figure-error]').textContent()) ?? '';
  assert.match(json, /scenario: not valid JSON/);
  const field = (await s.page.locator('#bad-field [data-testid=figure-error]').textContent()) ?? '';
  assert.match(field, /sampler\.lambda: must be > 0/);
  const sw = (await s.page.locator('#bad-switch [data-testid=figure-error]').textContent()) ?? '';
  assert.match(sw, /loop: "sometimes" is not a switch value/);
  // Each message sits in its own figure's shadow root, none in the page or in the good figures.
  assert.equal(await s.page.evaluate(() => document.body.innerText.includes('could not be shown')), false);
  for (const id of ['first', 'learned', 'second']) assert.equal(await s.page.locator(`#${id} [data-testid=figure-error]`).count(), 0, id);
  assert.equal(await stateOf(s.page, 'first'), 'done');
});

test('a learned model loads through a relative models-base-url', async () => {
  await s.page.locator('#learned').scrollIntoViewIfNeeded();
  await waitState(s.page, 'learned', ['done']);
  const status = await s.page.getAttribute('#learned [data-testid=figure-canvas]', 'data-status');
  assert.equal(status, 'done');
  assert.ok(s.requests.some((u) => u.endsWith('/lib/models/moons/model.json')), 'the model came from /lib/models/');
});

test('the figure 6,000 px down stays idle until scrolled to, then runs', async () => {
  assert.equal(await stateOf(s.page, 'second'), 'idle');
  // Idle means no engine: the page has one worker per started figure (first, learned), none for the far one.
  assert.equal(s.page.workers().length, 2, `workers: ${s.page.workers().length}`);
  await s.page.locator('#second').scrollIntoViewIfNeeded();
  await waitState(s.page, 'second', ['loading', 'running', 'done']);
  await waitState(s.page, 'second', ['running', 'done']);
  await waitState(s.page, 'second', ['done']);
  const points = Number(await s.page.getAttribute('#second [data-testid=chart-reward]', 'data-points'));
  assert.equal(points, 30);
  await s.page.locator('#second').screenshot({ path: screenshotPath('tilt-lab-second') });
});

test('scrolled away, a playing figure pauses; back on screen it plays on', async () => {
  await s.page.locator('#second [data-testid=figure-play]').click();
  await waitState(s.page, 'second', ['running']);
  await s.page.evaluate(() => window.scrollTo(0, 0));
  await waitState(s.page, 'second', ['paused', 'done']);
  const state = await stateOf(s.page, 'second');
  if (state === 'paused') {
    const step = await s.page.getAttribute('#second [data-testid=figure-canvas]', 'data-step');
    await s.page.waitForTimeout(800);
    assert.equal(await s.page.getAttribute('#second [data-testid=figure-canvas]', 'data-step'), step, 'off screen, the step shown does not move');
    await s.page.locator('#second').scrollIntoViewIfNeeded();
    await waitState(s.page, 'second', ['running', 'done']);
  }
});

test('no console errors and no request leaving the origin', () => {
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.foreign, []);
});

test('under reduced motion the finished picture shows without animating, and Play animates', async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 900 }, reducedMotion: 'reduce' });
  const origin = new URL(await appUrl()).origin;
  const foreign: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  await context.route('**/element-test/reduced.html', (route) => route.fulfill({ contentType: 'text/html', body: REDUCED_PAGE }));
  const p = await context.newPage();
  p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(`${origin}/element-test/reduced.html`);
  const canvas = p.locator('#still [data-testid=figure-canvas]');
  const shown = new Set<string>();
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && (await stateOf(p, 'still')) !== 'done') {
    shown.add((await canvas.getAttribute('data-step').catch(() => null)) ?? '');
    await p.waitForTimeout(40);
  }
  assert.equal(await stateOf(p, 'still'), 'done');
  // On its way to the finished picture the canvas showed at most the first frame: no step in between.
  const between = [...shown].filter((x) => x !== '' && x !== '0' && x !== '1' && x !== '41');
  assert.deepEqual(between, [], `steps shown before the finished picture: ${[...shown].join(',')}`);
  // K = 40 steps make 41 frames (the initial noise and one per step): the last is the final samples.
  assert.equal(await canvas.getAttribute('data-step'), '41');
  // It stays finished: autoplay does not start an animation under reduced motion.
  await p.waitForTimeout(1500);
  assert.equal(await stateOf(p, 'still'), 'done');
  assert.equal(await canvas.getAttribute('data-step'), '41');
  await p.locator('#still').screenshot({ path: screenshotPath('tilt-lab-reduced-motion') });
  // Play animates: a live run plays through its steps.
  await p.locator('#still [data-testid=figure-play]').click();
  await waitState(p, 'still', ['running']);
  const steps = new Set<string>();
  for (let i = 0; i < 100 && (await stateOf(p, 'still')) === 'running'; i++) {
    steps.add((await canvas.getAttribute('data-step')) ?? '');
    await p.waitForTimeout(60);
  }
  assert.ok(steps.size >= 3, `steps shown after Play: ${[...steps].join(',')}`);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  await context.close();
});
