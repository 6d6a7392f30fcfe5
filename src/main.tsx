/**
 * Entry point, kept tiny on purpose: it starts the engine worker at once, so that the worker loads tfjs
 * and sets up its backend while the rest of the app's code is still downloading, then loads the app.
 */
import { cachedBackend } from './app/backendCache';
import { EngineClient } from './engine/client';
import './app/styles.css';

const engine = new EngineClient();
engine.send({ type: 'init', modelsBaseUrl: new URL('models/', document.baseURI).href, cachedBackend: cachedBackend() });
void import('./app/boot').then((app) => app.boot(engine));
