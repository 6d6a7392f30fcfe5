/**
 * The window's controls under the canvas: zoom out, zoom in and "Fit" (back to the fitted window, which then
 * follows each new run again). "Fit" says when the window is the user's own (after a pan or a zoom).
 */
import { zoomAbout } from '../../view/draw/framing';
import { pageCamera, useCamera } from '../stageCamera';
import { KEY_ZOOM } from './useCanvasGestures';

function zoom(factor: number): void {
  const v = pageCamera.state.view;
  pageCamera.setManual(zoomAbout(v, factor, v.cx, v.cy));
}

export function ViewControls() {
  const manual = useCamera((c) => c.mode === 'manual');
  return (
    <div className="view-controls" role="group" aria-label="View">
      <button type="button" onClick={() => zoom(1 / KEY_ZOOM)} aria-label="Zoom out" title="Zoom out (−)" data-testid="zoom-out">
        −
      </button>
      <button type="button" onClick={() => zoom(KEY_ZOOM)} aria-label="Zoom in" title="Zoom in (+)" data-testid="zoom-in">
        +
      </button>
      <button
        type="button"
        onClick={() => pageCamera.fit()}
        className={manual ? 'is-manual' : undefined}
        aria-pressed={!manual}
        title="Fit the base density, the exact target and the particles (0)"
        data-testid="view-fit"
      >
        Fit
      </button>
      <span className="view-controls__hint">
        {manual ? (
          'your view: Fit follows the runs again'
        ) : (
          <>
            <span className="for-mouse">drag to pan · wheel or pinch to zoom</span>
            <span className="for-touch">pinch to zoom · two fingers pan</span>
          </>
        )}
      </span>
    </div>
  );
}
