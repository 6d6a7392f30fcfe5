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

/**
 * Base-density shading: from paper white to a cool grey-blue, light enough for particles to sit on top. Writes the
 * opaque RGBA pixel for a density `u` (a fraction of the peak) at `offset` of an image's data, with nothing allocated:
 * it runs once per background pixel.
 */
export function densityShade(u: number, data: Uint8ClampedArray, offset: number): void {
  const v = Math.min(1, Math.max(0, u));
  const t = Math.sqrt(v);
  data[offset] = Math.round(252 - 120 * t);
  data[offset + 1] = Math.round(252 - 105 * t);
  data[offset + 2] = Math.round(253 - 78 * t);
  data[offset + 3] = 255;
}
