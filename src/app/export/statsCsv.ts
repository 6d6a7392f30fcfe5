/**
 * The per-step statistics of a run as CSV: a header naming every StepStats column, then one row per
 * denoising step in the order they ran. A missing quantity (null, e.g. no log-weights for W-prox) is an
 * empty cell, never a fake zero.
 */
import type { StepStats } from '../../core/types';

export const STATS_COLUMNS = ['step', 'k', 't', 'meanReward', 'logWeightVar', 'logWeightVarCum', 'ess', 'resampled'] as const;

function cell(v: number | boolean | null): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  // Full precision: the file is for analysis, not for display.
  return String(v);
}

export function statsToCsv(stats: readonly StepStats[]): string {
  const lines = [STATS_COLUMNS.join(',')];
  stats.forEach((s, i) => {
    lines.push([i + 1, s.k, s.t, s.meanReward, s.logWeightVar, s.logWeightVarCum, s.ess, s.resampled].map(cell).join(','));
  });
  return `${lines.join('\n')}\n`;
}
