/**
 * Bring your own data: draw points on the canvas or drop a CSV of 2-D points, train a small model on them in
 * the page (in the engine worker) with a live loss chart, then sample it with any sampler. A bad CSV line is
 * reported by number and the current data and model are kept.
 */
import { lazy, Suspense, useId, useState } from 'react';
import type { DragEvent } from 'react';
import { MIN_TRAIN_POINTS, actions } from '../actions';
import { useApp } from '../store';
import { Select } from './controls';
import { groupDigits } from '../../view/groupDigits';

const LossChart = lazy(() => import('./LossChart'));

const TRAIN_STEPS = [500, 1000, 2000, 4000];

async function readFile(file: File): Promise<void> {
  actions.loadCsv(await file.text(), file.name);
}

export function DataPanel() {
  const data = useApp((s) => s.data);
  const [steps, setSteps] = useState(1000);
  const [over, setOver] = useState(false);
  const fileId = useId();
  const count = data.points ? data.points.length / 2 : 0;
  const training = data.training.status === 'training';
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void readFile(file);
  };
  return (
    <section className="panel" aria-labelledby="data-heading" data-testid="data-panel">
      <h2 id="data-heading">Your data</h2>
      <div
        className={`dropzone${over ? ' is-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor={fileId} className="dropzone__label">
          Drop a CSV of x,y points here, or <span className="link">choose a file</span>
        </label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv,text/plain"
          className="visually-hidden"
          data-testid="csv-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void readFile(file);
            e.target.value = '';
          }}
        />
      </div>
      {data.csvError && (
        <div className="field__error" role="alert" data-testid="csv-error">
          {data.csvError}. {count > 0 ? 'Your current data are kept.' : ''}
        </div>
      )}
      <div className="panel__row panel__row--buttons">
        <button
          type="button"
          aria-pressed={data.drawing}
          onClick={() => {
            actions.setDrawing(!data.drawing);
            // The canvas is far from this panel on most layouts: bring it into view to draw on.
            if (!data.drawing) document.querySelector('[data-testid=canvas-a]')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
          }}
          data-testid="draw-toggle"
          disabled={training}
        >
          {data.drawing ? 'Done drawing' : 'Draw points'}
        </button>
        <button type="button" onClick={actions.clearData} disabled={count === 0 || training}>
          Clear
        </button>
      </div>
      <p className="panel__note" data-testid="data-count">
        {count > 0 ? `${groupDigits(count)} points (${data.source}).` : 'No data yet.'}
        {count > 0 && count < MIN_TRAIN_POINTS && ` Add at least ${MIN_TRAIN_POINTS} to train.`}
      </p>
      <div className="panel__row panel__row--end">
        <Select label="Training steps" value={steps} options={TRAIN_STEPS.map((n) => ({ value: n, label: groupDigits(n) }))} onChange={setSteps} />
        {training ? (
          <button type="button" onClick={actions.cancelTraining} data-testid="train-cancel">
            Stop
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => actions.train(steps)} disabled={count < MIN_TRAIN_POINTS} data-testid="train-button">
            Train model
          </button>
        )}
      </div>
      {data.training.status !== 'idle' && (
        <Suspense fallback={null}>
          <LossChart />
        </Suspense>
      )}
    </section>
  );
}
