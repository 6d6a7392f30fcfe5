/**
 * The per-step statistics of a run as CSV: a header naming every StepStats column, then one row per
 * denoising step in the order they ran. A missing quantity (null, e.g. no log-weights for W-prox) is an
 * empty cell, never a fake zero.
 */
import type { Genealogy, StepStats } from '../../core/types';

export const STATS_COLUMNS = ['step', 'k', 't', 'meanReward', 'logWeightVar', 'logWeightVarCum', 'ess', 'resampled'] as const;
/** The columns an SMC run adds (§5.5–5.6): tempering β, conditional ESS, distinct ancestors after a resampling. */
export const SMC_COLUMNS = ['beta', 'cess', 'unique'] as const;

function cell(v: number | boolean | null): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  // Full precision: the file is for analysis, not for display.
  return String(v);
}

export function statsToCsv(stats: readonly StepStats[]): string {
  const smc = stats.some((s) => s.beta !== undefined);
  const lines = [[...STATS_COLUMNS, ...(smc ? SMC_COLUMNS : [])].join(',')];
  stats.forEach((s, i) => {
    const row: Array<number | boolean | null> = [i + 1, s.k, s.t, s.meanReward, s.logWeightVar, s.logWeightVarCum, s.ess, s.resampled];
    if (smc) row.push(s.beta ?? null, s.cess ?? null, s.unique ?? null);
    lines.push(row.map(cell).join(','));
  });
  return `${lines.join('\n')}\n`;
}

/**
 * An SMC run's ancestry as CSV: one row per particle, one column per resampling (headed by its grid index,
 * `k=…`); the cell is the index, before that resampling, of the particle's ancestor.
 */
export function genealogyToCsv(g: Genealogy, n: number): string {
  const lines = [['particle', ...g.steps.map((k) => `k=${k}`)].join(',')];
  for (let i = 0; i < n; i++) lines.push([i, ...g.ancestors.map((a) => a[i])].join(','));
  return `${lines.join('\n')}\n`;
}
