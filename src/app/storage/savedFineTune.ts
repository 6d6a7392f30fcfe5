/**
 * The fine-tune panel's last job, kept with the work saved in this browser (savedWork.ts): after a reload the panel
 * shows the finished job again — its settings, per-update charts and health, beside the fine-tuned model it made,
 * which is saved with the models — instead of "Not started" next to a model it no longer explains. A job that a
 * reload interrupted cannot come back (training runs only while the page is open): the page says so once.
 */
import type { SavedModelMeta } from '../../engine/saved/savedDb';
import { deleteWork, readWork, writeWork } from '../../engine/saved/savedDb';
import { INITIAL_FINE_TUNE } from '../components/finetune/fineTuneState';
import type { FineTuneState } from '../components/finetune/fineTuneState';
import { useApp } from '../store';
import { addSavedNotice } from './savedState';

const KEY = 'finetune';

export const INTERRUPTED_NOTICE =
  'A fine-tune was still running when this page was last closed or reloaded; it was lost (training runs only while the page is open). Models fine-tuned before it are in the Saved panel.';

/** A job this page can show again: finished, with its reports, and its model still saved. */
function restorable(saved: Partial<FineTuneState>, models: readonly SavedModelMeta[]): saved is FineTuneState {
  return (
    saved.status === 'done' &&
    typeof saved.modelName === 'string' &&
    models.some((m) => m.name === saved.modelName) &&
    Array.isArray(saved.reports) &&
    typeof saved.updates === 'number' &&
    typeof saved.label === 'string'
  );
}

/** At start-up: the last finished job back into the panel, or a word about the one a reload interrupted. */
export async function restoreFineTune(models: readonly SavedModelMeta[]): Promise<void> {
  const saved = (await readWork(KEY)) as Partial<FineTuneState> | undefined;
  if (!saved || typeof saved !== 'object') return;
  if (saved.status === 'starting' || saved.status === 'running' || saved.status === 'paused') {
    addSavedNotice(INTERRUPTED_NOTICE, 'info');
    await deleteWork(KEY);
    return;
  }
  if (!restorable(saved, models)) {
    await deleteWork(KEY);
    return;
  }
  // A job started on this visit before the saved one was read wins; a restored job matches no engine message.
  if (useApp.getState().fineTune.status === 'idle') useApp.setState({ fineTune: { ...INITIAL_FINE_TUNE, ...saved, jobId: -1 } });
}

/** While the page runs: a started job is marked as running, a finished one saved whole, a failed one forgotten. */
export function watchFineTune(onProblem: (e: unknown) => void): void {
  useApp.subscribe((s, prev) => {
    const f = s.fineTune;
    if (f.status === prev.fineTune.status) return;
    if (f.status === 'starting') void writeWork(KEY, { status: 'running' }).catch(onProblem);
    else if (f.status === 'done') void writeWork(KEY, f).catch(onProblem);
    else if (f.status === 'error') void deleteWork(KEY).catch(onProblem);
  });
}
