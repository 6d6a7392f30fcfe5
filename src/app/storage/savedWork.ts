/**
 * The page's side of the work saved in this browser (engine/saved/savedDb.ts): at start-up it offers the saved
 * models again, brings back the user's points and the fine-tune panel's last job (savedFineTune.ts) and remembers
 * the scenario the last visit ended on; while the page runs it saves the points, the scenario and the fine-tune
 * panel's jobs as they change; the panel renames, deletes, exports and imports models through it. When this
 * browser gives the page no storage, everything stays in memory for the visit and a notice says so.
 */
import { validateScenario } from '../../core/scenario';
import type { Scenario } from '../../core/scenario';
import type { FromEngineOf } from '../../engine/messages';
import {
  deleteModel,
  deleteWork,
  listModels,
  MAX_SAVED_BYTES,
  MAX_SAVED_MODELS,
  modelPayload,
  readWork,
  renameModel,
  saveModel,
  storageProblem,
  writeWork,
} from '../../engine/saved/savedDb';
import type { SavedModelMeta } from '../../engine/saved/savedDb';
import type { ModelSpec } from '../../core/scenario';
import { momentsOfPoints, viewForModel, viewForMoments } from '../../view/draw/view';
import { changed, getEngine, reserveIdsThrough } from '../runControl';
import { setData, startingScenario, useApp } from '../store';
import type { LearnedModelEntry } from '../learnedModels';
import { modelFileText, readModelFile } from './modelFile';
import { addSavedNotice, useSaved } from './savedState';
import { restoreFineTune, watchFineTune } from './savedFineTune';

const POINTS_KEY = 'points';
const SCENARIO_KEY = 'scenario';
/** Scenario edits are saved this long after the last one (a slider drag is one save). */
const SCENARIO_SAVE_DELAY_MS = 500;

const LIMITS = `${MAX_SAVED_MODELS} models and ${MAX_SAVED_BYTES / 2 ** 20} MB`;

function storageOff(e: unknown): void {
  const reason = storageProblem(e);
  if (useSaved.getState().available === false) return;
  useSaved.setState({ available: false, unavailableReason: reason });
  addSavedNotice(
    `Nothing can be saved in this browser (${reason}): your points and the models you train stay until you close or reload the page.`,
  );
}

function entryOf(meta: SavedModelMeta): LearnedModelEntry {
  return { name: meta.name, label: meta.label, local: true };
}

/** Puts saved models into the page's model list (replacing entries of the same name, keeping the rest). */
function offer(models: SavedModelMeta[]): void {
  const names = new Set(models.map((m) => m.name));
  const learned = useApp.getState().learned.filter((m) => !names.has(m.name));
  useApp.setState({ learned: [...learned, ...models.map(entryOf)] });
}

/** The canvas window and faint data of a saved model: a trained one's points, a fine-tuned one's source model. */
async function restoreLook(meta: SavedModelMeta): Promise<void> {
  const s = useApp.getState();
  if (s.learnedViews[meta.name]) return;
  if (meta.kind === 'fine-tuned') {
    const source = meta.source as ModelSpec | undefined;
    const view = source?.kind === 'mlp' ? s.learnedViews[source.name] : source ? viewForModel(source) : undefined;
    if (view) useApp.setState({ learnedViews: { ...useApp.getState().learnedViews, [meta.name]: view } });
    return;
  }
  const payload = await modelPayload(meta.name);
  if (payload?.kind !== 'trained' || payload.points.length < 4) return;
  const moments = momentsOfPoints(payload.points);
  const now = useApp.getState();
  useApp.setState({
    learnedViews: { ...now.learnedViews, [meta.name]: viewForMoments(moments.mean, moments.cov) },
    learnedData: { ...now.learnedData, [meta.name]: payload.points },
  });
}

/** Re-reads the list of saved models (after any change); resolves to it. */
export async function refreshSaved(): Promise<SavedModelMeta[]> {
  try {
    const models = await listModels();
    useSaved.setState({ available: true, unavailableReason: null, models });
    return models;
  } catch (e) {
    storageOff(e);
    return [];
  }
}

function idOfName(name: string): number {
  const m = /-(\d+)$/.exec(name);
  return m ? Number(m[1]) : 0;
}

let started = false;

/** Called once at boot. `openedWithLink`: the page was opened with a scenario in its link (that scenario wins). */
export async function startSavedWork(openedWithLink: boolean): Promise<void> {
  if (started) return;
  started = true;
  const models = await refreshSaved();
  // New trainings and fine-tunes are named after fresh ids, never a saved model's.
  reserveIdsThrough(Math.max(0, ...models.map((m) => idOfName(m.name))));
  offer(models);
  await Promise.all(models.map((m) => restoreLook(m).catch(() => undefined)));
  if (useSaved.getState().available) {
    try {
      const points = (await readWork(POINTS_KEY)) as { points?: unknown; source?: unknown } | undefined;
      if (points?.points instanceof Float32Array && points.points.length >= 2 && !useApp.getState().data.points) {
        setData({ points: points.points, source: typeof points.source === 'string' ? points.source : 'saved points' });
        useSaved.setState({ pointsSaved: true });
      }
      const last = validateScenario(await readWork(SCENARIO_KEY));
      const shown = JSON.stringify(useApp.getState().scenario);
      if (!openedWithLink && last.ok && JSON.stringify(last.scenario) !== shown)
        useSaved.setState({ lastScenario: last.scenario });
      await restoreFineTune(models);
    } catch (e) {
      storageOff(e);
    }
  }
  watchWork();
}

let scenarioTimer: ReturnType<typeof setTimeout> | null = null;

/** Saves the points whenever they change and the scenario shortly after it changes. */
function watchWork(): void {
  watchFineTune((e) => storageOff(e));
  useApp.subscribe((s, prev) => {
    if (useSaved.getState().available !== true) return;
    if (s.data.points !== prev.data.points) {
      const write = s.data.points
        ? writeWork(POINTS_KEY, { points: s.data.points, source: s.data.source })
        : deleteWork(POINTS_KEY);
      write.then(() => useSaved.setState({ pointsSaved: s.data.points !== null }), storageOff);
    }
    if (s.scenario !== prev.scenario) {
      if (scenarioTimer) clearTimeout(scenarioTimer);
      const scenario = s.scenario;
      scenarioTimer = setTimeout(
        () => void writeWork(SCENARIO_KEY, scenario).catch(storageOff),
        SCENARIO_SAVE_DELAY_MS,
      );
    }
  });
}

/** The engine saved (or could not save) a model it just made. */
export function onModelSaved(m: FromEngineOf<'model-saved'>): void {
  if (m.problem) {
    addSavedNotice(
      `"${m.label}" could not be saved in this browser (${m.problem}); it stays available until you close or reload the page.`,
    );
    return;
  }
  if (m.evicted.length > 0) {
    const names = m.evicted.map((e) => `"${e.label}"`).join(', ');
    addSavedNotice(
      `This browser keeps at most ${LIMITS} of saved models: the oldest (${names}) ${m.evicted.length === 1 ? 'was' : 'were'} removed to make room for "${m.label}".`,
      'info',
    );
    const gone = new Set(m.evicted.map((e) => e.name));
    const current = useApp.getState().scenario.model;
    useApp.setState({
      learned: useApp
        .getState()
        .learned.filter((e) => !gone.has(e.name) || (current.kind === 'mlp' && current.name === e.name)),
    });
  }
  void refreshSaved();
}

export async function renameSaved(name: string, label: string): Promise<void> {
  await renameModel(name, label);
  offer((await refreshSaved()).filter((m) => m.name === name));
}

/** Deletes a saved model; a page sampling it moves to the default model. */
export async function deleteSaved(name: string): Promise<void> {
  await deleteModel(name);
  getEngine()?.send({ type: 'forget-model', name });
  await refreshSaved();
  const s = useApp.getState();
  useApp.setState({ learned: s.learned.filter((m) => m.name !== name) });
  if (s.scenario.model.kind === 'mlp' && s.scenario.model.name === name)
    changed({ scenario: { ...s.scenario, model: startingScenario().model } });
}

/** The file of a saved model, with a name to save it under. */
export async function exportSaved(name: string): Promise<{ fileName: string; text: string } | null> {
  const meta = useSaved.getState().models.find((m) => m.name === name);
  const payload = await modelPayload(name);
  if (!meta || !payload) return null;
  return { fileName: `${name}.tiltlab-model.json`, text: modelFileText(meta, payload) };
}

/** Imports a model file; resolves to a message for the panel (what was imported, or what is wrong). */
export async function importSaved(text: string, fileName: string): Promise<{ ok: boolean; message: string }> {
  let file;
  try {
    file = readModelFile(text);
  } catch (e) {
    const problem =
      typeof e === 'object' && e !== null && 'field' in e && 'problem' in e
        ? `${String(e.field)}: ${String(e.problem)}`
        : String(e);
    return { ok: false, message: `${fileName} was not imported — ${problem}.` };
  }
  try {
    const evicted = await saveModel(file.meta, file.payload);
    getEngine()?.send({ type: 'forget-model', name: file.meta.name });
    onModelSaved({
      type: 'model-saved',
      name: file.meta.name,
      label: file.meta.label,
      evicted: evicted.map((m) => ({ name: m.name, label: m.label })),
      problem: null,
    });
    const models = await refreshSaved();
    const meta = models.find((m) => m.name === file.meta.name);
    if (meta) {
      offer([meta]);
      await restoreLook(meta).catch(() => undefined);
    }
    return { ok: true, message: `Imported "${file.meta.label}" from ${fileName}; it is in the model list.` };
  } catch (e) {
    return { ok: false, message: `${fileName} was not imported — ${storageProblem(e)}.` };
  }
}

/** Opens the scenario the previous visit ended on. */
export function openLastScenario(): void {
  const last = useSaved.getState().lastScenario;
  if (!last) return;
  useSaved.setState({ lastScenario: null });
  changed({ scenario: last as Scenario });
}

/** Forgets the saved points (the points on the canvas stay for this visit). */
export async function forgetSavedPoints(): Promise<void> {
  await deleteWork(POINTS_KEY).catch(storageOff);
  useSaved.setState({ pointsSaved: false });
}
