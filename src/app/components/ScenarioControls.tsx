/**
 * The sidebar's panels: model, reward, sampler (two in compare mode), run settings, data, fine-tuning and saved
 * work. A chunk of its own, loaded once the first particles move (App.tsx).
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

export default function ScenarioControls() {
  const sampler = useApp((s) => s.scenario.sampler);
  const compare = useApp((s) => s.compare);
  const compareSampler = useApp((s) => s.compareSampler);
  const hidden = useApp((s) => s.hiddenPanels);
  return (
    <>
      {!hidden.includes('model') && <ModelPanel />}
      {!hidden.includes('reward') && <RewardPanel />}
      {!hidden.includes('sampler') && <SamplerPanel lane="a" title={compare ? 'Sampler A' : 'Sampler'} spec={sampler} onChange={actions.setSampler} />}
      {compare && !hidden.includes('sampler') && <SamplerPanel lane="b" title="Sampler B" spec={compareSampler} onChange={actions.setCompareSampler} />}
      {!hidden.includes('run') && <RunSettings />}
      {!hidden.includes('data') && <DataPanel />}
      <FineTunePanel />
      <SavedPanel />
    </>
  );
}
