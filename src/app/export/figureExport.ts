/**
 * The page's figure export: the lanes on screen (their particle canvases and their runs' statistics) composed
 * into one SVG with the sampler names, λ, legends and axes (figureSvg.ts), and that SVG rasterised to PNG at
 * twice its size or the screen's pixel density, whichever is more. The particle pictures are the canvases' own
 * pixels, drawn at the screen's density (sharp at a density of 2 or more).
 */
import { describeScenario } from '../../view/describe';
import { LANE_COLOR } from '../../view/palette';
import { samplerView } from '../../view/samplers';
import type { Lane } from '../../engine/messages';
import { laneSessions } from '../runControl';
import { useApp } from '../store';
import { figureSvg } from './figureSvg';
import type { FigureSvg } from './figureSvg';
import { runCharts } from './runCharts';

/** The PNG export's scale over CSS pixels. */
export function pngScale(devicePixelRatio: number): number {
  return Math.max(2, Math.ceil(devicePixelRatio || 1));
}

function canvasOf(lane: Lane): HTMLCanvasElement | null {
  return document.querySelector<HTMLCanvasElement>(`[data-testid=canvas-${lane}] canvas`);
}

/** The figure on screen as SVG, or null while no lane has a run to show. */
export function currentFigureSvg(): FigureSvg | null {
  const app = useApp.getState();
  const lanes: Lane[] = app.compare ? ['a', 'b'] : ['a'];
  const shown = lanes.filter((l) => laneSessions[l].run.scenario && canvasOf(l));
  if (shown.length === 0) return null;
  const named = (l: Lane) => {
    const run = laneSessions[l].run;
    const spec = run.scenario!.sampler;
    return { name: `${app.compare ? `${l.toUpperCase()}: ` : ''}${samplerView(spec.kind).label}`, title: `${app.compare ? `${l.toUpperCase()}: ` : ''}${samplerView(spec.kind).describe(spec)}` };
  };
  const first = laneSessions[shown[0]].run.scenario!;
  const charts = runCharts(
    shown.map((l) => {
      const run = laneSessions[l].run;
      return {
        name: named(l).name,
        color: LANE_COLOR[l],
        // The charts show the steps up to the cursor, as on screen.
        stats: run.stats.slice(0, Math.max(0, app.cursor + 1)),
        particles: run.scenario!.particles,
        exactMeanReward: run.exact?.meanReward ?? run.summary?.exactMeanReward ?? null,
        noWeightsReason: run.summary?.logWeightReason ?? samplerView(run.scenario!.sampler.kind).noWeightsReason,
      };
    }),
    first.steps,
  );
  return figureSvg({
    title: describeScenario(first, app.compare ? (laneSessions.b.run.scenario?.sampler ?? null) : null),
    lanes: shown.map((l) => ({ title: named(l).title, color: LANE_COLOR[l], href: canvasOf(l)!.toDataURL('image/png') })),
    charts,
    footer: `Tilt Lab · N = ${first.particles}, K = ${first.steps} steps, seed ${first.seed}`,
  });
}

/** Rasterises an SVG document at `scale` × its size. */
export async function svgToPng(figure: FigureSvg, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([figure.svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const out = document.createElement('canvas');
    out.width = Math.round(figure.width * scale);
    out.height = Math.round(figure.height * scale);
    const ctx = out.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw to a canvas');
    ctx.drawImage(image, 0, 0, out.width, out.height);
    return await new Promise<Blob>((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the picture could not be encoded as PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
