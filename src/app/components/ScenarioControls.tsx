/**
 * The sidebar's panels: model, reward, sampler (two in compare mode), run settings, data, fine-tuning and saved
 * work. A chunk of its own, loaded once the first particles move (App.tsx); the panels then appear one per frame,
 * top first.
 */
import { actions } from '../actions';
import { useApp } from '../store';
import { DataPanel } from './DataPanel';
import { FineTunePanel } from './finetune/FineTunePanel';
import { ModelPanel } from './ModelPanel';
import { RewardPanel } from './RewardPanel';
import { RunSettings } from './RunSettings';
import { SamplerPanel } from './SamplerPanel';
import { SavedPanel } from './storage/SavedPanel';
import { useOnePerFrame } from '../../view/useOnePerFrame';

export default function ScenarioControls() {
  const sampler = useApp((s) => s.scenario.sampler);
  const compare = useApp((s) => s.compare);
  const compareSampler = useApp((s) => s.compareSampler);
  const hidden = useApp((s) => s.hiddenPanels);
  const panels = [
    !hidden.includes('model') && <ModelPanel key="model" />,
    !hidden.includes('reward') && <RewardPanel key="reward" />,
    !hidden.includes('sampler') && <SamplerPanel key="sampler-a" lane="a" title={compare ? 'Sampler A' : 'Sampler'} spec={sampler} onChange={actions.setSampler} />,
    compare && !hidden.includes('sampler') && <SamplerPanel key="sampler-b" lane="b" title="Sampler B" spec={compareSampler} onChange={actions.setCompareSampler} />,
    !hidden.includes('run') && <RunSettings key="run" />,
    !hidden.includes('data') && <DataPanel key="data" />,
    <FineTunePanel key="finetune" />,
    <SavedPanel key="saved" />,
  ].filter(Boolean);
  const shown = useOnePerFrame(panels.length);
  return <>{panels.slice(0, shown)}</>;
}
