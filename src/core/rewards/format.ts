/** Human-readable labels for rewards: numbers printed compactly, affine terms joined with proper signs. */

export function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/** "1·x − 0.5·y + 2" for θ = (1, −0.5), b = 2; zero terms are dropped ("0" when all are zero). */
export function formatAffine(theta: readonly [number, number], bias = 0): string {
  const terms: Array<[number, string]> = [
    [theta[0], '·x'],
    [theta[1], '·y'],
    [bias, ''],
  ];
  let out = '';
  for (const [v, suffix] of terms) {
    if (v === 0) continue;
    const text = formatNumber(Math.abs(v)) + suffix;
    out += out === '' ? (v < 0 ? `−${text}` : text) : v < 0 ? ` − ${text}` : ` + ${text}`;
  }
  return out === '' ? '0' : out;
}
