/** Compact formula text for captions: numbers to three significant digits, signs joined properly. */

export function compactNumber(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** "x − 0.5y + 2" for θ = (1, −0.5), b = 2 (unit coefficients written without a number). */
export function compactAffine(theta: readonly number[], bias = 0): string {
  const [a, b] = theta;
  const parts: string[] = [];
  const num = compactNumber;
  if (a !== 0) parts.push(`${a === 1 ? '' : a === -1 ? '−' : num(a)}x`);
  if (b !== 0) parts.push(`${parts.length ? (b < 0 ? ' − ' : ' + ') : b < 0 ? '−' : ''}${Math.abs(b) === 1 ? '' : num(Math.abs(b))}y`);
  if (bias !== 0 || parts.length === 0) parts.push(`${parts.length ? (bias < 0 ? ' − ' : ' + ') : ''}${num(parts.length ? Math.abs(bias) : bias)}`);
  return parts.join('');
}
