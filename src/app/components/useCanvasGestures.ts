/**
 * Moving the page's camera from a canvas: a drag pans, the wheel (and a trackpad pinch, which arrives as a wheel
 * with ctrlKey) zooms about the pointer, two touching fingers pinch-zoom and pan, and the keyboard pans with the
 * arrows, zooms with + and − and fits with 0 or F. A press that moves less than CLICK_SLOP_PX is a click and is
 * left to the canvas's own click handling (moving a quadratic target); a drag suppresses the click that follows it.
 * In drawing mode a one-finger or mouse drag draws instead, unless Shift is held: then it pans.
 */
import { useEffect, useRef } from 'react';
import type { KeyboardEvent, PointerEvent, RefObject } from 'react';
import { panBy, zoomAbout } from '../../view/draw/framing';
import { transformFor } from '../../view/draw/view';
import type { View } from '../../view/draw/view';
import { pageCamera } from '../stageCamera';

/** Below this movement (CSS px) a press is a click. */
const CLICK_SLOP_PX = 4;
/** Zoom per wheel pixel: 100 px of scrolling zooms by e^0.15 ≈ 1.16. */
const WHEEL_ZOOM = 0.0015;
/** One key press zooms by this factor, or pans by this fraction of the window's width. */
export const KEY_ZOOM = 1.25;
const KEY_PAN = 0.1;

interface Press {
  startX: number;
  startY: number;
  moved: boolean;
}

export interface CanvasGestures {
  /** Handlers for the canvas; `onPointerDown` returns true when it took the press (the caller then does not draw). */
  onPointerDown(e: PointerEvent<HTMLCanvasElement>, drawing: boolean): boolean;
  onPointerMove(e: PointerEvent<HTMLCanvasElement>): boolean;
  onPointerEnd(e: PointerEvent<HTMLCanvasElement>): void;
  onKeyDown(e: KeyboardEvent<HTMLCanvasElement>): void;
  /** True once for the click that ends a drag (the click is then ignored). */
  consumeDragClick(): boolean;
}

function planeAt(view: View, canvas: HTMLCanvasElement, clientX: number, clientY: number): [number, number] {
  const rect = canvas.getBoundingClientRect();
  return transformFor(view, rect.width).toPlane(clientX - rect.left, clientY - rect.top);
}

export function useCanvasGestures(canvas: RefObject<HTMLCanvasElement | null>): CanvasGestures {
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const press = useRef<Press | null>(null);
  const swallowClick = useRef(false);

  // The wheel needs a non-passive listener to keep the page from scrolling while it zooms.
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const px = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      const view = pageCamera.state.view;
      const [x, y] = planeAt(view, el, e.clientX, e.clientY);
      pageCamera.setManual(zoomAbout(view, Math.exp(-e.deltaY * px * WHEEL_ZOOM), x, y));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [canvas]);

  return {
    onPointerDown(e, drawing) {
      const touch = e.pointerType === 'touch';
      pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
      const pinch = touch && pointers.current.size >= 2;
      if (drawing && !e.shiftKey && !pinch) return false;
      if (!touch && e.button !== 0) return false;
      e.currentTarget.setPointerCapture?.(e.pointerId);
      press.current = { startX: e.clientX, startY: e.clientY, moved: pinch };
      return true;
    },
    onPointerMove(e) {
      const last = pointers.current.get(e.pointerId);
      if (!last || !press.current) return false;
      const el = e.currentTarget;
      const scale = el.getBoundingClientRect().width / (2 * pageCamera.state.view.half);
      if (pointers.current.size >= 2) {
        // Pinch: the fingers' distance sets the zoom, their midpoint's move the pan.
        const [p, q] = [...pointers.current.entries()].slice(0, 2);
        const other = p[0] === e.pointerId ? q[1] : p[1];
        const before = Math.hypot(last.x - other.x, last.y - other.y);
        const after = Math.hypot(e.clientX - other.x, e.clientY - other.y);
        const view = pageCamera.state.view;
        const midX = (e.clientX + other.x) / 2;
        const midY = (e.clientY + other.y) / 2;
        const [x, y] = planeAt(view, el, midX, midY);
        const zoomed = before > 0 && after > 0 ? zoomAbout(view, after / before, x, y) : view;
        pageCamera.setManual(panBy(zoomed, -(e.clientX - last.x) / 2 / scale, (e.clientY - last.y) / 2 / scale));
        press.current.moved = true;
      } else {
        const total = Math.hypot(e.clientX - press.current.startX, e.clientY - press.current.startY);
        if (!press.current.moved && total < CLICK_SLOP_PX) return true; // not yet a drag; nothing moves
        press.current.moved = true;
        pageCamera.setManual(panBy(pageCamera.state.view, -(e.clientX - last.x) / scale, (e.clientY - last.y) / scale));
      }
      pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
      return true;
    },
    onPointerEnd(e) {
      pointers.current.delete(e.pointerId);
      if (pointers.current.size === 0 && press.current) {
        swallowClick.current = press.current.moved;
        press.current = null;
      }
    },
    onKeyDown(e) {
      const view = pageCamera.state.view;
      const step = 2 * view.half * KEY_PAN;
      const moves: Record<string, () => View | null> = {
        ArrowLeft: () => panBy(view, -step, 0),
        ArrowRight: () => panBy(view, step, 0),
        ArrowUp: () => panBy(view, 0, step),
        ArrowDown: () => panBy(view, 0, -step),
        '+': () => zoomAbout(view, KEY_ZOOM, view.cx, view.cy),
        '=': () => zoomAbout(view, KEY_ZOOM, view.cx, view.cy),
        '-': () => zoomAbout(view, 1 / KEY_ZOOM, view.cx, view.cy),
        _: () => zoomAbout(view, 1 / KEY_ZOOM, view.cx, view.cy),
        '0': () => null,
        f: () => null,
        F: () => null,
      };
      const move = moves[e.key];
      if (!move || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      const next = move();
      if (next) pageCamera.setManual(next);
      else pageCamera.fit();
    },
    consumeDragClick() {
      const swallow = swallowClick.current;
      swallowClick.current = false;
      return swallow;
    },
  };
}
