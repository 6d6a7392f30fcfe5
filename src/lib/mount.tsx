/** `mount(element, scenario, options)`: the figure without React on the host page (React is bundled). */
import { createRoot } from 'react-dom/client';
import type { ScenarioInput } from '../core/scenario';
import type { Figure } from './figure';
import type { CachedRun, TiltLabOptions } from './options';
import type { FigureStateName } from './state';
import { TiltLab } from './TiltLab';

export interface FigureHandle {
  /** The last finished live run (null until one has finished): save it and pass it back as `cached`. */
  result(): CachedRun | null;
  /** The figure's state now (`idle` until it has come near the screen). */
  state(): FigureStateName;
  play(): void;
  pause(): void;
  /** Stops the figure's engine and removes it from the element. */
  unmount(): void;
}

export interface MountOptions extends TiltLabOptions {
  /** Add the figure's stylesheet to the document (default true; false where the host scopes it, as `<tilt-lab>` does). */
  documentStyles?: boolean;
}

export function mount(element: HTMLElement, scenario: ScenarioInput, options: MountOptions = {}): FigureHandle {
  const root = createRoot(element);
  let figure: Figure | null = null;
  let invalid = false;
  const onState = (state: FigureStateName) => {
    invalid = state === 'error' && figure === null;
    options.onState?.(state);
  };
  root.render(<TiltLab scenario={scenario} {...options} onState={onState} figureRef={(f) => (figure = f)} />);
  return {
    result: () => figure?.lastResult() ?? null,
    state: () => figure?.state() ?? (invalid ? 'error' : 'idle'),
    play: () => figure?.play(),
    pause: () => figure?.pause(),
    unmount: () => root.unmount(),
  };
}
