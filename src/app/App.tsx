/**
 * The page. The first screen holds what the lab is for: the particle stage with its play bar, the per-step
 * charts beside it, and the scenario controls in a collapsible sidebar on the right (the tab order follows this
 * left-to-right order, so Play comes early); the run summary, step-through, export and teaching sit below.
 * Narrow screens stack the same order. Presentation mode (PresentToggle) shows only the stage and the charts in
 * large type, for projectors. `embed` shows the chrome-less figure for blog posts.
 */
import { lazy, Suspense, useState } from 'react';
import { PresentToggle, SidebarToggle, SkipLink, usePageMode } from './components/PageMode';
import { BackendBadge } from './components/BackendBadge';
import { DataPanel } from './components/DataPanel';
import { FineTunePanel } from './components/finetune/FineTunePanel';
import { ExportPanel, RunFileNotice } from './components/export/ExportPanel';
import { LinkPanels } from './components/export/LinkPanels';
import { ModelPanel } from './components/ModelPanel';
import { Notices } from './components/Notices';
import { RewardPanel } from './components/RewardPanel';
import { RunSettings } from './components/RunSettings';
import { SamplerPanel } from './components/SamplerPanel';
import { SavedPanel } from './components/storage/SavedPanel';
import { Stage } from './components/Stage';
import { SummaryTable } from './components/SummaryTable';
import { AboutSampler } from './components/teaching/AboutSampler';
import { EmbedPlayback } from './components/teaching/EmbedPlayback';
import { GuidedPresets } from './components/teaching/GuidedPresets';
import { StepThrough } from './components/teaching/StepThrough';
import { readEmbedOptions } from './teaching/embedOptions';
import { describeScenario } from '../view/describe';
import { ChartSourceContext } from '../view/charts/context';
import { afterFirstParticles } from './firstPaint';
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

function Controls(props: { hidden: boolean }) {
  const sampler = useApp((s) => s.scenario.sampler);
  const compare = useApp((s) => s.compare);
  const compareSampler = useApp((s) => s.compareSampler);
  const hidden = useApp((s) => s.hiddenPanels);
  return (
    <aside className="controls" aria-label="Scenario" id="controls" hidden={props.hidden}>
      {!hidden.includes('model') && <ModelPanel />}
      {!hidden.includes('reward') && <RewardPanel />}
      {!hidden.includes('sampler') && <SamplerPanel lane="a" title={compare ? 'Sampler A' : 'Sampler'} spec={sampler} onChange={actions.setSampler} />}
      {compare && !hidden.includes('sampler') && <SamplerPanel lane="b" title="Sampler B" spec={compareSampler} onChange={actions.setCompareSampler} />}
      {!hidden.includes('run') && <RunSettings />}
      {!hidden.includes('data') && <DataPanel />}
      <FineTunePanel />
      <SavedPanel />
    </aside>
  );
}

// recharts is loaded after the first particles are drawn: evaluating it first would delay them.
const ChartsPanel = lazy(() => afterFirstParticles().then(() => import('../view/charts/Charts')));
const SmcWorkbench = lazy(() => afterFirstParticles().then(() => import('../view/charts/SmcCharts')));

/** The SMC workbench (β, conditional ESS, lineages) below the summary, whenever a lane runs SMC. */
function SmcPanel() {
  return (
    <ChartSourceContext.Provider value={pageChartSource}>
      <Suspense fallback={null}>
        <SmcWorkbench />
      </Suspense>
    </ChartSourceContext.Provider>
  );
}

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

export function App(props: { embed: boolean }) {
  // Exposed for the end-to-end tests: the engine's live tensor count after its last run (must not grow), and
  // whether an edit is still waiting for its run.
  const liveTensors = useApp((s) => s.liveTensors);
  const runPending = useApp((s) => s.runPending);
  const scenario = useApp((s) => s.scenario);
  const compareSampler = useApp((s) => (s.compare ? s.compareSampler : null));
  const hiddenPanels = useApp((s) => s.hiddenPanels);
  const [embedOptions] = useState(() => readEmbedOptions(location.search));
  const mode = usePageMode();
  if (props.embed) {
    return (
      <div className={`app app--embed${embedOptions.controls ? '' : ' app--embed-bare'}`} data-live-tensors={liveTensors ?? ''} data-run-pending={runPending}>
        <p className="embed__caption">{describeScenario(scenario, compareSampler)}</p>
        <EmbedPlayback options={embedOptions} />
        <Stage controls={embedOptions.controls} />
        <Charts />
        <p className="embed__credit">
          <a href={`${location.pathname}${location.hash}`} target="_blank" rel="noopener">
            Open in Tilt Lab
          </a>
        </p>
      </div>
    );
  }
  return (
    <div className={`app${mode.className}`} data-live-tensors={liveTensors ?? ''} data-run-pending={runPending}>
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
      <RunFileNotice />
      <main className="lab">
        <div className="lab__first">
          <div className="centre">
            <Stage controls />
          </div>
          <Charts />
          <Controls hidden={mode.sidebarHidden} />
        </div>
        <div className="lab__below">
          <StepThrough />
          {!hiddenPanels.includes('summary') && <SummaryTable />}
          <SmcPanel />
          <ExportPanel />
          <GuidedPresets />
          <AboutSampler />
        </div>
      </main>
      <footer className="footer">
        <p>
          λ conventions: KL-tilt and SMC target q ∝ p·e<sup>r/λ</sup> (KL temperature λ); W-prox moves each sample to argmax<sub>y</sub> r(y) − (λ_W/2)‖y − x‖²
          (transport price λ_W). Every number on the page is computed live in your browser.
        </p>
        <ShareLinks />
        <LinkPanels />
      </footer>
    </div>
  );
}
