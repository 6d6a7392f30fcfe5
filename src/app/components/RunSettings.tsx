/** Particles, steps, seed and η: the settings every sampler shares. */
import { PARTICLE_CHOICES } from '../../view/presets';
import { actions } from '../actions';
import { useApp } from '../store';
import { Field, Select, Slider } from './controls';
import { groupDigits } from '../../view/groupDigits';

const STEP_CHOICES = [10, 20, 50, 100, 200, 500, 1000];

export function RunSettings() {
  const { particles, steps, seed, eta } = useApp((s) => s.scenario);
  const exactKernel = useApp((s) => s.scenario.model.kind === 'gmm' && s.scenario.model.kernel === 'exact');
  const update = (patch: Partial<{ particles: number; steps: number; seed: number; eta: number }>) =>
    actions.updateScenario((s) => ({ ...s, ...patch }));
  const particleOptions = PARTICLE_CHOICES.includes(particles) ? PARTICLE_CHOICES : [...PARTICLE_CHOICES, particles].sort((a, b) => a - b);
  const stepOptions = STEP_CHOICES.includes(steps) ? STEP_CHOICES : [...STEP_CHOICES, steps].sort((a, b) => a - b);
  return (
    <section className="panel" aria-labelledby="run-heading">
      <h2 id="run-heading">Run</h2>
      <div className="panel__row">
        <Select label="Particles N" value={particles} options={particleOptions.map((n) => ({ value: n, label: groupDigits(n) }))} onChange={(n) => update({ particles: n })} testId="particles-select" />
        <Select label="Steps K" value={steps} options={stepOptions.map((n) => ({ value: n, label: String(n) }))} onChange={(n) => update({ steps: n })} testId="steps-select" />
      </div>
      <Field label="Seed" hint="Same seed, same noise: compare runs fairly.">
        {(id) => (
          <div className="seed-row">
            <input
              id={id}
              type="number"
              min={0}
              max={2 ** 32 - 1}
              step={1}
              value={seed}
              data-testid="seed-input"
              onChange={(e) => {
                const v = Math.floor(Number(e.target.value));
                if (Number.isFinite(v) && v >= 0 && v <= 2 ** 32 - 1) update({ seed: v });
              }}
            />
            <button type="button" onClick={() => update({ seed: Math.floor(Math.random() * 1e6) })}>
              New seed
            </button>
          </div>
        )}
      </Field>
      <Slider
        label="DDIM η"
        hint={exactKernel ? 'The exact kernel is ancestral: η = 1.' : '1 = ancestral DDPM, 0 = deterministic DDIM.'}
        value={eta}
        min={0}
        max={1}
        step={0.05}
        onChange={(v) => update({ eta: v })}
        testId="eta-slider"
      />
    </section>
  );
}
