/**
 * Chart rows, one per denoising step up to the display cursor, with both lanes side by side (compare mode
 * overlays them). Keys are `<lane>_<quantity>`; a missing quantity (null in StepStats) stays null so that
 * the line shows a gap, never a fake zero.
 */
import type { StepStats } from '../../core/types';
import type { Lane } from '../../engine/messages';

export interface ChartRow {
  step: number;
  [key: string]: number | null;
}

export function chartRows(lanes: Partial<Record<Lane, { stats: StepStats[]; particles: number }>>, upTo: number): ChartRow[] {
  const count = Math.max(0, ...Object.values(lanes).map((l) => Math.min(l?.stats.length ?? 0, upTo + 1)));
  const rows: ChartRow[] = [];
  for (let i = 0; i < count; i++) {
    const row: ChartRow = { step: i + 1 };
    for (const lane of Object.keys(lanes) as Lane[]) {
      const l = lanes[lane];
      const s = l && i < l.stats.length && i <= upTo ? l.stats[i] : null;
      row[`${lane}_reward`] = s ? s.meanReward : null;
      row[`${lane}_var`] = s ? s.logWeightVar : null;
      row[`${lane}_varCum`] = s ? s.logWeightVarCum : null;
      row[`${lane}_ess`] = s && s.ess !== null ? s.ess / l!.particles : null;
      row[`${lane}_resampled`] = s && s.resampled && s.ess !== null ? s.ess / l!.particles : null;
    }
    rows.push(row);
  }
  return rows;
}

export function hasAny(rows: ChartRow[], key: string): boolean {
  return rows.some((r) => r[key] !== null && r[key] !== undefined);
}
