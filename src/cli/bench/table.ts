/** Plain-text tables for the bench report: right-aligned numbers, left-aligned words. */

export type Cell = string | number | null;

function show(c: Cell, digits: number): string {
  if (c === null) return '–';
  if (typeof c === 'string') return c;
  return Math.abs(c) >= 100 ? c.toFixed(0) : c.toFixed(digits);
}

export function formatTable(title: string, header: string[], rows: Cell[][], digits = 2): string {
  const cells = rows.map((r) => r.map((c) => show(c, digits)));
  const widths = header.map((h, j) => Math.max(h.length, ...cells.map((r) => r[j].length)));
  const line = (r: string[], isHeader: boolean) =>
    r
      .map((c, j) => (isHeader || typeof rows[0]?.[j] === 'string' ? c.padEnd(widths[j]) : c.padStart(widths[j])))
      .join('  ')
      .trimEnd();
  return [title, line(header, true), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map((r) => line(r, false))].join('\n');
}
