/**
 * The backend in use (WebGPU, WebGL, WASM and its thread count, CPU) with a menu to change it, the live ms-per-step readout,
 * and the probe's timings as a tooltip-free, readable list inside the menu.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { BACKEND_LABEL, BACKEND_ORDER } from '../../engine/messages';
import type { BackendName } from '../../engine/messages';
import { actions } from '../actions';
import { useLane } from '../runControl';
import { useApp } from '../store';

/** The menu's width in styles.css (`.backend__menu`: min(320px, 90vw)). */
const MENU_WIDTH_PX = 320;

export function BackendBadge() {
  const backend = useApp((s) => s.backend);
  const ms = useLane('a', (r) => r.msPerStep);
  const [open, setOpen] = useState(false);
  const [alignLeft, setAlignLeft] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  // The menu closes on Escape and on a click elsewhere, like any popup menu.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);
  const label = backend.current ? BACKEND_LABEL[backend.current] : 'starting';
  const threads = backend.current === 'wasm' ? backend.threads : null;
  return (
    <div className="backend" ref={root}>
      <button
        type="button"
        className="backend__badge"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => {
          // The menu hangs from the badge's right edge, or from its left edge where there is no room to its left
          // (a narrow page, where the badge wraps to the start of its row).
          const box = root.current?.getBoundingClientRect();
          setAlignLeft(box !== undefined && box.right < Math.min(MENU_WIDTH_PX, 0.9 * window.innerWidth) + 8);
          setOpen(!open);
        }}
        data-testid="backend-badge"
        data-backend={backend.current ?? ''}
        title={backend.reason}
      >
        <span className="backend__dot" aria-hidden="true" data-state={backend.probing ? 'probing' : 'ready'} />
        <span data-testid="backend-name">{label}</span>
        {threads && (
          <span className="backend__threads" data-testid="backend-threads" data-threads={threads.count}>
            {threads.count} {threads.count === 1 ? 'thread' : 'threads'}
          </span>
        )}
        {backend.probing && <span className="backend__probing">probing…</span>}
        <span className="backend__ms" data-testid="ms-per-step">
          {ms !== null ? `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms/step` : ''}
        </span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className={alignLeft ? 'backend__menu backend__menu--left' : 'backend__menu'} id={menuId} role="group" aria-label="Compute backend">
          <p className="backend__reason">
            {label}: {backend.reason || '…'}
          </p>
          {threads && (
            <p className="backend__reason" data-testid="backend-threads-why">
              {threads.why}
            </p>
          )}
          <fieldset>
            <legend>Run on</legend>
            {(['auto', ...BACKEND_ORDER] as Array<BackendName | 'auto'>).map((b) => {
              const entry = backend.probe?.find((p) => p.backend === b);
              return (
                <label key={b} className="backend__option">
                  <input
                    type="radio"
                    name="backend"
                    checked={b !== 'auto' && backend.current === b}
                    onChange={() => {
                      actions.chooseBackend(b);
                      setOpen(false);
                    }}
                    data-testid={`backend-option-${b}`}
                  />
                  <span>{b === 'auto' ? 'Auto (probe again)' : BACKEND_LABEL[b]}</span>
                  {entry && (
                    <small>{entry.ok ? (entry.msPerForward !== undefined ? `${entry.msPerForward.toFixed(1)} ms / probe` : (entry.reason ?? 'works')) : (entry.reason ?? 'unavailable')}</small>
                  )}
                </label>
              );
            })}
          </fieldset>
          {(backend.current === 'webgl' || backend.current === 'webgpu') && (
            <button
              type="button"
              className="backend__lose"
              onClick={() => {
                actions.loseDevice();
                setOpen(false);
              }}
              data-testid="lose-device"
            >
              Simulate a lost GPU device
            </button>
          )}
        </div>
      )}
    </div>
  );
}
