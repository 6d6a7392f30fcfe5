/** Guided presets (teaching/guidedPresets.ts): one button per story, and the chosen story shown with it. */
import { useState } from 'react';
import { changed } from '../../runControl';
import { useApp } from '../../store';
import { GUIDED_PRESETS } from '../../teaching/guidedPresets';
import type { GuidedPreset } from '../../teaching/guidedPresets';

function load(p: GuidedPreset): void {
  const s = useApp.getState();
  changed({
    scenario: { ...s.scenario, model: p.model, reward: p.reward, sampler: p.sampler },
    compare: p.compare !== null,
    ...(p.compare ? { compareSampler: p.compare } : {}),
  });
}

export function GuidedPresets() {
  const [chosen, setChosen] = useState<string | null>(null);
  const story = GUIDED_PRESETS.find((p) => p.id === chosen);
  return (
    <section className="guided panel" aria-labelledby="guided-heading" data-testid="guided-presets">
      <h2 id="guided-heading">Guided presets</h2>
      <div className="guided__buttons">
        {GUIDED_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            aria-pressed={chosen === p.id}
            onClick={() => {
              setChosen(p.id);
              load(p);
            }}
            data-testid={`guided-${p.id}`}
          >
            {p.title}
          </button>
        ))}
      </div>
      {story && (
        <p className="guided__story" data-testid="guided-story" aria-live="polite">
          {story.story}
        </p>
      )}
    </section>
  );
}
