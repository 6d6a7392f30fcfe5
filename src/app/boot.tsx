/**
 * Starts the app once its code has loaded: read the scenario from the link (or use the default), hand the
 * engine to the store (which starts the first run), keep the URL in step with the scenario, and mount React.
 */
import { startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import type { EngineClient } from '../engine/client';
import { App } from './App';
import { receive } from './engineReceiver';
import { startPlayer } from './player';
import { actions } from './actions';
import { startApp } from './runControl';
import { startingScenario, useApp } from './store';
import { isEmbed, readUrlState, writeUrlState } from './urlState';
import { startSavedWork } from './storage/savedWork';
import { startServiceWorker } from './offline/serviceWorker';
import { afterFirstParticles } from './firstPaint';
import { warmFonts } from './fontWarmup';
import { LATER_FONTS } from './pageFonts';

const SERVICE_WORKER_DELAY_MS = 1500;

/** `openingRunId`: the run the entry module already started (the link's scenario, or the opening one). */
export function boot(engine: EngineClient, openingRunId: number): void {
  performance.mark('tiltlab:app-code-loaded');
  const link = readUrlState(location.hash);
  let lastHash = location.hash;

  startApp({
    engine,
    receive,
    // The entry's run is kept unless the link turns out invalid (the default then runs instead) or asks for
    // compare mode (both lanes start together).
    openingRun: { id: openingRunId, adopt: link.problems.length === 0 && !link.compare },
    scenario: link.scenario ?? startingScenario(),
    compare: link.compare,
    linkProblems: link.problems,
    modelsBaseUrl: new URL('models/', document.baseURI).href,
    onChange: (s) => {
      lastHash = writeUrlState(s.scenario, s.compare ? s.compareSampler : null);
      history.replaceState(null, '', lastHash);
    },
  });
  startPlayer();
  // Saved models, points and the last scenario come back (an embed shows only its link's figure).
  if (!isEmbed(location.search)) void startSavedWork(link.scenario !== null && location.hash.includes('scenario='));
  // A repaired link (bad fields replaced by defaults) is written back, so that copying it gives a valid link; one that
  // could not be used at all is replaced by the scenario shown instead.
  if (link.problems.length > 0) {
    const shown = useApp.getState();
    lastHash = writeUrlState(link.scenario ?? shown.scenario, link.scenario ? link.compare : null);
    history.replaceState(null, '', lastHash);
  }

  // A link edited by hand or reached with Back: apply it if it is valid.
  window.addEventListener('hashchange', () => {
    if (location.hash === lastHash) return;
    const next = readUrlState(location.hash);
    if (next.scenario) {
      const scenario = next.scenario;
      actions.updateScenario(() => scenario);
      if (next.compare) actions.setCompareSampler(next.compare);
      actions.setCompare(next.compare !== null);
    }
    useApp.setState({ linkProblems: next.problems });
  });

  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  // A transition: React renders the page in short slices, so the engine's first frames are taken in between.
  const reactRoot = createRoot(root);
  startTransition(() => reactRoot.render(<App embed={isEmbed(location.search)} />));
  // The service worker's install downloads the whole app for offline use (several MB): it waits until the first
  // particles move and the opening run has had the machine to itself for a moment.
  void afterFirstParticles().then(() => setTimeout(startServiceWorker, SERVICE_WORKER_DELAY_MS));
  // The fonts of the parts that load after the first particles, looked up while those parts download.
  void afterFirstParticles().then(() => warmFonts(LATER_FONTS));
}
