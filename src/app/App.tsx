/**
 * The page. The first screen holds what the lab is for: the particle stage with its play bar, the per-step
 * charts beside it, and the scenario controls in a collapsible sidebar on the right (the tab order follows this
 * left-to-right order, so Play comes early); the run summary, step-through, export and teaching sit below.
 * Narrow screens stack the same order. Presentation mode (PresentToggle) shows only the stage and the charts in
 * large type, for projectors. `embed` shows the chrome-less figure for blog posts.
 */
import { lazy, Suspense, useState } from 'react';
import type { ReactNode } from 'react';
import { PresentToggle, SidebarToggle, SkipLink, usePageMode } from './components/PageMode';
import { BackendBadge } from './components/BackendBadge';
import { Notices } from './components/Notices';
import { EmbedNotices } from './components/EmbedNotices';
import { Stage } from './components/Stage';
import { EmbedPlayback } from './components/teaching/EmbedPlayback';
import { readEmbedOptions } from './teaching/embedOptions';
import { describeScenario } from '../view/describe';
import { ChartSourceContext } from '../view/charts/context';
import { afterFirstParticlesInTurn } from './firstPaint';
import { actions } from './actions';
import { pageChartSource } from './runControl';
import { useApp } from './store';

function CompareToggle() {
  const compare = useApp((s) => s.compare);
  return (
    <label className="checkbox compare-toggle">
      <input type="checkbox" checked={compare} onChange={(e) => actions.setCompare(e.target.checked)} data-testid="compare-toggle" />
      Compare two samplers
    </label>
  );
}

function ShareLinks() {
  const [copied, setCopied] = useState(false);
  const embedUrl = `${location.origin}${location.pathname}?embed${location.hash}`;
  return (
    <span className="share">
      <button
        type="button"
        className="linklike"
        onClick={() => {
          void navigator.clipboard?.writeText(location.href).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          });
        }}
      >
        {copied ? 'Link copied' : 'Copy link to this run'}
      </button>
      <a href={embedUrl} target="_blank" rel="noopener">
        Embeddable figure
      </a>
    </span>
  );
}

/**
 * The sidebar's panels and everything below the first screen are chunks of their own, loaded once the first
 * particles move (like the charts): evaluating and rendering them first would hold up the first frames. Their
 * boxes are on the page from the start, so nothing on the first screen moves when they arrive.
 */
const ScenarioControls = lazy(() => afterFirstParticlesInTurn(() => import('./components/ScenarioControls')));
const BelowTheFold = lazy(() => afterFirstParticlesInTurn(() => import('./components/BelowTheFold')));
const FooterPanels = lazy(() => afterFirstParticlesInTurn(() => import('./components/export/LinkPanels')).then((m) => ({ default: m.LinkPanels })));
const RunFileNoticeLater = lazy(() => afterFirstParticlesInTurn(() => import('./components/export/ExportPanel')).then((m) => ({ default: m.RunFileNotice })));

function Controls(props: { hidden: boolean }) {
  return (
    <aside className="controls" aria-label="Scenario" id="controls" hidden={props.hidden}>
      <Suspense fallback={<p className="controls__loading">Loading the controls…</p>}>
        <ScenarioControls />
      </Suspense>
    </aside>
  );
}

// The charts' code is loaded after the first particles are drawn: evaluating it first would delay them.
const ChartsPanel = lazy(() => afterFirstParticlesInTurn(() => import('../view/charts/Charts')));
/** Same size as the charts, so that nothing jumps when they arrive. */
function ChartPlaceholders() {
  return (
    <>
      {['Mean reward r(x̂₀) per step', 'Log-weight variance per step', 'Effective sample size (fraction of N)'].map((title) => (
        <div key={title} className="chart chart--placeholder">
          <div className="chart__title">{title}</div>
        </div>
      ))}
    </>
  );
}

function Charts() {
  const shown = useApp((s) => !s.hiddenPanels.includes('charts'));
  if (!shown) return null;
  return (
    <section className="charts" aria-label="Per-step charts">
      <ChartSourceContext.Provider value={pageChartSource}>
        <Suspense fallback={<ChartPlaceholders />}>
          <ChartsPanel />
        </Suspense>
      </ChartSourceContext.Provider>
    </section>
  );
}

/**
 * The page's root element. Exposed for the end-to-end tests: the engine's live tensor count after its last run (must
 * not grow), and whether an edit is still waiting for its run. Its own component, so that these changes (and the
 * edits below) re-render only what reads them: the children are made by App, which does not re-render on an edit —
 * a λ key press would otherwise re-render the whole page, charts included, in the key's own task.
 */
function AppFrame(props: { className: string; children: ReactNode }) {
  const liveTensors = useApp((s) => s.liveTensors);
  const runPending = useApp((s) => s.runPending);
  return (
    <div className={props.className} data-live-tensors={liveTensors ?? ''} data-run-pending={runPending}>
      {props.children}
    </div>
  );
}

function EmbedCaption() {
  const scenario = useApp((s) => s.scenario);
  const compareSampler = useApp((s) => (s.compare ? s.compareSampler : null));
  return <p className="embed__caption">{describeScenario(scenario, compareSampler)}</p>;
}

export function App(props: { embed: boolean }) {
  const hiddenPanels = useApp((s) => s.hiddenPanels);
  const [embedOptions] = useState(() => readEmbedOptions(location.search));
  const mode = usePageMode();
  if (props.embed) {
    return (
      <AppFrame className={`app app--embed${embedOptions.controls ? '' : ' app--embed-bare'}`}>
        <EmbedCaption />
        <EmbedNotices optionProblems={embedOptions.problems} />
        <EmbedPlayback options={embedOptions} />
        <Stage controls={embedOptions.controls} />
        <Charts />
        <p className="embed__credit">
          <a href={`${location.pathname}${location.hash}`} target="_blank" rel="noopener">
            Open in Tilt Lab
          </a>
        </p>
      </AppFrame>
    );
  }
  return (
    <AppFrame className={`app${mode.className}`}>
      <SkipLink />
      <header className="topbar">
        <div className="brand">
          <h1>Tilt Lab</h1>
          <p>Reward-aligned sampling from a 2-D diffusion model, step by step.</p>
        </div>
        <div className="topbar__right">
          <PresentToggle mode={mode} />
          <SidebarToggle mode={mode} />
          <CompareToggle />
          <BackendBadge />
        </div>
      </header>
      <Notices />
      <Suspense fallback={null}>
        <RunFileNoticeLater />
      </Suspense>
      <main className="lab">
        <div className="lab__first">
          <div className="centre">
            <Stage controls />
          </div>
          <Charts />
          <Controls hidden={mode.sidebarHidden} />
        </div>
        <div className="lab__below">
          <Suspense fallback={null}>
            <BelowTheFold summary={!hiddenPanels.includes('summary')} />
          </Suspense>
        </div>
      </main>
      <footer className="footer">
        <p>
          λ conventions: KL-tilt and SMC target q ∝ p·e<sup>r/λ</sup> (KL temperature λ); W-prox moves each sample to argmax<sub>y</sub> r(y) − (λ_W/2)‖y − x‖²
          (transport price λ_W). Every number on the page is computed live in your browser.
        </p>
        <ShareLinks />
        <Suspense fallback={null}>
          <FooterPanels />
        </Suspense>
      </footer>
    </AppFrame>
  );
}
