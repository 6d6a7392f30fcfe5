/**
 * Everything below the first screen: the step-through, the run summary, the SMC workbench (whenever a lane runs
 * SMC), export, the guided presets and the sampler's teaching text. A chunk of its own, loaded once the first
 * particles move (App.tsx).
 */
import { lazy, Suspense } from 'react';
import { ChartSourceContext } from '../../view/charts/context';
import { afterFirstParticlesInTurn } from '../firstPaint';
import { pageChartSource } from '../runControl';
import { ExportPanel } from './export/ExportPanel';
import { SummaryTable } from './SummaryTable';
import { AboutSampler } from './teaching/AboutSampler';
import { GuidedPresets } from './teaching/GuidedPresets';
import { StepThrough } from './teaching/StepThrough';

const SmcWorkbench = lazy(() => afterFirstParticlesInTurn(() => import('../../view/charts/SmcCharts')));

/** The SMC workbench (β, conditional ESS, lineages) below the summary. */
function SmcPanel() {
  return (
    <ChartSourceContext.Provider value={pageChartSource}>
      <Suspense fallback={null}>
        <SmcWorkbench />
      </Suspense>
    </ChartSourceContext.Provider>
  );
}

export default function BelowTheFold(props: { summary: boolean }) {
  return (
    <>
      <StepThrough />
      {props.summary && <SummaryTable />}
      <SmcPanel />
      <ExportPanel />
      <GuidedPresets />
      <AboutSampler />
    </>
  );
}
