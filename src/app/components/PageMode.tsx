/**
 * How the page is laid out right now: the controls sidebar shown or collapsed, and presentation mode (the stage
 * and the charts only, in large type, for a projector; `?present` in the address opens it, Escape leaves it).
 * Plus the skip link that takes the keyboard past the header straight to the canvas and the play bar.
 */
import { useEffect, useState } from 'react';

export interface PageMode {
  sidebarHidden: boolean;
  present: boolean;
  setSidebarHidden(hidden: boolean): void;
  setPresent(present: boolean): void;
  /** Classes for the page's root element (each with its leading space). */
  className: string;
}

export function usePageMode(): PageMode {
  const [sidebarHidden, setSidebarHidden] = useState(false);
  const [present, setPresent] = useState(() => new URLSearchParams(location.search).has('present'));
  useEffect(() => {
    // Large type everywhere: the page's sizes are in rem, so the root's font size scales them all.
    document.documentElement.classList.toggle('is-presenting', present);
    if (!present) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setPresent(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [present]);
  return {
    sidebarHidden: sidebarHidden || present,
    present,
    setSidebarHidden,
    setPresent,
    className: `${sidebarHidden || present ? ' app--no-sidebar' : ''}${present ? ' app--present' : ''}`,
  };
}

export function SkipLink() {
  return (
    <a
      className="skip-link"
      href="#stage"
      data-testid="skip-link"
      onClick={(e) => {
        // The address's hash holds the scenario: move the focus without touching it.
        e.preventDefault();
        const stage = document.getElementById('stage');
        stage?.focus();
        stage?.scrollIntoView({ block: 'start' });
      }}
    >
      Skip to the canvas and play bar
    </a>
  );
}

export function SidebarToggle(props: { mode: PageMode }) {
  const { mode } = props;
  if (mode.present) return null;
  return (
    <button type="button" className="topbar__toggle" aria-controls="controls" aria-expanded={!mode.sidebarHidden} onClick={() => mode.setSidebarHidden(!mode.sidebarHidden)} data-testid="sidebar-toggle">
      {mode.sidebarHidden ? 'Show controls' : 'Hide controls'}
    </button>
  );
}

export function PresentToggle(props: { mode: PageMode }) {
  const { mode } = props;
  return (
    <button type="button" className="topbar__toggle" aria-pressed={mode.present} onClick={() => mode.setPresent(!mode.present)} data-testid="present-toggle" title={mode.present ? 'Leave presentation mode (Esc)' : 'Canvas and charts only, in large type'}>
      {mode.present ? 'Leave presentation' : 'Present'}
    </button>
  );
}
