/**
 * Entry point, kept tiny on purpose: it starts the engine worker and the opening run at once, so that the
 * worker loads tfjs and computes the first steps while the rest of the app's code is still downloading;
 * the app then adopts that run (boot.tsx).
 */
import { cachedBackend } from './app/backendCache';
import { rawLinkScenario } from './app/linkParams';
import { EngineClient } from './engine/client';
import { warmFonts } from './app/fontWarmup';
import { FIRST_SCREEN_FONTS } from './app/pageFonts';
import './app/styles.css';
import './app/layout.css';

const OPENING_RUN_ID = 1;

const engine = new EngineClient();
engine.send({ type: 'init', modelsBaseUrl: new URL('models/', document.baseURI).href, cachedBackend: cachedBackend() });
const linked = rawLinkScenario(location.hash);
if (linked === undefined) engine.send({ type: 'run-opening', lane: 'a', runId: OPENING_RUN_ID });
else engine.send({ type: 'run-link', lane: 'a', runId: OPENING_RUN_ID, link: linked });
// The page's own code is evaluated in several tasks instead of one long one: React's DOM renderer, the rewards'
// and the samplers' scenario rules (their zod schemas are built as the modules load), the scenario that
// joins them, then the app. Each import() evaluates its module graph in a task of its own once it has been fetched;
// they are fetched together, and a module that an earlier import evaluated is not evaluated again.
void import('react-dom/client');
void import('./core/rewards/specs');
void import('./core/samplers/specs');
void import('./core/scenario');
// While that code downloads the main thread is idle: look up the fonts the first screen will draw (app/fontWarmup.ts).
void warmFonts(FIRST_SCREEN_FONTS);
void import('./app/boot').then((app) => app.boot(engine, OPENING_RUN_ID));
