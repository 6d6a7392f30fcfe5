/**
 * `<TiltLab scenario={…} />`: one self-contained figure — particle canvas, the three per-step charts and a
 * minimal play bar — with its own engine worker and its own state, so any number can share a page. The
 * scenario is validated by the scenario schema; an invalid one shows the field at fault instead of a figure.
 * The one code path of the library: `mount()` renders it, and `<tilt-lab>` mounts it in its shadow root.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { validateScenario } from '../core/scenario';
import type { Scenario, ScenarioInput } from '../core/scenario';
import ChartsPanel from '../view/charts/Charts';
import { ChartSourceContext } from '../view/charts/context';
import { describeScenario } from '../view/describe';
import { problemList } from '../view/problemList';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { Figure } from './figure';
import { FigureCanvas } from './FigureCanvas';
import type { TiltLabOptions } from './options';
import { PlayBar } from './PlayBar';
import { injectStyles } from './styles';
import { observeVisibility, prefersReducedMotion } from './visibility';

export interface TiltLabProps extends TiltLabOptions {
  /** A scenario document (the JSON contract of Tilt Lab); omitted fields take their defaults. */
  scenario: ScenarioInput;
  /** Receives the figure once it exists (for saving its result), and null when it is removed. */
  figureRef?: (figure: Figure | null) => void;
  /**
   * Add the figure's stylesheet to the document (default true). `<tilt-lab>` passes false: its shadow root
   * carries the stylesheet itself.
   */
  documentStyles?: boolean;
}

function FigureView(props: { figure: Figure; controls: boolean; startWhenVisible: boolean }) {
  const { figure, startWhenVisible } = props;
  const root = useRef<HTMLDivElement>(null);
  const scenario = useStore(figure.store, (s) => s.scenario);
  const error = useStore(figure.store, (s) => s.error);
  const phase = useStore(figure.store, (s) => s.phase);
  const liveTensors = useStore(figure.store, (s) => s.liveTensors);
  // The state word reads both stores; each selector returns a string, so this re-renders only when it changes.
  useStore(figure.store, () => figure.state());
  const state = useStore(figure.session.store, () => figure.state());

  useEffect(() => {
    const el = root.current;
    if (!startWhenVisible || !el) {
      figure.setVisibility({ near: true, onScreen: true });
      return;
    }
    return observeVisibility(el, (v) => figure.setVisibility(v));
  }, [figure, startWhenVisible]);

  return (
    <div ref={root} className="tiltlab" data-phase={phase} data-state={state} data-live-tensors={liveTensors ?? ''}>
      <p className="tiltlab__caption">{describeScenario(scenario, null)}</p>
      {error && (
        <p className="tiltlab__error" role="alert">
          {error}
        </p>
      )}
      <div className="tiltlab__body">
        <div>
          <FigureCanvas figure={figure} />
          {props.controls && <PlayBar figure={figure} />}
        </div>
        <section className="tiltlab__charts" aria-label="Per-step charts">
          <ChartSourceContext.Provider value={figure.charts}>
            <ChartsPanel />
          </ChartSourceContext.Provider>
        </section>
      </div>
    </div>
  );
}

export function TiltLab(props: TiltLabProps) {
  const { scenario: input, figureRef, documentStyles, ...options } = props;
  if (documentStyles !== false) injectStyles();
  // A new figure (and engine) only when the scenario's content changes, not on every render of the host.
  const key = JSON.stringify(input);
  const checked = useMemo(() => validateScenario(JSON.parse(key) as unknown), [key]);
  // The figure lives in a slot outside React: it is made (with its worker) and disposed by the effect below.
  const [slot] = useState(() => createStore<{ figure: Figure | null }>()(() => ({ figure: null })));
  const figure = useStore(slot, (s) => s.figure);
  const { autoplay, loop, controls, previewParticles, modelsBaseUrl, startWhenVisible } = options;
  const invalid = checked.ok ? null : problemList(checked.problems);

  useEffect(() => {
    if (invalid !== null) options.onState?.('error');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [invalid]);

  useEffect(() => {
    if (!checked.ok) return;
    const f = new Figure(checked.scenario as Scenario, options, prefersReducedMotion());
    slot.setState({ figure: f });
    figureRef?.(f);
    return () => {
      figureRef?.(null);
      f.dispose();
      slot.setState({ figure: null });
    };
    // The options are read once per figure; a change of scenario or playback options makes a new one (a new
    // `options` object or callback on every host render must not restart the figure and its worker).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slot, checked, autoplay, loop, previewParticles, modelsBaseUrl, startWhenVisible]);

  if (invalid !== null) {
    return (
      <div className="tiltlab__root">
        <div className="tiltlab" data-state="error">
          <p className="tiltlab__error" role="alert" data-testid="figure-error">
            Invalid scenario: {invalid}
          </p>
        </div>
      </div>
    );
  }
  return <div className="tiltlab__root">{figure && <FigureView figure={figure} controls={controls !== false} startWhenVisible={startWhenVisible !== false} />}</div>;
}
