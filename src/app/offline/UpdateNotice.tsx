/** "A new version of Tilt Lab is ready": shown when a new build's service worker waits (serviceWorker.ts). */
import { useState } from 'react';
import { useUpdate } from './serviceWorker';

export function UpdateNotice() {
  const { ready, apply } = useUpdate();
  const [dismissed, setDismissed] = useState(false);
  if (!ready || dismissed) return null;
  return (
    <div className="notice notice--info" role="status" data-testid="update-notice">
      <span>
        A new version of Tilt Lab is ready.{' '}
        <button type="button" className="linklike" onClick={() => apply?.()}>
          Reload to update
        </button>
      </span>
      <button type="button" className="notice__close" onClick={() => setDismissed(true)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
