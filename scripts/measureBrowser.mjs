/**
 * What the measurement scripts (measure-app, measure-drag, measure-big-run) share: the headless Chromium they start
 * and how they find the page's own main thread in a trace.
 *
 * Chromium 156 starts, for every new browser context, a renderer of its own UI: the omnibox popup
 * ("WebUI Top Renderer", prewarmed and never shown when headless). During a fresh load it took 300–400 ms of CPU on
 * this 2-core machine, competing with the page, and its main thread (also named CrRendererMain) held tasks up to
 * 100 ms that the scripts counted as the page's. A visitor's browser has that UI running before they navigate; the
 * flags below keep it from starting, and `pageMainThreads` counts only the renderer that runs the page's engine
 * worker.
 */
export const MEASURE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,WebUIReloadButtonPrewarmWebUI,WebUIContentsPreloadManager',
];

/**
 * The page's main threads ("pid:tid") in a trace's events: CrRendererMain of the renderer processes that also run a
 * dedicated worker (the engine), so that another renderer's tasks (the browser's own UI) are not counted.
 */
export function pageMainThreads(events) {
  const names = events.filter((e) => e.name === 'thread_name');
  const pagePids = new Set(names.filter((e) => e.args?.name === 'DedicatedWorker thread').map((e) => e.pid));
  return new Set(names.filter((e) => e.args?.name === 'CrRendererMain' && pagePids.has(e.pid)).map((e) => `${e.pid}:${e.tid}`));
}

/**
 * Waits until `expression` is truthy in the page, polling over the DevTools protocol (Runtime.evaluate every 50 ms).
 * Playwright's own waitForFunction first injects its utility script into the page, a 15 ms-CPU task of its own
 * (60+ ms wall on these 2 cores) that a trace would count as the page's; a protocol evaluate of a short expression
 * is a task of well under a millisecond.
 */
export async function waitInPage(cdp, expression, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: `Boolean(${expression})`, returnByValue: true });
    if (result?.value === true) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
