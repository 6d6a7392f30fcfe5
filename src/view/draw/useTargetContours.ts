/**
 * The exact target whose contours a lane draws: null until the page's first contours have been computed in a task of
 * their own (useFirstTimeApart; a density grid and marching squares, run cold), the target itself from then on.
 */
import { useCallback } from 'react';
import type { GmmSpec } from '../../core/types';
import { contourLevels } from './scene';
import { useFirstTimeApart } from './useFirstTimeApart';
import type { View } from './view';

export function useTargetContours(target: GmmSpec | null, view: View): GmmSpec | null {
  const prepare = useCallback(() => void (target && contourLevels(target, view)), [target, view]);
  const ready = useFirstTimeApart('contours', target ? prepare : null);
  return ready ? target : null;
}
