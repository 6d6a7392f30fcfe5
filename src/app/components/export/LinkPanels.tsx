/**
 * "Hide controls for this link": tick the panels a lesson's link should not show; the page hides them at
 * once and the link (copied with "Copy link to this run") carries the choice in `?hide=`.
 */
import { PANELS, writeHiddenPanels } from '../../export/hiddenPanels';
import type { PanelId } from '../../export/hiddenPanels';
import { useApp } from '../../store';

function setHidden(hidden: PanelId[]): void {
  useApp.setState({ hiddenPanels: hidden, hideProblem: null });
  history.replaceState(null, '', `${location.pathname}${writeHiddenPanels(location.search, hidden)}${location.hash}`);
}

export function LinkPanels() {
  const hidden = useApp((s) => s.hiddenPanels);
  return (
    <details className="link-panels" data-testid="link-panels">
      <summary>Hide controls for this link</summary>
      <fieldset>
        <legend className="visually-hidden">Panels to hide</legend>
        {PANELS.map((p) => (
          <label key={p.id} className="checkbox">
            <input
              type="checkbox"
              checked={hidden.includes(p.id)}
              data-testid={`hide-${p.id}`}
              onChange={(e) => setHidden(e.target.checked ? [...hidden, p.id] : hidden.filter((h) => h !== p.id))}
            />{' '}
            {p.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/** Whether a panel is shown under this link. */
export function usePanelShown(id: PanelId): boolean {
  return useApp((s) => !s.hiddenPanels.includes(id));
}
