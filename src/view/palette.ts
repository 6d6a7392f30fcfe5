/**
 * Colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies. One meaning
 * per colour across canvas and charts: blue = run A, vermillion = run B, green = the exact target.
 */
export const PALETTE = {
  laneA: '#0072B2',
  laneB: '#D55E00',
  exact: '#009E73',
  reward: '#CC79A7',
  resample: '#E69F00',
  ink: '#1b1f24',
  muted: '#5b6470',
  grid: '#e3e6ea',
} as const;

export const LANE_COLOR = { a: PALETTE.laneA, b: PALETTE.laneB } as const;

/** Base-density shading: from paper white to a cool grey-blue, light enough for particles to sit on top. */
export function densityShade(u: number): [number, number, number] {
  const v = Math.min(1, Math.max(0, u));
  const t = Math.sqrt(v);
  return [Math.round(252 - 120 * t), Math.round(252 - 105 * t), Math.round(253 - 78 * t)];
}
