/** The base model: an analytic GMM preset (exact ground truth) or a learned model, and the GMM's kernel. */
import type { ModelSpec } from '../../core/scenario';
import { GMM_PRESETS } from '../../view/presets';
import { actions } from '../actions';
import { useApp } from '../store';
import { Select } from './controls';

const CUSTOM = 'custom';

function gmmShape(model: ModelSpec): string {
  return model.kind === 'gmm' ? JSON.stringify([model.weights, model.means, model.covs]) : '';
}

/** The preset a model is (kernel aside), or "custom" for a GMM that came from a link. */
function modelKey(model: ModelSpec): string {
  if (model.kind === 'mlp') return `mlp:${model.name}`;
  const shape = gmmShape(model);
  return GMM_PRESETS.find((p) => gmmShape(p.model) === shape)?.id ?? CUSTOM;
}

export function ModelPanel() {
  const model = useApp((s) => s.scenario.model);
  const learned = useApp((s) => s.learned);
  const key = modelKey(model);
  const options = [
    ...GMM_PRESETS.map((p) => ({ value: p.id, label: p.label })),
    ...(key === CUSTOM ? [{ value: CUSTOM, label: 'Custom GMM (from the link)' }] : []),
    ...learned.map((m) => ({ value: `mlp:${m.name}`, label: `${m.label} (${m.local ? 'trained here' : 'learned'})` })),
  ];
  if (model.kind === 'mlp' && !learned.some((m) => m.name === model.name)) options.push({ value: key, label: `${model.name} (learned)` });

  const choose = (value: string) => {
    if (value.startsWith('mlp:')) {
      const name = value.slice(4);
      actions.updateScenario((s) => ({ ...s, model: { kind: 'mlp', name } }));
      return;
    }
    const preset = GMM_PRESETS.find((p) => p.id === value);
    if (!preset) return;
    const kernel = model.kind === 'gmm' ? model.kernel : 'ddpm';
    actions.updateScenario((s) => ({ ...s, model: { ...preset.model, kernel } as ModelSpec }));
  };

  return (
    <section className="panel" aria-labelledby="model-heading">
      <h2 id="model-heading">Model p</h2>
      <Select
        label="Base model"
        value={key}
        options={options}
        onChange={choose}
        testId="model-select"
        hint={
          model.kind === 'gmm'
            ? 'Analytic Gaussian mixture: exact score and closed-form targets.'
            : model.name.startsWith('fine-tuned-')
              ? 'This model fine-tuned in the page toward the reward (see the Fine-tune panel).'
              : learned.find((m) => m.name === model.name)?.local
                ? 'A small ε-network trained in this page on your data.'
                : 'A small learned ε-network shipped with the app (see its model card).'
        }
      />
      {model.kind === 'gmm' && (
        <Select
          label="Reverse step"
          value={model.kernel}
          options={[
            { value: 'ddpm', label: 'DDPM / DDIM steps (discretised)' },
            { value: 'exact', label: 'Exact kernel (perfect model, §2.2)' },
          ]}
          onChange={(kernel) =>
            actions.updateScenario((s) => ({
              ...s,
              // The exact kernel is the ancestral chain: it needs η = 1.
              eta: kernel === 'exact' ? 1 : s.eta,
              model: { ...(s.model as Extract<ModelSpec, { kind: 'gmm' }>), kernel },
            }))
          }
          testId="kernel-select"
        />
      )}
    </section>
  );
}
