/** Saving what the page made as a file: a Blob handed to the browser through a temporary link. */

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked after the click has been handled, not before.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

/** The particle canvases side by side (one, or two in compare mode) as one PNG, at the canvas resolution. */
export function canvasesToPng(canvases: HTMLCanvasElement[]): Promise<Blob> {
  const width = canvases.reduce((w, c) => w + c.width, 0);
  const height = Math.max(0, ...canvases.map((c) => c.height));
  const out = document.createElement('canvas');
  out.width = Math.max(1, width);
  out.height = Math.max(1, height);
  const ctx = out.getContext('2d');
  if (!ctx) return Promise.reject(new Error('this browser cannot draw to a canvas'));
  // The particle canvases are transparent where nothing is drawn: give the picture the page's paper.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  let x = 0;
  for (const c of canvases) {
    ctx.drawImage(c, x, 0);
    x += c.width;
  }
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas could not be encoded as PNG'))), 'image/png'));
}

/** A file name stem for this moment: tiltlab-<sampler>-<yyyymmdd-hhmmss>. */
export function fileStem(sampler: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `tiltlab-${sampler}-${stamp}`;
}
