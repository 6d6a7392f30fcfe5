/**
 * What the page knows of the work saved in this browser (its own small store, beside the page store): the saved
 * models as listed, whether storage works here, the last scenario of an earlier visit, and the notices to show
 * (evictions, storage failures, a link naming a model this browser lacks).
 */
import { create } from 'zustand';
import type { Scenario } from '../../core/scenario';
import type { SavedModelMeta } from '../../engine/saved/savedDb';

export interface SavedNotice {
  id: number;
  text: string;
  tone: 'warn' | 'info';
}

export interface SavedWorkState {
  /** null until the first listing answered; false when this browser gives the page no storage. */
  available: boolean | null;
  /** Why storage is unavailable (for the panel), when it is. */
  unavailableReason: string | null;
  models: SavedModelMeta[];
  /** The scenario the previous visit ended on, when it differs from the one on screen at opening. */
  lastScenario: Scenario | null;
  /** The user's points are saved (they come back after a reload). */
  pointsSaved: boolean;
  notices: SavedNotice[];
}

export const useSaved = create<SavedWorkState>()(() => ({
  available: null,
  unavailableReason: null,
  models: [],
  lastScenario: null,
  pointsSaved: false,
  notices: [],
}));

let nextNoticeId = 1;

export function addSavedNotice(text: string, tone: SavedNotice['tone'] = 'warn'): void {
  // One notice per text: the same failure twice is one thing to read.
  const notices = useSaved.getState().notices.filter((n) => n.text !== text);
  useSaved.setState({ notices: [...notices, { id: nextNoticeId++, text, tone }] });
}

export function dismissSavedNotice(id: number): void {
  useSaved.setState({ notices: useSaved.getState().notices.filter((n) => n.id !== id) });
}
