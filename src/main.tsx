/**
 * Entry point: read the scenario from the link (or use the default), start the engine and the first run
 * before React renders anything, then mount the page.
 */
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startPlayer } from './app/player';
import { actions, startApp, startingScenario, useApp } from './app/store';
import { isEmbed, readUrlState, writeUrlState } from './app/urlState';
import './app/styles.css';

const link = readUrlState(location.hash);
let lastHash = location.hash;

startApp({
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

// A link edited by hand or reached with Back: apply it if it is valid.
window.addEventListener('hashchange', () => {
  if (location.hash === lastHash) return;
  const next = readUrlState(location.hash);
  if (next.scenario) {
    actions.updateScenario(() => next.scenario!);
    if (next.compare) actions.setCompareSampler(next.compare);
    actions.setCompare(next.compare !== null);
  } else useApp.setState({ linkProblems: next.problems });
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(<App embed={isEmbed(location.search)} />);
