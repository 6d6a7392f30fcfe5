/**
 * The per-step statistics CSV on hand-written steps, so that every cell can be checked against the value it must
 * hold: steps numbered from 1 in the order they ran, booleans as 1/0, a missing quantity as an empty cell, and the
 * SMC columns only when the run has them.
 */
import { describe, expect, it } from 'vitest';
import { statsToCsv } from '../../../src/app/export/statsCsv';
import type { StepStats } from '../../../src/core/types';

const PLAIN_HEADER = 'step,k,t,meanReward,logWeightVar,logWeightVarCum,ess,resampled';

const plain = (k: number, resampled: boolean): StepStats => ({
  k,
  t: k / 10,
  meanReward: 0.25 * k,
  logWeightVar: 0.5,
  logWeightVarCum: 1.5,
  ess: 12,
  resampled,
});

describe('statistics CSV, cell by cell', () => {
  it('a plain run: eight columns, steps numbered 1, 2, … in run order, resampled as 1/0', () => {
    const csv = statsToCsv([
      plain(2, true),
      plain(1, false),
      { ...plain(0, false), logWeightVar: null, logWeightVarCum: null, ess: null },
    ]);
    expect(csv).toBe(`${PLAIN_HEADER}\n1,2,0.2,0.5,0.5,1.5,12,1\n2,1,0.1,0.25,0.5,1.5,12,0\n3,0,0,0,,,,0\n`);
  });

  it('an SMC run adds β, the conditional ESS and the distinct ancestors; a step without them has empty cells', () => {
    const csv = statsToCsv([
      { ...plain(1, true), beta: 0.5, cess: 30.5, unique: 17 },
      { ...plain(0, false), beta: 1, cess: 32, unique: null },
      plain(0, false),
    ]);
    expect(csv).toBe(
      `${PLAIN_HEADER},beta,cess,unique\n1,1,0.1,0.25,0.5,1.5,12,1,0.5,30.5,17\n2,0,0,0,0.5,1.5,12,0,1,32,\n3,0,0,0,0.5,1.5,12,0,,,\n`,
    );
  });

  it('keeps full precision (the file is for analysis)', () => {
    const csv = statsToCsv([{ ...plain(0, false), meanReward: 1 / 3 }]);
    expect(csv.split('\n')[1].split(',')[3]).toBe('0.3333333333333333');
  });
});
