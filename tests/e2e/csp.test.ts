/**
 * A strict Content Security Policy, declared and tested: dist/ is served with the policy below, and the app (with
 * formulas on screen: "About this sampler" and step-through), its embed mode and the embedding example page
 * (the figure library) run with zero `securitypolicyviolation` events, in the pages and their workers.
 * Screenshot: test-results/csp-formula.png (superscripts and fractions laid out as MathML, no inline styles).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { preview } from 'vite';
import { launch, ROOT, screenshotPath, waitComputed } from './harness';

/** The policy of README "Security": what the app needs and nothing more. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'";

let browser: Browser;
let server: Awaited<ReturnType<typeof preview>>;
let url = '';
/**
 * Violation reports the browser posts (report-uri, added to the policy without changing what it enforces): they
 * come from workers too, whose violations never reach the document's event.
 */
const reports: string[] = [];

before(async () => {
  browser = await launch();
  server = await preview({
    root: ROOT,
    preview: {
      port: 0,
      host: '127.0.0.1',
      headers: { 'Content-Security-Policy': `${STRICT_CSP}; report-uri /csp-report` },
    },
    logLevel: 'warn',
    plugins: [
      {
        name: 'csp-reports',
        configurePreviewServer(preview) {
          preview.middlewares.use('/csp-report', (req, res) => {
            let body = '';
            req.on('data', (chunk: Buffer) => (body += chunk.toString()));
            req.on('end', () => {
              const report =
                (JSON.parse(body || '{}') as { 'csp-report'?: Record<string, unknown> })['csp-report'] ?? {};
              reports.push(
                `${String(report['violated-directive'])} ${String(report['blocked-uri'])} ${String(report['source-file'] ?? report['document-uri'])}`,
              );
              res.statusCode = 204;
              res.end();
            });
          });
        },
      },
    ],
  });
  url = server.resolvedUrls!.local[0];
});

/** Reports arrive a moment after the violation: waits until `count` are in, or a few seconds pass. */
async function reportsAfterAWhile(page: Page, count = 1): Promise<string[]> {
  for (let i = 0; i < 20 && reports.length < count; i++) await page.waitForTimeout(150);
  return [...reports];
}

after(async () => {
  await browser?.close();
  await server?.close();
});

interface Watched {
  context: BrowserContext;
  page: Page;
  violations: string[];
  errors: string[];
}

/** A page whose CSP violations (from the document and from any worker's console) are collected. */
async function watch(path: string, viewport = { width: 1280, height: 900 }): Promise<Watched> {
  const context = await browser.newContext({ viewport });
  const violations: string[] = [];
  const errors: string[] = [];
  await context.exposeBinding('reportViolation', (_source, text: string) => void violations.push(text));
  // A string, not a function: the test's compiler would add helpers the page does not have.
  await context.addInitScript(`
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      const text = e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber + ' ' + (e.sample || '');
      window.__cspViolations.push(text);
      window.reportViolation(text);
    });
  `);
  const page = await context.newPage();
  const onConsole = (where: string) => (m: { type(): string; text(): string }) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`${where}: ${m.text()}`);
    else if (m.type() === 'error') errors.push(`${where}: ${m.text()}`);
  };
  page.on('console', onConsole('page'));
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('worker', (w) => w.on('console', onConsole('worker')));
  const response = await page.goto(new URL(path, url).href);
  assert.ok(response?.headers()['content-security-policy']?.startsWith(STRICT_CSP), 'served with the policy');
  return { context, page, violations, errors };
}

test('the app runs under the strict CSP with zero violations, formulas on screen', { timeout: 180_000 }, async () => {
  const w = await watch('');
  const { page } = w;
  await waitComputed(page);
  await page.waitForSelector('[data-testid=about-a] [data-testid=tex-formula] math', { timeout: 30_000 });
  // Step-through: a phase formula too.
  await page.check('[data-testid=step-through-toggle]');
  await page.waitForSelector('[data-testid=step-through] [data-testid=tex-formula] math', { timeout: 30_000 });
  // A learned model (tfjs-layers in the worker) and every sampler.
  await page.selectOption('[data-testid=model-select]', 'mlp:moons');
  await waitComputed(page, 120_000);
  for (const kind of ['smc', 'w-prox', 'kl-tilt']) {
    await page.click(`[data-testid=sampler-a-${kind}]`);
    await waitComputed(page, 120_000);
  }
  assert.ok((await page.locator('math msup').count()) >= 1, 'a superscript on screen');
  await page.locator('[data-testid=about-sampler]').screenshot({ path: screenshotPath('csp-formula') });
  assert.deepEqual(await reportsAfterAWhile(page), [], 'no CSP violation reported (page or worker)');
  assert.deepEqual(w.violations, [], 'no CSP violation');
  assert.deepEqual(w.errors, [], 'no console errors');
  // The watch is live: an inline style attribute is refused and seen, in the event and in the reports.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<b style="color: red">inline</b>'));
  assert.ok(
    (await reportsAfterAWhile(page)).some((r) => r.startsWith('style-src')),
    'a deliberate violation is reported',
  );
  const seen = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  assert.ok(
    seen.some((v) => v.startsWith('style-src')),
    `a deliberate violation fires the event (${seen.join('; ')})`,
  );
  reports.length = 0;
  await w.context.close();
});

test(
  'the embed and the embedding example page (the figure library) run under the strict CSP with zero violations',
  { timeout: 180_000 },
  async () => {
    const embed = await watch('?embed');
    await waitComputed(embed.page);
    assert.deepEqual(await reportsAfterAWhile(embed.page), [], 'embed: no CSP violation reported');
    assert.deepEqual(embed.violations, [], 'embed: no CSP violation');
    await embed.context.close();

    const example = await watch('examples/index.html', { width: 1200, height: 1400 });
    // The figures start when they come near the screen: bring each one there and wait for it to compute.
    const figures = await example.page.locator('tilt-lab').count();
    assert.equal(figures, 3, 'the example page has three figures');
    for (let i = 0; i < figures; i++) {
      await example.page.locator('tilt-lab').nth(i).scrollIntoViewIfNeeded();
      await example.page.waitForFunction(
        (n) => ['running', 'done'].includes(document.querySelectorAll('tilt-lab')[n as number]?.getAttribute('state') ?? ''),
        i,
        { timeout: 120_000 },
      );
    }
    assert.deepEqual(
      await reportsAfterAWhile(example.page),
      [],
      'example page: no CSP violation reported (page or workers)',
    );
    assert.deepEqual(example.violations, [], 'example page: no CSP violation');
    // The browser asks for /favicon.ico, which this example page does not ship: the one 404 that is not the library's.
    assert.deepEqual(
      example.errors.filter((e) => !/404/.test(e)),
      [],
      'example page: no console errors',
    );
    // A worker's violation reaches the reports (the figures' engines run in workers).
    await example.page.evaluate(
      () =>
        void new Worker(
          URL.createObjectURL(new Blob(["fetch('data:text/plain,x').catch(() => {})"], { type: 'text/javascript' })),
        ),
    );
    assert.ok(
      (await reportsAfterAWhile(example.page)).some((r) => r.startsWith('connect-src')),
      "a worker's deliberate violation is reported",
    );
    reports.length = 0;
    await example.context.close();
  },
);
