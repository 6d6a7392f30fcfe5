/**
 * A number with commas between groups of three digits of its integer part ("65,536"), as en-US writes it. The page
 * does not call toLocaleString for this: its first call loads the browser's number formatting (20–30 ms measured
 * on the main thread in headless Chromium), and the first screen writes such numbers.
 */
export function groupDigits(n: number): string {
  const [int, frac] = String(n).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}
