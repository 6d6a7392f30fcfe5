/** `mount(element, scenario, options)`: the figure without React on the host page (React is bundled). */
import { createRoot } from 'react-dom/client';
import type { ScenarioInput } from '../core/scenario';
import type { Figure } from './figure';
import type { CachedRun, TiltLabOptions } from './options';
import { TiltLab } from './TiltLab';

export interface FigureHandle {
  /** The last finished live run (null until one has finished): save it and pass it back as `cached`. */
  result(): CachedRun | null;
  play(): void;
  pause(): void;
  /** Stops the figure's engine and removes it from the element. */
  unmount(): void;
}

export function mount(element: HTMLElement, scenario: ScenarioInput, options: TiltLabOptions = {}): FigureHandle {
  const root = createRoot(element);
  let figure: Figure | null = null;
  root.render(<TiltLab scenario={scenario} {...options} figureRef={(f) => (figure = f)} />);
  return {
    result: () => figure?.lastResult() ?? null,
    play: () => figure?.play(),
    pause: () => figure?.pause(),
    unmount: () => root.unmount(),
  };
}
