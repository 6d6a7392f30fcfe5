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

/** Caption style, shorter than the reward labels above: three significant digits, unit coefficients unwritten. */
export function compactNumber(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** "x − 0.5y + 2" for θ = (1, −0.5), b = 2 (unit coefficients written without a number). */
export function compactAffine(theta: readonly number[], bias = 0): string {
  const [a, b] = theta;
  const parts: string[] = [];
  const num = compactNumber;
  // The typographic minus, as between the terms (String(−2) would print a hyphen).
  const signed = (v: number) => (v < 0 ? `−${num(-v)}` : num(v));
  if (a !== 0) parts.push(`${a === 1 ? '' : a === -1 ? '−' : signed(a)}x`);
  if (b !== 0) parts.push(`${parts.length ? (b < 0 ? ' − ' : ' + ') : b < 0 ? '−' : ''}${Math.abs(b) === 1 ? '' : num(Math.abs(b))}y`);
  if (bias !== 0 || parts.length === 0) parts.push(`${parts.length ? (bias < 0 ? ' − ' : ' + ') : ''}${parts.length ? num(Math.abs(bias)) : signed(bias)}`);
  return parts.join('');
}
