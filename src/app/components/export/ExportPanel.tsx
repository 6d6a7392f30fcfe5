/**
 * Export and restore: the figure (canvas and charts, with sampler names, λ, legends and axes) as SVG or as PNG
 * at twice its size, the per-step statistics as CSV, the whole run as JSON, and the embed snippets; a run file
 * chosen here or dropped anywhere on the page restores that run. A file that cannot be read is reported
 * (what is wrong, and where in the file) and the run on screen stays.
 */
import { useEffect, useId } from 'react';
import { downloadBlob, downloadText, fileStem } from '../../export/download';
import { restoreRunFile, currentRunFile } from '../../export/restore';
import { parseRunFile } from '../../../view/runFile';
import { genealogyToCsv, statsToCsv } from '../../export/statsCsv';
import { laneSessions, useLane } from '../../runControl';
import { useApp } from '../../store';
import { EmbedFigure } from './EmbedFigure';

/** Files larger than this are refused before reading (a run file of the largest scenario is far smaller). */
const MAX_RUN_FILE_BYTES = 64 * 1024 * 1024;

export async function openRunFile(file: File): Promise<void> {
  const refuse = (problem: string) => useApp.setState({ runFile: { ok: false, message: `${file.name} was not loaded: ${problem}. The run on screen is kept.` } });
  if (file.size > MAX_RUN_FILE_BYTES) return refuse(`it is larger than ${MAX_RUN_FILE_BYTES / 1024 / 1024} MB`);
  const parsed = parseRunFile(await file.text());
  if (!parsed.ok) return refuse(parsed.problem);
  restoreRunFile(parsed.file, file.name);
}

function isJsonFile(file: File): boolean {
  return file.type === 'application/json' || /\.json$/i.test(file.name);
}

/** Drops of a JSON file anywhere on the page (drop zones that handle their own files, e.g. the CSV one, win). */
function usePageDrop(): void {
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!e.defaultPrevented && e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (e.defaultPrevented) return;
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      if (isJsonFile(file)) void openRunFile(file);
      else useApp.setState({ runFile: { ok: false, message: `${file.name} was not loaded: only Tilt Lab run files (.json) can be dropped on the page. The run on screen is kept.` } });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
}

function samplerName(): string {
  return laneSessions.a.run.scenario?.sampler.kind ?? 'run';
}

/** The figure export and its chart code load when first used, not with the page. */
const figureExport = () => import('../../export/figureExport');

async function saveSvg(): Promise<void> {
  const figure = (await figureExport()).currentFigureSvg();
  if (figure) downloadText(figure.svg, `${fileStem(samplerName())}.svg`, 'image/svg+xml');
}

async function savePng(): Promise<void> {
  const { currentFigureSvg, pngScale, svgToPng } = await figureExport();
  const figure = currentFigureSvg();
  if (!figure) return;
  try {
    downloadBlob(await svgToPng(figure, pngScale(window.devicePixelRatio)), `${fileStem(samplerName())}.png`);
  } catch (error) {
    useApp.setState({ runFile: { ok: false, message: `The picture could not be saved: ${error instanceof Error ? error.message : String(error)}.` } });
  }
}

function saveCsv(): void {
  const s = useApp.getState();
  const lanes = s.compare ? (['a', 'b'] as const) : (['a'] as const);
  for (const lane of lanes) {
    const suffix = s.compare ? `-${lane}` : '';
    const run = laneSessions[lane].run;
    downloadText(statsToCsv(run.stats), `${fileStem(run.scenario?.sampler.kind ?? 'run')}${suffix}.csv`, 'text/csv');
    if (run.genealogy && run.scenario)
      downloadText(genealogyToCsv(run.genealogy, run.scenario.particles), `${fileStem(run.scenario.sampler.kind)}${suffix}-ancestors.csv`, 'text/csv');
  }
}

function saveJson(): void {
  const file = currentRunFile();
  if (file) downloadText(`${JSON.stringify(file)}\n`, `${fileStem(samplerName())}.json`, 'application/json');
}

export function ExportPanel() {
  usePageDrop();
  const inputId = useId();
  const compare = useApp((s) => s.compare);
  const aDone = useLane('a', (r) => r.status === 'done');
  const bDone = useLane('b', (r) => r.status === 'done');
  const finished = aDone && (!compare || bDone);
  const hasStats = useLane('a', (r) => r.stats.length > 0);
  const hint = finished ? null : 'Saving the statistics and the run waits until the run has finished.';
  return (
    <section className="panel export" aria-labelledby="export-heading" data-testid="export-panel">
      <h2 id="export-heading">Save and restore</h2>
      <div className="export__buttons">
        <button type="button" onClick={() => void saveSvg()} disabled={!hasStats} data-testid="export-svg" title="The canvas and the charts with sampler names, λ, legends and axes, as vector graphics">
          Figure (SVG)
        </button>
        <button type="button" onClick={() => void savePng()} disabled={!hasStats} data-testid="export-png" title="The same figure as a PNG at twice its size (or the screen's density, if higher)">
          Figure (PNG, 2×)
        </button>
        <button type="button" onClick={saveCsv} disabled={!finished} data-testid="export-csv" title="One row per denoising step, every statistic">
          Statistics (CSV)
        </button>
        <button type="button" onClick={saveJson} disabled={!finished} data-testid="export-json" title="Scenario, per-step statistics, summary and final samples">
          Whole run (JSON)
        </button>
      </div>
      {hint && <p className="field__hint">{hint}</p>}
      <EmbedFigure />
      <div className="export__open">
        <label htmlFor={inputId} className="dropzone__label">
          Restore a saved run: <span className="link">choose a .json file</span>, or drop it anywhere on the page
        </label>
        <input
          id={inputId}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          data-testid="run-file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void openRunFile(file);
            e.target.value = '';
          }}
        />
      </div>
    </section>
  );
}

/** What happened to the last run file: restored, or refused and why. */
export function RunFileNotice() {
  const runFile = useApp((s) => s.runFile);
  const hideProblem = useApp((s) => s.hideProblem);
  return (
    <>
      {hideProblem && (
        <div className="notice notice--warn" role="status" data-testid="hide-problem">
          The link's panel list was partly invalid — {hideProblem}.
        </div>
      )}
      {runFile && (
        <div className={`notice ${runFile.ok ? 'notice--info' : 'notice--error'}`} role={runFile.ok ? 'status' : 'alert'} data-testid={runFile.ok ? 'run-file-restored' : 'run-file-error'}>
          {runFile.message}
          <button type="button" className="notice__close" onClick={() => useApp.setState({ runFile: null })} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
    </>
  );
}
