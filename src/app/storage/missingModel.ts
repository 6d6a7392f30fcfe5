/**
 * A link that names a model this browser does not have (trained or fine-tuned in another browser, or deleted
 * here): the engine answers the run with `model.name: no model named …`. The page then says so in plain words,
 * swaps in the default model and keeps the rest of the link's scenario (reward, sampler, settings).
 */
import type { FromEngineOf } from '../../engine/messages';
import { changed } from '../runControl';
import { startingScenario, useApp } from '../store';
import { addSavedNotice } from './savedState';

/** Handles a run error if it is a missing model of the scenario on screen; true when it did. */
export function replaceMissingModel(m: FromEngineOf<'run-error'>): boolean {
  if (m.field !== 'model.name' || !m.problem.startsWith('no model named')) return false;
  const s = useApp.getState();
  const model = s.scenario.model;
  if (model.kind !== 'mlp') return false;
  addSavedNotice(
    `This link asks for the model "${model.name}", which is not saved in this browser (it was trained or fine-tuned in another browser, or deleted here) and is not shipped with the app. The default model runs instead; the link's reward, sampler and settings are kept.`,
  );
  useApp.setState({ learned: s.learned.filter((e) => e.name !== model.name) });
  changed({ scenario: { ...s.scenario, model: startingScenario().model } });
  return true;
}
