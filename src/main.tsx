/**
 * Entry point, kept tiny on purpose: it starts the engine worker and the opening run at once, so that the
 * worker loads tfjs and computes the first steps while the rest of the app's code is still downloading;
 * the app then adopts that run (boot.tsx).
 */
import { cachedBackend } from './app/backendCache';
import { rawLinkScenario } from './app/linkParams';
import { EngineClient } from './engine/client';
import { yieldToEvents } from './engine/yieldToEvents';
import { warmFonts } from './app/fontWarmup';
import { FIRST_SCREEN_FONTS } from './app/pageFonts';
import './app/styles.css';
import './app/layout.css';

const OPENING_RUN_ID = 1;

const engine = new EngineClient();
// In the next task: the saved backend's first read of localStorage is a synchronous round trip to the browser
// process (5–20 ms of waiting in traces here), kept out of the task that starts the worker. The worker is still
// fetching its code meanwhile, so the opening run starts no later.
void yieldToEvents().then(() => {
  engine.send({ type: 'init', modelsBaseUrl: new URL('models/', document.baseURI).href, cachedBackend: cachedBackend() });
  const linked = rawLinkScenario(location.hash);
  if (linked === undefined) engine.send({ type: 'run-opening', lane: 'a', runId: OPENING_RUN_ID });
  else engine.send({ type: 'run-link', lane: 'a', runId: OPENING_RUN_ID, link: linked });
});
// The page's own code is fetched all at once while the HTML is parsed (index.html lists it as modulepreload links:
// scripts/vite/preloadEntryImports.ts) and evaluated one part per task: React's DOM renderer, zod with the scenario's
// shared fields (zod's own evaluation is 10–15 ms of CPU here: with the rewards' rules it made one task of 25–31),
// the rewards' and the samplers' scenario rules (their zod schemas are built as the modules load), the scenario that
// joins them, then the app. Imported all at once, parts that arrived together were evaluated in one task (35–45 ms of
// CPU here). A module an earlier part evaluated is not evaluated again; a part that fails to load is left to the app's
// own import to report.
const parts: Array<() => Promise<unknown>> = [
  () => import('react-dom/client'),
  () => import('./core/scenarioParts'),
  () => import('./core/rewards/specs'),
  () => import('./core/samplers/specs'),
  () => import('./core/scenario'),
];
const evaluated = parts.reduce<Promise<unknown>>((before, part) => before.then(part).catch(() => undefined).then(yieldToEvents), Promise.resolve());
// While that code loads the main thread is mostly idle: look up the fonts the first screen will draw (app/fontWarmup.ts).
void warmFonts(FIRST_SCREEN_FONTS);
void evaluated.then(() => import('./app/boot')).then((app) => app.boot(engine, OPENING_RUN_ID));
